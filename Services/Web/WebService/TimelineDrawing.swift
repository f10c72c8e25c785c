import Foundation
import SwapWatchMessages

/// An exchange's story drawn as an SVG on the server: over time (left to right), the expected size
/// interval (top panel) and the expected date window (bottom panel) as bands that step at each
/// change, each change marked by a point linked to its report's row (`#report-<id>`), completed
/// stages and postponements marked too. Open bounds ("at least 1,000", "by Friday") run to the
/// panel's edge with a dashed side; a postponement leaves the date panel empty until a new date.
public struct Timeline: Sendable {
    /// One report's point on the time axis, and the expectation after it.
    public struct Step: Sendable, Hashable {
        public let reportID: String
        public let time: Date
        public let size: SizeValue?
        public let date: DateWindow?
    }

    /// A marked event: a change of one field, a completed stage, a postponement.
    public struct Mark: Sendable, Hashable {
        public enum Kind: String, Sendable {
            case size, date, postponed, completed
        }
        public let kind: Kind
        public let reportID: String
        public let time: Date
        /// Where it is drawn.
        public let x: Double
        public let y: Double
        /// What a screen reader and a tooltip say.
        public let label: String
    }

    public let steps: [Step]
    public let marks: [Mark]
    /// A text alternative: the story in sentences.
    public let summary: String
    /// The drawing.
    public let svg: String

    public static let width = 720.0
    static let left = 96.0, right = 24.0
    static let sizePanel = (top: 28.0, height: 130.0)
    static let datePanel = (top: 200.0, height: 130.0)
    public static let height = 360.0

    public init(_ history: HistoryReply) {
        let (steps, events) = Self.steps(of: history)
        self.steps = steps
        let scale = Scale(steps: steps)
        var marks: [Mark] = []
        for event in events {
            let x = scale.stepX[event.step]
            switch event.kind {
            case .size:
                if case .size(let value)? = event.after {
                    marks.append(Mark(kind: .size, reportID: event.reportID, time: event.time, x: x, y: scale.sizeY(value), label: event.label))
                }
            case .date:
                let y =
                    event.after.flatMap { if case .date(let window) = $0 { scale.dateY(window) } else { nil } } ?? Self.datePanel.top + Self.datePanel
                    .height / 2
                marks.append(Mark(kind: .date, reportID: event.reportID, time: event.time, x: x, y: y, label: event.label))
            case .postponed, .completed:
                marks.append(
                    Mark(
                        kind: event.kind, reportID: event.reportID, time: event.time, x: x, y: Self.datePanel.top + Self.datePanel.height / 2,
                        label: event.label))
            }
        }
        self.marks = marks
        summary = Self.summary(history, events: events)
        svg = Self.draw(steps: steps, marks: marks, scale: scale, exchange: history.exchange.exchange, summary: summary)
    }

    // MARK: The story

    struct Event {
        let kind: Mark.Kind
        let reportID: String
        let time: Date
        /// The step (report) it belongs to.
        let step: Int
        let after: FieldValue?
        let label: String
    }

