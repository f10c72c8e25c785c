import ServiceSupport

/// The settings of `swapwatch-notifier`: its alert log, the endpoints it uses, and an optional
/// JSON-lines file of alerts.
public struct NotifierSettings: ServiceSettings {
    public static let command = "swapwatch-notifier"
    public static let abstract = "The SwapWatch notifier: numbered, durable, replayable alerts."

    /// The notifier's SQLite alert log.
    public static let database = SettingKey("alerts.database", default: "swapwatch-alerts.sqlite", help: "Path of the SQLite alert log.")
    /// Where the notifier answers snapshot requests.
    public static let bind = SettingKey.bind("notifier", like: EndpointSettings.notifier, help: "Bind address for snapshot requests.")
    /// A file every alert is appended to as a JSON line.
    public static let sink = SettingKey("alert.sink", default: nil, help: "Append every alert as a JSON line to this file.")
    public static let keys = [
        database, EndpointSettings.subscribe, EndpointSettings.publish, EndpointSettings.store, bind, sink, CommonSettings.logLevel,
    ]

    /// The path of the ``AlertLog``.
    public var databasePath: String
    /// The bus's subscribe side, for the store's events.
    public var subscribe: String
    /// The bus's publish side, for alerts and heartbeats.
    public var publish: String
    /// The claim store, to catch up on events missed.
    public var store: String
    /// Where the notifier answers snapshot requests (bound).
    public var snapshot: String
    /// Appends every alert as a JSON line to this file, if set.
    public var sinkPath: String?

    public init(_ settings: SettingsReader) {
        databasePath = settings.value(Self.database)
        subscribe = settings.value(EndpointSettings.subscribe)
        publish = settings.value(EndpointSettings.publish)
        store = settings.value(EndpointSettings.store)
        snapshot = settings.value(Self.bind)
        sinkPath = settings.optionalValue(Self.sink)
    }
}
