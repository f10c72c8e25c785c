import Foundation
import GRDB
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import Synchronization
import ZeroMQ

/// The claim store process: answers requests on its ROUTER socket (one socket thread, one writer
/// thread) and publishes outbox events to the bus, republishing whatever a crash left
/// unpublished. It opens its database when it starts and checkpoints and closes it when it stops,
/// however it stops.
///
/// Requests that wait together are written together (group commit): up to `batchLimit` of them
/// (or `batchBytes`), with the reports they were holding back (``SubmissionOrder``), in one
/// transaction, each in a savepoint of its own so a refused one leaves the others' work, and each
/// answered only once the transaction that holds it is committed. SQLite runs with
/// `synchronous = FULL`, so a commit is on disk before its reports are acknowledged; one commit,
/// and one sync, serves the whole batch. A batch is written on the ``BatchWriter``'s thread while
/// the socket thread takes the next requests, and answers at once what only reads (queries, and
/// the start of a reading), from what is already committed.
public struct ClaimStoreService: SocketService {
    public let settings: StoreSettings
    /// The most requests one transaction answers.
    public static let batchLimit = 256
    /// Requests stop being taken into a transaction once they hold this many bytes, so that a
    /// query never waits long behind one (a request may hold a whole batch of reports).
    public static let batchBytes = 1 << 20

    public init(settings: StoreSettings) { self.settings = settings }

    /// The store over its database file, migrated.
    public func open() throws -> ClaimStore { try ClaimStore(.file(settings.databasePath)) }

    public func serve(_ store: ClaimStore, context: ZMQContext) throws {
        let logger = settings.logger
        let keys = try settings.stackKeys()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setMaximumMessageSize(Int64(MessageLimits.request))
        try router.serve(.store, with: keys)
        try router.bind(settings.requestEndpoint, as: "requests", logger: logger)
        let publisher = try ZMQSocket(context: context, type: .publisher)
        try publisher.connect(settings.publishEndpoint, with: keys?.asClient)
        let responder = Responder(source: "/swapwatch/store", logger: logger)
        let writer = try BatchWriter()
        var poller = Poller()
        poller.add(router)
        poller.add(writer.wakeup)
        // While a whole batch already waits for the writer, requests are left in the socket's
        // queue, which fills and holds back their senders, rather than piling up here.
        var backlogged = Poller()
        backlogged.add(writer.wakeup)
        var order = SubmissionOrder()
        var outbox = OutboxCursor(lastSeq: try store.lastEventSeq())
        var waiters = EventWaiters()
        var writes: [RoutedRequest] = []
        // Stopping lets the batch being written end, then marks what this process published, so
        // that its successor publishes none again.
        defer {
            writer.drain()
            _ = try? outbox.toMark.map(store.markPublished(through:))
        }
        while true {
            var batch: [RoutedRequest] = []
            let timeout = [order.millisecondsToNextDeadline(), waiters.millisecondsToNextDeadline(now: DispatchTime.now().uptimeNanoseconds), 1000]
                .compactMap { $0 }.min()!
            let waitingBytes = writes.reduce(0) { $0 + $1.body.count }
            let ready =
                writes.count >= Self.batchLimit || waitingBytes >= Self.batchBytes
                ? [false] + (try backlogged.poll(timeoutMilliseconds: timeout)) : try poller.poll(timeoutMilliseconds: timeout)
            if ready[0] {
                var (taken, bytes) = (0, 0)
                while taken < Self.batchLimit, bytes < Self.batchBytes,
                    let request = try responder.receive(from: router, decodingWhole: StoreReports.self)
                {
                    // Reports that come to be stored have been read, whether or not their turn has
                    // come: their worker did not die of them.
                    Self.reportsRead(by: request).forEach(store.readingEnded)
                    taken += 1
                    bytes += request.body.count
                    if waiters.hold(request, lastSeq: outbox.lastSeq, now: DispatchTime.now().uptimeNanoseconds) { continue }
                    batch += order.admit(request)
                }
            }
            let overdue = order.overdue()
            if let first = overdue.first {
                logger.notice(
                    "gave up waiting for a gap in a stream of reports",
                    metadata: ["released": "\(overdue.count)", "from": "\(first.header?.sequence ?? "?")"])
            }
            batch += overdue
            // What only reads is answered at once, from what is committed, even while a batch is
            // being written. A submission whose every report the store already has lets those
            // after it go.
            let reads = batch.filter(Self.onlyReads)
            writes += batch.filter { !Self.onlyReads($0) }
            if !reads.isEmpty {
                for (request, reply) in zip(reads, answer(reads, store, responder, marking: &outbox)) {
                    try router.send(request.routing + [reply])
                    writes += order.settled(request, reply: reply)
                }
            }
            if ready[1], let written = writer.finished() {
                for (request, reply) in zip(written.batch, written.replies) {
                    try router.send(request.routing + [reply])
                }
                // Nothing else moves the cursor while a batch is written: it is the batch's copy.
                outbox = written.outbox
            }
            // The outbox is read, and marked when idle, only between batches; a held query whose
            // wait is over is answered meanwhile, from a reader connection.
            // Idle: the wait ran out with nothing to take; a mark of its own then holds up no request.
            let idle = !ready.contains(true) && writes.isEmpty
            let published = writer.isWriting ? [] : try publishOutbox(store, publisher, &outbox, idle: idle)
            for held in waiters.due(lastSeq: outbox.lastSeq, now: DispatchTime.now().uptimeNanoseconds) {
                let reply = responder.reply(to: held.request.body, header: held.request.header) { _, _ in
                    try EventWaiters.reply(to: held.query, published: published, lastSeq: outbox.lastSeq) { try store.events($0) }
                }
                try router.send(held.request.routing + [reply])
            }
            if !writer.isWriting, !writes.isEmpty {
                let next = Self.nextBatch(&writes)
                writer.write { [outbox] in
                    var cursor = outbox
                    let replies = answer(next, store, responder, marking: &cursor)
                    return BatchWriter.Written(batch: next, replies: replies, outbox: cursor)
                }
            }
        }
    }