    /// Each entry at its time (its published time, never before the one before it, since the store
    /// applied them in this order), with the expectation after it, and the events to mark.
    static func steps(of history: HistoryReply) -> ([Step], [Event]) {
        var steps: [Step] = []
        var events: [Event] = []
        var size: SizeValue?
        var date: DateWindow?
        // A report without a time stands where the one before it does; reports before the first
        // with a time stand where that one does. With no time at all, reports stand a day apart.
        let firstTime = history.entries.lazy.compactMap { $0.report.published.flatMap(Timestamp.parse) }.first
        var previous = firstTime
        for (index, entry) in history.entries.enumerated() {
            let published = firstTime == nil ? Date(timeIntervalSince1970: Double(index) * 86_400) : entry.report.published.flatMap(Timestamp.parse)
            let time = [previous, published].compactMap { $0 }.max() ?? Date(timeIntervalSince1970: 0)
            previous = time
            let source = [entry.report.outlet, entry.report.published.map { String($0.prefix(10)) }].compactMap { $0 }.joined(separator: ", ")
            for change in entry.changes {
                let label =
                    "\(change.field == .size ? "Size" : "Date"): \(AlertWording.value(change.before)) → \(AlertWording.value(change.after))"
                    + (source.isEmpty ? "" : " (\(source))")
                switch change.after {
                case .size(let value):
                    size = value
                    events.append(Event(kind: .size, reportID: entry.report.id, time: time, step: index, after: change.after, label: label))
                case .date(let window):
                    date = window
                    let postponed = window.isUnknown
                    events.append(
                        Event(
                            kind: postponed ? .postponed : .date, reportID: entry.report.id, time: time, step: index, after: change.after,
                            label: postponed ? "Postponed, date unknown" + (source.isEmpty ? "" : " (\(source))") : label))
                }
            }
            if entry.effect == "completed" || entry.effect == "stage" {
                let what = entry.effect == "completed" ? "Carried out" : "A stage carried out"
                events.append(
                    Event(
                        kind: .completed, reportID: entry.report.id, time: time, step: index, after: nil,
                        label: what + (source.isEmpty ? "" : " (\(source))")))
            }
            steps.append(Step(reportID: entry.report.id, time: time, size: size, date: date))
        }
        return (steps, events)
    }

    static func summary(_ history: HistoryReply, events: [Event]) -> String {
        guard !events.isEmpty else { return "No change of the expected size or date has been reported yet." }
        return events.map { "\(day($0.time)): \($0.label)." }.joined(separator: " ")
    }

    static func day(_ time: Date) -> String { String(Timestamp.format(time).prefix(10)) }

    // MARK: Scales

    /// Maps times, sizes and days to the drawing's coordinates.
    struct Scale {
        /// Each step's x: by its time, but at least ``minimumGap`` right of the one before, so
        /// reports of the same hour stay apart; squeezed back into the panel when that overflows.
        let stepX: [Double]
        static let minimumGap = 18.0
        let sizeTop: Double
        let firstDay: Int
        let lastDay: Int

        init(steps: [Step]) {
            let first = steps.first?.time ?? Date(timeIntervalSince1970: 0)
            let last = steps.last?.time ?? first
            // Room after the last change, so its band shows: a tenth of the span, at least a day.
            let end = last.addingTimeInterval(max(86_400, last.timeIntervalSince(first) / 10))
            let (span, left, right) = (max(end.timeIntervalSince(first), 1), Timeline.left, Timeline.width - Timeline.right)
            var xs: [Double] = []
            for step in steps {
                let byTime = left + (right - left) * step.time.timeIntervalSince(first) / span
                xs.append(max(byTime, (xs.last ?? left - Self.minimumGap) + Self.minimumGap))
            }
            // Leave the last band a width of at least the gap.
            if let last = xs.last, last > right - Self.minimumGap {
                let factor = (right - Self.minimumGap - left) / max(last - left, 1)
                xs = xs.map { left + ($0 - left) * factor }
            }
            stepX = xs
            let bounds = steps.compactMap(\.size).flatMap(Timeline.intervals).flatMap { [$0.min, $0.max].compactMap { $0 } }
            sizeTop = Double(max(bounds.max() ?? 1, 1)) * 1.15
            let days = steps.compactMap(\.date).flatMap { [$0.earliest, $0.latest].compactMap { $0?.ordinal } }
            let low = days.min() ?? 0
            let high = days.max() ?? low
            // A day is drawn as a band a day tall, from its start to the next day's.
            firstDay = low - 1
            lastDay = high + 2
        }

        /// The y of a size (0 at the panel's bottom).
        func sizeY(_ people: Int) -> Double {
            Timeline.sizePanel.top + Timeline.sizePanel.height * (1 - Double(people) / sizeTop)
        }

