import ArgumentParser
import Foundation
import SwapWatchMessages

/// `swapwatch score`: replay labelled streams and measure the alerts against their gold labels.
/// Every file is a stream of its own; the figures are printed per file and over all of them.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract:
            "Replay labelled streams (lines with a `gold` object), each file on its own, and print alert precision, recall and exactness per field, per file and overall."
    )

    @Argument(help: "JSON Lines streams whose lines carry a `gold` object; each is replayed as a stream of its own.")
    var streams: [String]
    @Option(help: "Exit non-zero if overall precision (both fields) is below this.") var minPrecision: Double?
    @Option(help: "Exit non-zero if overall recall (both fields) is below this.") var minRecall: Double?
    @Option(help: "Exit non-zero if the overall share of exact after-values is below this.") var minExact: Double?
    @Option(help: "A JSON file {\"precision\": P, \"recall\": R, \"exact\": E} of floors (flags win over it).")
    var floor: String?
    @Flag(help: "Only the figures: no list of misses and false alerts.") var summary = false
    @Flag(help: "Print the figures as JSON.") var json = false

    func validate() throws {
        guard !streams.isEmpty else { throw ValidationError("give at least one labelled stream") }
    }

    func run() throws {
        var perFile: [(name: String, score: StreamScore)] = []
        for stream in streams { perFile.append((stream, try Self.score(stream))) }
        let overall = StreamScore.Figures.sum(perFile.map(\.score.figures))
        if json {
            struct Output: Encodable {
                let files: [String: StreamScore.Figures]
                let overall: StreamScore.FieldFigures
            }
            print(
                JSONOutput.line(
                    Output(files: Dictionary(perFile.map { ($0.name, $0.score.figures) }, uniquingKeysWith: { a, _ in a }), overall: overall.overall))
            )
        } else {
            for (name, score) in perFile {
                if perFile.count > 1 { print("== \(name)") }
                print(score.report(details: !summary))
            }
            if perFile.count > 1 {
                print("== all \(perFile.count) files")
                print(StreamScore.lines(overall).joined(separator: "\n"))
            }
        }
        let floors = try Floors(path: floor)
        let figures = overall.overall
        var failures: [String] = []
        for (name, value, bound) in [
            ("precision", figures.precision, minPrecision ?? floors.precision), ("recall", figures.recall, minRecall ?? floors.recall),
            ("exact", figures.exactShare, minExact ?? floors.exact),
        ] {
            if let bound, value < bound { failures.append(String(format: "overall %@ %.3f is below the floor %.3f", name, value, bound)) }
        }
        if !failures.isEmpty {
            for failure in failures { print(failure) }
            throw ExitCode(1)
        }
    }

    /// Replays one labelled stream from a fresh state and tallies its alerts.
    static func score(_ stream: String) throws -> StreamScore {
        let data = try ReportReading.data(stream)
        let lines = ReportReading.lines(data)
        var replayer = StreamReplayer()
        var score = StreamScore()
        for (line, result) in ReportReading.jsonLines(data) {
            let input = try result.get()
            guard let gold = try JSONDecoder().decode(GoldLine.self, from: Data(lines[line - 1])).gold else {
                throw CLIError("\(stream) line \(line): no gold object")
            }
            let outcome = replayer.process(input)
            score.add(id: outcome.id, alerts: outcome.alerts, gold: gold)
        }
        return score
    }

    /// Floors kept in a file, so CI's bar lives beside the code it measures.
    struct Floors: Decodable {
        var precision: Double?
        var recall: Double?
        var exact: Double?

        init(path: String?) throws {
            guard let path else { return }
            self = try JSONDecoder().decode(Floors.self, from: try ReportReading.data(path))
        }
    }
}

/// The labels of one report: which fields it changes, and the expectation after it.
struct Gold: Decodable {
    struct Upcoming: Decodable {
        var size: GoldSize?
        var date: DateWindow?
    }

    var changes: [ExpectationField]
    var upcoming: Upcoming?
}

/// A gold size: `{"min", "max", "per_side"}` or `{"sides": {"Israel": 4, …}}` (numbers or intervals).
struct GoldSize: Decodable {
    var value: SizeValue

