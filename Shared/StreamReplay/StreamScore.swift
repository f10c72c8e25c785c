import ClaimExtraction
import Foundation
import SwapWatchMessages

/// The labels of one report: which fields it changes, and the expectation after it.
public struct Gold: Decodable, Sendable {
    /// The expectation after the report.
    public struct Upcoming: Decodable, Sendable {
        public var size: GoldSize?
        public var date: DateWindow?
    }

    public var changes: [ExpectationField]
    public var upcoming: Upcoming?

    /// A labelled line's `gold` object, if it has one.
    public static func of(line: Data) throws -> Gold? {
        try JSONDecoder().decode(LabelledLine.self, from: line).gold
    }

    private struct LabelledLine: Decodable { var gold: Gold? }
}

/// A gold size: `{"min", "max", "per_side"}` or `{"sides": {"Israel": 4, …}}` (numbers or intervals).
public struct GoldSize: Decodable, Sendable {
    public var value: SizeValue

    public init(from decoder: Decoder) throws {
        struct Sides: Decodable { var sides: [String: IntOrInterval] }
        if let sides = try? Sides(from: decoder) {
            value = .sides(sides.sides.mapValues(\.interval))
        } else {
            value = .perSide(try SizeInterval(from: decoder))
        }
    }

    struct IntOrInterval: Decodable {
        var interval: SizeInterval
        init(from decoder: Decoder) throws {
            if let n = try? decoder.singleValueContainer().decode(Int.self) {
                interval = .exactly(n)
            } else {
                interval = try SizeInterval(from: decoder)
            }
        }
    }
}

/// Alerts against gold changes for one field: the counts and the rates they give. The rates are
/// kept up to date as the counts change, so the JSON form carries both.
public struct FieldFigures: Encodable, Sendable {
    public var truePositives = 0 { didSet { updateRates() } }
    public var falsePositives = 0 { didSet { updateRates() } }
    public var falseNegatives = 0 { didSet { updateRates() } }
    /// True positives whose after-value is the gold one.
    public var exact = 0 { didSet { updateRates() } }
    public private(set) var precision = 1.0
    public private(set) var recall = 1.0
    /// The share of true positives that are exact.
    public private(set) var exactShare = 1.0

    public init() {}

    private mutating func updateRates() {
        precision = truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        recall = truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        exactShare = truePositives == 0 ? 1 : Double(exact) / Double(truePositives)
    }

    public static func + (a: FieldFigures, b: FieldFigures) -> FieldFigures {
        var sum = FieldFigures()
        sum.truePositives = a.truePositives + b.truePositives
        sum.falsePositives = a.falsePositives + b.falsePositives
        sum.falseNegatives = a.falseNegatives + b.falseNegatives
        sum.exact = a.exact + b.exact
        return sum
    }
}

/// The figures of a stream (or several): per field, both fields together, and every miss, false
/// alert and inexact value by report.
public struct Figures: Encodable, Sendable {
    public var size = FieldFigures() { didSet { overall = size + date } }
    public var date = FieldFigures() { didSet { overall = size + date } }
    /// Both fields together.
    public private(set) var overall = FieldFigures()
    public var misses: [String] = []
    public var falseAlerts: [String] = []
    public var inexact: [String] = []

    public init() {}

    /// The tallies of several streams together.
    public static func sum(_ all: [Figures]) -> Figures {
        var total = Figures()
        for figures in all {
            total.size = total.size + figures.size
            total.date = total.date + figures.date
            total.misses += figures.misses
            total.falseAlerts += figures.falseAlerts
            total.inexact += figures.inexact
        }
        return total
    }

    /// One line per field and one for both: precision, recall, exactness and the counts.
    public var lines: [String] {
        func line(_ name: String, _ f: FieldFigures) -> String {
            String(
                format: "%@  precision %.3f  recall %.3f  exact %.3f  (tp %d, fp %d, fn %d)", name.padding(toLength: 7, withPad: " ", startingAt: 0),
                f.precision, f.recall, f.exactShare, f.truePositives, f.falsePositives, f.falseNegatives)
        }
        return [line("size", size), line("date", date), line("overall", overall)]
    }

    /// The figures, then (with `details`) every miss, false alert and inexact value.
    public func report(details: Bool = true) -> String {
        var lines = lines
        guard details else { return lines.joined(separator: "\n") }
        for miss in misses { lines.append("miss:        \(miss)") }
        for alert in falseAlerts { lines.append("false alert: \(alert)") }
        for item in inexact { lines.append("inexact:     \(item)") }
        return lines.joined(separator: "\n")
    }

    /// Tallies one report's alerts against its gold labels.
    public mutating func add(id: String, alerts: [Alert], gold: Gold) {
        for field in ExpectationField.allCases {
            let raised = alerts.filter { $0.field == field }
            let expected = gold.changes.contains(field)
            var tally = field == .size ? size : date
            if expected, let alert = raised.first {
                tally.truePositives += 1
                let goldValue: FieldValue? = field == .size ? gold.upcoming?.size.map { .size($0.value) } : gold.upcoming?.date.map { .date($0) }
                if goldValue == alert.after {
                    tally.exact += 1
                } else {
                    inexact.append("\(id) \(field.rawValue): got \(alert.after), gold \(goldValue?.description ?? "none")")
                }
                tally.falsePositives += raised.count - 1
            } else if expected {
                tally.falseNegatives += 1
                misses.append("\(id) \(field.rawValue)")
            } else {
                tally.falsePositives += raised.count
                for alert in raised { falseAlerts.append("\(id) \(field.rawValue): \(alert.before?.description ?? "none") → \(alert.after)") }
            }
            if field == .size { size = tally } else { date = tally }
        }
    }
}

extension StreamReplayer {
    /// Replays a labelled stream, each report with its gold labels, from a fresh state and tallies
    /// its alerts.
    public static func score(
        _ labelled: [(report: ReportInput, gold: Gold)], packs: [LanguagePack] = try! LanguagePack.builtIn(LanguagePack.defaultCodes)
    ) -> Figures {
        var replayer = StreamReplayer(packs: packs)
        var figures = Figures()
        for (input, gold) in labelled {
            let outcome = replayer.process(input)
            figures.add(id: outcome.id, alerts: outcome.alerts, gold: gold)
        }
        return figures
    }
}
