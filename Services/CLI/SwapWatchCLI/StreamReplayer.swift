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
    /// Claims signature (with the day) → the first report that had it.
    private var signatures: [String: String] = [:]
    /// Reports with claims, kept to recognise reprints of them, and their normalised texts by id.
    private var fingerprinted: [(candidate: ReprintCandidate, day: Day)] = []
    private var normalizedTexts: [String: String] = [:]
    private var nextSeq = 1

    public init() {}

    public mutating func process(_ input: ReportInput, received: Date = Date()) -> Outcome {
        let report: Report
        do {
            report = try Report(validating: input, received: received)
        } catch {
            return Outcome(id: input.id ?? "(no id)", status: nil, error: error.description, claims: [], alerts: [])
        }
        let normalizedText = ContentHash.normalized(report.text)
        let hash = ContentHash.of(normalizedText)
        guard !ids.contains(report.id), !hashes.contains(hash) else {
            return Outcome(id: report.id, status: .duplicate, claims: [], alerts: [])
        }
        ids.insert(report.id)
        hashes.insert(hash)
        let claims = extractor.extract(from: report)
        let day = Timestamp.day(of: report.referenceTime.date)
        if !claims.isEmpty {
            let signature = "\(day)|" + ClaimSignature.of(claims)
            let fingerprint = TextFingerprint(normalizedText: normalizedText)
            let original = signatures[signature] ?? reprintedOriginal(claims: claims, fingerprint: fingerprint, day: day)
            fingerprinted.append((ReprintCandidate(id: report.id, original: original, fingerprint: fingerprint), day))
            normalizedTexts[report.id] = normalizedText
            if original != nil {
                return Outcome(id: report.id, status: .corroboration, claims: claims, alerts: [])
            }
            signatures[signature] = report.id
        }
        let outcome = book.apply(claims, reportID: report.id, day: day)
        let raisedAt = Timestamp.format(Date())
        let alerts = outcome.changes.map { change in
            defer { nextSeq += 1 }
            return change.alert(seq: nextSeq, report: report.ref, raisedAt: raisedAt)
        }
        return Outcome(id: report.id, status: .stored, claims: claims, alerts: alerts)
    }

    /// The store's near-identical-text test (`ReprintRule`), over the reports of the window.
    private func reprintedOriginal(claims: [Claim], fingerprint: TextFingerprint, day: Day) -> String? {
        let window = ReprintRule.window(around: day)
        let candidates = fingerprinted.filter { window.contains($0.day) }.map(\.candidate)
        return ReprintRule.original(of: claims, fingerprint: fingerprint, among: candidates) { normalizedTexts[$0.id] ?? "" }
    }
}
