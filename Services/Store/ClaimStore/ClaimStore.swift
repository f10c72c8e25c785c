import ExpectationRules
import Foundation
import GRDB
import ReportText
import ServiceDatabase
import ServiceSupport
import SwapWatchMessages

/// The system of record: commits reports with their claims, applies the expectation rules, and
/// writes the resulting events to the outbox, all in one transaction. It owns its SQLite database
/// (``ServiceDatabase``: a WAL file, or memory for tests) and checkpoints it when closed.
public final class ClaimStore: ServiceResource {
    public let database: ServiceDatabase

    /// Opens (and migrates) the database at `location`.
    public init(_ location: ServiceDatabase.Location) throws {
        database = try ServiceDatabase(location, migrator: Self.migrator)
    }

    public func close() throws { try database.close() }

    /// Stores a report once, through ``ReportAdmission`` (the same admission `swapwatch replay`
    /// runs): a known id or known content is a duplicate (nothing written); a reprint by
    /// `ReprintRule` is kept as a corroboration of the original and applies no rules; otherwise the
    /// expectation rules run and their events go to the outbox, all in one transaction.
    public func store(_ request: StoreReport) throws -> SubmitResult {
        do {
            return try database.writer.write { db in
                var ledger = StoreLedger(db: db, extractorVersion: request.extractorVersion, worker: request.worker, now: Timestamp.format(Date()))
                let admission = try ReportAdmission.admit(request.report, claims: request.claims, into: &ledger)
                _ = try AttemptRecord.deleteOne(db, key: request.report.id)
                return SubmitResult(
                    reportID: request.report.id, status: admission.status, existingReportID: admission.existingReportID,
                    claims: request.claims, changes: admission.outcome.changes)
            }
        } catch let error as ReportError {
            throw ErrorReply(error)
        }
    }

    // MARK: Quarantine

    /// Records that a worker is about to read a report, and says how it should: not at all (the
    /// report is stored or quarantined already), in an isolated process (an earlier attempt never
    /// finished: its worker may have died of this report), or as usual.
    public func beginExtraction(_ request: BeginExtraction) throws -> ExtractionPlan {
        try database.writer.write { db in
            if let stored = try ReportRecord.filter(Column("id") == request.reportID || Column("contentHash") == request.contentHash).fetchOne(db) {
                return ExtractionPlan(decision: .duplicate, existingReportID: stored.id)
            }
            if let kept = try QuarantineRecord.filter(Column("reportID") == request.reportID || Column("contentHash") == request.contentHash)
                .fetchOne(db)
            {
                return ExtractionPlan(decision: .quarantined, existingReportID: kept.reportID, reason: kept.reason)
            }
            var attempt =
                try AttemptRecord.fetchOne(db, key: request.reportID)
                ?? AttemptRecord(reportID: request.reportID, contentHash: request.contentHash, attempts: 0, workers: [], startedAt: "")
            let unfinished = attempt.attempts > 0
            attempt.attempts += 1
            attempt.workers.append(request.worker)
            attempt.startedAt = Timestamp.format(Date())
            try attempt.save(db)
            return ExtractionPlan(decision: unfinished ? .isolate : .proceed)
        }
    }

    /// Keeps a report aside: its isolated reading crashed too.
    public func quarantine(_ request: QuarantineReport) throws -> SubmitResult {
        try request.report.checkLimits()
        return try database.writer.write { db in
            let attempts = try AttemptRecord.fetchOne(db, key: request.report.id)?.attempts ?? 1
            try QuarantineRecord(
                reportID: request.report.id, contentHash: ContentHash.of(ContentHash.normalized(request.report.text)), report: request.report,
                reason: request.reason, attempts: attempts, quarantinedAt: Timestamp.format(Date())
            ).save(db)
            _ = try AttemptRecord.deleteOne(db, key: request.report.id)
            return SubmitResult(reportID: request.report.id, status: .quarantined, claims: [], changes: [], reason: request.reason)
        }
    }

    /// The quarantined reports, oldest first.
    public func quarantined(_ query: QuarantineQuery) throws -> QuarantineReply {
        try database.writer.read { db in
            let kept = try QuarantineRecord.order(Column("quarantinedAt")).fetchAll(db)
            return QuarantineReply(
                entries: kept.map {
                    QuarantineEntry(report: $0.report.ref, reason: $0.reason, attempts: $0.attempts, quarantinedAt: $0.quarantinedAt)
                })
        }
    }

