import ArgumentParser
import Foundation
import SwapWatchMessages

/// `swapwatch score`: replay a labelled stream and measure the alerts against its gold labels.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Replay a labelled stream (lines with a `gold` object) and print alert precision, recall and exactness per field.")

    @Argument(help: "A JSON Lines stream whose lines carry a `gold` object.") var stream: String
    @Option(help: "Exit non-zero if precision (over both fields) is below this.") var minPrecision: Double?
    @Option(help: "Exit non-zero if recall (over both fields) is below this.") var minRecall: Double?
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        let data = try ReportReading.data(stream)
        var replayer = StreamReplayer()
        var score = StreamScore()
        for (line, result) in ReportReading.jsonLines(data) {
            let input = try result.get()
            let lineData = data.split(separator: 0x0A, omittingEmptySubsequences: false)[line - 1]
            guard let gold = try JSONDecoder().decode(GoldLine.self, from: Data(lineData)).gold else {
                throw CLIError("line \(line): no gold object")
            }
            let outcome = replayer.process(input)
            score.add(id: outcome.id, alerts: outcome.alerts, gold: gold)
        }
        if json {
            print(JSONOutput.line(score.figures))
        } else {
            print(score.report())
        }
        let overall = score.figures.overall
        if let minPrecision, overall.precision < minPrecision {
            print("precision \(String(format: "%.3f", overall.precision)) is below \(minPrecision)")
            throw ExitCode(1)
        }
        if let minRecall, overall.recall < minRecall {
            print("recall \(String(format: "%.3f", overall.recall)) is below \(minRecall)")
            throw ExitCode(1)
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
            if let n = try? decoder.singleValueContainer().decode(Int.self) { interval = .exactly(n) } else { interval = try SizeInterval(from: decoder) }
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
        var overall: FieldFigures {
            FieldFigures(
                truePositives: size.truePositives + date.truePositives, falsePositives: size.falsePositives + date.falsePositives,
                falseNegatives: size.falseNegatives + date.falseNegatives, exact: size.exact + date.exact)
        }
        var misses: [String] = []
        var falseAlerts: [String] = []
        var inexact: [String] = []

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

    func report() -> String {
        func line(_ name: String, _ f: FieldFigures) -> String {
            String(format: "%@  precision %.3f  recall %.3f  exact %.3f  (tp %d, fp %d, fn %d)", name.padding(toLength: 7, withPad: " ", startingAt: 0),
                   f.precision, f.recall, f.exactShare, f.truePositives, f.falsePositives, f.falseNegatives)
        }
        var lines = [line("size", figures.size), line("date", figures.date), line("overall", figures.overall)]
        for miss in figures.misses { lines.append("miss:        \(miss)") }
        for alert in figures.falseAlerts { lines.append("false alert: \(alert)") }
        for item in figures.inexact { lines.append("inexact:     \(item)") }
        return lines.joined(separator: "\n")
    }
}
