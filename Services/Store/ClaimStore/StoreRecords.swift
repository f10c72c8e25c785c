import ExpectationRules
import Foundation
import GRDB
import ReportText
import SwapWatchMessages

// One record type per table of the claim store, but for the fingerprint index, written with
// statements of its own. Values that are not plain columns (claims, changes, exchange state,
// events) are Codable JSON columns.

/// A stored report (`report`).
struct ReportRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "report"
    /// The order reports were stored in.
    var number: Int64?
    var id, contentHash: String
    /// When the outlet published it and when SwapWatch received it (ISO 8601).
    var published: String?
    var received: String
    var outlet, url, title, language: String?
    var text, extractorVersion: String
    /// The ingest worker that extracted the claims.
    var worker: String?
    /// `stored`, or `corroboration` for a reprint.
    var status: String
    /// The report a reprint corroborates.
    var corroborates: String?
    /// The claims in a canonical form, and the report's day (published, else received,
    /// `YYYY-MM-DD`): the same claims on the same day from another outlet are a reprint.
    var claimsSignature, day: String

    /// The columns, written out rather than through `Encodable`: every report is inserted once,
    /// and the generic encoding was a tenth of the store's time per report.
    func encode(to container: inout PersistenceContainer) {
        container["number"] = number
        container["id"] = id
        container["contentHash"] = contentHash
        container["published"] = published
        container["received"] = received
        container["outlet"] = outlet
        container["url"] = url
        container["title"] = title
        container["language"] = language
        container["text"] = text
        container["extractorVersion"] = extractorVersion
        container["worker"] = worker
        container["status"] = status
        container["corroborates"] = corroborates
        container["claimsSignature"] = claimsSignature
        container["day"] = day
    }
}

/// One claim a report made (`claim`).
struct ClaimRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "claim"
    var id: Int64?
    var reportID, type, exchangeKey: String
    var body: Claim
}

/// An exchange with its tracked state (`exchange`).
struct ExchangeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "exchange"
    /// `<key>-<serial>`.
    var id, key: String
    /// Counts the exchanges opened on the key.
    var serial: Int
    var parties: [String]
    var kind, status: String
    var state: TrackedExchange
    /// When its expectation last changed (the changing report's time).
    var lastChanged: String?
}

/// A report in an exchange's history, with what it claimed and changed there (`exchangeReport`).
struct ExchangeReportRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "exchangeReport"
    var id: Int64?
    var exchangeID, reportID: String
    /// What the report did to the exchange: opened, changed, restated, corroboration…
    var effect: String
    var claims: [Claim]
    var changes: [ExpectationChange]
}

/// One change of an expected value (`expectationHistory`).
struct HistoryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "expectationHistory"
    var id: Int64?
    var exchangeID, field, reportID: String
    /// The outbox event that announced the change.
    var eventSeq: Int
    var changedAt: String
    var before: FieldValue?
    var after: FieldValue
    var evidence: Evidence
}

/// An event to publish, numbered gap-free (`outbox`).
struct OutboxRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox"
    var seq: Int
    var topic, type: String
    var payload: ExpectationChangedEvent
    var createdAt: String
    /// Set once the event went out on the bus.
    var publishedAt: String?
}

/// A report's MinHash sketch (`reportFingerprint`) and its band buckets (`reportBand`), the index
/// reprints are found by (``StoreLedger/reprintCandidates(sharingBucketsWith:within:)`` reads it).
enum FingerprintIndex {
    /// Saves a report's sketch (``TextFingerprint/bytes``) and its buckets, with statements
    /// prepared once: a report with claims inserts twenty rows here.
    static func save(_ fingerprint: TextFingerprint, reportID: String, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO reportFingerprint (reportID, minHashes) VALUES (?, ?)")
            .execute(arguments: [reportID, fingerprint.bytes])
        let band = try db.cachedStatement(sql: "INSERT INTO reportBand (bucket, reportID) VALUES (?, ?)")
        for bucket in Set(fingerprint.bandBuckets) { try band.execute(arguments: [bucket, reportID]) }
    }
}

/// A report whose reading crashed workers (`extractionAttempt`): with `quarantinedAt`, kept aside,
/// with the report itself and why; without, released from quarantine and not stored yet (its
/// next reading runs isolated). Readings under way are not written down (``ClaimStore``).
struct AttemptRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "extractionAttempt"
    var reportID, contentHash, startedAt: String
    /// How many attempts, by which workers, in order.
    var attempts: Int
    var workers: [String]
    var quarantinedAt, reason: String?
    var report: Report?

    /// The quarantine entry `swapwatch quarantine` lists, for a quarantined report.
    var entry: QuarantineEntry? {
        guard let report, let quarantinedAt else { return nil }
        return QuarantineEntry(report: report.ref, reason: reason ?? "", attempts: attempts, quarantinedAt: quarantinedAt)
    }
}
