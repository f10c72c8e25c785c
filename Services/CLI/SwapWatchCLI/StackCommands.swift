import ArgumentParser
import Foundation
import ReportText
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

extension StackOptions {
    /// Runs a blocking request exchange with `endpoint` on its own thread (never on the
    /// cooperative pool), speaking CURVE when the stack has keys.
    /// Runs `body` with a request client of `endpoint`; with keys, the server is the stack's, or
    /// the holder of the public key in `serverKeyFile` of the keys folder (the feeds service's).
    func withClient<T: Sendable>(
        _ endpoint: String, attempts: Int = 3, serverKeyFile: String? = nil, _ body: @escaping @Sendable (RequestClient) throws -> T
    ) async throws -> T {
        let context = ZMQContext()
        let keys = try clientKeys().map { client in
            try serverKeyFile.map { client.trusting(try StackKeys.readPublicKey((keysFolder as NSString).appendingPathComponent($0))) } ?? client
        }
        let timeout = Duration.milliseconds(Int(self.timeout * 1000))
        let result = try await SocketThread.run(name: "swapwatch-client", context: context) {
            let client = RequestClient(
                context: context, endpoint: endpoint, source: "/swapwatch/cli", timeout: timeout, attempts: attempts, keys: keys)
            defer { client.close() }
            return try body(client)
        }
        guard let result else { throw CLIError("interrupted") }
        return result
    }
}

extension StackOptions {
    /// Runs `body` with a pipelined client of `endpoint` on its own thread, speaking CURVE when
    /// the stack has keys; a request unanswered for `--timeout` seconds is handed back to resend.
    func withPipelinedClient<T: Sendable>(_ endpoint: String, _ body: @escaping @Sendable (PipelinedClient) throws -> T) async throws -> T {
        let context = ZMQContext()
        let keys = try clientKeys()
        let timeout = Duration.milliseconds(Int(self.timeout * 1000))
        let result = try await SocketThread.run(name: "swapwatch-client", context: context) {
            let client = try PipelinedClient(context: context, endpoint: endpoint, source: "/swapwatch/cli", timeout: timeout, keys: keys)
            defer { client.close() }
            return try body(client)
        }
        guard let result else { throw CLIError("interrupted") }
        return result
    }
}

