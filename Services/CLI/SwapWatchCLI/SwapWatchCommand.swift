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
            HistoryCommand.self, PackCommand.self,
        ])

    public init() {}
}

/// Endpoint options shared by the commands that talk to the stack.
struct StackOptions: ParsableArguments {
    @Option(help: "The bus's submit endpoint. Env: SWAPWATCH_SUBMIT_ENDPOINT")
    var submitEndpoint = Environment.value("SWAPWATCH_SUBMIT_ENDPOINT", default: DefaultEndpoints.submit)
    @Option(help: "The bus's subscribe endpoint. Env: SWAPWATCH_SUBSCRIBE_ENDPOINT")
    var subscribeEndpoint = Environment.value("SWAPWATCH_SUBSCRIBE_ENDPOINT", default: DefaultEndpoints.subscribe)
    @Option(help: "The claim store's endpoint. Env: SWAPWATCH_STORE_ENDPOINT")
    var storeEndpoint = Environment.value("SWAPWATCH_STORE_ENDPOINT", default: DefaultEndpoints.store)
    @Option(help: "The notifier's snapshot endpoint. Env: SWAPWATCH_NOTIFIER_ENDPOINT")
    var notifierEndpoint = Environment.value("SWAPWATCH_NOTIFIER_ENDPOINT", default: DefaultEndpoints.notifier)
    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 10
}
