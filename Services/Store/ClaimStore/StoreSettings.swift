import ServiceSupport

/// The settings of `swapwatch-store`: its database, where it answers and where it publishes.
public struct StoreSettings: ServiceSettings {
    public static let command = "swapwatch-store"
    public static let abstract = "The SwapWatch claim store, the single writer of the claims database."
    /// The SQLite file.
    public static let database = SettingKey("database", default: "swapwatch.sqlite", help: "Path of the SQLite database.")
    /// Where the store answers requests.
    public static let bind = SettingKey.bind("store", like: EndpointSettings.store, help: "Bind address for requests (ROUTER).")
    public static let keys = [database, bind, EndpointSettings.publish, CommonSettings.keysDirectory, CommonSettings.logLevel]

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    /// The path of the SQLite database.
    public var databasePath: String { reader.value(Self.database) }
    /// Where the store answers requests (bound).
    public var requestEndpoint: String { reader.value(Self.bind) }
    /// The bus's publish side, for the store's events.
    public var publishEndpoint: String { reader.value(EndpointSettings.publish) }
}
