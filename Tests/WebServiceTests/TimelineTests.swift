import FeedReading
import Foundation
import SwapWatchMessages
import Testing

@testable import WebService

@Suite struct TimelineTests {
    let timeline = Timeline(WebFixtures.history)

    @Test func eachChangeStageAndPostponementIsMarkedInStoryOrder() {
        #expect(timeline.marks.map(\.kind) == [.size, .date, .size, .postponed, .date, .completed])
        #expect(timeline.marks.map(\.reportID) == ["r1", "r1", "r2", "r3", "r5", "r6"])
        // Left to right as the story goes; two marks of one report share their x.
        let xs = timeline.marks.map(\.x)
        #expect(xs == xs.sorted())
        #expect(xs[0] == xs[1])
        #expect(Set(xs).count == 5)
    }

    @Test func marksSitAtTheirValues() {
        let sizes = timeline.marks.filter { $0.kind == .size }
        // 1,000 exactly, then 1,000–1,200: the wider, higher interval sits higher (smaller y).
        #expect(sizes[1].y < sizes[0].y)
        let dates = timeline.marks.filter { $0.kind == .date }
        // The week of 19–25 May, then Saturday 24 May: later in the window, so higher.
        #expect(dates[1].y < dates[0].y)
        // Every mark lies inside the drawing.
        for mark in timeline.marks {
            #expect((0...Timeline.width).contains(mark.x) && (0...Timeline.height).contains(mark.y))
        }
    }

    @Test func stepsCarryTheExpectationAfterEachReport() {
        #expect(timeline.steps.map(\.reportID) == ["r1", "r2", "r3", "r4", "r5", "r6"])
        #expect(timeline.steps[1].size == .perSide(SizeInterval(min: 1000, max: 1200)))
        #expect(timeline.steps[2].date == .unknown)
        #expect(timeline.steps[3].date == .unknown)  // a reprint changes nothing
        #expect(timeline.steps[4].date == .on(Day(year: 2025, month: 5, day: 24)!))
    }

    @Test func theDrawingIsWellFormedSVGWithATextAlternativeAndLinkedMarks() throws {
        let document = try MarkupDocument.xml(Data(timeline.svg.utf8))
        let svg = try #require(document.root)
        #expect(svg.isElement("svg", in: "http://www.w3.org/2000/svg"))
        #expect(svg.attribute("role") == "img")
        #expect(svg.child("title", in: "http://www.w3.org/2000/svg")?.text.contains("Russia–Ukraine prisoners") == true)
        let description = try #require(svg.child("desc", in: "http://www.w3.org/2000/svg")?.text)
        #expect(description.contains("2025-05-18: Size: 1,000 per side → 1,000–1,200 per side (Reuters, 2025-05-18)."))
        #expect(description.contains("Postponed, date unknown"))
        let links = svg.descendants.filter { $0.isElement("a", in: "http://www.w3.org/2000/svg") }
        #expect(links.map { $0.attribute("href") ?? "" } == ["#report-r1", "#report-r1", "#report-r2", "#report-r3", "#report-r5", "#report-r6"])
        #expect(links.allSatisfy { $0.child("title", in: "http://www.w3.org/2000/svg")?.text.isEmpty == false })
        // One size band per report while a size is known; date bands except while postponed.
        let bands = svg.descendants.filter {
            $0.isElement("rect", in: "http://www.w3.org/2000/svg") && ($0.attribute("class") ?? "").hasPrefix("band")
        }
        #expect(bands.filter { $0.attribute("class")!.contains("size") }.count == 6)
        #expect(bands.filter { $0.attribute("class")!.contains("date") }.count == 4)
    }

    @Test func anOpenBoundRunsToTheEdgeDashed() throws {
        var history = WebFixtures.history
        history.entries = [
            HistoryEntry(
                report: WebFixtures.report("a1", "2025-06-01T10:00:00Z"), claims: [],
                changes: [WebFixtures.change(.size, nil, .size(.perSide(SizeInterval(min: 30, max: nil))), quote: "At least 30 on each side.")],
                effect: "opened")
        ]
        let drawing = Timeline(history)
        let svg = try #require(try MarkupDocument.xml(Data(drawing.svg.utf8)).root)
        let band = try #require(svg.descendants.first { ($0.attribute("class") ?? "").hasPrefix("band size") })
        #expect(Double(band.attribute("y") ?? "") == 28)  // the panel's top: no upper bound
        #expect(svg.descendants.contains { $0.attribute("class") == "open-bound" })
    }

    @Test func reportsWithoutTimesOrAtOneInstantStayApart() {
        var history = WebFixtures.history
        history.entries = history.entries.map { entry in
            var entry = entry
            entry.report.published = nil
            return entry
        }
        let marks = Timeline(history).marks
        #expect(Set(marks.map(\.x)).count == 5)
        history.entries = history.entries.map { entry in
            var entry = entry
            entry.report.published = "2025-05-16T10:00:00Z"
            return entry
        }
        let sameInstant = Timeline(history).marks.map(\.x)
        #expect(Set(sameInstant).count == 5)
        #expect(sameInstant == sameInstant.sorted())
    }

    @Test func aReportWithoutATimeStandsByItsNeighbours() {
        var history = WebFixtures.history
        history.entries[0].report.published = nil
        history.entries[3].report.published = "not a time"
        let steps = Timeline(history).steps
        // The first stands where the first report with a time does, not in 1970; a later one, where the one before it does.
        #expect(steps[0].time == Timestamp.parse("2025-05-18T09:00:00Z"))
        #expect(steps[3].time == steps[2].time)
    }

    @Test func hostileTextIsEscaped() throws {
        var history = WebFixtures.history
        history.entries[0].report.outlet = "</title><script>alert(1)</script>"
        let drawing = Timeline(history)
        #expect(!drawing.svg.contains("<script>"))
        _ = try MarkupDocument.xml(Data(drawing.svg.utf8))
    }
}
