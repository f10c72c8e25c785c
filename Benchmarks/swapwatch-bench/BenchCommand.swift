import ArgumentParser
import ClaimExtraction
import Foundation
import ReportText
import SwapWatchMessages
import SwapWatchTesting

/// `swapwatch-bench`: the project's benchmarks, each a command that prints figures (build with
/// `-c release`): claim extraction on one core (the default), the running stack end to end, and
/// the raw libzmq and SQLite limits the stack is built on.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swapwatch-bench", abstract: "SwapWatch's benchmarks (build with -c release).",
        subcommands: [ExtractionBench.self, StackBench.self, LimitsBench.self], defaultSubcommand: ExtractionBench.self)
}

/// `swapwatch-bench extraction`: generates a reproducible stream of reports and measures claim
/// extraction on one core: MB/s and reports/s per round, plus peak memory; then the text work
/// around it: the content hash every report gets, and the fingerprint of a report with claims.
struct ExtractionBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction", abstract: "Measure claim extraction on a generated news stream.")

    @Option(help: "How many reports to generate.") var reports = 10_000
    @Option(help: "Share of reports about prisoner exchanges.") var exchangeShare = 0.1
    @Option(help: "Smallest report text, bytes.") var minBytes = 1_000
    @Option(help: "Largest report text, bytes.") var maxBytes = 10_000
    @Option(help: "Rounds over the whole stream.") var rounds = 3
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2025
    @Flag(help: "Print the figures as one JSON object.") var json = false
    @Option(help: "Write the generated reports to this file as JSON Lines (for `swapwatch submit --jsonl`) instead of measuring.")
    var emit: String?

    func validate() throws {
        guard reports > 0, rounds > 0, minBytes > 0, minBytes <= maxBytes, (0...1).contains(exchangeShare) else {
            throw ValidationError("need reports > 0, rounds > 0, 0 < min-bytes <= max-bytes, exchange-share in 0...1")
        }
    }

    func run() throws {
        var news = SyntheticNews(generator: SeededGenerator(seed: seed), exchangeShare: exchangeShare, sizes: minBytes...maxBytes)
        let items = (0..<reports).map { _ in news.next() }
        let stream = try items.enumerated().map { index, item in try Report(validating: item.input(id: "bench-\(index)"), received: item.published) }
        if let emit {
            try Self.write(stream, to: emit)
            print("wrote \(stream.count) reports (\(items.filter(\.aboutExchange).count) about exchanges) to \(emit)")
            return
        }
        let bytes = items.reduce(0) { $0 + $1.text.utf8.count }
        let megabytes = Double(bytes) / 1_000_000
        let extractor = ClaimExtractor()
        var roundSeconds: [Double] = []
        var claims = 0
        var reportsWithClaims = 0
        for _ in 0..<rounds {
            claims = 0
            reportsWithClaims = 0
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for report in stream {
                    let found = extractor.extract(from: report).count
                    claims += found
                    if found > 0 { reportsWithClaims += 1 }
                }
            }
            roundSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let hashing = Self.bestSeconds(rounds) { for report in stream { _ = ContentHash.of(ContentHash.normalized(report.text)) } }
        let fingerprinting = Self.bestSeconds(rounds) { for report in stream { _ = TextFingerprint(text: report.text) } }
        let best = roundSeconds.min()!
        let median = roundSeconds.sorted()[roundSeconds.count / 2]
        let figures = Figures(
            reports: reports, megabytes: megabytes, exchangeReports: items.filter(\.aboutExchange).count,
            reportsWithClaims: reportsWithClaims, claims: claims, rounds: roundSeconds,
            bestMBPerSecond: megabytes / best, medianMBPerSecond: megabytes / median,
            bestReportsPerSecond: Double(reports) / best, peakResidentMB: Self.peakResidentMegabytes(),
            contentHashMBPerSecond: megabytes / hashing, fingerprintMicrosecondsPerReport: fingerprinting / Double(reports) * 1e6)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            print(
                String(
                    format: "generated %d reports, %.1f MB (%d about exchanges); %d reports yielded %d claims",
                    reports, megabytes, figures.exchangeReports, reportsWithClaims, claims))
            for (index, seconds) in roundSeconds.enumerated() {
                print(
                    String(format: "round %d: %.3f s  %.1f MB/s  %.0f reports/s", index + 1, seconds, megabytes / seconds, Double(reports) / seconds))
            }
            print(
                String(
                    format: "best %.1f MB/s, median %.1f MB/s, %.0f reports/s on one core; peak RSS %.0f MB",
                    figures.bestMBPerSecond, figures.medianMBPerSecond, figures.bestReportsPerSecond, figures.peakResidentMB))
            print(
                String(
                    format: "content hash (normalised text, SHA-256): %.0f MB/s; fingerprint (MinHash): %.1f µs a report",
                    figures.contentHashMBPerSecond, figures.fingerprintMicrosecondsPerReport))
        }
    }

    /// One `ReportInput` object per line.
    private static func write(_ stream: [Report], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for report in stream {
            data.append(try encoder.encode(ReportInput(id: report.id, published: report.published, text: report.text)))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    struct Figures: Encodable {
        let reports: Int
        let megabytes: Double
        let exchangeReports: Int
        let reportsWithClaims: Int
        let claims: Int
        let rounds: [Double]
        let bestMBPerSecond: Double
        let medianMBPerSecond: Double
        let bestReportsPerSecond: Double
        let peakResidentMB: Double
        let contentHashMBPerSecond: Double
        let fingerprintMicrosecondsPerReport: Double
    }

    /// The fastest of `rounds` runs of `work`, in seconds.
    private static func bestSeconds(_ rounds: Int, _ work: () -> Void) -> Double {
        let clock = ContinuousClock()
        return (0..<rounds).map { _ in
            let elapsed = clock.measure(work)
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.min()!
    }

    /// Peak resident set size of this process (Linux reports kilobytes).
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
