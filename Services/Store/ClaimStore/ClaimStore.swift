import ExpectationRules
import Foundation
import GRDB
import ReportText
import ServiceDatabase
import ServiceSupport
import SwapWatchMessages
import Synchronization

/// The system of record: commits reports with their claims, applies the expectation rules, and
/// writes the resulting events to the outbox, all in one transaction. It owns its SQLite database
/// (``ServiceDatabase``: a WAL file, or memory for tests) and checkpoints it when closed.
public final class ClaimStore: ServiceResource {
    public let database: ServiceDatabase
    /// The readings begun while this process ran and not ended. An unfinished reading is the sign
    /// that a report may kill workers; one cut short by the store's own restart is forgotten with
    /// the process, as it is no such sign. Kept in memory, a reading costs the database nothing.
    private let readings = Mutex(Readings())

    /// Opens (and migrates) the database at `location`.
    public init(_ location: ServiceDatabase.Location) throws {
        // Synced: a report acknowledged to a client must outlast a power cut. Requests are
        // committed in batches (``ClaimStoreService``), so a sync serves many.
        database = try ServiceDatabase(location, migrator: Self.migrator, durability: .synced)
    }

    public func close() throws { try database.close() }

    /// Stores a report once, through ``ReportAdmission`` (the same admission `swapwatch replay`
    /// runs): a known id or known content is a duplicate (nothing written); a reprint by
    /// `ReprintRule` is kept as a corroboration of the original and applies no rules; otherwise the
    /// expectation rules run and their events go to the outbox, all in one transaction. A request
    /// with a quarantine reason keeps the report aside instead.
    public func store(_ request: StoreReport) throws -> SubmitResult {
        try database.writer.write { try store(request, in: $0) }
    }

    /// ``store(_:)`` within a transaction the caller commits (see ``ClaimStoreService``'s batches).
    public func store(_ request: StoreReport, in db: Database) throws -> SubmitResult {
        if let reason = request.quarantineReason { return try quarantine(request, reason: reason, in: db) }
        do {
            var ledger = StoreLedger(db: db, extractorVersion: request.extractorVersion, worker: request.worker, now: Timestamp.format(Date()))
            let fingerprint = try request.fingerprint.map { bytes in
                guard let fingerprint = TextFingerprint(bytes: bytes) else {
                    throw ErrorReply(
                        code: "invalid-fingerprint", message: "a fingerprint holds \(TextFingerprint.hashCount * 8) bytes, not \(bytes.count)")
                }
                return fingerprint
            }
            let admission = try ReportAdmission.admit(
                request.report, claims: request.claims, contentHash: request.contentHash, fingerprint: fingerprint, into: &ledger)
            try db.cachedStatement(sql: "DELETE FROM extractionAttempt WHERE reportID = ?").execute(arguments: [request.report.id])
            readingEnded(request.report.id)
            // The claims go back to the worker that sent them no more: it puts them in its answer.
            return SubmitResult(
                reportID: request.report.id, status: admission.status, existingReportID: admission.existingReportID, claims: [],
                changes: admission.outcome.changes)
        } catch let error as ReportError {
            throw ErrorReply(error)
        }
    }

    /// Stores the reports of one submission in order, each in a savepoint of its own: one
    /// refused (an invalid report) leaves the others' work, and its outcome says why.
    public func store(_ batch: StoreReports, in db: Database) throws -> SubmitResults {
        SubmitResults(
            outcomes: try batch.items.map { item in
                do {
                    var result: SubmitResult?
                    try db.inSavepoint {
                        result = try store(item, in: db)
                        return .commit
                    }
                    return SubmitOutcome(result!)
                } catch let error as any ReplyError {
                    return SubmitOutcome(error: ErrorReply(error))
                }
            })
    }

    // MARK: Quarantine

    /// ``beginExtraction(_:in:)`` for each report of one submission, in order. A report the
    /// submission already named (by id or content) is read as usual: it is no earlier attempt, and
    /// its ``StoreReport`` will find it a duplicate of the first.
    public func beginExtractions(_ batch: BeginExtractions, in db: Database) throws -> ExtractionPlans {
        var ids = Set<String>()
        var hashes = Set<String>()
        return ExtractionPlans(
            plans: try batch.items.map { item in
                guard ids.insert(item.reportID).inserted, hashes.insert(item.contentHash).inserted else { return ExtractionPlan(.proceed) }
                return try beginExtraction(item, in: db)
            })
    }

