import Foundation
import SwapWatchMessages

/// Submitting one report on its own (`swapwatch quarantine retry`; many go through
/// ``PipelinedSubmission``): send it to the bus and wait for the claim store's acknowledgement; a
/// failure that may pass (no answer, or a worker that could not reach the store) is retried once a
/// second until `seconds` have gone by. Resending is safe: the store recognises a report it already has.
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

/// Submitting many reports with a window of them in flight: each is sent without waiting for the
/// acknowledgements of those before it, resent when no answer comes within the client's timeout or
/// when a failure that may pass comes back (a second later), until `seconds` have gone by since it
/// was first sent, and every outcome is given in input order. The reports are numbered in a
/// stream of their own (the envelope's `sequence`), so the claim store applies them in input order
/// though ingest workers read them side by side.
public struct PipelinedSubmission {
    public let client: PipelinedClient
    /// The most reports in flight at once.
    public let window: Int
    /// How long a report is resent for, from its first send.
    public let seconds: Double

    public init(client: PipelinedClient, window: Int, retryingFor seconds: Double) {
        self.client = client
        self.window = max(1, window)
        self.seconds = seconds
    }

    /// Submits `inputs`; `outcome` is called once per input, in input order. `waiting` is called
    /// the first time an input has to be resent, with why.
    public func submit(
        _ inputs: [ReportInput], waiting: (_ index: Int, RequestError) -> Void = { _, _ in },
        outcome: (_ index: Int, Result<SubmitResult, RequestError>) -> Void
    ) throws {
        var next = 0
        var inFlight: [String: Int] = [:]
        var deadlines: [Int: Date] = [:]
        var resends: [(index: Int, at: Date)] = []
        var results: [Int: Result<SubmitResult, RequestError>] = [:]
        var said = Set<Int>()
        var given = 0
        let stream = Envelope<SubmitReport>.newID()

        func send(_ index: Int) throws {
            do {
                inFlight[try client.send(SubmitReport(report: inputs[index]), sequence: "\(stream):\(index)")] = index
            } catch let error as RequestError {
                results[index] = .failure(error)
            }
        }
        func retry(_ index: Int, after error: RequestError, in delay: Double) {
            guard error.mayPass, Date() < deadlines[index, default: .distantPast] else {
                results[index] = .failure(error)
                return
            }
            if said.insert(index).inserted { waiting(index, error) }
            resends.append((index, Date().addingTimeInterval(delay)))
        }

        while given < inputs.count {
            while inFlight.count + resends.count < window, next < inputs.count {
                deadlines[next] = Date().addingTimeInterval(seconds)
                try send(next)
                next += 1
            }
            let now = Date()
            for resend in resends where resend.at <= now { try send(resend.index) }
            resends.removeAll { $0.at <= now }
            let untilResend = resends.map { Int($0.at.timeIntervalSince(now) * 1000) + 1 }.min() ?? 100
            let wait = inFlight.isEmpty ? (resends.isEmpty ? 0 : untilResend) : min(client.millisecondsToNextTimeout() ?? 100, untilResend, 100)
            for reply in try client.replies(waitingUpTo: max(wait, 0)) {
                guard let index = inFlight.removeValue(forKey: reply.id) else { continue }
                switch reply.result {
                case .success(let body):
                    do { results[index] = .success(try PipelinedClient.decode(body, as: SubmitResult.self)) } catch {
                        results[index] = .failure(error)
                    }
                case .failure(let error):
                    retry(index, after: error, in: 1)
                }
            }
            for id in client.expired() {
                guard let index = inFlight.removeValue(forKey: id) else { continue }
                retry(index, after: .timeout(endpoint: client.endpoint, attempts: 1, seconds: client.timeoutSeconds), in: 0)
            }
            while let result = results.removeValue(forKey: given) {
                outcome(given, result)
                given += 1
            }
        }
    }
}
