import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// The bus: two proxy loops that give every other process stable endpoints to connect to.
/// A ROUTER/DEALER queue spreads reports over however many ingest workers are connected; an
/// XSUB/XPUB forwarder carries events and alerts from publishers to subscribers, with
/// subscriptions (topic prefixes) flowing upstream so filtering happens at the publisher.
public struct BusService: Service {
    public let settings: BusSettings

    public init(settings: BusSettings) { self.settings = settings }

    public func run() async throws {
        let settings = settings
        let logger = settings.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await SocketServiceRunner.run("bus queue", logger: logger, metadata: ["libzmq": "\(ZMQContext.libraryVersion)"]) { context in
                    let frontend = try ZMQSocket(context: context, type: .router)
                    let backend = try ZMQSocket(context: context, type: .dealer)
                    try frontend.setMaximumMessageSize(Int64(MessageLimits.request))
                    try backend.setMaximumMessageSize(Int64(MessageLimits.request))
                    try frontend.bind(settings.bind(.submit), as: "submit", logger: logger)
                    try backend.bind(settings.bind(.workers), as: "workers", logger: logger)
                    try Proxy.run(frontend: frontend, backend: backend)
                }
            }
            group.addTask {
                try await SocketServiceRunner.run("bus pub/sub", logger: logger) { context in
                    let xsub = try ZMQSocket(context: context, type: .xsubscriber)
                    let xpub = try ZMQSocket(context: context, type: .xpublisher)
                    try xsub.setMaximumMessageSize(Int64(MessageLimits.publication))
                    try xpub.setMaximumMessageSize(Int64(MessageLimits.subscription))
                    try xsub.bind(settings.bind(.publish), as: "publish", logger: logger)
                    try xpub.bind(settings.bind(.subscribe), as: "subscribe", logger: logger)
                    try Proxy.run(frontend: xsub, backend: xpub)
                }
            }
            try await group.waitForAll()
        }
    }
}