    /// Notes that a worker is about to read a report, and says how it should: not at all (the
    /// store already has a verdict: the report is stored, or quarantined), in an isolated process
    /// (an earlier attempt never finished: its worker may have died of this report; or the report
    /// was released from quarantine), or as usual.
    ///
    /// An attempt begun before the store last started is no such sign: the store's restart cut it
    /// short (its outcome could not be stored), so it is read as usual. A poison report whose
    /// worker died just as the store restarted thus costs one more worker, never more.
    public func beginExtraction(_ request: BeginExtraction) throws -> ExtractionPlan {
        try database.writer.read { try beginExtraction(request, in: $0) }
    }

    /// ``beginExtraction(_:)`` within a transaction the caller holds; it only reads the database.
    public func beginExtraction(_ request: BeginExtraction, in db: Database) throws -> ExtractionPlan {
        if let stored = try StoreLedger.reportID(id: request.reportID, contentHash: request.contentHash, db) {
            return ExtractionPlan(
                .answered, verdict: SubmitResult(reportID: request.reportID, status: .duplicate, existingReportID: stored, claims: [], changes: []))
        }
        let kept = try AttemptRecord.fetchOne(
            db.cachedStatement(
                sql: "SELECT * FROM extractionAttempt WHERE reportID = ? UNION ALL SELECT * FROM extractionAttempt WHERE contentHash = ? LIMIT 1"),
            arguments: [request.reportID, request.contentHash])
        if let kept, kept.quarantinedAt != nil {
            let verdict = SubmitResult(
                reportID: request.reportID, status: .quarantined, existingReportID: kept.reportID, claims: [], changes: [], reason: kept.reason)
            return ExtractionPlan(.answered, verdict: verdict)
        }
        let unfinished = readings.withLock { $0.begin(request, at: Timestamp.format(Date())) }
        // A report kept but not quarantined was released from quarantine.
        return ExtractionPlan(unfinished || kept != nil ? .isolate : .proceed)
    }

    /// Notes that the reading of `reportID` ended (its ``StoreReport`` came) though its turn to be
    /// stored may not have come: a reading begun again meanwhile (the same report sent twice) is
    /// no sign that the report kills workers.
    public func readingEnded(_ reportID: String) {
        _ = readings.withLock { $0.end(reportID) }
    }

    /// The readings under way, by report id, and by content (a report sent again under another id).
    private struct Readings {
        struct Reading {
            var contentHash: String
            var attempts: Int
            /// The workers that began it, in order.
            var workers: [String]
            var startedAt: String
        }

        private var byReport: [String: Reading] = [:]
        private var reportByContent: [String: String] = [:]

        /// Notes a reading begun; whether one of the same report (by id or content) was under way.
        mutating func begin(_ request: BeginExtraction, at time: String) -> Bool {
            if let id = byReport[request.reportID] != nil ? request.reportID : reportByContent[request.contentHash] {
                byReport[id]?.attempts += 1
                byReport[id]?.workers.append(request.worker)
                return true
            }
            byReport[request.reportID] = Reading(contentHash: request.contentHash, attempts: 1, workers: [request.worker], startedAt: time)
            reportByContent[request.contentHash] = request.reportID
            return false
        }

        /// Ends the reading of `reportID`, if one was under way, and returns it.
        mutating func end(_ reportID: String) -> Reading? {
            guard let reading = byReport.removeValue(forKey: reportID) else { return nil }
            if reportByContent[reading.contentHash] == reportID { reportByContent.removeValue(forKey: reading.contentHash) }
            return reading
        }
    }

    /// Keeps a report aside: its isolated reading crashed too. Its entry counts every attempt to
    /// read it, over quarantines and releases.
    private func quarantine(_ request: StoreReport, reason: String, in db: Database) throws -> SubmitResult {
        try request.report.checkLimits()
        let report = request.report
        let reading = readings.withLock { $0.end(report.id) }
        let now = Timestamp.format(Date())
        var attempt =
            try AttemptRecord.fetchOne(db, key: report.id)
            ?? AttemptRecord(
                reportID: report.id, contentHash: reading?.contentHash ?? request.contentHash ?? ContentHash.of(ContentHash.normalized(report.text)),
                startedAt: reading?.startedAt ?? now, attempts: 0, workers: [])
        attempt.attempts += reading?.attempts ?? 1
        attempt.workers += reading?.workers ?? [request.worker]
        (attempt.quarantinedAt, attempt.reason, attempt.report) = (now, reason, report)
        try attempt.save(db)
        return SubmitResult(reportID: report.id, status: .quarantined, claims: [], changes: [], reason: reason)
    }