    /// The requests the next batch takes from those waiting, in order: up to ``batchLimit`` of
    /// them and ``batchBytes`` (at least one).
    static func nextBatch(_ waiting: inout [RoutedRequest]) -> [RoutedRequest] {
        var (count, bytes) = (0, 0)
        while count < waiting.count, count < batchLimit, count == 0 || bytes + waiting[count].body.count <= batchBytes {
            bytes += waiting[count].body.count
            count += 1
        }
        defer { waiting.removeFirst(count) }
        return Array(waiting.prefix(count))
    }

    /// What the store has published of its outbox, and what it has yet to mark published. Marks
    /// ride on the next batch that writes rather than a commit (and a sync) of their own, or have
    /// one when the store's wait for requests runs out; one lost to a crash only means the event
    /// is published again, which subscribers ignore.
    struct OutboxCursor {
        /// The most events read at once.
        static let page = 500
        /// The last event published by this process (nil: none yet, read what is unmarked).
        var published: Int?
        /// Published through this, not yet marked.
        var toMark: Int?
        /// The last event committed.
        var lastSeq = 0
        /// Events committed by the last batch, read in its transaction, to publish.
        var committed: [ExpectationChangedEvent] = []
        /// Whether the outbox may hold events this process has neither published nor holds in
        /// `committed`: at start, and after a full page. Only then is it read on its own.
        var mayHoldNew = true
    }

    /// Writes batches of requests on a thread of its own, one at a time, so that the socket
    /// thread goes on taking requests, and answering those that only read, while a batch is
    /// admitted and synced; ``wakeup`` is signalled when a batch's replies are ready. Used from
    /// the socket thread only.
    final class BatchWriter {
        /// A written batch: its requests and their replies, in order, and the outbox cursor as
        /// the batch left it.
        struct Written: Sendable {
            let batch: [RoutedRequest]
            let replies: [Data]
            let outbox: OutboxCursor
        }

        /// Where the writer's thread leaves a written batch for the socket thread.
        private final class Handoff: Sendable {
            let written = Mutex<Written?>(nil)
        }

        let wakeup: Wakeup
        private let queue = DispatchQueue(label: "claim-store-writer")
        private let done = Handoff()
        /// Whether a batch is being written (or written and not yet taken).
        private(set) var isWriting = false

        init() throws { wakeup = try Wakeup() }

        /// Writes a batch: `write` runs on the writer's thread.
        func write(_ write: @escaping @Sendable () -> Written) {
            precondition(!isWriting, "one batch at a time")
            isWriting = true
            queue.async { [done, wakeup] in
                let written = write()
                done.written.withLock { $0 = written }
                wakeup.signal()
            }
        }

        /// The batch written, once it is; `nil` while it is being written.
        func finished() -> Written? {
            wakeup.clear()
            guard let written = done.written.withLock({ slot in slot.take() }) else { return nil }
            isWriting = false
            return written
        }

        /// Waits for the batch being written, if any.
        func drain() { queue.sync {} }
    }

    /// The reports a worker's ``StoreReports`` says it has read (decoded as it was taken); none for
    /// any other request, and for one from a sender not authenticated as a service, whom the store
    /// will refuse.
    static func reportsRead(by request: RoutedRequest) -> [String] {
        guard let reports = request.payload as? StoreReports, request.user == nil || request.user == StackKeys.Role.service.rawValue
        else { return [] }
        return reports.items.map(\.report.id)
    }

