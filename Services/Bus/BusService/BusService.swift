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
        let libzmq: Logger.Metadata = ["libzmq": "\(ZMQContext.libraryVersion)"]
        let keys = try settings.stackKeys()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await SocketServiceRunner.run("bus queue", logger: logger, metadata: libzmq, keys: keys) { context in
                    try Self.proxy(
                        context, from: (.router, .submit, MessageLimits.request), to: (.dealer, .workers, MessageLimits.request), settings, keys)
                }
            }
            group.addTask {
                try await SocketServiceRunner.run("bus pub/sub", logger: logger, keys: keys) { context in
                    try Self.proxy(
                        context, from: (.xsubscriber, .publish, MessageLimits.publication), to: (.xpublisher, .subscribe, MessageLimits.subscription),
                        settings, keys)
                }
            }
            try await group.waitForAll()
        }
    }

    /// One side of a proxy: its socket type, where it binds, and the largest message it takes in.
    typealias Side = (type: SocketType, socket: BusSettings.Socket, limit: Int)

    /// Binds both sides where the settings say and moves messages between them until shutdown.
    private static func proxy(_ context: ZMQContext, from front: Side, to back: Side, _ settings: BusSettings, _ keys: StackKeys?) throws {
        let sockets = try [front, back].map { side in
            let socket = try ZMQSocket(context: context, type: side.type)
            try socket.setMaximumMessageSize(Int64(side.limit))
            try socket.serve(StackKeys.Domain(rawValue: side.socket.rawValue)!, with: keys)
            try socket.bind(settings.bind(side.socket), as: side.socket.rawValue, logger: settings.logger)
            return socket
        }
        try Proxy.run(frontend: sockets[0], backend: sockets[1])
    }
}