    /// The quarantined reports, oldest first; with `release`, that report is taken out first and
    /// returned, and its next reading runs isolated (its attempt is kept, with the reason it was
    /// quarantined).
    public func quarantined(_ query: QuarantineQuery) throws -> QuarantineReply {
        try database.writer.write { try quarantined(query, in: $0) }
    }

    /// ``quarantined(_:)`` within a transaction the caller commits.
    public func quarantined(_ query: QuarantineQuery, in db: Database) throws -> QuarantineReply {
        do {
            var released: Report?
            if let id = query.release {
                guard var attempt = try AttemptRecord.fetchOne(db, key: id), attempt.quarantinedAt != nil else {
                    throw ErrorReply(code: "not-quarantined", message: "no quarantined report with id \"\(id)\"")
                }
                released = attempt.report
                (attempt.quarantinedAt, attempt.report) = (nil, nil)
                try attempt.update(db)
            }
            let kept = try AttemptRecord.filter(Column("quarantinedAt") != nil).order(Column("quarantinedAt")).fetchAll(db)
            return QuarantineReply(entries: kept.compactMap(\.entry), released: released)
        }
    }

    // MARK: Outbox

    /// Events not yet published, oldest first: those not marked published, or, with `after`,
    /// those after it (what this process published but has not marked yet).
    public func unpublishedEvents(after: Int? = nil, limit: Int = 500) throws -> [ExpectationChangedEvent] {
        try database.writer.read { try unpublishedEvents(after: after, limit: limit, in: $0) }
    }

    /// ``unpublishedEvents(after:limit:)`` in a transaction the caller holds.
    public func unpublishedEvents(after: Int?, limit: Int, in db: Database) throws -> [ExpectationChangedEvent] {
        let events =
            if let after {
                try OutboxRecord.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"), arguments: [after, limit])
            } else {
                try OutboxRecord.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM outbox WHERE publishedAt IS NULL ORDER BY seq LIMIT ?"), arguments: [limit])
            }
        return events.map(\.payload)
    }

    public func markPublished(through seq: Int) throws {
        try database.writer.write { try markPublished(through: seq, in: $0) }
    }

    /// ``markPublished(through:)`` within a transaction the caller commits.
    public func markPublished(through seq: Int, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE outbox SET publishedAt = ? WHERE seq <= ? AND publishedAt IS NULL")
            .execute(arguments: [Timestamp.format(Date()), seq])
    }

    /// The sequence number of the last event committed (0 for none).
    public func lastEventSeq() throws -> Int {
        try database.writer.read(Self.lastEventSeq)
    }

    private static func lastEventSeq(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM outbox")) ?? 0
    }

    /// Events after `query.after`, oldest first: at most `query.limit` (5,000 at most), and no
    /// more than fit in `pageBytes`; the notifier asks again until it has `lastSeq`.
    public func events(_ query: EventsQuery, pageBytes: Int = MessageLimits.replyPage) throws -> EventsReply {
        try database.writer.read { try events(query, in: $0, pageBytes: pageBytes) }
    }

    /// ``events(_:pageBytes:)`` in a transaction the caller holds.
    public func events(_ query: EventsQuery, in db: Database, pageBytes: Int = MessageLimits.replyPage) throws -> EventsReply {
        do {
            let events = try OutboxRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"),
                arguments: [query.after, max(0, min(query.limit, 5000))])
            let last = try Self.lastEventSeq(db)
            return EventsReply(events: MessageLimits.page(events.map(\.payload), within: pageBytes), lastSeq: last)
        }
    }

    // MARK: Queries

    public func exchanges(_ query: ExchangesQuery) throws -> ExchangesReply {
        try database.writer.read { try exchanges(query, in: $0) }
    }

    /// ``exchanges(_:)`` in a transaction the caller holds.
    public func exchanges(_ query: ExchangesQuery, in db: Database) throws -> ExchangesReply {
        do {
            let exchanges = ExchangeRecord.order(Column("key"), Column("serial"))
            let listed = try (query.includeClosed ? exchanges : exchanges.filter(Column("status") != "closed")).fetchAll(db)
            return ExchangesReply(exchanges: try listed.map { try Self.summary(db, $0) })
        }
    }

    public func history(_ query: HistoryQuery) throws -> HistoryReply {
        try database.writer.read { try history(query, in: $0) }
    }

    /// ``history(_:)`` in a transaction the caller holds.
    public func history(_ query: HistoryQuery, in db: Database) throws -> HistoryReply {
        do {
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
