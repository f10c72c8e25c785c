import ServiceLifecycle
import ZeroMQ

/// Runs a service's blocking socket loop on its own thread under swift-service-lifecycle:
/// graceful shutdown (SIGTERM, SIGINT) and cancellation shut the context down, which ends the loop.
public enum SocketServiceRunner {
    public static func run(name: String, context: ZMQContext, _ loop: @escaping @Sendable () throws -> Void) async throws {
        try await withGracefulShutdownHandler {
            _ = try await SocketThread.run(name: name, context: context, loop)
        } onGracefulShutdown: {
            context.shutdown()
        }
    }
}
