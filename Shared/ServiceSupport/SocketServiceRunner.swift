import Logging
import ServiceLifecycle
import ZeroMQ

/// Runs a service's blocking socket loop on its own thread under swift-service-lifecycle:
/// graceful shutdown (SIGTERM, SIGINT) and cancellation shut the context down, which ends the loop.
public enum SocketServiceRunner {
    /// Runs `loop` with a context of its own, logging `<name> up` (with `metadata`) when it starts
    /// and `<name> stopped` when it has ended.
    /// With `keys`, the context's ``ZAPHandler`` lets peers in by ``StackKeys/role(of:in:)``
    /// before the loop binds anything.
    public static func run(
        _ name: String, logger: Logger, metadata: Logger.Metadata = [:], keys: StackKeys? = nil,
        _ loop: @escaping @Sendable (ZMQContext) throws -> Void
    ) async throws {
        let context = ZMQContext()
        if let keys {
            _ = try ZAPHandler(context: context, authorize: keys.policy) { decision in
                if decision.user == nil {
                    logger.warning("refused a connection", metadata: ["domain": "\(decision.domain)", "key": "\(decision.clientKey)"])
                }
            }
        }
        logger.info("\(name) up", metadata: metadata)
        try await withGracefulShutdownHandler {
            _ = try await SocketThread.run(name: name, context: context) { try loop(context) }
        } onGracefulShutdown: {
            context.shutdown()
        }
        logger.info("\(name) stopped")
    }
}

/// A service whose work is one blocking socket loop over a resource it holds for as long as it
/// runs (its SQLite database): `run()` opens the resource, serves on a thread of its own, and
/// closes the resource when the loop ends, however it ends.
public protocol SocketService: Service {
    associatedtype Settings: ServiceSettings
    associatedtype Resource: ServiceResource
    var settings: Settings { get }
    /// Opens what the loop needs.
    func open() throws -> Resource
    /// The blocking loop; it ends when `context` is shut down.
    func serve(_ resource: Resource, context: ZMQContext) throws
}

extension SocketService {
    public func run() async throws {
        try await using(try open()) { resource in
            try await SocketServiceRunner.run(Settings.command, logger: settings.logger, keys: try settings.stackKeys()) {
                try serve(resource, context: $0)
            }
        }
    }
}
