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
    private var fingerprinted: [FingerprintedReport] = []
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
            let fingerprint = TextFingerprint(text: report.text)
            let normalizedText = ContentHash.normalized(report.text)
            let original = signatures[signature] ?? reprintedOriginal(claims: claims, fingerprint: fingerprint, day: day)
            fingerprinted.append(FingerprintedReport(
                id: report.id, original: original, day: day, fingerprint: fingerprint, normalizedText: normalizedText))
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

    /// A report with claims, kept to recognise reprints of it.
    private struct FingerprintedReport {
        var id: String
        var original: String?
        var day: Day
        var fingerprint: TextFingerprint
        var normalizedText: String
    }

    /// The store's near-identical-text test (`ReprintRule`), by a scan instead of an index.
    private func reprintedOriginal(claims: [Claim], fingerprint: TextFingerprint, day: Day) -> String? {
        let window = ReprintRule.window(around: day)
        return fingerprinted
            .filter { window.contains($0.day) && ReprintRule.areNearIdentical(fingerprint, $0.fingerprint) }
            .sorted { fingerprint.similarity(to: $0.fingerprint) > fingerprint.similarity(to: $1.fingerprint) }
            .first { ReprintRule.quotesAppear(of: claims, in: $0.normalizedText) }
            .map { $0.original ?? $0.id }
    }
}
