import ExpectationRules
import Foundation
import GRDB
import ReportText
import SwapWatchMessages

/// The claim store's ``AdmissionLedger``: the store's tables, inside the write transaction of one
/// report. Recording a stored report saves the exchanges it touched, their history and the
/// outbox events of its changes. The queries every report runs are prepared once per connection
/// (`cachedStatement`): compiling SQL was most of the store's time per report.
struct StoreLedger: AdmissionLedger {
    let db: Database
    let extractorVersion: String
    let worker: String?
    /// The commit time written with history and events.
    let now: String

    func reportID(id: String, contentHash: String) throws -> String? {
        try Self.reportID(id: id, contentHash: contentHash, db)
    }

    /// The id of the stored report with this id or this content, if there is one.
    static func reportID(id: String, contentHash: String, _ db: Database) throws -> String? {
        let statement = try db.cachedStatement(
            sql: "SELECT id FROM report WHERE id = ? UNION ALL SELECT id FROM report WHERE contentHash = ? LIMIT 1")
        return try String.fetchOne(statement, arguments: [id, contentHash])
    }

    func storedReportID(day: Day, claimsSignature: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: Self.storedReportIDQuery), arguments: [day.description, claimsSignature])
    }

    /// The first report stored on a day with a claims signature. `claimsSignature != ''` lets
    /// SQLite use the index by day and signature, which holds reports with claims only.
    static let storedReportIDQuery =
        "SELECT id FROM report WHERE day = ? AND claimsSignature = ? AND claimsSignature != '' AND status = 'stored' ORDER BY number LIMIT 1"

    func reprintCandidates(sharingBucketsWith fingerprint: TextFingerprint, within window: ClosedRange<Day>) throws -> [ReprintCandidate] {
        let buckets = fingerprint.bandBuckets
        // Every fingerprint has `bandCount` buckets: one statement serves them all.
        let statement = try db.cachedStatement(
            sql: """
                SELECT r.id, r.corroborates, f.minHashes FROM report r JOIN reportFingerprint f ON f.reportID = r.id
                WHERE r.id IN (SELECT reportID FROM reportBand WHERE bucket IN (\(databaseQuestionMarks(count: buckets.count))))
                    AND r.day BETWEEN ? AND ?
                """)
        return try Row.fetchAll(statement, arguments: StatementArguments(buckets + [window.lowerBound.description, window.upperBound.description]))
            .compactMap { row in
                TextFingerprint(bytes: row["minHashes"]).map { ReprintCandidate(id: row["id"], original: row["corroborates"], fingerprint: $0) }
            }
    }

    func normalizedText(ofReport id: String) throws -> String {
        ContentHash.normalized(try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM report WHERE id = ?"), arguments: [id]) ?? "")
    }

    func book(for keys: Set<ExchangeKey>) throws -> ExpectationBook {
        var book = ExpectationBook()
        let json = JSONColumns()
        let open = try db.cachedStatement(sql: "SELECT state FROM exchange WHERE key = ? AND status != 'closed' ORDER BY serial DESC LIMIT 1")
        let closed = try db.cachedStatement(sql: "SELECT state FROM exchange WHERE key = ? AND status = 'closed' ORDER BY serial DESC LIMIT 1")
        let serial = try db.cachedStatement(sql: "SELECT max(serial) FROM exchange WHERE key = ?")
        for key in keys {
            book.open[key] = try Data.fetchOne(open, arguments: [key.slug]).map { try json.decode(TrackedExchange.self, from: $0) }
            book.lastClosed[key] = try Data.fetchOne(closed, arguments: [key.slug]).map { try json.decode(TrackedExchange.self, from: $0) }
            book.serials[key] = try Int.fetchOne(serial, arguments: [key.slug]) ?? 0
        }
        return book
    }

    func record(_ admitted: AdmittedReport) throws {
        let report = admitted.report
        let corroborates = admitted.admission.status == .corroboration ? admitted.admission.existingReportID : nil
        try ReportRecord(
            id: report.id, contentHash: admitted.contentHash, published: report.published, received: report.received, outlet: report.outlet,
            url: report.url, title: report.title, language: report.language, text: report.text, extractorVersion: extractorVersion,
            worker: worker, status: corroborates == nil ? "stored" : "corroboration", corroborates: corroborates,
            claimsSignature: admitted.claimsSignature, day: admitted.day.description
        ).insertPrepared(db)
        for claim in admitted.claims {
            try ClaimRecord(reportID: report.id, type: claim.type.rawValue, exchangeKey: claim.exchange.slug, body: claim).insertPrepared(db)
        }
        if let fingerprint = admitted.fingerprint { try FingerprintIndex.save(fingerprint, reportID: report.id, db) }
        if let corroborates {
            try linkCorroboration(report: report.id, claims: admitted.claims, of: corroborates)
        } else {
            try save(admitted.admission.outcome, of: report)
        }
    }

    /// Lists a reprint, with its claims, in the history of every exchange its original touched.
    private func linkCorroboration(report: String, claims: [Claim], of original: String) throws {
        let exchangeIDs = try ExchangeReportRecord.filter(Column("reportID") == original).select(Column("exchangeID"), as: String.self).fetchSet(db)
        for exchange in try ExchangeRecord.fetchAll(db, keys: exchangeIDs) {
            try ExchangeReportRecord(
                exchangeID: exchange.id, reportID: report, effect: "corroboration", claims: claims.filter { $0.exchange.slug == exchange.key },
                changes: []
            ).insertPrepared(db)
        }
    }

    /// Saves the exchanges a report touched, its entries in their history, and an outbox event
    /// and a history row per change.
    private func save(_ outcome: ReportOutcome, of report: Report) throws {
        var nextSeq = (try Int.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM outbox")) ?? 0) + 1
        for touched in outcome.touched {
            let exchange = touched.exchange
            try ExchangeRecord(
                id: exchange.ref.id, key: exchange.ref.key.slug, serial: Int(exchange.ref.id.split(separator: "-").last ?? "") ?? 0,
                parties: exchange.ref.parties,
                kind: exchange.ref.kind.rawValue, status: exchange.status.rawValue, state: exchange,
                lastChanged: touched.changes.isEmpty ? nil : (report.published ?? report.received)
            ).insertPrepared(db)
            try ExchangeReportRecord(
                exchangeID: exchange.ref.id, reportID: report.id, effect: touched.effect, claims: touched.claims, changes: touched.changes
            ).insertPrepared(db)
        }
        for change in outcome.changes {
            let event = ExpectationChangedEvent(seq: nextSeq, change: change, report: report.ref, committedAt: now)
            try OutboxRecord(
                seq: nextSeq, topic: Topics.expectationChanged(exchangeID: change.exchange.id), type: ExpectationChangedEvent.messageType,
                payload: event, createdAt: now
            ).insertPrepared(db)
            try HistoryRecord(
                exchangeID: change.exchange.id, field: change.field.rawValue, reportID: report.id, eventSeq: nextSeq, changedAt: now,
                before: change.before, after: change.after, evidence: change.evidence
            ).insertPrepared(db)
            nextSeq += 1
        }
    }
}
