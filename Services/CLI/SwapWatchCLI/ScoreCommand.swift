import ArgumentParser
import ClaimExtraction
import Foundation
import ReportText
import StreamReplay
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
    @OptionGroup var languages: LanguageOptions

    func validate() throws {
        guard !streams.isEmpty else { throw ValidationError("give at least one labelled stream") }
    }

    func run() throws {
        var perFile: [(name: String, figures: Figures)] = []
        let packs = try languages.packs()
        for stream in streams { perFile.append((stream, try Self.score(stream, packs: packs))) }
        let overall = Figures.sum(perFile.map(\.figures))
        if json {
            struct Output: Encodable {
                let files: [String: Figures]
                let overall: FieldFigures
            }
            print(
                JSONOutput.line(
                    Output(files: Dictionary(perFile.map { ($0.name, $0.figures) }, uniquingKeysWith: { a, _ in a }), overall: overall.overall))
            )
        } else {
            for (name, figures) in perFile {
                if perFile.count > 1 { print("== \(name)") }
                print(figures.report(details: !summary))
            }
            if perFile.count > 1 {
                print("== all \(perFile.count) files")
                print(overall.lines.joined(separator: "\n"))
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
    static func score(_ stream: String, packs: [LanguagePack]) throws -> Figures {
        let data = try ReportReading.data(stream)
        let lines = ReportFiles.lines(data)
        let labelled = try ReportFiles.jsonLines(data).map { line, result in
            guard let gold = try Gold.of(line: Data(lines[line - 1])) else { throw CLIError("\(stream) line \(line): no gold object") }
            return (report: try result.get(), gold: gold)
        }
        return StreamReplayer.score(labelled, packs: packs)
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
