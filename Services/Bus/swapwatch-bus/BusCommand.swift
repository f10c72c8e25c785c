import ArgumentParser
import BusService
import ServiceSupport
import SwapWatchMessages

/// `swapwatch-bus`: the report queue and the pub/sub forwarder every service connects to.
@main
struct BusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swapwatch-bus", abstract: "The SwapWatch message bus (zmq_proxy).")

    @Option(help: "Bind address for report submissions (ROUTER). Env: SWAPWATCH_BUS_SUBMIT_BIND")
    var submit = Environment.value("SWAPWATCH_BUS_SUBMIT_BIND", default: DefaultEndpoints.submit)
    @Option(help: "Bind address for ingest workers (DEALER). Env: SWAPWATCH_BUS_WORKERS_BIND")
    var workers = Environment.value("SWAPWATCH_BUS_WORKERS_BIND", default: DefaultEndpoints.workers)
    @Option(help: "Bind address for publishers (XSUB). Env: SWAPWATCH_BUS_PUBLISH_BIND")
    var publish = Environment.value("SWAPWATCH_BUS_PUBLISH_BIND", default: DefaultEndpoints.publish)
    @Option(help: "Bind address for subscribers (XPUB). Env: SWAPWATCH_BUS_SUBSCRIBE_BIND")
    var subscribe = Environment.value("SWAPWATCH_BUS_SUBSCRIBE_BIND", default: DefaultEndpoints.subscribe)

    func run() async throws {
        try await runService(label: "swapwatch.bus") { logger in
            [BusService(endpoints: BusEndpoints(submit: submit, workers: workers, publish: publish, subscribe: subscribe), logger: logger)]
        }
    }
}
