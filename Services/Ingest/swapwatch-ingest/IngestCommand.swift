import ArgumentParser
import IngestWorker
import ServiceSupport
import SwapWatchMessages

/// `swapwatch-ingest`: one stateless ingest worker. Run as many as you like.
@main
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swapwatch-ingest", abstract: "A SwapWatch ingest worker.")

    @Option(help: "The bus's worker endpoint to connect to. Env: SWAPWATCH_WORKERS_ENDPOINT")
    var workers = Environment.value("SWAPWATCH_WORKERS_ENDPOINT", default: DefaultEndpoints.workers)
    @Option(help: "The claim store's request endpoint. Env: SWAPWATCH_STORE_ENDPOINT")
    var store = Environment.value("SWAPWATCH_STORE_ENDPOINT", default: DefaultEndpoints.store)
    @Option(help: "This worker's name in logs and acknowledgements. Env: SWAPWATCH_WORKER_ID")
    var workerID = Environment.value("SWAPWATCH_WORKER_ID", default: ServiceLogging.processName)

    func run() async throws {
        try await runService(label: "swapwatch.ingest") { logger in
            [IngestWorker(workersEndpoint: workers, storeEndpoint: store, workerID: workerID, logger: logger)]
        }
    }
}
