import Foundation
import ReportText
import ServiceDatabase
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import ClaimStore

private let key = Fixtures.russiaUkraine

@Suite struct StoreTests {
    let store: ClaimStore

    init() throws {
        store = try ClaimStore(.inMemory)
    }

    @Test func storesOnceAndNumbersEventsWithoutGaps() throws {
        let first = try store.store(
            Fixtures.storeRequest("a", text: "A says 1000 for 1000.", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        #expect(first.status == .stored && first.changes.count == 1)
        let again = try store.store(
            Fixtures.storeRequest("a", text: "A says 1000 for 1000.", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        #expect(again.status == .duplicate)
        let sameText = try store.store(
            Fixtures.storeRequest("other-id", text: "a says 1000   for 1000.", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        #expect(sameText.status == .duplicate && sameText.existingReportID == "a")
        let reprint = try store.store(
            Fixtures.storeRequest("b", text: "Outlet B: 1000 for 1000 too.", published: "2025-05-18T12:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        #expect(reprint.status == .corroboration && reprint.existingReportID == "a")
        _ = try store.store(
            Fixtures.storeRequest("c", text: "Now 1200 for 1200.", published: "2025-05-19T12:00:00Z", claims: [Fixtures.sizeClaim(1200)]))
        let events = try store.events(EventsQuery(after: 0))
        #expect(events.events.map(\.seq) == [1, 2])
        #expect(events.lastSeq == 2)
        let history = try store.history(HistoryQuery(exchangeID: "russia-ukraine-prisoners-1"))
        #expect(history.entries.map(\.report.id) == ["a", "b", "c"])
        #expect(history.exchange.size == .perSide(.exactly(1200)))
    }

    @Test func aStageAndAChangeInOneReportListTheChangeOnce() throws {
        let window = { (a: String, b: String) in DateWindow(earliest: Day(iso: a), latest: Day(iso: b)) }
        _ = try store.store(
            Fixtures.storeRequest(
                "a", text: "1000 for 1000 on Friday", published: "2025-05-20T10:00:00Z",
                claims: [
                    Fixtures.sizeClaim(1000),
                    Claim(type: .date, exchange: key, date: window("2025-05-23", "2025-05-23"), evidence: Evidence(quote: "on Friday")),
                ]))
        let both = try store.store(
            Fixtures.storeRequest(
                "b", text: "390 came home; more on Saturday and Sunday", published: "2025-05-23T18:00:00Z",
                claims: [
                    Claim(
                        type: .stage, exchange: key, size: .perSide(.exactly(390)), date: window("2025-05-23", "2025-05-23"),
                        evidence: Evidence(quote: "390 came home")),
                    Claim(
                        type: .date, exchange: key, date: window("2025-05-24", "2025-05-25"), evidence: Evidence(quote: "more on Saturday and Sunday")
                    ),
                ]))
        #expect(both.changes.map(\.field) == [.date])
        let entries = try store.history(HistoryQuery(exchangeID: "russia-ukraine-prisoners-1")).entries.filter { $0.report.id == "b" }
        #expect(entries.map(\.effect) == ["stage", "changed"])
        #expect(entries.map(\.changes.count) == [0, 1])
        #expect(entries.first?.claims.first?.evidence.quote == "390 came home")
    }

    @Test func badReportsWriteNothing() throws {
        let empty = StoreReport(
            report: Report(id: "x", published: nil, received: "2025-01-01T00:00:00Z", outlet: nil, url: nil, title: nil, language: nil, text: "   "),
            claims: [], extractorVersion: "t", worker: "w")
        #expect(throws: ErrorReply.self) { try store.store(empty) }
        #expect(try store.exchanges(ExchangesQuery()).exchanges.isEmpty)
    }

    @Test func unpublishedEventsSurviveUntilMarked() throws {
        let path = Fixtures.temporaryDatabasePath("store")
        let store = try ClaimStore(.file(path))
        _ = try store.store(Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        #expect(try store.unpublishedEvents().count == 1)
        // A store reopened on the same file (as after a crash) still owes the event.
        let reopened = try ClaimStore(.file(path))
        #expect(try reopened.unpublishedEvents().map(\.seq) == [1])
        try reopened.markPublished(through: 1)
        #expect(try store.unpublishedEvents().isEmpty)
        try reopened.close()
        try store.close()
    }

    /// The WAL is copied into the file by the database's checkpointer thread and starts over,
    /// rather than growing with what goes through it, however steadily commits come.
    @Test func theWriteAheadLogReachesTheFileAndStaysBoundedUnderSteadyCommits() throws {
        let path = Fixtures.temporaryDatabasePath("store")
        let store = try ClaimStore(.file(path))
        defer { try? store.close() }
        func bytes(_ file: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 }
        let before = bytes(path)
        // A commit checkpoints the WAL itself past this length (pages of 4 KiB), which it reaches
        // only if the checkpointer falls behind.
        let bound = ServiceDatabase.walPagesBeforeCommitCheckpoint * 4096
        // Commits of about 900 KB a millisecond apart, as a busy store makes them: two and a half
        // times that length in all.
        let text = String(repeating: "Snow closed the roads again. ", count: 300)
        let batches = bound * 5 / 2 / 900_000
        for batch in 0..<batches {
            try store.database.writer.write { db in
                for n in batch * 100..<(batch + 1) * 100 {
                    _ = try store.store(Fixtures.storeRequest("r\(n)", text: "\(n) \(text)", published: "2025-05-18T10:00:00Z", claims: []), in: db)
                }
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        let written = batches * 900_000
        let deadline = Date().addingTimeInterval(20)
        while bytes(path) < before + written * 9 / 10, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(bytes(path) >= before + written * 9 / 10, "the reports' pages reached the file: \(bytes(path)) of \(written) bytes")
        // The checkpointer had the writer's connection finish a checkpoint once the WAL was 16 MiB
        // long, so the WAL started over at about that length (20–25 MB here, with the cores busy or
        // not), long before a commit's own checkpoint would have let it (about 42 MB).
        #expect(bytes(path + "-wal") < bound, "the WAL started over: \(bytes(path + "-wal")) bytes")
    }

    @Test func closingCheckpointsTheWriteAheadLogIntoTheFile() throws {
        let path = Fixtures.temporaryDatabasePath("store")
        let store = try ClaimStore(.file(path))
        _ = try store.store(Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 }
        #expect(walBytes() > 0)
        try store.close()
        #expect(walBytes() == 0, "the log is checkpointed into the file (and then emptied or removed)")
        #expect(try ClaimStore(.file(path)).unpublishedEvents().count == 1)
    }

    @Test func queriesReadWhatWasStored() throws {
        _ = try store.store(Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)]))
        _ = try store.store(
            Fixtures.storeRequest("b", text: "Now 1200 for 1200", published: "2025-05-19T10:00:00Z", claims: [Fixtures.sizeClaim(1200)]))
        let exchanges = try store.exchanges(ExchangesQuery()).exchanges
        #expect(exchanges.map(\.exchange.id) == ["russia-ukraine-prisoners-1"])
        #expect(exchanges.first?.size == .perSide(.exactly(1200)) && exchanges.first?.supportingReports == 2)
        #expect(exchanges.first?.lastChanged == "2025-05-19T10:00:00Z")
        // A report that only restates the expectation leaves when it last changed as it was.
        _ = try store.store(
            Fixtures.storeRequest("c", text: "Still 1200 for 1200", published: "2025-05-20T10:00:00Z", claims: [Fixtures.sizeClaim(1200)]))
        let restated = try store.exchanges(ExchangesQuery()).exchanges
        #expect(restated.first?.supportingReports == 3 && restated.first?.lastChanged == "2025-05-19T10:00:00Z")
        let history = try store.history(HistoryQuery(exchangeID: "russia-ukraine-prisoners-1"))
        #expect(history.entries.map(\.report.id) == ["a", "b", "c"])
        #expect(history.entries.map { $0.changes.count } == [1, 1, 0])
        #expect(throws: ErrorReply.self) { try store.history(HistoryQuery(exchangeID: "nope-1")) }
        let events = try store.events(EventsQuery(after: 1))
        #expect(events.events.map(\.seq) == [2] && events.lastSeq == 2)
    }

    @Test func catchUpRepliesArePagedByBytesAndTheNotifiersLoopGetsEveryEvent() throws {
        for n in 1...12 {
            let quote = "\(1000 + n) for \(1000 + n) " + String(repeating: "and more words ", count: 700)
            let claim = Fixtures.claim(.size, size: .perSide(.exactly(1000 + n)), quote: quote)
            _ = try store.store(Fixtures.storeRequest("r\(n)", text: quote, published: "2025-05-\(10 + n)T10:00:00Z", claims: [claim]))
        }
        let first = try store.events(EventsQuery(after: 0), pageBytes: 40_000)
        #expect(first.lastSeq == 12 && (1..<12).contains(first.events.count), "\(first.events.count) events in a 40 kB page")
        #expect(try MessageCodec.encoder().encode(first.events).count <= 40_000)
        var seen: [Int] = []
        var after = 0
        while after < 12 {
            let page = try store.events(EventsQuery(after: after), pageBytes: 40_000)
            seen += page.events.map(\.seq)
            after = page.events.last?.seq ?? after
        }
        #expect(seen == Array(1...12))
        #expect(try store.events(EventsQuery(after: 0), pageBytes: 10).events.count == 1, "a page always holds one event")
    }

    /// The store's own restart cuts short every reading it was waiting on: that says nothing
    /// about the reports, which are read as usual; a released report stays isolated across it.
    @Test func anAttemptCutShortByTheStoresRestartIsReadAsUsual() throws {
        let path = Fixtures.temporaryDatabasePath("store")
        let before = try ClaimStore(.file(path))
        let cut = BeginExtraction(reportID: "cut", contentHash: "hash-cut", worker: "w1")
        let released = BeginExtraction(reportID: "released", contentHash: "hash-released", worker: "w1")
        #expect(try before.beginExtraction(cut).decision == .proceed)
        #expect(try before.beginExtraction(released).decision == .proceed)
        var poisoned = try Fixtures.storeRequest("released", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [])
        poisoned.quarantineReason = "signal 11"
        _ = try before.store(poisoned)
        _ = try before.quarantined(QuarantineQuery(release: "released"))
        try before.close()

        let after = try ClaimStore(.file(path))
        #expect(try after.beginExtraction(cut).decision == .proceed, "begun before the restart")
        #expect(try after.beginExtraction(cut).decision == .isolate, "begun by this run and never finished")
        after.readingEnded("cut")
        #expect(try after.beginExtraction(cut).decision == .proceed, "its reading ended, though it is not stored yet")
        #expect(try after.beginExtraction(released).decision == .isolate, "released from quarantine")
        try after.close()
    }

    @Test func anAttemptThatNeverFinishedMakesTheNextOneIsolatedAndAQuarantinedReportIsNotReadAgain() throws {
        let request = try Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)])
        let begin = BeginExtraction(reportID: "a", contentHash: "hash-a", worker: "w1")
        #expect(try store.beginExtraction(begin).decision == .proceed)
        #expect(try store.beginExtraction(begin).decision == .isolate, "the first attempt never finished")
        var poisoned = request
        poisoned.quarantineReason = "signal 6"
        let kept = try store.store(poisoned)
        #expect(kept.status == .quarantined && kept.reason == "signal 6")
        let plan = try store.beginExtraction(begin)
        #expect(plan.decision == .answered && plan.verdict?.status == .quarantined && plan.verdict?.reason == "signal 6")
        let listed = try store.quarantined(QuarantineQuery()).entries
        #expect(listed.map(\.report.id) == ["a"] && listed.first?.attempts == 2)

        let released = try store.quarantined(QuarantineQuery(release: "a"))
        #expect(released.released == request.report && released.entries.isEmpty)
        #expect(try store.beginExtraction(begin).decision == .isolate, "a released report is read isolated")
        #expect(throws: ErrorReply.self) { try store.quarantined(QuarantineQuery(release: "a")) }

        _ = try store.store(request)
        let stored = try store.beginExtraction(begin)
        #expect(stored.decision == .answered && stored.verdict?.status == .duplicate && stored.verdict?.existingReportID == "a")
        let other = BeginExtraction(reportID: "b", contentHash: "hash-b", worker: "w1")
        #expect(try store.beginExtraction(other).decision == .proceed)
    }

    /// A report without claims is recognised by the hash its worker sent: the store does not
    /// normalise its text again. One with claims still is (its fingerprint needs the text), and
    /// a report sent without a hash is hashed by the store, the same way.
    @Test func theWorkersContentHashIsTheOneKept() throws {
        let text = "Talks resumed in Geneva.  Nothing was agreed."
        let hash = ContentHash.of(ContentHash.normalized(text))
        var sent = try Fixtures.storeRequest("sent", text: text, published: "2025-05-18T10:00:00Z", claims: [])
        sent.contentHash = hash
        #expect(try store.store(sent).status == .stored)
        let unhashed = try store.store(
            Fixtures.storeRequest("unhashed", text: "talks resumed in geneva. nothing was agreed.", published: "2025-05-18T11:00:00Z", claims: []))
        #expect(unhashed.status == .duplicate && unhashed.existingReportID == "sent", "the store's own hash of the same text")

        var named = try Fixtures.storeRequest("named", text: "Another text altogether.", published: "2025-05-18T10:00:00Z", claims: [])
        named.contentHash = "hash-named"
        #expect(try store.store(named).status == .stored)
        let plan = try store.beginExtraction(BeginExtraction(reportID: "copy", contentHash: "hash-named", worker: "w1"))
        #expect(plan.decision == .answered && plan.verdict?.existingReportID == "named", "kept under the hash it came with")
    }

    /// A submission that names one report twice (by id, or by content under another id) reads it
    /// as usual both times: the second is no earlier attempt that never finished.
    @Test func aReportNamedTwiceInOneSubmissionIsNotTakenForAnUnfinishedReading() throws {
        let items = [
            BeginExtraction(reportID: "a", contentHash: "hash-a", worker: "w1"),
            BeginExtraction(reportID: "a", contentHash: "hash-a", worker: "w1"),
            BeginExtraction(reportID: "copy-of-a", contentHash: "hash-a", worker: "w1"),
            BeginExtraction(reportID: "b", contentHash: "hash-b", worker: "w1"),
        ]
        let plans = try store.database.writer.write { try store.beginExtractions(BeginExtractions(items: items), in: $0) }
        #expect(plans.plans.map(\.decision) == [.proceed, .proceed, .proceed, .proceed])
        #expect(try store.beginExtraction(items[0]).decision == .isolate, "sent again in another submission while the first reading is under way")
    }
}
