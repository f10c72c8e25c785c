import ArgumentParser
import ClaimExtraction
import Foundation
import ReportText
import StreamReplay
import SwapWatchMessages

/// `swapwatch extract`: the claims of one report, offline.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Print the claims of one report (no services needed).")

    @Option(help: "Published time (ISO 8601) that relative dates resolve against; default: now.")
    var published: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(name: .customLong("jsonl"), help: "The input is one report object (JSON), not plain text.") var reportObject = false
    @Option(help: "The report's language (BCP 47, e.g. en, uk, ru); default: the report's own, else the one its text is written in.")
    var language: String?
    @Option(help: ArgumentHelp("A language pack (JSON, as `swapwatch pack` prints) to read with besides those of --languages.", valueName: "file"))
    var pack: [String] = []
    @Argument(help: "A text file, or - for standard input.") var file: String
    @OptionGroup var languages: LanguageOptions

    func run() throws {
        let data = try ReportReading.data(file)
        var input: ReportInput
        if reportObject {
            guard let first = ReportFiles.jsonLines(data).first else { throw CLIError("no report in \(file)") }
            input = try first.result.get()
        } else {
            input = try ReportFiles.textReport(data, id: nil, published: published, outlet: nil, url: nil, title: nil)
        }
        if let published { input.published = published }
        if let language { input.language = language }
        let report = try Report(validating: input, received: Date())
        let packs = try pack.map { path in
            do {
                return try JSONDecoder().decode(LanguagePack.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw CLIError("\(path) is no language pack: \(error)")
            }
        }
        let claims = ClaimExtractor(packs: try languages.packs() + packs).extract(from: report)
        if json {
            struct Output: Encodable {
                let report: String
                let published: String?
                let dateBasis: DateBasis
                let claims: [Claim]
            }
            print(JSONOutput.line(Output(report: report.id, published: report.published, dateBasis: report.referenceTime.basis, claims: claims)))
        } else {
            let formatter = Formatter.forStandardOutput
            if claims.isEmpty { print("no claims about a prisoner exchange") }
            if report.published == nil { print("(no published time: relative dates resolved against now)") }
            for claim in claims { print(formatter.claimLine(claim)) }
        }
    }
}

/// `swapwatch pack`: a built-in language pack as JSON, the form a new pack is written in.
struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "Print a built-in language pack as JSON (a template for a new language).")

    @Argument(help: "The pack's language code.") var code = "en"

    func run() throws {
        let builtIn = LanguagePack.builtIn
        guard let pack = builtIn.first(where: { $0.code == code }) else {
            throw CLIError("no built-in pack for \(code); built in: \(builtIn.map(\.code).joined(separator: ", "))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(pack), as: UTF8.self))
    }
}

/// `swapwatch replay`: the alerts a stream raises, computed in-process.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Run extraction and the expectation rules over a JSON Lines stream, in order.")

    @Flag(help: "Print one JSON object per report: {\"id\": …, \"alerts\": [...]}.") var json = false
    @Argument(help: "A JSON Lines file of reports, or - for standard input.") var stream: String
    @OptionGroup var languages: LanguageOptions

    func run() throws {
        var replayer = StreamReplayer(packs: try languages.packs())
        let formatter = Formatter.forStandardOutput
        for (line, result) in ReportFiles.jsonLines(try ReportReading.data(stream)) {
            switch result {
            case .failure(let error):
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            case .success(let input):
                let outcome = replayer.process(input)
                if json {
                    struct Line: Encodable {
                        let id: String
                        let status: SubmitStatus?
                        let error: String?
                        let alerts: [Alert]
                    }
                    print(JSONOutput.line(Line(id: outcome.id, status: outcome.status, error: outcome.error, alerts: outcome.alerts)))
                } else if let error = outcome.error {
                    print("\(outcome.id) (line \(line)): refused: \(error)")
                } else {
                    print("\(outcome.id): \(outcome.status?.rawValue ?? "?"), \(outcome.claims.count) claim(s), \(outcome.alerts.count) alert(s)")
                    for alert in outcome.alerts { print("  " + formatter.alertLine(alert)) }
                }
            }
        }
    }
}
