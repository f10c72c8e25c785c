import Configuration
import Foundation
import Logging

/// One setting of an executable. Its key names it everywhere: `store.bind` is the flag
/// `--store-bind` and the environment variable `SWAPWATCH_STORE_BIND`. A flag overrides the
/// environment, which overrides the default.
public struct SettingKey: Sendable {
    /// The dotted key, `store.bind`.
    public let key: String
    /// What the setting is for, as `--help` shows it.
    public let help: String
    /// The value when neither a flag nor the environment gives one; `nil` for an optional setting.
    public let defaultValue: String?

    public init(_ key: String, default defaultValue: String?, help: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.help = help
    }

    /// The command-line flag, `--store-bind`.
    public var flag: String { "--" + key.replacingOccurrences(of: ".", with: "-") }

    /// The environment variable, `SWAPWATCH_STORE_BIND`.
    public var environmentVariable: String { "SWAPWATCH_" + key.uppercased().replacingOccurrences(of: ".", with: "_") }
}

/// The settings of one executable: the keys it reads, documented in one place, and the values
/// read from them. `runService` reads them from the flags and the environment.
public protocol ServiceSettings: Sendable {
    /// The executable's name, `swapwatch-store`.
    static var command: String { get }
    /// One line on what the executable does, for `--help`.
    static var abstract: String { get }
    /// Every key the executable reads, in the order `--help` lists them.
    static var keys: [SettingKey] { get }
    /// Where the values are read from.
    var reader: SettingsReader { get }
    init(reader: SettingsReader)
}

extension ServiceSettings {
    /// The executable's logger, labelled after it (`swapwatch.store`).
    public var logger: Logger { Logger(label: Self.command.replacingOccurrences(of: "-", with: ".")) }
}