    /// Takes a report out of quarantine and returns it, for the client to submit again. Its next
    /// reading runs isolated, so if it still crashes no worker dies of it.
    public func release(_ request: ReleaseQuarantine) throws -> ReleasedReport {
        try database.writer.write { db in
            guard let kept = try QuarantineRecord.fetchOne(db, key: request.reportID) else {
                throw ErrorReply(code: "not-quarantined", message: "no quarantined report with id \"\(request.reportID)\"")
            }
            _ = try kept.delete(db)
            try AttemptRecord(
                reportID: kept.reportID, contentHash: kept.contentHash, attempts: kept.attempts, workers: ["released"],
                startedAt: Timestamp.format(Date())
            ).save(db)
            return ReleasedReport(report: kept.report)
        }
    }

    // MARK: Outbox

    /// Events not yet published, oldest first.
    public func unpublishedEvents(limit: Int = 500) throws -> [ExpectationChangedEvent] {
        try database.writer.read { db in
            try OutboxRecord.filter(Column("publishedAt") == nil).order(Column("seq")).limit(limit).fetchAll(db).map(\.payload)
        }
    }

    public func markPublished(through seq: Int) throws {
        let now = Timestamp.format(Date())
        try database.writer.write { db in
            _ = try OutboxRecord.filter(Column("seq") <= seq && Column("publishedAt") == nil).updateAll(db, Column("publishedAt").set(to: now))
        }
    }

    /// Events after `query.after`, oldest first: at most `query.limit` (5,000 at most), and no
    /// more than fit in `pageBytes`; the notifier asks again until it has `lastSeq`.
    public func events(_ query: EventsQuery, pageBytes: Int = MessageLimits.replyPage) throws -> EventsReply {
        try database.writer.read { db in
            let events = try OutboxRecord.filter(Column("seq") > query.after).order(Column("seq")).limit(max(0, min(query.limit, 5000))).fetchAll(db)
            let last = try OutboxRecord.select(max(Column("seq")), as: Int.self).fetchOne(db) ?? 0
            return EventsReply(events: MessageLimits.page(events.map(\.payload), within: pageBytes), lastSeq: last)
        }
    }

    // MARK: Queries

    public func exchanges(_ query: ExchangesQuery) throws -> ExchangesReply {
        try database.writer.read { db in
            let exchanges = ExchangeRecord.order(Column("key"), Column("serial"))
            let listed = try (query.includeClosed ? exchanges : exchanges.filter(Column("status") != "closed")).fetchAll(db)
            return ExchangesReply(exchanges: try listed.map { try Self.summary(db, $0) })
        }
    }

    public func history(_ query: HistoryQuery) throws -> HistoryReply {
        try database.writer.read { db in
            guard let exchange = try ExchangeRecord.fetchOne(db, key: query.exchangeID) else {
                throw ErrorReply(code: "unknown-exchange", message: "no exchange with id \"\(query.exchangeID)\"")
            }
            let summary = try Self.summary(db, exchange)
            let rows = try ExchangeReportRecord.filter(Column("exchangeID") == query.exchangeID).order(Column("id")).fetchAll(db)
            let reports = try ReportRecord.filter(Set(rows.map(\.reportID)).contains(Column("id"))).fetchAll(db)
            let byID = Dictionary(reports.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let entries = rows.compactMap { row in
                byID[row.reportID].map { report in
                    HistoryEntry(
                        report: ReportRef(id: report.id, url: report.url, outlet: report.outlet, published: report.published, title: report.title),
                        claims: row.claims, changes: row.changes, effect: row.effect, corroborates: report.corroborates)
                }
            }
            return HistoryReply(exchange: summary, entries: entries)
        }
    }

    private static func summary(_ db: Database, _ exchange: ExchangeRecord) throws -> ExchangeSummary {
        let state = exchange.state
        let supporting = try ExchangeReportRecord.filter(Column("exchangeID") == exchange.id).select(Column("reportID")).distinct().fetchCount(db)
        return ExchangeSummary(
            exchange: state.ref, status: state.status, size: state.size, date: state.date, lastChanged: exchange.lastChanged,
            supportingReports: supporting, stages: state.stages)
    }
}
