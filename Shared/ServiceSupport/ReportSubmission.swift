import Foundation
import SwapWatchMessages

/// Submitting a report as every SwapWatch client does (`swapwatch submit`, the feeds service):
/// send it to the bus and wait for the claim store's acknowledgement; a failure that may pass (no
/// answer, or a worker that could not reach the store) is retried once a second until `seconds`
/// have gone by. Resending is safe: the store recognises a report it already has.
public enum ReportSubmission {
    /// - Parameter waiting: called once, the first time the submission has to wait, with why.
    public static func submit(
        _ input: ReportInput, through client: RequestClient, retryingFor seconds: Double, waiting: (RequestError) -> Void = { _ in }
    ) throws -> SubmitResult {
        let deadline = Date().addingTimeInterval(seconds)
        var said = false
        while true {
            do {
                return try client.call(SubmitReport(report: input), expecting: SubmitResult.self)
            } catch let error as RequestError {
                guard error.mayPass, Date() < deadline else { throw error }
                if !said {
                    waiting(error)
                    said = true
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
