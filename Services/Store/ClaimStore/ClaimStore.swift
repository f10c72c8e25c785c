import ExpectationRules
import Foundation
import GRDB
import SwapWatchMessages

/// The system of record: commits reports with their claims, applies the expectation rules, and
/// writes the resulting events to the outbox, all in one transaction.
public final class ClaimStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) {
        self.database = database
    }

    /// Stores a report once. A known id or known content is a duplicate (nothing written); a
    /// reprint by `ReprintRule` (same claims on the same day, or near-identical text with every
    /// quote in an earlier report) is kept as a corroboration of the original and applies no rules.
    public func store(_ request: StoreReport) throws -> SubmitResult {
        let report = request.report
        guard report.text.utf8.count <= Report.maximumTextBytes else {
            throw ErrorReply(ReportError.textTooLarge(bytes: report.text.utf8.count, limit: Report.maximumTextBytes))
        }
        guard report.text.contains(where: { !$0.isWhitespace }) else { throw ErrorReply(ReportError.missingText) }
        let normalizedText = ContentHash.normalized(report.text)
        let hash = ContentHash.of(normalizedText)
        let day = Timestamp.day(of: report.referenceTime.date)
        let signature = ClaimSignature.of(request.claims)
        let fingerprint = request.claims.isEmpty ? nil : TextFingerprint(normalizedText: normalizedText)
        let now = Timestamp.format(Date())
        return try database.pool.write { db in
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM report WHERE id = ? OR contentHash = ?", arguments: [report.id, hash]) {
                return SubmitResult(reportID: report.id, status: .duplicate, existingReportID: existing, claims: request.claims, changes: [])
            }
            var corroborates: String?
            if let fingerprint {
                corroborates = try String.fetchOne(
                    db, sql: "SELECT id FROM report WHERE day = ? AND claimsSignature = ? AND status = 'stored' ORDER BY number LIMIT 1",
                    arguments: [day.description, signature])
                if corroborates == nil {
                    corroborates = try Self.reprintedOriginal(db, claims: request.claims, fingerprint: fingerprint, day: day)
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO report (id, contentHash, published, received, outlet, url, title, language, text,
                        extractorVersion, worker, status, corroborates, claimsSignature, day)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report.id, hash, report.published, report.received, report.outlet, report.url, report.title, report.language,
                    report.text, request.extractorVersion, request.worker, corroborates == nil ? "stored" : "corroboration",
                    corroborates, signature, day.description,
                ])
            for claim in request.claims {
                try db.execute(
                    sql: "INSERT INTO claim (reportID, type, exchangeKey, body) VALUES (?, ?, ?, ?)",
                    arguments: [report.id, claim.type.rawValue, claim.exchange.slug, JSONColumn.encode(claim)])
            }
            if let fingerprint { try StoreDatabase.saveFingerprint(db, fingerprint, reportID: report.id) }
            if let corroborates {
                try Self.linkCorroboration(db, report: report.id, claims: request.claims, of: corroborates)
                return SubmitResult(reportID: report.id, status: .corroboration, existingReportID: corroborates, claims: request.claims, changes: [])
            }
            let changes = try Self.applyRules(db, claims: request.claims, report: report, day: day, now: now)
            return SubmitResult(reportID: report.id, status: .stored, claims: request.claims, changes: changes)
        }
    }

    /// The original a report reprints by its near-identical text (`ReprintRule`), among the reports
    /// of the reprint window that share a band bucket with its fingerprint.
    private static func reprintedOriginal(_ db: Database, claims: [Claim], fingerprint: TextFingerprint, day: Day) throws -> String? {
        let buckets = fingerprint.bandBuckets
        let window = ReprintRule.window(around: day)
        let candidates = try Row.fetchAll(
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
        return try ReprintRule.original(of: claims, fingerprint: fingerprint, among: candidates) { candidate in
            ContentHash.normalized(try String.fetchOne(db, sql: "SELECT text FROM report WHERE id = ?", arguments: [candidate.id]) ?? "")
        }
    }

    /// Lists a reprint, with its claims, in the history of every exchange its original touched.
    private static func linkCorroboration(_ db: Database, report: String, claims: [Claim], of original: String) throws {
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

    /// Loads the book for the claims' keys, applies the rules, saves exchanges, history and events.
    private static func applyRules(_ db: Database, claims: [Claim], report: Report, day: Day, now: String) throws -> [ExpectationChange] {
        var book = ExpectationBook()
        for key in Set(claims.map(\.exchange)) {
            let slug = key.slug
            if let state = try String.fetchOne(db, sql: "SELECT state FROM exchange WHERE key = ? AND status != 'closed' ORDER BY serial DESC LIMIT 1", arguments: [slug]) {
                book.open[key] = try JSONColumn.decode(TrackedExchange.self, state)
            }
            if let state = try String.fetchOne(db, sql: "SELECT state FROM exchange WHERE key = ? AND status = 'closed' ORDER BY serial DESC LIMIT 1", arguments: [slug]) {
                book.lastClosed[key] = try JSONColumn.decode(TrackedExchange.self, state)
            }
            book.serials[key] = try Int.fetchOne(db, sql: "SELECT MAX(serial) FROM exchange WHERE key = ?", arguments: [slug]) ?? 0
        }
        let outcome = book.apply(claims, reportID: report.id, day: day)
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
                arguments: [nextSeq, Topics.expectationChanged(exchangeID: change.exchange.id), ExpectationChangedEvent.messageType,
                            JSONColumn.encode(event), now])
            try db.execute(
                sql: """
                    INSERT INTO expectationHistory (exchangeID, field, before, after, reportID, evidence, eventSeq, changedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [change.exchange.id, change.field.rawValue, change.before.map(JSONColumn.encode), JSONColumn.encode(change.after),
                            report.id, JSONColumn.encode(change.evidence), nextSeq, now])
            nextSeq += 1
        }
        return outcome.changes
    }

    // MARK: Outbox

    /// Events not yet published, oldest first.
    public func unpublishedEvents(limit: Int = 500) throws -> [ExpectationChangedEvent] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM outbox WHERE publishedAt IS NULL ORDER BY seq LIMIT ?", arguments: [limit])
                .map { try JSONColumn.decode(ExpectationChangedEvent.self, $0) }
        }
    }

    public func markPublished(through seq: Int) throws {
        let now = Timestamp.format(Date())
        try database.pool.write { db in
            try db.execute(sql: "UPDATE outbox SET publishedAt = ? WHERE seq <= ? AND publishedAt IS NULL", arguments: [now, seq])
        }
    }

    public func events(_ query: EventsQuery) throws -> EventsReply {
        try database.pool.read { db in
            let events = try String.fetchAll(
                db, sql: "SELECT payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [query.after, max(0, min(query.limit, 5000))]
            ).map { try JSONColumn.decode(ExpectationChangedEvent.self, $0) }
            let last = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox") ?? 0
            return EventsReply(events: events, lastSeq: last)
        }
    }

    // MARK: Queries

    public func exchanges(_ query: ExchangesQuery) throws -> ExchangesReply {
        try database.pool.read { db in
            let sql = query.includeClosed
                ? "SELECT id FROM exchange ORDER BY key, serial"
                : "SELECT id FROM exchange WHERE status != 'closed' ORDER BY key, serial"
            return ExchangesReply(exchanges: try String.fetchAll(db, sql: sql).map { try Self.summary(db, id: $0)! })
        }
    }

    public func history(_ query: HistoryQuery) throws -> HistoryReply {
        try database.pool.read { db in
            guard let summary = try Self.summary(db, id: query.exchangeID) else {
                throw ErrorReply(code: "unknown-exchange", message: "no exchange with id \"\(query.exchangeID)\"")
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT er.effect, er.claims, er.changes, r.id, r.url, r.outlet, r.published, r.title, r.corroborates
                    FROM exchangeReport er JOIN report r ON r.id = er.reportID
                    WHERE er.exchangeID = ? ORDER BY er.id
                    """,
                arguments: [query.exchangeID])
            let entries = try rows.map { row in
                HistoryEntry(
                    report: ReportRef(id: row["id"], url: row["url"], outlet: row["outlet"], published: row["published"], title: row["title"]),
                    claims: try JSONColumn.decode([Claim].self, row["claims"]),
                    changes: try JSONColumn.decode([ExpectationChange].self, row["changes"]),
                    effect: row["effect"], corroborates: row["corroborates"])
            }
            return HistoryReply(exchange: summary, entries: entries)
        }
    }

    private static func summary(_ db: Database, id: String) throws -> ExchangeSummary? {
        guard let row = try Row.fetchOne(db, sql: "SELECT state, lastChanged FROM exchange WHERE id = ?", arguments: [id]) else { return nil }
        let state = try JSONColumn.decode(TrackedExchange.self, row["state"])
        let supporting = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT reportID) FROM exchangeReport WHERE exchangeID = ?", arguments: [id]) ?? 0
        return ExchangeSummary(
            exchange: state.ref, status: state.status, size: state.size, date: state.date, lastChanged: row["lastChanged"],
            supportingReports: supporting, stages: state.stages)
    }
}