    /// Whether a request only reads the database: an exchanges, history or events query, or the
    /// start of a submission's reading (which notes the readings in memory).
    static func onlyReads(_ request: RoutedRequest) -> Bool {
        guard let type = request.header?.type else { return false }
        return [ExchangesQuery.messageType, HistoryQuery.messageType, EventsQuery.messageType, BeginExtractions.messageType].contains(type)
    }

    /// The replies to a batch of requests, answered in one transaction; if it cannot be
    /// committed, every one is told the store is unavailable (nothing was kept, and the sender may
    /// try again). A batch that only reads is answered in a read transaction, which a batch being
    /// written meanwhile does not hold up (in a WAL `DatabasePool`; an in-memory queue serialises
    /// the two).
    func answer(_ batch: [RoutedRequest], _ store: ClaimStore, _ responder: Responder, marking outbox: inout OutboxCursor) -> [Data] {
        guard !batch.isEmpty else { return [] }
        do {
            // Marks ride on a batch that writes anyway (one that only reads commits nothing, and syncs
            // nothing); the events a batch that writes commits are read in its own transaction.
            let onlyReads = batch.allSatisfy(Self.onlyReads)
            let toMark = onlyReads ? nil : outbox.toMark
            let (mayHoldNew, published) = (outbox.mayHoldNew, outbox.published)
            let transaction = { (db: Database) in
                if let toMark { try store.markPublished(through: toMark, in: db) }
                let requests = routes(store, db)
                let replies = batch.map { request in
                    responder.reply(to: request.body, header: request.header) { header, body in
                        guard !onlyReads else { return try requests.route(header, body, user: request.user, payload: request.payload) }
                        var result: (any MessagePayload)?
                        try db.inSavepoint {
                            result = try requests.route(header, body, user: request.user, payload: request.payload)
                            return .commit
                        }
                        return result!
                    }
                }
                let committed =
                    onlyReads || mayHoldNew ? [] : try store.unpublishedEvents(after: published, limit: OutboxCursor.page, in: db)
                return (replies, committed)
            }
            let (replies, committed) = try onlyReads ? store.database.writer.read(transaction) : store.database.writer.write(transaction)
            if outbox.toMark == toMark { outbox.toMark = nil }
            outbox.committed += committed
            if committed.count == OutboxCursor.page { outbox.mayHoldNew = true }
            return replies
        } catch {
            settings.logger.error("a batch of requests was not committed", metadata: ["requests": "\(batch.count)", "error": "\(error)"])
            let unavailable = ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store could not commit: \(error)")
            return batch.map { request in responder.reply(to: request.body) { _, _ in throw unavailable } }
        }
    }

    /// The requests the store answers, within the transaction `db` of their batch: reports to
    /// store, and queries.
    private func routes(_ store: ClaimStore, _ db: Database) -> MessageRouter {
        var router = MessageRouter(service: "claim store")
        router.on(StoreReports.self, allowed: [.service]) { try store.store($0, in: db) }
        router.on(ExchangesQuery.self) { try store.exchanges($0, in: db) }
        router.on(HistoryQuery.self) { try store.history($0, in: db) }
        router.on(EventsQuery.self, allowed: [.service]) { try store.events($0, in: db) }
        router.on(BeginExtractions.self, allowed: [.service]) { try store.beginExtractions($0, in: db) }
        router.on(QuarantineQuery.self, allowed: [.service, .submitter]) { try store.quarantined($0, in: db) }
        return router
    }

    /// Publishes committed events not yet published, in order: those the last batch read in its
    /// transaction, or, at start and after a full page, a page read from the outbox. They are
    /// marked with the next batch that writes, or, when the store is `idle`, in a commit of their own.
    /// - Returns: the events published, in order.
    private func publishOutbox(
        _ store: ClaimStore, _ publisher: ZMQSocket, _ outbox: inout OutboxCursor, idle: Bool
    ) throws -> [ExpectationChangedEvent] {
        var events = outbox.committed
        outbox.committed = []
        if events.isEmpty, outbox.mayHoldNew {
            events = try store.unpublishedEvents(after: outbox.published, limit: OutboxCursor.page)
            outbox.mayHoldNew = events.count == OutboxCursor.page
        }
        if let last = events.last {
            for event in events {
                let envelope = MessageCodec.encode(event, source: "/swapwatch/store")
                try publisher.send([Data(Topics.expectationChanged(exchangeID: event.change.exchange.id).utf8), envelope])
            }
            outbox.published = last.seq
            outbox.toMark = last.seq
            outbox.lastSeq = max(outbox.lastSeq, last.seq)
            settings.logger.debug("published events", metadata: ["through": "\(last.seq)"])
        } else if idle, let toMark = outbox.toMark {
            try store.markPublished(through: toMark)
            outbox.toMark = nil
        }
        return events
    }
}