/// `swapwatch submit`: send reports to the running stack and wait until each is stored.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Send reports to the running stack; waits until each is stored.")

    @OptionGroup var stack: StackOptions
    @Option(help: "Published time (ISO 8601) of a plain-text report.") var published: String?
    @Option(help: "Outlet of a plain-text report.") var outlet: String?
    @Option(help: "URL of a plain-text report.") var url: String?
    @Option(help: "Title of a plain-text report.") var title: String?
    @Option(help: "Id of a plain-text report (default: derived from its text).") var id: String?
    @Flag(help: "The files are JSON Lines of report objects.") var jsonl = false
    @Flag(help: "Print one JSON result per report.") var json = false
    @Option(help: "Keep resending a report for this many seconds while the stack does not answer or its claim store is unavailable (a restart, say).")
    var retryFor: Double = 60
    @Option(help: "How many reports to have in flight at once (1: each waits for the one before it to be stored).")
    var window = 256
    @Option(help: "How many reports to send in one message (1: a message each).")
    var batch = PipelinedSubmission.defaultBatch
    @Argument(help: "Text files (or JSON Lines with --jsonl); - for standard input.") var files: [String] = ["-"]

    func run() async throws {
        var inputs: [(label: String, result: Result<ReportInput, Error>)] = []
        for file in files {
            let data = try ReportReading.data(file)
            if jsonl {
                for (line, result) in ReportFiles.jsonLines(data) { inputs.append(("\(file):\(line)", result.mapError { $0 as Error })) }
            } else {
                inputs.append(
                    (file, Result { try ReportFiles.textReport(data, id: id, published: published, outlet: outlet, url: url, title: title) }))
            }
        }
        let labels = inputs.map(\.label)
        let reports = inputs.compactMap { try? $0.result.get() }
        let unreadable: [String?] = inputs.map {
            guard case .failure(let error) = $0.result else { return nil }
            return "\(error)"
        }
        let (json, retryFor, window, batch) = (json, retryFor, window, batch)
        let failures = try await stack.withPipelinedClient(stack.submitEndpoint) { client in
            var failures = 0
            var printed = 0
            let formatter = Formatter.forStandardOutput
            // Inputs that could not be read are told in their place among the others.
            func printUnreadable(upTo end: Int) {
                while printed < end {
                    if let message = unreadable[printed] {
                        failures += 1
                        print("\(labels[printed]): not sent: \(message)")
                    }
                    printed += 1
                }
            }
            let positions = unreadable.indices.filter { unreadable[$0] == nil }
            try PipelinedSubmission(client: client, window: window, batch: batch, retryingFor: retryFor).submit(reports) { index, error in
                FileHandle.standardError.write(Data("\(labels[positions[index]]): \(error); resending for up to \(Int(retryFor)) s\n".utf8))
            } outcome: { index, result in
                let position = positions[index]
                printUnreadable(upTo: position)
                printed = position + 1
                let label = labels[position]
                switch result {
                case .success(let reply):
                    if reply.status == .quarantined { failures += 1 }
                    print(json ? JSONOutput.line(reply) : Self.describe(reply, label: label, formatter: formatter))
                case .failure(let error):
                    failures += 1
                    print(json ? JSONOutput.line(["label": label, "error": error.description]) : "\(label): \(error)")
                }
            }
            printUnreadable(upTo: labels.count)
            return failures
        }
        if failures > 0 { throw ExitCode(1) }
    }

    static func describe(_ reply: SubmitResult, label: String, formatter: Formatter) -> String {
        let by = reply.worker.map { " by \($0)" } ?? ""
        switch reply.status {
        case .duplicate:
            return "\(label): duplicate of \(reply.existingReportID ?? reply.reportID), already stored\(by); nothing changed"
        case .corroboration:
            return "\(label): stored as \(reply.reportID)\(by), a reprint corroborating \(reply.existingReportID ?? "?"); no alert"
        case .quarantined:
            return "\(label): quarantined, not stored: \(reply.reason ?? "reading it crashed an ingest worker"); "
                + "`swapwatch quarantine` lists it, `swapwatch quarantine retry \(reply.existingReportID ?? reply.reportID)` tries again"
        case .stored:
            var lines = ["\(label): stored as \(reply.reportID)\(by): \(reply.claims.count) claim(s), \(reply.changes.count) change(s)"]
            for change in reply.changes {
                lines.append(
                    "  \(change.field.rawValue.uppercased()) \(formatter.exchangeName(change.exchange)): \(change.before?.description ?? "none") → \(change.after)"
                )
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `swapwatch exchanges`: what is expected now.
struct ExchangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exchanges", abstract: "What is expected now, per exchange.")

    @OptionGroup var stack: StackOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Leave out closed exchanges.") var openOnly = false

    func run() async throws {
        let includeClosed = !openOnly
        let reply = try await stack.withClient(stack.storeEndpoint) { client in
            try client.call(ExchangesQuery(includeClosed: includeClosed), expecting: ExchangesReply.self)
        }
        if json {
            print(JSONOutput.line(reply.exchanges))
            return
        }
        let formatter = Formatter.forStandardOutput
        if reply.exchanges.isEmpty { print("no exchanges yet") }
        for summary in reply.exchanges { print(formatter.summaryLine(summary)) }
    }
}

/// `swapwatch history`: how one exchange's expectation got where it is, report by report.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The story of one exchange, report by report.")

    @OptionGroup var stack: StackOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "An exchange id, as `swapwatch exchanges` prints it.") var exchange: String

    func run() async throws {
        let id = exchange
        let reply = try await stack.withClient(stack.storeEndpoint) { client in
            try client.call(HistoryQuery(exchangeID: id), expecting: HistoryReply.self)
        }
        if json {
            print(JSONOutput.line(reply))
            return
        }
        let formatter = Formatter.forStandardOutput
        print(formatter.summaryLine(reply.exchange))
        for entry in reply.entries {
            let source = [entry.report.outlet, entry.report.published].compactMap { $0 }.joined(separator: ", ")
            print("- \(entry.report.id) (\(source)): \(entry.effect)\(entry.corroborates.map { " of \($0), a reprint" } ?? "")")
            for change in entry.changes {
                let who = [change.evidence.speaker, change.evidence.hedged ? "hedged" : nil].compactMap { $0 }.joined(separator: ", ")
                print(
                    "    \(change.field.rawValue.uppercased()) \(change.before?.description ?? "none") → \(change.after)\(who.isEmpty ? "" : " (\(who))")"
                )
                print("      \"\(change.evidence.quote)\"")
            }
            if entry.changes.isEmpty, let claim = entry.claims.first {
                print("      \"\(claim.evidence.quote)\"")
            }
        }
    }
}

/// `swapwatch quarantine`: the reports kept aside because reading them crashed a worker, and
/// `swapwatch quarantine retry ID` to submit one again (after an upgrade).
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "List the reports kept aside because reading them crashed a worker; `retry ID` submits one again.")

    @OptionGroup var stack: StackOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "`retry` and a report id, to take that report out of quarantine and submit it again.") var action: [String] = []

    func validate() throws {
        guard action.isEmpty || (action.count == 2 && action[0] == "retry") else {
            throw ValidationError("use `quarantine` or `quarantine retry ID`")
        }
    }

    func run() async throws {
        if action.count == 2 {
            let id = action[1]
            let taken = try await stack.withClient(stack.storeEndpoint) { client in
                try client.call(QuarantineQuery(release: id), expecting: QuarantineReply.self)
            }
            guard let released = taken.released else { throw CLIError("the claim store did not return \(id)") }
            let input = ReportInput(
                id: released.id, published: released.published, outlet: released.outlet, url: released.url, title: released.title,
                text: released.text, language: released.language)
            let reply = try await stack.withClient(stack.submitEndpoint) { client in
                try ReportSubmission.submit(input, through: client, retryingFor: 60) { error in
                    FileHandle.standardError.write(Data("\(id): \(error); resending for up to 60 s\n".utf8))
                }
            }
            print(json ? JSONOutput.line(reply) : SubmitCommand.describe(reply, label: id, formatter: Formatter.forStandardOutput))
            if reply.status == .quarantined { throw ExitCode(1) }
            return
        }
        let reply = try await stack.withClient(stack.storeEndpoint) { client in
            try client.call(QuarantineQuery(), expecting: QuarantineReply.self)
        }
        if json {
            print(JSONOutput.line(reply.entries))
            return
        }
        if reply.entries.isEmpty { print("no quarantined reports") }
        for entry in reply.entries {
            let source = [entry.report.outlet, entry.report.published].compactMap { $0 }.joined(separator: ", ")
            print("\(entry.report.id) (\(source)), quarantined \(entry.quarantinedAt) after \(entry.attempts) attempt(s): \(entry.reason)")
        }
    }
}
