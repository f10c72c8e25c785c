import Foundation
import StreamReplay
import SwapWatchMessages
import SwapWatchTesting
import Testing

@Suite struct StreamReplayTests {
    private let fixedClock: @Sendable () -> Date = { Fixtures.received }

    private func input(_ id: String, _ text: String, published: String) -> ReportInput {
        ReportInput(id: id, published: published, outlet: "Fixture", text: text)
    }

    @Test func aReplayNumbersAlertsAndStampsThemWithItsClock() {
        var replayer = StreamReplayer(now: fixedClock)
        let first = replayer.process(input("r1", "Russia and Ukraine agreed to exchange 1,000 prisoners each.", published: "2025-05-16T10:00:00Z"))
        let again = replayer.process(input("r1", "Russia and Ukraine agreed to exchange 1,000 prisoners each.", published: "2025-05-16T10:00:00Z"))
        let second = replayer.process(input("r2", "Russia and Ukraine will now exchange 1,200 prisoners each.", published: "2025-05-17T10:00:00Z"))
        #expect(first.status == .stored && first.alerts.map(\.seq) == [1])
        #expect(first.alerts.first?.raisedAt == "2026-01-01T12:00:00Z")
        #expect(again.status == .duplicate && again.alerts.isEmpty)
        #expect(second.alerts.map(\.seq) == [2])
        #expect(second.alerts.first?.after == .size(.perSide(.exactly(1200))))
    }

    @Test func scoringCountsHitsMissesAndFalseAlertsPerField() throws {
        let labelled: [(report: ReportInput, gold: Gold)] = [
            (
                input("r1", "Russia and Ukraine agreed to exchange 1,000 prisoners each.", published: "2025-05-16T10:00:00Z"),
                try gold(#"{"changes": ["size", "date"], "upcoming": {"size": {"min": 1000, "max": 1000, "per_side": true}}}"#)
            ),
            (
                input("r2", "Heavy snow closed roads around Lviv, the regional administration said.", published: "2025-05-17T10:00:00Z"),
                try gold(#"{"changes": []}"#)
            ),
        ]
        let figures = StreamReplayer.score(labelled)
        #expect(figures.size.truePositives == 1 && figures.size.exact == 1 && figures.size.falsePositives == 0)
        #expect(figures.date.falseNegatives == 1 && figures.misses == ["r1 date"])
        #expect(figures.overall.truePositives == 1 && figures.overall.falseNegatives == 1)
        #expect(figures.overall.precision == 1 && figures.overall.recall == 0.5)
    }

    @Test func ratesFollowTheCountsAndSumsAddUp() {
        var a = FieldFigures()
        #expect(a.precision == 1 && a.recall == 1 && a.exactShare == 1)
        a.truePositives = 3
        a.falsePositives = 1
        a.exact = 3
        var b = FieldFigures()
        b.truePositives = 1
        b.falseNegatives = 2
        let sum = a + b
        #expect(a.precision == 0.75 && b.recall == 1.0 / 3.0)
        #expect(sum.truePositives == 4 && sum.precision == 0.8 && sum.recall == 4.0 / 6.0 && sum.exactShare == 0.75)
    }

    private func gold(_ json: String) throws -> Gold {
        try #require(try Gold.of(line: Data(#"{"gold": \#(json)}"#.utf8)))
    }
}
