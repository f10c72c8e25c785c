import Foundation
import Logging

/// Logging set-up shared by the executables: one line per event on stderr, at the level of
/// ``CommonSettings/logLevel``.
public enum ServiceLogging {
    public static func bootstrap(_ settings: SettingsReader) {
        let level = Logger.Level(rawValue: settings.value(CommonSettings.logLevel)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A stable name for this process in logs and acknowledgements: host name and pid.
    public static var processName: String {
        "\(ProcessInfo.processInfo.hostName.split(separator: ".").first ?? "host")-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
