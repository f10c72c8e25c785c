import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// The bus: two `zmq_proxy` loops that give every other process stable endpoints to connect to.
/// A ROUTER/DEALER queue spreads reports over however many ingest workers are connected; an
/// XSUB/XPUB forwarder carries events and alerts from publishers to subscribers, with
/// subscriptions (topic prefixes) flowing upstream so filtering happens at the publisher.
public struct BusService: Service {
    public let endpoints: BusSettings
    let logger: Logger

    public init(settings: BusSettings, logger: Logger = Logger(label: "swapwatch.bus")) {
        self.endpoints = settings
        self.logger = logger
    }

    public func run() async throws {
        let context = ZMQContext()
        let endpoints = endpoints
        let logger = logger
        logger.info(
            "bus up",
            metadata: [
                "submit": "\(endpoints.submit)", "workers": "\(endpoints.workers)",
                "publish": "\(endpoints.publish)", "subscribe": "\(endpoints.subscribe)", "libzmq": "\(ZMQContext.libraryVersion)",
            ])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await SocketServiceRunner.run(name: "bus-queue", context: context) {
                    let frontend = try ZMQSocket(context: context, type: .router)
                    let backend = try ZMQSocket(context: context, type: .dealer)
                    try frontend.setMaximumMessageSize(Int64(MessageCodec.maximumMessageBytes))
                    try frontend.bind(endpoints.submit, as: "submit", logger: logger)
                    try backend.bind(endpoints.workers, as: "workers", logger: logger)
                    try Proxy.run(frontend: frontend, backend: backend)
                }
            }
            group.addTask {
                try await SocketServiceRunner.run(name: "bus-pubsub", context: context) {
                    let xsub = try ZMQSocket(context: context, type: .xsubscriber)
                    let xpub = try ZMQSocket(context: context, type: .xpublisher)
                    try xsub.bind(endpoints.publish, as: "publish", logger: logger)
                    try xpub.bind(endpoints.subscribe, as: "subscribe", logger: logger)
                    try Proxy.run(frontend: xsub, backend: xpub)
                }
            }
            try await group.waitForAll()
        }
        logger.info("bus stopped")
    }
}
