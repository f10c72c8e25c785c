import ArgumentParser
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
            HistoryCommand.self, QuarantineCommand.self, KeysCommand.self, PackCommand.self,
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
    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 10
}

extension ArgumentHelp {
    /// Help for a flag that reads a stack setting, naming its environment variable.
    static func setting(_ key: SettingKey) -> ArgumentHelp {
        ArgumentHelp("\(key.help) Env: \(key.environmentVariable)")
    }
}