/// Why an executable refused its command line.
public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Reads settings from the command line, then the `SWAPWATCH_*` environment (empty variables count
/// as unset), then each key's default.
public struct SettingsReader: Sendable {
    private let config: ConfigReader

    /// A reader over `arguments` (the program name first) and `environment`.
    public init(arguments: [String] = CommandLine.arguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let setVariables = environment.filter { !$0.value.isEmpty }
        config = ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: arguments),
            EnvironmentVariablesProvider(environmentVariables: setVariables).prefixKeys(with: "swapwatch"),
        ])
    }

    /// The value of a setting that has a default.
    public func value(_ setting: SettingKey) -> String {
        optionalValue(setting) ?? ""
    }

    /// The value of a setting, or `nil` when it is unset and has no default.
    public func optionalValue(_ setting: SettingKey) -> String? {
        let key = ConfigKey(setting.key)
        // A flag's value with commas ("--extraction-languages en,uk") is read as a list: joined again.
        let value = config.string(forKey: key) ?? config.stringArray(forKey: key)?.joined(separator: ",")
        return value.flatMap { $0.isEmpty ? nil : $0 } ?? setting.defaultValue
    }

    /// Checks a command line against `Settings`' keys: every argument must be one of its flags with
    /// a value (`--key value` or `--key=value`), or `--help`.
    /// - Returns: whether help was asked for.
    /// - Throws: ``SettingsError`` naming the first argument that is not.
    public static func validate<Settings: ServiceSettings>(_ arguments: [String], for settings: Settings.Type) throws -> Bool {
        let flags = Set(Settings.keys.map(\.flag))
        var index = arguments.index(after: arguments.startIndex)
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" { return true }
            let flag = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard flags.contains(flag) else {
                throw SettingsError(description: "\(Settings.command): unknown argument \"\(argument)\" (see --help)")
            }
            if flag == argument {
                index = arguments.index(after: index)
                guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else {
                    throw SettingsError(description: "\(Settings.command): \(flag) needs a value")
                }
            }
            index = arguments.index(after: index)
        }
        return false
    }

    /// `--help` for `Settings`: each flag, its environment variable, what it is for and its default.
    public static func help<Settings: ServiceSettings>(for settings: Settings.Type) -> String {
        var lines = [
            "OVERVIEW: \(Settings.abstract)", "", "USAGE: \(Settings.command) [--KEY VALUE]...", "",
            "SETTINGS (flag, else environment, else default):",
        ]
        for setting in Settings.keys {
            lines.append("  \(setting.flag) / \(setting.environmentVariable)")
            lines.append("      \(setting.help)" + (setting.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}

/// The settings every executable shares.
public enum CommonSettings {
    /// The folder of the stack's CurveZMQ keys (`swapwatch keys generate DIR`); unset, sockets
    /// are not authenticated.
    public static let keysDirectory = SettingKey(
        "keys.dir", default: nil, help: "The folder of the stack's keys (swapwatch keys generate DIR); unset, nothing is authenticated.")
    /// Whether anyone with any key may subscribe to alerts and ask for snapshots.
    public static let openSubscriptions = SettingKey(
        "subscribe.open", default: "false", help: "true: anyone with any key may subscribe to alerts and read snapshots.")
    /// The languages extraction reads, as built-in pack codes: the ingest workers' and the CLI's
    /// `replay`, `score` and `extract`, which must agree.
    public static let extractionLanguages = SettingKey(
        "extraction.languages", default: "en,uk,ru", help: "The languages reports are read in, comma-separated: en, uk, ru.")
    /// The log level, trace…critical.
    public static let logLevel = SettingKey("log.level", default: "info", help: "Log level: trace, debug, info, notice, warning, error or critical.")
}

/// The stack's endpoints, as the executables that connect to them name them. Each default is
/// everything on one machine over loopback.
public enum EndpointSettings {
    /// Clients send reports here (the bus's ROUTER side).
    public static let submit = SettingKey("submit.endpoint", default: "tcp://127.0.0.1:5550", help: "The bus's submit endpoint.")
    /// Ingest workers take reports here (the bus's DEALER side).
    public static let workers = SettingKey("workers.endpoint", default: "tcp://127.0.0.1:5551", help: "The bus's endpoint for ingest workers.")
    /// Publishers connect here (the bus's XSUB side).
    public static let publish = SettingKey("publish.endpoint", default: "tcp://127.0.0.1:5552", help: "The bus's publish endpoint.")
    /// Subscribers connect here (the bus's XPUB side).
    public static let subscribe = SettingKey("subscribe.endpoint", default: "tcp://127.0.0.1:5553", help: "The bus's subscribe endpoint.")
    /// The claim store's request socket.
    public static let store = SettingKey("store.endpoint", default: "tcp://127.0.0.1:5554", help: "The claim store's request endpoint.")
    /// The notifier's snapshot socket.
    public static let notifier = SettingKey("notifier.endpoint", default: "tcp://127.0.0.1:5555", help: "The notifier's snapshot endpoint.")
    /// `swapwatch-feeds`' status endpoint (`swapwatch feeds`).
    public static let feeds = SettingKey("feeds.endpoint", default: "tcp://127.0.0.1:5556", help: "The feeds service's status endpoint.")
    /// `swapwatch-web`'s webhook registry (`swapwatch webhooks`).
    public static let webhooks = SettingKey(
        "webhooks.endpoint", default: "tcp://127.0.0.1:5557", help: "The web service's webhook registry endpoint.")
}

extension SettingKey {
    /// The value from the environment, else the default: for commands that parse their own flags.
    public var environmentValue: String { SettingsReader(arguments: []).value(self) }

    /// A setting a service binds to: key `<service>.bind`, the same port as the endpoint others
    /// use to reach it.
    public static func bind(_ service: String, like endpoint: SettingKey, help: String) -> SettingKey {
        SettingKey("\(service).bind", default: endpoint.defaultValue, help: help)
    }
}

extension ServiceSettings {
    /// The stack's keys, when a keys folder is set.
    public func stackKeys(holder: StackKeys.Holder = .services) throws -> StackKeys? {
        try reader.optionalValue(CommonSettings.keysDirectory).map {
            try StackKeys(directory: $0, openSubscriptions: reader.value(CommonSettings.openSubscriptions) == "true", holder: holder)
        }
    }
}
