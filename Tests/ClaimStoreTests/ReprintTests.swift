import ClaimExtraction
import Foundation
import GRDB
import ReportText
import ServiceDatabase
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import ClaimStore

/// An agency story in our own words; outlets reprint it with their own dateline and footer.
private let body = """
    Ukraine and Russia have agreed to exchange 1,000 prisoners of war each, President Volodymyr Zelensky said on Friday \
    after talks in Istanbul. "We expect the exchange to take place next week," Zelensky said in his evening address. \
    Officials in Kyiv said lists of names were still being checked by both sides and that families had been asked to wait \
    for official confirmation before travelling. The coordination headquarters for prisoners of war said it was working \
    with mediators so that the exchange goes ahead as planned, and that it would publish the names of those returned \
    once they were home.
    """

/// Extracts with the real extractor and stores, as an ingest worker does.
private func submit(_ store: ClaimStore, _ id: String, outlet: String, published: String, text: String) throws -> SubmitResult {
    let report = try Fixtures.report(id, text: text, published: published, outlet: outlet)
    let claims = ClaimExtractor().extract(from: report)
    var result = try store.store(StoreReport(report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: "w1"))
    result.claims = claims
    return result
}

@Suite struct ReprintTests {
    let store: ClaimStore

    init() throws {
        store = try ClaimStore(.inMemory)
    }

    @Test func aReprintByAnotherOutletCorroboratesAndNeverAlerts() throws {
        let original = try submit(store, "kyiv-1", outlet: "Kyiv Daily", published: "2025-05-16T18:00:00Z", text: "KYIV, May 16 - " + body)
        #expect(original.status == .stored && original.changes.map(\.field) == [.size, .date])

        // Three days later "next week" would mean another week; a reprint still says nothing new.
        let reprint = try submit(
            store, "mirror-1", outlet: "Wire Mirror", published: "2025-05-19T08:00:00Z",
            text: "LONDON (Wire Mirror) - " + body + "\nReporting by the Wire Mirror desk; editing by staff.")
        #expect(reprint.claims.contains { $0.date == DateWindow(earliest: Day(iso: "2025-05-26"), latest: Day(iso: "2025-06-01")) })
        #expect(reprint.status == .corroboration && reprint.existingReportID == "kyiv-1" && reprint.changes.isEmpty)

        // A reprint of the reprint is linked to the original.
        let second = try submit(
            store, "echo-1", outlet: "Echo", published: "2025-05-19T09:30:00Z",
            text: "Echo News - " + body + "\nThis story was first published by Wire Mirror.")
        #expect(second.status == .corroboration && second.existingReportID == "kyiv-1")

        #expect(try store.events(EventsQuery(after: 0)).events.count == 2, "only the original alerted")
        let history = try store.history(HistoryQuery(exchangeID: "russia-ukraine-prisoners-1"))
        #expect(history.entries.map(\.report.id) == ["kyiv-1", "mirror-1", "echo-1"])
        #expect(history.entries.map(\.effect) == ["opened", "corroboration", "corroboration"])
        #expect(history.entries.map(\.corroborates) == [nil, "kyiv-1", "kyiv-1"])
        #expect(history.entries[1].claims == reprint.claims, "a reprint's entry shows what it said")
        #expect(history.exchange.supportingReports == 3)
    }

    @Test func anUpdatedCopyThatMovesANumberIsJudgedByTheRules() throws {
        _ = try submit(store, "kyiv-1", outlet: "Kyiv Daily", published: "2025-05-16T18:00:00Z", text: "KYIV, May 16 - " + body)
        let updated = try submit(
            store, "kyiv-1-update", outlet: "Kyiv Daily", published: "2025-05-16T21:00:00Z",
            text: "KYIV, May 16 - " + body.replacingOccurrences(of: "1,000 prisoners", with: "1,200 prisoners"))
        #expect(updated.status == .stored)
        #expect(updated.changes.map(\.field) == [.size])
        #expect(updated.changes.first?.after == .size(.perSide(.exactly(1200))))
    }

    @Test func aCopyOutsideTheWindowIsANewReport() throws {
        _ = try submit(store, "kyiv-1", outlet: "Kyiv Daily", published: "2025-05-16T18:00:00Z", text: "KYIV, May 16 - " + body)
        let late = try submit(store, "late-1", outlet: "Late Wire", published: "2025-05-20T08:00:00Z", text: "LATE WIRE - " + body)
        #expect(late.status == .stored)
    }

    @Test func theMigrationFingerprintsReportsStoredBeforeIt() throws {
        let path = Fixtures.temporaryDatabasePath("v1")
        let pool = try DatabasePool(path: path)
        try ClaimStore.migrator.migrate(pool, upTo: "v1")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO report (id, contentHash, received, text, extractorVersion, status, claimsSignature, day)
                    VALUES ('old', 'h1', '2025-05-16T18:00:00Z', ?, '1.0.0', 'stored', 'size:russia-ukraine-prisoners', '2025-05-16'),
                           ('no-claims', 'h2', '2025-05-16T18:00:00Z', 'Weather.', '1.0.0', 'stored', '', '2025-05-16')
                    """,
                arguments: [body])
        }
        try pool.close()
        let store = try ClaimStore(.file(path))
        let fingerprinted = try store.database.writer.read { db in try String.fetchAll(db, sql: "SELECT reportID FROM reportFingerprint") }
        #expect(fingerprinted == ["old"])
        let stored = try store.database.writer.read { db in try Data.fetchOne(db, sql: "SELECT minHashes FROM reportFingerprint") }
        #expect(stored.flatMap(TextFingerprint.init(bytes:)) == TextFingerprint(text: body))
        // Its bands moved with the later migration to a table keyed by bucket.
        let bands = try store.database.writer.read { db in try String.fetchSet(db, sql: "SELECT reportID FROM reportBand") }
        #expect(bands == ["old"])
        #expect(
            try store.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reportBand") }
                == Set(TextFingerprint(text: body).bandBuckets).count)
    }

    /// The fingerprint an ingest worker sends with a report is the one kept (the store works out
    /// none of its own); one of the wrong size is refused, and nothing is stored.
    @Test func theWorkersFingerprintIsKeptAndAMalformedOneRefused() throws {
        let report = try Fixtures.report("kyiv-1", text: "KYIV, May 16 - " + body, published: "2025-05-16T18:00:00Z", outlet: "Kyiv Daily")
        let claims = ClaimExtractor().extract(from: report)
        let hash = ContentHash.of(ContentHash.normalized(report.text))
        let request = { (fingerprint: Data) in
            StoreReport(
                report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: "w1", contentHash: hash, fingerprint: fingerprint)
        }
        #expect(throws: ErrorReply.self) { try store.store(request(Data([1, 2, 3]))) }
        #expect(try store.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM report") } == 0)

        // Another text's fingerprint, so that it shows which one was kept.
        let sent = TextFingerprint(text: "An unrelated text about the weather in Lviv on Friday.")
        #expect(try store.store(request(sent.bytes)).status == .stored)
        let kept = try store.database.writer.read { db in try Data.fetchOne(db, sql: "SELECT minHashes FROM reportFingerprint") }
        #expect(kept == sent.bytes)
    }

    /// The lookup of a stored report by its claims uses the index that holds reports with claims.
    @Test func theLookupByClaimsUsesThePartialIndex() throws {
        let plan = try store.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StoreLedger.storedReportIDQuery, arguments: ["2025-05-16", "x"]).map {
                $0["detail"] as String
            }
        }
        #expect(plan.contains { $0.contains("USING INDEX report_day_signature") })
    }
}
