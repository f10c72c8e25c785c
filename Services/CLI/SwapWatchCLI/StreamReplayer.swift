import ClaimExtraction
import ExpectationRules
import Foundation
import SwapWatchMessages

/// Runs extraction and the expectation rules in-process over a stream of reports, with the
/// claim store's idempotence rules, numbering alerts as the notifier does. What it prints for a
/// stream is what the running stack raises for the same stream.
public struct StreamReplayer {
    /// What happened to one report.
    public struct Outcome: Sendable {
        public var id: String
        public var status: SubmitStatus?
        public var error: String?
        public var claims: [Claim]
        public var alerts: [Alert]
    }

    private let extractor = ClaimExtractor()
    private var book = ExpectationBook()
    private var ids = Set<String>()
    private var hashes = Set<String>()
    private var signatures = Set<String>()
    private var nextSeq = 1

    public init() {}

    public mutating func process(_ input: ReportInput, received: Date = Date()) -> Outcome {
        let report: Report
        do {
            report = try Report(validating: input, received: received)
        } catch {
            return Outcome(id: input.id ?? "(no id)", status: nil, error: error.description, claims: [], alerts: [])
        }
        let hash = ContentHash.of(ContentHash.normalized(report.text))
        guard !ids.contains(report.id), !hashes.contains(hash) else {
            return Outcome(id: report.id, status: .duplicate, claims: [], alerts: [])
        }
        ids.insert(report.id)
        hashes.insert(hash)
        let claims = extractor.extract(from: report)
        let day = Timestamp.day(of: report.referenceTime.date)
        if !claims.isEmpty {
            let signature = "\(day)|" + ClaimSignature.of(claims)
            if signatures.contains(signature) {
                return Outcome(id: report.id, status: .corroboration, claims: claims, alerts: [])
            }
            signatures.insert(signature)
        }
        let outcome = book.apply(claims, reportID: report.id, day: day)
        let raisedAt = Timestamp.format(Date())
        let alerts = outcome.changes.map { change in
            defer { nextSeq += 1 }
            return change.alert(seq: nextSeq, report: report.ref, raisedAt: raisedAt)
        }
        return Outcome(id: report.id, status: .stored, claims: claims, alerts: alerts)
    }
}
