import ExpectationRules
import Foundation
import GRDB
import ReportText
import SwapWatchMessages

/// The system of record: commits reports with their claims, applies the expectation rules, and
/// writes the resulting events to the outbox, all in one transaction.
public final class ClaimStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) {
        self.database = database
    }

    /// Stores a report once, through ``ReportAdmission`` (the same admission `swapwatch replay`
    /// runs): a known id or known content is a duplicate (nothing written); a reprint by
    /// `ReprintRule` is kept as a corroboration of the original and applies no rules; otherwise the
    /// expectation rules run and their events go to the outbox, all in one transaction.
    public func store(_ request: StoreReport) throws -> SubmitResult {
        do {
            return try database.pool.write { db in
                var ledger = StoreLedger(db: db, extractorVersion: request.extractorVersion, worker: request.worker, now: Timestamp.format(Date()))
                let admission = try ReportAdmission.admit(request.report, claims: request.claims, into: &ledger)
                return SubmitResult(
                    reportID: request.report.id, status: admission.status, existingReportID: admission.existingReportID,
                    claims: request.claims, changes: admission.outcome.changes)
            }
        } catch let error as ReportError {
            throw ErrorReply(error)
        }
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
            let sql =
                query.includeClosed
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
