import Foundation
import Logging
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Submits reports to the bus the way `swapwatch submit` does (``ReportSubmission``), one at a
/// time, from any task: the ZeroMQ client lives on a serial queue of its own.
final class ReportSender: @unchecked Sendable {
    private let queue = DispatchQueue(label: "swapwatch.feeds.submit")
    private let context = ZMQContext()
    private let client: RequestClient
    private let retryFor: Double
    private let logger: Logger

    init(endpoint: String, keys: ClientKeys?, retryFor: Double, logger: Logger) {
        client = RequestClient(
            context: context, endpoint: endpoint, source: "/swapwatch/feeds", timeout: .seconds(10), attempts: 1, keys: keys)
        (self.retryFor, self.logger) = (retryFor, logger)
    }

    /// Submits `report` and waits for the claim store's acknowledgement, resending while the stack
    /// does not answer (for up to `retryFor` seconds). Cancelling the task (the service stopping)
    /// ends the submission at once, and every later one.
    func submit(_ report: ReportInput) async throws -> SubmitResult {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(
                        with: Result {
                            try ReportSubmission.submit(report, through: client, retryingFor: retryFor) { [logger] error in
                                logger.warning(
                                    "the stack does not answer; resending", metadata: ["report": "\(report.id ?? "?")", "error": "\(error)"])
                            }
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