    init(from decoder: Decoder) throws {
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

struct GoldLine: Decodable { var gold: Gold? }

/// Tallies of alerts against gold changes, per field.
struct StreamScore {
    struct FieldFigures: Encodable {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0
        var exact = 0
        var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        var exactShare: Double { truePositives == 0 ? 1 : Double(exact) / Double(truePositives) }

        static func + (a: FieldFigures, b: FieldFigures) -> FieldFigures {
            FieldFigures(
                truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
                falseNegatives: a.falseNegatives + b.falseNegatives, exact: a.exact + b.exact)
        }

        enum CodingKeys: String, CodingKey { case truePositives, falsePositives, falseNegatives, exact, precision, recall, exactShare }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(truePositives, forKey: .truePositives)
            try c.encode(falsePositives, forKey: .falsePositives)
            try c.encode(falseNegatives, forKey: .falseNegatives)
            try c.encode(exact, forKey: .exact)
            try c.encode(precision, forKey: .precision)
            try c.encode(recall, forKey: .recall)
            try c.encode(exactShare, forKey: .exactShare)
        }
    }

    struct Figures: Encodable {
        var size = FieldFigures()
        var date = FieldFigures()
        var overall: FieldFigures { size + date }
        var misses: [String] = []
        var falseAlerts: [String] = []
        var inexact: [String] = []

        /// The tallies of several streams together.
        static func sum(_ all: [Figures]) -> Figures {
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

        enum CodingKeys: String, CodingKey { case size, date, overall, misses, falseAlerts, inexact }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(size, forKey: .size)
            try c.encode(date, forKey: .date)
            try c.encode(overall, forKey: .overall)
            try c.encode(misses, forKey: .misses)
            try c.encode(falseAlerts, forKey: .falseAlerts)
            try c.encode(inexact, forKey: .inexact)
        }
    }

    private(set) var figures = Figures()

    mutating func add(id: String, alerts: [Alert], gold: Gold) {
        for field in ExpectationField.allCases {
            let raised = alerts.filter { $0.field == field }
            let expected = gold.changes.contains(field)
            var tally = field == .size ? figures.size : figures.date
            if expected, let alert = raised.first {
                tally.truePositives += 1
                let goldValue: FieldValue? = field == .size ? gold.upcoming?.size.map { .size($0.value) } : gold.upcoming?.date.map { .date($0) }
                if goldValue == alert.after {
                    tally.exact += 1
                } else {
                    figures.inexact.append("\(id) \(field.rawValue): got \(alert.after), gold \(goldValue?.description ?? "none")")
                }
                tally.falsePositives += raised.count - 1
            } else if expected {
                tally.falseNegatives += 1
                figures.misses.append("\(id) \(field.rawValue)")
            } else {
                tally.falsePositives += raised.count
                for alert in raised { figures.falseAlerts.append("\(id) \(field.rawValue): \(alert.before?.description ?? "none") → \(alert.after)") }
            }
            if field == .size { figures.size = tally } else { figures.date = tally }
        }
    }

    /// The figures, then (with `details`) every miss, false alert and inexact value.
    func report(details: Bool = true) -> String {
        var lines = Self.lines(figures)
        guard details else { return lines.joined(separator: "\n") }
        for miss in figures.misses { lines.append("miss:        \(miss)") }
        for alert in figures.falseAlerts { lines.append("false alert: \(alert)") }
        for item in figures.inexact { lines.append("inexact:     \(item)") }
        return lines.joined(separator: "\n")
    }

    static func lines(_ figures: Figures) -> [String] {
        func line(_ name: String, _ f: FieldFigures) -> String {
            String(
                format: "%@  precision %.3f  recall %.3f  exact %.3f  (tp %d, fp %d, fn %d)", name.padding(toLength: 7, withPad: " ", startingAt: 0),
                f.precision, f.recall, f.exactShare, f.truePositives, f.falsePositives, f.falseNegatives)
        }
        return [line("size", figures.size), line("date", figures.date), line("overall", figures.overall)]
    }
}
