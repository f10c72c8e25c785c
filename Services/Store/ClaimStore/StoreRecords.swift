import ExpectationRules
import Foundation
import GRDB
import ReportText
import SwapWatchMessages

// One record type per table of the claim store, but for the fingerprint index, written with
// statements of its own. Values that are not plain columns (claims, changes, exchange state,
// events) are Codable JSON columns. What every report writes goes through `PreparedInsertion`.

/// A stored report (`report`).
struct ReportRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
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
}

/// One claim a report made (`claim`).
struct ClaimRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
    static let databaseTableName = "claim"
    var id: Int64?
    var reportID, type, exchangeKey: String
    var body: Claim
}

/// An exchange with its tracked state (`exchange`).
struct ExchangeRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
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
struct ExchangeReportRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
    static let databaseTableName = "exchangeReport"
    var id: Int64?
    var exchangeID, reportID: String
    /// What the report did to the exchange: opened, changed, restated, corroboration…
    var effect: String
    var claims: [Claim]
    var changes: [ExpectationChange]
}

/// One change of an expected value (`expectationHistory`).
struct HistoryRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
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
struct OutboxRecord: Codable, FetchableRecord, PersistableRecord, PreparedInsertion {
    static let databaseTableName = "outbox"
    var seq: Int
    var topic, type: String
    var payload: ExpectationChangedEvent
    var createdAt: String
    /// Set once the event went out on the bus.
    var publishedAt: String?
}

/// A record inserted through a statement prepared once per connection (`cachedStatement`), its
/// columns written out, and its JSON columns encoded with one encoder per record. GRDB's generic
/// `insert` builds its statement, encodes the record through `Encodable`, and makes an encoder
/// per JSON column, for every row.
protocol PreparedInsertion {
    /// The `INSERT` statement, with a `?` per argument.
    static var insertion: String { get }
    /// The statement's arguments, in order; `json` encodes a JSON column's value.
    func insertionArguments(json: JSONColumns) throws -> StatementArguments
}

extension PreparedInsertion {
    /// Inserts the record (or, for a statement that says so, updates it).
    func insertPrepared(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertion).execute(arguments: insertionArguments(json: JSONColumns()))
    }
}

/// Values of JSON columns, as GRDB writes them for a Codable record: text, keys sorted (none of
/// these values holds a `Date` or `Data`, the only types GRDB's encoder treats otherwise).
struct JSONColumns {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    func callAsFunction(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A JSON column's value read back on its own, without the rest of its row (GRDB reads the
    /// text as `Data`).
    func decode<Value: Decodable>(_ type: Value.Type, from json: Data) throws -> Value {
        try JSONDecoder().decode(type, from: json)
    }
}

extension ReportRecord {
    static let insertion = """
        INSERT INTO report (id, contentHash, published, received, outlet, url, title, language, text, extractorVersion, worker, status,
            corroborates, claimsSignature, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertionArguments(json: JSONColumns) -> StatementArguments {
        [
            id, contentHash, published, received, outlet, url, title, language, text, extractorVersion, worker, status, corroborates,
            claimsSignature, day,
        ]
    }
}

extension ClaimRecord {
    static let insertion = "INSERT INTO claim (reportID, type, exchangeKey, body) VALUES (?, ?, ?, ?)"

    func insertionArguments(json: JSONColumns) throws -> StatementArguments {
        [reportID, type, exchangeKey, try json(body)]
    }
}

extension ExchangeRecord {
    /// An insert that updates the exchange when it is there already; `lastChanged` stays as it
    /// was unless this one sets it.
    static let insertion = """
        INSERT INTO exchange (id, key, serial, parties, kind, status, state, lastChanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET key = excluded.key, serial = excluded.serial, parties = excluded.parties, kind = excluded.kind,
            status = excluded.status, state = excluded.state, lastChanged = coalesce(excluded.lastChanged, exchange.lastChanged)
        """

    func insertionArguments(json: JSONColumns) throws -> StatementArguments {
        [id, key, serial, try json(parties), kind, status, try json(state), lastChanged]
    }
}

extension ExchangeReportRecord {
    static let insertion = "INSERT INTO exchangeReport (exchangeID, reportID, effect, claims, changes) VALUES (?, ?, ?, ?, ?)"

    func insertionArguments(json: JSONColumns) throws -> StatementArguments {
        [exchangeID, reportID, effect, try json(claims), try json(changes)]
    }
}

extension HistoryRecord {
    static let insertion = """
        INSERT INTO expectationHistory (exchangeID, field, reportID, eventSeq, changedAt, before, after, evidence)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertionArguments(json: JSONColumns) throws -> StatementArguments {
        [exchangeID, field, reportID, eventSeq, changedAt, try before.map { try json($0) }, try json(after), try json(evidence)]
    }
}

extension OutboxRecord {
    static let insertion = "INSERT INTO outbox (seq, topic, type, payload, createdAt, publishedAt) VALUES (?, ?, ?, ?, ?, ?)"

    func insertionArguments(json: JSONColumns) throws -> StatementArguments {
        [seq, topic, type, try json(payload), createdAt, publishedAt]
    }
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
