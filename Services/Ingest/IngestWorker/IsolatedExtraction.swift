import ClaimExtraction
import Foundation
import ServiceSupport
import SwapWatchMessages

/// Reads one report in a child process: this same executable, started with
/// `SWAPWATCH_ISOLATED_EXTRACTION=1`, takes the report's JSON on its standard input and writes its
/// claims' JSON on its standard output. A worker reads a report this way when an earlier attempt
/// at it never finished, so that if the report crashes (or hangs) the reader again, only the child
/// dies and the worker can quarantine it.
public enum IsolatedExtraction {
    static let childVariable = "SWAPWATCH_ISOLATED_EXTRACTION"

    /// Whether this process was started as the isolated reader.
    public static var isChild: Bool { ProcessInfo.processInfo.environment[childVariable] == "1" }

    /// The child's whole life: read the report, extract, print the claims. Exits 1 on input it
    /// cannot read; a crash in extraction ends it by that signal.
    public static func runChild() -> Never {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let report = try? JSONDecoder().decode(Report.self, from: input) else { exit(1) }
        let environment = ProcessInfo.processInfo.environment
        let marker = environment[IngestSettings.faultCrashMarker.environmentVariable]
        guard let packs = try? LanguagePack.builtIn(list: environment[CommonSettings.extractionLanguages.environmentVariable] ?? "en") else {
            exit(1)
        }
        let claims = ReportReader(faultCrashMarker: marker, packs: packs).claims(of: report)
        FileHandle.standardOutput.write(try! MessageCodec.encoder().encode(claims))
        exit(0)
    }

    /// Why the child gave no claims.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the child on `report` and returns its claims, or why there are none: it was killed by
    /// a signal, it exited with an error, or it ran longer than `timeout` and was killed.
    static func claims(of report: Report, reader: ReportReader, timeout: Duration = .seconds(30)) -> Result<[Claim], Failure> {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = []
        var environment = ProcessInfo.processInfo.environment
        environment[childVariable] = "1"
        environment[IngestSettings.faultCrashMarker.environmentVariable] = reader.faultCrashMarker
        // The child reads the languages its worker reads, whatever the worker was told them by.
        environment[CommonSettings.extractionLanguages.environmentVariable] = reader.packs.map(\.code).joined(separator: ",")
        child.environment = environment
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        do {
            try child.run()
        } catch {
            return .failure(Failure(description: "the isolated reader did not start: \(error)"))
        }
        let pid = child.processIdentifier
        let (seconds, _) = timeout.components
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(seconds)), execute: watchdog)
        defer { watchdog.cancel() }
        input.fileHandleForWriting.write((try? MessageCodec.encoder().encode(report)) ?? Data())
        try? input.fileHandleForWriting.close()
        let claims = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        switch (child.terminationReason, child.terminationStatus) {
        case (.uncaughtSignal, SIGKILL):
            return .failure(Failure(description: "reading it took longer than \(seconds) s, in two attempts"))
        case (.uncaughtSignal, let signal):
            return .failure(Failure(description: "reading it crashed an ingest worker and then the isolated reader (signal \(signal))"))
        case (.exit, 0):
            guard let decoded = try? JSONDecoder().decode([Claim].self, from: claims) else {
                return .failure(Failure(description: "the isolated reader's output did not decode"))
            }
            return .success(decoded)
        case (_, let status):
            return .failure(Failure(description: "the isolated reader exited with status \(status)"))
        }
    }
}

/// Extraction as a worker runs it, with the test-only fault: a report whose text contains the
/// crash marker aborts the process, as an extraction trap would.
struct ReportReader {
    let faultCrashMarker: String?
    let packs: [LanguagePack]
    let extractor: ClaimExtractor

    init(faultCrashMarker: String?, packs: [LanguagePack]) {
        self.faultCrashMarker = faultCrashMarker
        self.packs = packs
        extractor = ClaimExtractor(packs: packs)
    }

    func claims(of report: Report) -> [Claim] {
        if carriesFaultMarker(report) { abort() }
        return extractor.extract(from: report)
    }

    /// Whether reading `report` can come to anything: whether it can yield claims (a report with
    /// the test-only crash marker stands for one whose reading crashes, so it must be read).
    func needsReading(_ report: Report) -> Bool { carriesFaultMarker(report) || extractor.mayYieldClaims(report.text) }

    private func carriesFaultMarker(_ report: Report) -> Bool {
        guard let faultCrashMarker, !faultCrashMarker.isEmpty else { return false }
        return report.text.contains(faultCrashMarker)
    }
}
