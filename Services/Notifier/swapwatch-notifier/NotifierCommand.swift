import ArgumentParser
import Foundation
import Notifier
import ServiceSupport
import SwapWatchMessages

/// `swapwatch-notifier`: turns store events into numbered, durable, replayable alerts.
@main
struct NotifierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swapwatch-notifier", abstract: "The SwapWatch notifier.")

    @Option(help: "Path of the notifier's SQLite alert log. Env: SWAPWATCH_ALERTS_DATABASE")
    var database = Environment.value("SWAPWATCH_ALERTS_DATABASE", default: "swapwatch-alerts.sqlite")
    @Option(help: "The bus's subscribe endpoint. Env: SWAPWATCH_SUBSCRIBE_ENDPOINT")
    var subscribe = Environment.value("SWAPWATCH_SUBSCRIBE_ENDPOINT", default: DefaultEndpoints.subscribe)
    @Option(help: "The bus's publish endpoint. Env: SWAPWATCH_PUBLISH_ENDPOINT")
    var publish = Environment.value("SWAPWATCH_PUBLISH_ENDPOINT", default: DefaultEndpoints.publish)
    @Option(help: "The claim store's request endpoint. Env: SWAPWATCH_STORE_ENDPOINT")
    var store = Environment.value("SWAPWATCH_STORE_ENDPOINT", default: DefaultEndpoints.store)
    @Option(help: "Bind address for snapshot requests. Env: SWAPWATCH_NOTIFIER_BIND")
    var bind = Environment.value("SWAPWATCH_NOTIFIER_BIND", default: DefaultEndpoints.notifier)
    @Option(help: "Append every alert as a JSON line to this file. Env: SWAPWATCH_ALERT_SINK")
    var sink: String?

    func run() async throws {
        try await runService(label: "swapwatch.notifier") { logger in
            [
                NotifierService(
                    databasePath: database, endpoints: NotifierEndpoints(subscribe: subscribe, publish: publish, store: store, snapshot: bind),
                    sinkPath: sink ?? ProcessInfo.processInfo.environment["SWAPWATCH_ALERT_SINK"], logger: logger)
            ]
        }
    }
}
