import ReportText
import SwapWatchMessages

/// How a report was admitted, and what the rules made of it.
public struct Admission: Sendable {
    public var status: SubmitStatus
    /// The report a duplicate repeats, or the original a corroboration reprints.
    public var existingReportID: String?
    /// The rules' outcome: changes and touched exchanges (empty unless the report was stored).
    public var outcome = ReportOutcome()
}

/// A report on its way into a ledger, with everything admission worked out about it.
public struct AdmittedReport: Sendable {
    public let report: Report
    public let claims: [Claim]
    public let contentHash: String
    /// The text normalised by ``ContentHash``; nil for a report without claims whose hash came
    /// with it (nothing needs the text then).
    public let normalizedText: String?
    /// The day the report counts from (published, else received).
    public let day: Day
    public let claimsSignature: String
    /// Kept for reports with claims: the index reprints are recognised by.
    public let fingerprint: TextFingerprint?
    public let admission: Admission
    /// The book after the rules ran, for the keys the claims touch (stored reports only).
    public let book: ExpectationBook?
}

/// What admission looks up in, and records to, the reports admitted before: the claim store's
/// SQLite database inside one transaction, or memory for `swapwatch replay`.
public protocol AdmissionLedger {
    /// The id of an admitted report with this id or this content.
    func reportID(id: String, contentHash: String) throws -> String?
    /// The first report stored (not a corroboration) on `day` with claims of this signature.
    func storedReportID(day: Day, claimsSignature: String) throws -> String?
    /// The admitted reports of the window whose fingerprints share a band bucket with this one.
    func reprintCandidates(sharingBucketsWith fingerprint: TextFingerprint, within window: ClosedRange<Day>) throws -> [ReprintCandidate]
    /// The text of an admitted report, normalised by ``ContentHash``.
    func normalizedText(ofReport id: String) throws -> String
    /// The rules' state for these keys: their open and last closed exchanges and serials.
    func book(for keys: Set<ExchangeKey>) throws -> ExpectationBook
    /// Records a report admission decided on; a duplicate is never recorded.
    mutating func record(_ admitted: AdmittedReport) throws
}

/// Report admission, the one copy the claim store and `swapwatch replay` both run: check the
/// text and fields against their limits, normalise and hash it, decide whether it is a duplicate (same id or content) or a reprint
/// (``ReprintRule``), and otherwise apply the expectation rules.
public enum ReportAdmission {
    /// Admits `report`. `contentHash` and `fingerprint`, when given, are the hash and the
    /// fingerprint of its text already worked out (the ingest worker's): the text is then not
    /// normalised again.
    public static func admit(
        _ report: Report, claims: [Claim], contentHash: String? = nil, fingerprint given: TextFingerprint? = nil,
        into ledger: inout some AdmissionLedger
    ) throws -> Admission {
        try report.checkLimits()
        let normalizedText: String?
        let hash: String
        if let contentHash, claims.isEmpty || given != nil {
            (normalizedText, hash) = (nil, contentHash)
        } else {
            let text = ContentHash.normalized(report.text)
            (normalizedText, hash) = (text, contentHash ?? ContentHash.of(text))
        }
        if let existing = try ledger.reportID(id: report.id, contentHash: hash) {
            return Admission(status: .duplicate, existingReportID: existing)
        }
        let day = Timestamp.day(of: report.referenceTime.date)
        let signature = ClaimSignature.of(claims)
        let fingerprint = claims.isEmpty ? nil : given ?? normalizedText.map { TextFingerprint(normalizedText: $0) }
        var original: String?
        if let fingerprint {
            original = try ledger.storedReportID(day: day, claimsSignature: signature)
            if original == nil {
                let candidates = try ledger.reprintCandidates(sharingBucketsWith: fingerprint, within: ReprintRule.window(around: day))
                original = try ReprintRule.original(of: claims, fingerprint: fingerprint, among: candidates) {
                    try ledger.normalizedText(ofReport: $0.id)
                }
            }
        }
        var admission = Admission(status: original == nil ? .stored : .corroboration, existingReportID: original)
        var book: ExpectationBook?
        if original == nil {
            var rules = try ledger.book(for: Set(claims.map(\.exchange)))
            admission.outcome = rules.apply(claims, reportID: report.id, day: day)
            book = rules
        }
        try ledger.record(
            AdmittedReport(
                report: report, claims: claims, contentHash: hash, normalizedText: normalizedText, day: day, claimsSignature: signature,
                fingerprint: fingerprint, admission: admission, book: book))
        return admission
    }
}

/// An ``AdmissionLedger`` in memory: what `swapwatch replay` admits a stream into.
public struct InMemoryAdmissionLedger: AdmissionLedger, Sendable {
    private struct Entry: Sendable {
        var day: Day
        /// The report it reprints, for a corroboration.
        var original: String?
        var fingerprint: TextFingerprint?
        var normalizedText: String
    }

    private var entries: [String: Entry] = [:]
    private var idsByContentHash: [String: String] = [:]
    /// Reports by fingerprint band bucket, in the order admitted.
    private var reportsByBucket: [Int64: [String]] = [:]
    /// The first stored report per day and claims signature.
    private var storedBySignature: [String: String] = [:]
    /// The rules' state over every key.
    public private(set) var book = ExpectationBook()

    public init() {}

    public func reportID(id: String, contentHash: String) -> String? {
        entries[id] != nil ? id : idsByContentHash[contentHash]
    }

    public func storedReportID(day: Day, claimsSignature: String) -> String? {
        storedBySignature["\(day)|\(claimsSignature)"]
    }

    public func reprintCandidates(sharingBucketsWith fingerprint: TextFingerprint, within window: ClosedRange<Day>) -> [ReprintCandidate] {
        var seen = Set<String>()
        var candidates: [ReprintCandidate] = []
        for bucket in fingerprint.bandBuckets {
            for id in reportsByBucket[bucket] ?? [] where seen.insert(id).inserted {
                guard let entry = entries[id], let print = entry.fingerprint, window.contains(entry.day) else { continue }
                candidates.append(ReprintCandidate(id: id, original: entry.original, fingerprint: print))
            }
        }
        return candidates
    }

    public func normalizedText(ofReport id: String) -> String { entries[id]?.normalizedText ?? "" }

    public func book(for keys: Set<ExchangeKey>) -> ExpectationBook { book }

    public mutating func record(_ admitted: AdmittedReport) {
        let id = admitted.report.id
        let status = admitted.admission.status
        let original = status == .corroboration ? admitted.admission.existingReportID : nil
        entries[id] = Entry(
            day: admitted.day, original: original, fingerprint: admitted.fingerprint,
            normalizedText: admitted.fingerprint == nil ? "" : admitted.normalizedText ?? "")
        idsByContentHash[admitted.contentHash] = idsByContentHash[admitted.contentHash] ?? id
        if let fingerprint = admitted.fingerprint {
            for bucket in Set(fingerprint.bandBuckets) { reportsByBucket[bucket, default: []].append(id) }
        }
        if status == .stored, admitted.fingerprint != nil {
            let key = "\(admitted.day)|\(admitted.claimsSignature)"
            storedBySignature[key] = storedBySignature[key] ?? id
        }
        if let book = admitted.book { self.book = book }
    }
}
