import Foundation
import GRDB
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import Notifier

@Suite struct AlertLogTests {
    let log: AlertLog

    init() throws {
        log = try AlertLog(.inMemory)
    }

    @Test func eachEventRaisesOneAlertNumberedWithoutGaps() throws {
        let first = try #require(try log.record([Fixtures.event(1, size: 100)]).first)
        #expect(first.seq == 1 && first.report.id == "r1")
        #expect(try log.record([Fixtures.event(1, size: 100)]).isEmpty, "an event handled once is not raised again")
        // Events the store numbered 2 and 3 were skipped by nothing: the next raised is alert 2.
        let later = try #require(try log.record([Fixtures.event(4, size: 120)]).first)
        #expect(later.seq == 2)
        #expect(try log.lastEventSeq() == 4 && log.lastAlertSeq() == 2)
        // A page of events, some handled already, is recorded in one go.
        let page = try log.record([
            Fixtures.event(3, size: 110), Fixtures.event(4, size: 120), Fixtures.event(5, size: 130), Fixtures.event(6, size: 140),
        ])
        #expect(page.map(\.seq) == [3, 4] && page.map(\.report.id) == ["r5", "r6"])
        #expect(try log.lastEventSeq() == 6 && log.lastAlertSeq() == 4)
    }

    @Test func alertsStayUnpublishedUntilMarked() throws {
        _ = try log.record([Fixtures.event(1, size: 100), Fixtures.event(2, size: 110), Fixtures.event(3, size: 120)])
        #expect(try log.unpublished().map(\.seq) == [1, 2, 3])
        try log.markPublished(through: 2)
        #expect(try log.unpublished().map(\.seq) == [3])
        // Marks ride on the next page's transaction, alerts raised or not.
        _ = try log.record([Fixtures.event(4, size: 130)], markingPublishedThrough: 3)
        #expect(try log.unpublished().map(\.seq) == [4])
        _ = try log.record([], markingPublishedThrough: 4)
        #expect(try log.unpublished().isEmpty)
    }

    @Test func markingAlertsPublishedReadsOnlyTheUnpublished() throws {
        // Not every alert ever raised: the notifier marks after each page of events.
        let plan = try log.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AlertLog.markingPublished, arguments: ["now", 1]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("alert_unpublished") }, "\(plan)")
    }

    @Test func aSnapshotFiltersByTopicPrefixTakenLiterally() throws {
        let other = ExchangeRef(key: ExchangeKey(parties: ["Israel", "Hamas"], kind: .prisoners), serial: 1)
        _ = try log.record([Fixtures.event(1, size: 100), Fixtures.event(2, size: 4, exchange: other), Fixtures.event(3, size: 120)])
        let all = try log.alerts(AlertsQuery(after: 0))
        #expect(all.alerts.map(\.seq) == [1, 2, 3] && all.lastSeq == 3 && all.coveredThrough == 3)
        let russia = try log.alerts(AlertsQuery(after: 1, topicPrefix: "alert.size.russia"))
        #expect(russia.alerts.map(\.seq) == [3])
        // `_` and `%` are characters of the prefix, not LIKE wildcards.
        #expect(try log.alerts(AlertsQuery(after: 0, topicPrefix: "alert_size")).alerts.isEmpty)
        #expect(try log.alerts(AlertsQuery(after: 0, topicPrefix: "alert.%")).alerts.isEmpty)
        let page = try log.alerts(AlertsQuery(after: 0, limit: 2))
        #expect(page.alerts.map(\.seq) == [1, 2] && page.coveredThrough == 2)
    }

    @Test func aSnapshotIsPagedByBytesAndSaysHowFarItCovers() throws {
        _ = try log.record((1...6).map { Fixtures.event($0, size: 100 + $0) })
        let oneAlert = try MessageCodec.encoder().encode(try log.alerts(AlertsQuery(after: 0, limit: 1)).alerts).count
        let page = try log.alerts(AlertsQuery(after: 0), pageBytes: oneAlert * 2 + 10)
        #expect(page.alerts.map(\.seq) == [1, 2] && page.coveredThrough == 2 && page.lastSeq == 6)
        let rest = try log.alerts(AlertsQuery(after: page.coveredThrough))
        #expect(rest.alerts.map(\.seq) == [3, 4, 5, 6] && rest.coveredThrough == 6)
    }
}
