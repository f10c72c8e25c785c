import ExpectationRules
import GRDB
import ReportText
import SwapWatchMessages

/// The claim store's ``AdmissionLedger``: the store's tables, inside the write transaction of one
/// report. Recording a stored report saves the exchanges it touched, their history and the
/// outbox events of its changes.
struct StoreLedger: AdmissionLedger {
    let db: Database
    let extractorVersion: String
    let worker: String?
    /// The commit time written with history and events.
    let now: String

    func reportID(id: String, contentHash: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM report WHERE id = ? OR contentHash = ?", arguments: [id, contentHash])
    }

    func storedReportID(day: Day, claimsSignature: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT id FROM report WHERE day = ? AND claimsSignature = ? AND status = 'stored' ORDER BY number LIMIT 1",
            arguments: [day.description, claimsSignature])
    }

    func reprintCandidates(sharingBucketsWith fingerprint: TextFingerprint, within window: ClosedRange<Day>) throws -> [ReprintCandidate] {
        let buckets = fingerprint.bandBuckets
        return try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.corroborates, f.minHashes FROM report r JOIN reportFingerprint f ON f.reportID = r.id
                WHERE r.id IN (SELECT reportID FROM reportBand WHERE bucket IN (\(databaseQuestionMarks(count: buckets.count))))
                    AND r.day BETWEEN ? AND ?
                """,
            arguments: StatementArguments(buckets + [window.lowerBound.description, window.upperBound.description])
        ).compactMap { row in
            TextFingerprint(bytes: row["minHashes"]).map { ReprintCandidate(id: row["id"], original: row["corroborates"], fingerprint: $0) }
        }
    }

    func normalizedText(ofReport id: String) throws -> String {
        ContentHash.normalized(try String.fetchOne(db, sql: "SELECT text FROM report WHERE id = ?", arguments: [id]) ?? "")
    }

    func book(for keys: Set<ExchangeKey>) throws -> ExpectationBook {
        var book = ExpectationBook()
        for key in keys {
            let slug = key.slug
            if let state = try String.fetchOne(
                db, sql: "SELECT state FROM exchange WHERE key = ? AND status != 'closed' ORDER BY serial DESC LIMIT 1", arguments: [slug])
            {
                book.open[key] = try JSONColumn.decode(TrackedExchange.self, state)
            }
            if let state = try String.fetchOne(
                db, sql: "SELECT state FROM exchange WHERE key = ? AND status = 'closed' ORDER BY serial DESC LIMIT 1", arguments: [slug])
            {
                book.lastClosed[key] = try JSONColumn.decode(TrackedExchange.self, state)
            }
            book.serials[key] = try Int.fetchOne(db, sql: "SELECT MAX(serial) FROM exchange WHERE key = ?", arguments: [slug]) ?? 0
        }
        return book
    }

    func record(_ admitted: AdmittedReport) throws {
        let report = admitted.report
        let corroborates = admitted.admission.status == .corroboration ? admitted.admission.existingReportID : nil
        try db.execute(
            sql: """
                INSERT INTO report (id, contentHash, published, received, outlet, url, title, language, text,
                    extractorVersion, worker, status, corroborates, claimsSignature, day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                report.id, admitted.contentHash, report.published, report.received, report.outlet, report.url, report.title,
                report.language, report.text, extractorVersion, worker, corroborates == nil ? "stored" : "corroboration",
                corroborates, admitted.claimsSignature, admitted.day.description,
            ])
        for claim in admitted.claims {
            try db.execute(
                sql: "INSERT INTO claim (reportID, type, exchangeKey, body) VALUES (?, ?, ?, ?)",
                arguments: [report.id, claim.type.rawValue, claim.exchange.slug, JSONColumn.encode(claim)])
        }
        if let fingerprint = admitted.fingerprint { try StoreDatabase.saveFingerprint(db, fingerprint, reportID: report.id) }
        if let corroborates {
            try linkCorroboration(report: report.id, claims: admitted.claims, of: corroborates)
        } else {
            try save(admitted.admission.outcome, of: report)
        }
    }

    /// Lists a reprint, with its claims, in the history of every exchange its original touched.
    private func linkCorroboration(report: String, claims: [Claim], of original: String) throws {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT DISTINCT e.id, e.key FROM exchangeReport er JOIN exchange e ON e.id = er.exchangeID WHERE er.reportID = ?",
            arguments: [original])
        for row in rows {
            let key: String = row["key"]
            try db.execute(
                sql: "INSERT INTO exchangeReport (exchangeID, reportID, effect, claims, changes) VALUES (?, ?, 'corroboration', ?, '[]')",
                arguments: [row["id"] as String, report, JSONColumn.encode(claims.filter { $0.exchange.slug == key })])
        }
    }

    /// Saves the exchanges a report touched, its entries in their history, and an outbox event
    /// and a history row per change.
    private func save(_ outcome: ReportOutcome, of report: Report) throws {
        var nextSeq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox") ?? 0) + 1
        for touched in outcome.touched {
            let exchange = touched.exchange
            try db.execute(
                sql: """
                    INSERT INTO exchange (id, key, serial, parties, kind, status, state, lastChanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, state = excluded.state,
                        lastChanged = COALESCE(excluded.lastChanged, exchange.lastChanged)
                    """,
                arguments: [
                    exchange.ref.id, exchange.ref.key.slug, Int(exchange.ref.id.split(separator: "-").last ?? "0") ?? 0,
                    JSONColumn.encode(exchange.ref.parties), exchange.ref.kind.rawValue, exchange.status.rawValue,
                    JSONColumn.encode(exchange), touched.changes.isEmpty ? nil : (report.published ?? report.received),
                ])
            try db.execute(
                sql: "INSERT INTO exchangeReport (exchangeID, reportID, effect, claims, changes) VALUES (?, ?, ?, ?, ?)",
                arguments: [exchange.ref.id, report.id, touched.effect, JSONColumn.encode(touched.claims), JSONColumn.encode(touched.changes)])
        }
        for change in outcome.changes {
            let event = ExpectationChangedEvent(seq: nextSeq, change: change, report: report.ref, committedAt: now)
            try db.execute(
                sql: "INSERT INTO outbox (seq, topic, type, payload, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    nextSeq, Topics.expectationChanged(exchangeID: change.exchange.id), ExpectationChangedEvent.messageType,
                    JSONColumn.encode(event), now,
                ])
            try db.execute(
                sql: """
                    INSERT INTO expectationHistory (exchangeID, field, before, after, reportID, evidence, eventSeq, changedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    change.exchange.id, change.field.rawValue, change.before.map(JSONColumn.encode), JSONColumn.encode(change.after),
                    report.id, JSONColumn.encode(change.evidence), nextSeq, now,
                ])
            nextSeq += 1
        }
    }
}
