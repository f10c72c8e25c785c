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

/// Submitting many reports in batches (``SubmitReports``) with a window of them in flight: each
/// batch is sent without waiting for the acknowledgements of those before it, resent when no answer
/// comes within the client's timeout or when a failure that may pass comes back (a second later),
/// until `seconds` have gone by since it was first sent, and every report's outcome is given in
/// input order. The batches are numbered in a stream of their own (the envelope's `sequence`), so
/// the claim store applies them in input order though ingest workers read them side by side.
public struct PipelinedSubmission {
    public let client: PipelinedClient
    /// The most reports in flight at once.
    public let window: Int
    /// The most reports in one message.
    public let batch: Int
    /// How long a report is resent for, from its first send.
    public let seconds: Double

    /// The number of reports a batch holds by default: enough that a message's costs are spread
    /// thin, few enough that a batch is read in a few milliseconds.
    public static let defaultBatch = 32
    /// The most text a batch holds, in UTF-8 bytes (a larger report goes alone): long reports take
    /// long to read, and a batch is answered, or resent on a timeout, as a whole.
    public static let batchTextBytes = 256 << 10

    public init(client: PipelinedClient, window: Int, batch: Int = Self.defaultBatch, retryingFor seconds: Double) {
        self.client = client
        self.window = max(1, window)
        self.batch = min(max(1, batch), SubmitReports.maximumCount)
        self.seconds = seconds
    }

    /// `inputs` cut into consecutive batches of at most ``batch`` reports and ``batchTextBytes``
    /// of text (a larger report goes alone).
    public func batches(of inputs: [ReportInput]) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (index, input) in inputs.enumerated() {
            let size = input.text?.utf8.count ?? 0
            if index > start, index - start >= batch || bytes + size > Self.batchTextBytes {
                batches.append(start..<index)
                (start, bytes) = (index, 0)
            }
            bytes += size
        }
        if start < inputs.count { batches.append(start..<inputs.count) }
        return batches
    }

    /// Submits `inputs`; `outcome` is called once per input, in input order. `waiting` is called
    /// the first time an input has to be resent, with why.
    public func submit(
        _ inputs: [ReportInput], waiting: (_ index: Int, RequestError) -> Void = { _, _ in },
        outcome: (_ index: Int, Result<SubmitResult, RequestError>) -> Void
    ) throws {
        let batches = batches(of: inputs)
        var next = 0
        var inFlight: [String: Int] = [:]
        var reportsInFlight = 0
        var deadlines: [Int: Date] = [:]
        var resends: [(batch: Int, at: Date)] = []
        var results: [Int: Result<SubmitResult, RequestError>] = [:]
        var said = Set<Int>()
        var given = 0
        let stream = Envelope<SubmitReports>.newID()

        func settle(_ number: Int, _ result: Result<SubmitResult, RequestError>) {
            for index in batches[number] { results[index] = result }
        }
        func send(_ number: Int) throws {
            do {
                let reports = Array(inputs[batches[number]])
                inFlight[try client.send(SubmitReports(reports: reports), sequence: "\(stream):\(number)")] = number
                reportsInFlight += reports.count
            } catch let error as RequestError {
                settle(number, .failure(error))
            }
        }
        func retry(_ number: Int, after error: RequestError, in delay: Double) {
            guard error.mayPass, Date() < deadlines[number, default: .distantPast] else {
                settle(number, .failure(error))
                return
            }
            if said.insert(number).inserted { waiting(batches[number].lowerBound, error) }
            resends.append((number, Date().addingTimeInterval(delay)))
        }
        func landed(_ number: Int) { reportsInFlight -= batches[number].count }

        while given < inputs.count {
            while next < batches.count, reportsInFlight == 0 || reportsInFlight + batches[next].count <= window {
                deadlines[next] = Date().addingTimeInterval(seconds)
                try send(next)
                next += 1
            }
            let now = Date()
            for resend in resends where resend.at <= now { try send(resend.batch) }
            resends.removeAll { $0.at <= now }
            let untilResend = resends.map { Int($0.at.timeIntervalSince(now) * 1000) + 1 }.min() ?? 100
            let wait = inFlight.isEmpty ? (resends.isEmpty ? 0 : untilResend) : min(client.millisecondsToNextTimeout() ?? 100, untilResend, 100)
            for reply in try client.replies(waitingUpTo: max(wait, 0), decodingWhole: SubmitResults.self) {
                guard let number = inFlight.removeValue(forKey: reply.id) else { continue }
                landed(number)
                switch reply.result {
                case .success:
                    do {
                        let outcomes = try reply.decoded(as: SubmitResults.self).outcomes
                        guard outcomes.count == batches[number].count else {
                            throw RequestError.refused(
                                ErrorReply(code: "internal", message: "\(outcomes.count) outcomes for a batch of \(batches[number].count) reports"))
                        }
                        for (index, outcome) in zip(batches[number], outcomes) {
                            results[index] = Result { () throws(ErrorReply) in try outcome.get() }.mapError { .refused($0) }
                        }
                    } catch let error as RequestError {
                        settle(number, .failure(error))
                    }
                case .failure(let error):
                    retry(number, after: error, in: 1)
                }
            }
            for id in client.expired() {
                guard let number = inFlight.removeValue(forKey: id) else { continue }
                landed(number)
                retry(number, after: .timeout(endpoint: client.endpoint, attempts: 1, seconds: client.timeoutSeconds), in: 0)
            }
            while let result = results.removeValue(forKey: given) {
                outcome(given, result)
                given += 1
            }
        }
    }
}
