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
    /// The Ed25519 key the notifier signs alerts with (`swapwatch keys generate DIR` makes one).
    public static let signingKey = SettingKey(
        "alert.signing.key", default: nil,
        help:
            "The file of the key alerts are signed with, made there on first start if missing (its public half beside it, .pub); without it alerts go unsigned."
    )
    public static let keys = [
        database, EndpointSettings.publish, EndpointSettings.store, bind, sink, signingKey, CommonSettings.keysDirectory,
        CommonSettings.openSubscriptions, CommonSettings.logLevel,
    ]

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    /// The path of the ``AlertLog``.
    public var databasePath: String { reader.value(Self.database) }
    /// The bus's publish side, for alerts and heartbeats.
    public var publish: String { reader.value(EndpointSettings.publish) }
    /// The claim store, whose events become alerts.
    public var store: String { reader.value(EndpointSettings.store) }
    /// Where the notifier answers snapshot requests (bound).
    public var snapshot: String { reader.value(Self.bind) }
    /// Appends every alert as a JSON line to this file, if set.
    public var sinkPath: String? { reader.optionalValue(Self.sink) }
    /// The signing key's file, if set.
    public var signingKeyPath: String? { reader.optionalValue(Self.signingKey) }
}
