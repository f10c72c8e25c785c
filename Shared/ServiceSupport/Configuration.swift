import Foundation
import Logging

/// Reads settings from the environment, so flags can default to `SWAPWATCH_*` variables.
public enum Environment {
    public static func value(_ name: String, default fallback: String) -> String {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }
}

/// Logging set-up shared by the services: one line per event on stderr, level from
/// `SWAPWATCH_LOG_LEVEL` (trace…critical, default info).
public enum ServiceLogging {
    public static func bootstrap() {
        let level = Logger.Level(rawValue: Environment.value("SWAPWATCH_LOG_LEVEL", default: "info")) ?? .info
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
