import ArgumentParser
import ClaimExtraction
import Foundation
import ServiceSupport
import SwapWatchMessages

/// `swapwatch`: extract claims offline, replay and score streams, and talk to the running stack.
public struct SwapWatchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swapwatch",
        abstract: "Watch the news for changes in expected prisoner exchanges.",
        subcommands: [
            ExtractCommand.self, ReplayCommand.self, ScoreCommand.self, SubmitCommand.self, AlertsCommand.self, ExchangesCommand.self,
            HistoryCommand.self, QuarantineCommand.self, FeedsCommand.self, WebhooksCommand.self, KeysCommand.self, PackCommand.self,
        ])

    public init() {}
}

/// Endpoint options shared by the commands that talk to the stack.
struct StackOptions: ParsableArguments {
    @Option(help: .setting(EndpointSettings.submit))
    var submitEndpoint = EndpointSettings.submit.environmentValue
    @Option(help: .setting(EndpointSettings.subscribe))
    var subscribeEndpoint = EndpointSettings.subscribe.environmentValue
    @Option(help: .setting(EndpointSettings.store))
    var storeEndpoint = EndpointSettings.store.environmentValue
    @Option(help: .setting(EndpointSettings.notifier))
    var notifierEndpoint = EndpointSettings.notifier.environmentValue
    @Option(help: .setting(CommonSettings.keysDirectory))
    var keysDir: String?
    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 10

    /// Where `make up` keeps the local stack's keys.
    static let localKeys = ".swapwatch/keys"

    /// The keys folder given by --keys-dir or SWAPWATCH_KEYS_DIR, if any.
    var givenKeysFolder: String? { keysDir ?? CommonSettings.keysDirectory.environmentValue.nonEmpty }

    /// The keys folder in use: the one given, else the local stack's.
    var keysFolder: String { givenKeysFolder ?? Self.localKeys }

    /// This client's keys: from the folder given, else the local stack's when they exist, else
    /// none (a stack without keys).
    func clientKeys() throws -> ClientKeys? {
        if let directory = givenKeysFolder { return try ClientKeys(directory: directory) }
        let local = (Self.localKeys as NSString).appendingPathComponent(StackKeys.clientFile)
        return FileManager.default.fileExists(atPath: local) ? try ClientKeys(directory: Self.localKeys) : nil
    }
}

extension ArgumentHelp {
    /// Help for a flag that reads a stack setting, naming its environment variable.
    static func setting(_ key: SettingKey) -> ArgumentHelp {
        ArgumentHelp("\(key.help) Env: \(key.environmentVariable)")
    }
}

extension String {
    /// The string, or `nil` when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// `--languages`: which built-in packs `extract`, `replay` and `score` read, as the ingest workers'
/// `extraction.languages` does (the same variable, so a replay matches the stack).
struct LanguageOptions: ParsableArguments {
    @Option(help: .setting(CommonSettings.extractionLanguages)) var languages = CommonSettings.extractionLanguages.environmentValue

    func packs() throws -> [LanguagePack] {
        do { return try LanguagePack.builtIn(list: languages) } catch { throw ValidationError("--languages: \(error)") }
    }
}
