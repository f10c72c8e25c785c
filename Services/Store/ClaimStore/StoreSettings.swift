import ServiceSupport

/// The settings of `swapwatch-store`: its database, where it answers and where it publishes.
public struct StoreSettings: ServiceSettings {
    public static let command = "swapwatch-store"
    public static let abstract = "The SwapWatch claim store, the single writer of the claims database."

    /// The SQLite file.
    public static let database = SettingKey("database", default: "swapwatch.sqlite", help: "Path of the SQLite database.")
    /// Where the store answers requests.
    public static let bind = SettingKey.bind("store", like: EndpointSettings.store, help: "Bind address for requests (ROUTER).")
    public static let keys = [database, bind, EndpointSettings.publish, CommonSettings.logLevel]

    public var databasePath: String
    public var requestEndpoint: String
    public var publishEndpoint: String

    public init(_ settings: SettingsReader) {
        databasePath = settings.value(Self.database)
        requestEndpoint = settings.value(Self.bind)
        publishEndpoint = settings.value(EndpointSettings.publish)
    }
}
