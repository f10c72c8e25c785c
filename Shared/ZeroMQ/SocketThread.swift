import Foundation

/// Runs blocking ZeroMQ work on a dedicated thread, never on the cooperative pool,
/// and bridges it to Swift concurrency.
///
/// The thread owns its sockets; it ends when the work returns, throws, or the context is
/// shut down (``ZMQError/contextTerminated`` counts as a normal end).
public enum SocketThread {
    /// Runs `body` on a new thread and waits for it. Task cancellation shuts `context` down.
    public static func run<Result: Sendable>(
        name: String,
        context: ZMQContext,
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result?, Error>) in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try body())
                    } catch ZMQError.contextTerminated {
                        continuation.resume(returning: nil)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = name
                thread.start()
            }
        } onCancel: {
            context.shutdown()
        }
    }

    /// Runs `body` on a new thread and delivers what it yields as an `AsyncThrowingStream`.
    /// Ending iteration (or cancelling the consuming task) shuts `context` down, which ends the thread.
    public static func stream<Element: Sendable>(
        name: String,
        context: ZMQContext,
        _ body: @escaping @Sendable (_ yield: @Sendable (Element) -> Void) throws -> Void
    ) -> AsyncThrowingStream<Element, Error> {
        AsyncThrowingStream { continuation in
            let thread = Thread {
                do {
                    try body { continuation.yield($0) }
                    continuation.finish()
                } catch ZMQError.contextTerminated {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.name = name
            continuation.onTermination = { _ in context.shutdown() }
            thread.start()
        }
    }
}