        /// The y a size value's mark sits at: the middle of its (first side's) interval.
        func sizeY(_ value: SizeValue) -> Double {
            guard let interval = Timeline.intervals(value).first else { return sizeY(0) }
            let low = interval.min ?? 0
            let high = interval.max ?? Int(sizeTop)
            return (sizeY(low) + sizeY(high)) / 2
        }

        /// The y of a day (later days higher).
        func dayY(_ ordinal: Int) -> Double {
            Timeline.datePanel.top + Timeline.datePanel.height * (1 - Double(ordinal - firstDay) / Double(max(lastDay - firstDay, 1)))
        }

        func dateY(_ window: DateWindow) -> Double {
            let low = window.earliest?.ordinal ?? firstDay
            let high = window.latest.map { $0.ordinal + 1 } ?? lastDay
            return (dayY(low) + dayY(high)) / 2
        }
    }

    /// A size value's intervals: one per side when the sides differ.
    static func intervals(_ value: SizeValue) -> [SizeInterval] {
        switch value {
        case .perSide(let interval): [interval]
        case .sides(let sides): sides.keys.sorted().map { sides[$0]! }
        }
    }

    // MARK: Drawing

    static func draw(steps: [Step], marks: [Mark], scale: Scale, exchange: ExchangeRef, summary: String) -> String {
        var svg = XMLWriter()
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(format(width)) \(format(height))"), ("role", "img"),
                ("aria-labelledby", "timeline-title timeline-desc"), ("class", "timeline"),
            ])
        svg.element("title", [("id", "timeline-title")], text: "How the expected size and date of the \(exchange.key) exchange moved over time")
        svg.element("desc", [("id", "timeline-desc")], text: summary)
        for (title, panel) in [("Expected size (people per side)", sizePanel), ("Expected date", datePanel)] {
            svg.element("text", [("x", format(left)), ("y", format(panel.top - 8)), ("class", "panel-title")], text: title)
            svg.element(
                "rect",
                [
                    ("x", format(left)), ("y", format(panel.top)), ("width", format(width - left - right)), ("height", format(panel.height)),
                    ("class", "panel"),
                ])
        }
        // When the sides differ, a band per side, and a key to their colours.
        if let sides = steps.compactMap(\.size).compactMap({ if case .sides(let sides) = $0 { sides.keys.sorted() } else { nil } }).last {
            for (index, name) in sides.enumerated() {
                let x = left + 250 + Double(index) * 120
                svg.element(
                    "rect",
                    [("x", format(x)), ("y", format(sizePanel.top - 18)), ("width", "10"), ("height", "10"), ("class", "band size side-\(index)")])
                svg.element("text", [("x", format(x + 14)), ("y", format(sizePanel.top - 9)), ("class", "tick")], text: name)
            }
        }
        drawBands(steps: steps, scale: scale, into: &svg)
        drawAxes(steps: steps, scale: scale, into: &svg)
        for mark in marks {
            // The link's title names it for screen readers and shows as a tooltip.
            svg.open("a", [("href", "#report-\(mark.reportID)"), ("class", "mark mark-\(mark.kind.rawValue)"), ("data-report", mark.reportID)])
            svg.element("title", [], text: mark.label)
            switch mark.kind {
            case .size, .date:
                svg.element("circle", [("cx", format(mark.x)), ("cy", format(mark.y)), ("r", "6")])
            case .postponed, .completed:
                let (x, y) = (mark.x, mark.y)
                let shape =
                    mark.kind == .postponed
                    ? "M\(format(x - 6)) \(format(y - 6))L\(format(x + 6)) \(format(y + 6))M\(format(x + 6)) \(format(y - 6))L\(format(x - 6)) \(format(y + 6))"
                    : "M\(format(x)) \(format(y - 8))L\(format(x + 7)) \(format(y + 5))L\(format(x - 7)) \(format(y + 5))Z"
                svg.element("path", [("d", shape)])
            }
            svg.close()
        }
        svg.close()
        return svg.text
    }

    /// The bands: from each step to the next (the last to the end), the size and date in effect.
    static func drawBands(steps: [Step], scale: Scale, into svg: inout XMLWriter) {
        for (index, step) in steps.enumerated() {
            let x0 = scale.stepX[index]
            let x1 = index + 1 < steps.count ? scale.stepX[index + 1] : width - right
            guard x1 > x0 else { continue }
            if let size = step.size {
                for (side, interval) in intervals(size).enumerated() {
                    let top = interval.max.map(scale.sizeY) ?? sizePanel.top
                    let bottom = interval.min.map(scale.sizeY) ?? (sizePanel.top + sizePanel.height)
                    band(
                        x0, x1, top, max(bottom, top + 2), open: (interval.max == nil, interval.min == nil), class: "band size side-\(side)",
                        into: &svg)
                }
            }
            if let date = step.date, !date.isUnknown {
                let top = date.latest.map { scale.dayY($0.ordinal + 1) } ?? datePanel.top
                let bottom = date.earliest.map { scale.dayY($0.ordinal) } ?? (datePanel.top + datePanel.height)
                band(x0, x1, top, max(bottom, top + 2), open: (date.latest == nil, date.earliest == nil), class: "band date", into: &svg)
            }
        }
    }

    static func band(
        _ x0: Double, _ x1: Double, _ top: Double, _ bottom: Double, open: (top: Bool, bottom: Bool), class name: String, into svg: inout XMLWriter
    ) {
        svg.element("rect", [("x", format(x0)), ("y", format(top)), ("width", format(x1 - x0)), ("height", format(bottom - top)), ("class", name)])
        for (isOpen, y) in [(open.top, top), (open.bottom, bottom)] where isOpen {
            svg.element("line", [("x1", format(x0)), ("x2", format(x1)), ("y1", format(y)), ("y2", format(y)), ("class", "open-bound")])
        }
    }

    static func drawAxes(steps: [Step], scale: Scale, into svg: inout XMLWriter) {
        // Size ticks: 0 and each bound that occurs, where there is room.
        let sizes = Set([0] + steps.compactMap(\.size).flatMap(intervals).flatMap { [$0.min, $0.max].compactMap { $0 } }).sorted()
        for (people, y) in spaced(sizes.map { ($0, scale.sizeY($0)) }, by: 12) {
            svg.element("text", [("x", format(left - 6)), ("y", format(y + 4)), ("class", "tick y")], text: SizeInterval.exactly(people).description)
        }
        let days = Set(steps.compactMap(\.date).flatMap { [$0.earliest, $0.latest].compactMap { $0 } }).sorted()
        for (day, y) in spaced(days.map { ($0, (scale.dayY($0.ordinal) + scale.dayY($0.ordinal + 1)) / 2) }, by: 12) {
            svg.element("text", [("x", format(left - 6)), ("y", format(y + 4)), ("class", "tick y")], text: day.description)
        }
        // Time ticks: the day of each report, where there is room.
        var dayOfStep: [(String, Double)] = []
        for (index, step) in steps.enumerated() where dayOfStep.last?.0 != day(step.time) { dayOfStep.append((day(step.time), scale.stepX[index])) }
        for (text, x) in spaced(dayOfStep, by: 76) {
            svg.element("text", [("x", format(x)), ("y", format(height - 8)), ("class", "tick x")], text: text)
            svg.element(
                "line",
                [
                    ("x1", format(x)), ("x2", format(x)), ("y1", format(sizePanel.top)), ("y2", format(datePanel.top + datePanel.height)),
                    ("class", "grid"),
                ])
        }
    }

    /// The labelled positions, in order, leaving out each that falls within `gap` of the last kept.
    static func spaced<T>(_ labelled: [(T, Double)], by gap: Double) -> [(T, Double)] {
        var kept: [(T, Double)] = []
        for item in labelled where kept.last.map({ abs(item.1 - $0.1) >= gap }) ?? true { kept.append(item) }
        return kept
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
