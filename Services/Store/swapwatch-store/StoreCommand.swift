import ArgumentParser
import ClaimStore
import ServiceSupport
import SwapWatchMessages

/// `swapwatch-store`: the claim store, the single writer of the SQLite database.
@main
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swapwatch-store", abstract: "The SwapWatch claim store.")

    @Option(help: "Path of the SQLite database. Env: SWAPWATCH_DATABASE")
    var database = Environment.value("SWAPWATCH_DATABASE", default: "swapwatch.sqlite")
    @Option(help: "Bind address for requests (ROUTER). Env: SWAPWATCH_STORE_BIND")
    var bind = Environment.value("SWAPWATCH_STORE_BIND", default: DefaultEndpoints.store)
    @Option(help: "The bus's publish endpoint to connect to. Env: SWAPWATCH_PUBLISH_ENDPOINT")
    var publish = Environment.value("SWAPWATCH_PUBLISH_ENDPOINT", default: DefaultEndpoints.publish)

    func run() async throws {
        try await runService(label: "swapwatch.store") { logger in
            [ClaimStoreService(databasePath: database, requestEndpoint: bind, publishEndpoint: publish, logger: logger)]
        }
    }
}
