import ClaimExtraction
import ExpectationRules
import Foundation
import ReportText
import SwapWatchMessages

/// Runs extraction and the claim store's admission (``ReportAdmission``, the same code) in-process
/// over a stream of reports, numbering alerts as the notifier does. What it prints for a stream is
/// what the running stack raises for the same stream.
public struct StreamReplayer {
    /// What happened to one report.
    public struct Outcome: Sendable {
        public var id: String
        public var status: SubmitStatus?
        public var error: String?
        public var claims: [Claim]
        public var alerts: [Alert]
    }

    private let extractor: ClaimExtractor
    private var ledger = InMemoryAdmissionLedger()
    private var nextSeq = 1
    private let now: @Sendable () -> Date

    /// A replayer that reads `packs` (the languages the ingest workers read) and stamps reports
    /// received and alerts raised with `now` (the clock, unless a test fixes the time).
    public init(packs: [LanguagePack] = try! LanguagePack.builtIn(LanguagePack.defaultCodes), now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
        extractor = ClaimExtractor(packs: packs)
    }

    public mutating func process(_ input: ReportInput) -> Outcome {
        let report: Report
        do {
            report = try Report(validating: input, received: now())
        } catch {
            return Outcome(id: input.id ?? "(no id)", status: nil, error: error.description, claims: [], alerts: [])
        }
        let claims = extractor.extract(from: report)
        let admission: Admission
        do {
            admission = try ReportAdmission.admit(report, claims: claims, into: &ledger)
        } catch {
            return Outcome(id: report.id, status: nil, error: String(describing: error), claims: [], alerts: [])
        }
        if admission.status == .duplicate { return Outcome(id: report.id, status: .duplicate, claims: [], alerts: []) }
        let raisedAt = Timestamp.format(now())
        let alerts = admission.outcome.changes.map { change in
            defer { nextSeq += 1 }
            return change.alert(seq: nextSeq, report: report.ref, raisedAt: raisedAt)
        }
        return Outcome(id: report.id, status: admission.status, claims: claims, alerts: alerts)
    }
}
