import Foundation
import Logging
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Submits reports to the bus the way `swapwatch submit` does (``PipelinedSubmission``): a
/// batch at a time with many in flight, numbered so the store applies them in order, from any
/// task; the ZeroMQ client lives on a serial queue of its own.
final class ReportSender: @unchecked Sendable {
    private let queue = DispatchQueue(label: "swapwatch.feeds.submit")
    private let context = ZMQContext()
    private let client: PipelinedClient
    private let retryFor: Double
    private let logger: Logger
    /// The most reports in flight at once.
    static let window = 32

    init(endpoint: String, keys: ClientKeys?, retryFor: Double, logger: Logger) throws {
        client = try PipelinedClient(context: context, endpoint: endpoint, source: "/swapwatch/feeds", timeout: .seconds(10), keys: keys)
        (self.retryFor, self.logger) = (retryFor, logger)
    }

    /// Submits `reports` and waits for the claim store's acknowledgement of each, resending while
    /// the stack does not answer (for up to `retryFor` seconds); the outcomes are in input order.
    /// Cancelling the task (the service stopping) ends the submission at once, and every later one.
    func submit(_ reports: [ReportInput]) async throws -> [Result<SubmitResult, RequestError>] {
        guard !reports.isEmpty else { return [] }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(
                        with: Result {
                            var outcomes: [Result<SubmitResult, RequestError>] = []
                            try PipelinedSubmission(client: client, window: Self.window, retryingFor: retryFor).submit(reports) {
                                [logger] index, error in
                                logger.warning(
                                    "the stack does not answer; resending", metadata: ["report": "\(reports[index].id ?? "?")", "error": "\(error)"])
                            } outcome: { _, outcome in
                                outcomes.append(outcome)
                            }
                            return outcomes
                        })
                }
            }
        } onCancel: {
            context.shutdown()
        }
    }

    /// Ends any submission in progress and closes the client.
    func close() {
        context.shutdown()
        queue.sync { client.close() }
    }
}
