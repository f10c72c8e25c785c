import ClaimExtraction
import ServiceSupport

/// The settings of `swapwatch-ingest`: where it takes work and where it stores claims.
public struct IngestSettings: ServiceSettings {
    public static let command = "swapwatch-ingest"
    public static let abstract = "A SwapWatch ingest worker; run as many as you like."
    /// This worker's name in logs and acknowledgements.
    public static let workerID = SettingKey("worker.id", default: nil, help: "This worker's name in logs and acknowledgements (default: host-pid).")
    /// Test only: a worker aborts on a report whose text contains this, as if extraction trapped.
    public static let faultCrashMarker = SettingKey(
        "fault.crash.marker", default: nil, help: "Test only: abort on a report whose text contains this text, as an extraction trap would.")
    public static let keys = [
        EndpointSettings.workers, EndpointSettings.store, workerID, CommonSettings.extractionLanguages, faultCrashMarker,
        CommonSettings.keysDirectory,
        CommonSettings.logLevel,
    ]

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    /// The bus's endpoint for workers.
    public var workersEndpoint: String { reader.value(EndpointSettings.workers) }
    /// The claim store's request endpoint.
    public var storeEndpoint: String { reader.value(EndpointSettings.store) }
    /// This worker's name: the setting, else host name and pid.
    public var workerID: String { reader.optionalValue(Self.workerID) ?? ServiceLogging.processName }
}

extension IngestSettings {
    /// The language packs reports are read with.
    /// - Throws: ``SettingsError`` for a code no built-in pack has.
    public func languagePacks() throws -> [LanguagePack] {
        do { return try LanguagePack.builtIn(list: reader.value(CommonSettings.extractionLanguages)) } catch {
            throw SettingsError(description: "\(CommonSettings.extractionLanguages.flag): \(error)")
        }
    }

    /// The test-only crash marker, if set.
    public var faultCrashMarker: String? { reader.optionalValue(Self.faultCrashMarker) }
}
