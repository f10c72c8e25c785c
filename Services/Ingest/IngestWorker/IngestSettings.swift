import ServiceSupport

/// The settings of `swapwatch-ingest`: where it takes work and where it stores claims.
public struct IngestSettings: ServiceSettings {
    public static let command = "swapwatch-ingest"
    public static let abstract = "A SwapWatch ingest worker; run as many as you like."

    /// This worker's name in logs and acknowledgements.
    public static let workerID = SettingKey("worker.id", default: nil, help: "This worker's name in logs and acknowledgements (default: host-pid).")
    public static let keys = [EndpointSettings.workers, EndpointSettings.store, workerID, CommonSettings.logLevel]

    public var workersEndpoint: String
    public var storeEndpoint: String
    public var workerID: String

    public init(_ settings: SettingsReader) {
        workersEndpoint = settings.value(EndpointSettings.workers)
        storeEndpoint = settings.value(EndpointSettings.store)
        workerID = settings.optionalValue(Self.workerID) ?? ServiceLogging.processName
    }
}
