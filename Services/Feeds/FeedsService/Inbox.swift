import FeedReading
import Foundation
import Logging
import ReportText
import ServiceSupport
import SwapWatchMessages
import Synchronization

/// A folder people drop reports into: `.txt` (one report), `.json` (a report object), `.jsonl`
/// (report objects, one per line) and `.html` (an article page). Each file is submitted, then
/// moved to `done/`, or to `failed/` beside a `.error` file saying why. A file is read only once
/// its size and modification time have held still for a scan (so one still being written is not
/// read half-way); while the stack does not answer, files wait where they are.
actor Inbox {
    static let extensions: Set<String> = ["txt", "json", "jsonl", "html", "htm"]

    let directory: URL
    let sender: ReportSender
    let logger: Logger
    let scanInterval: Duration
    private var seen: [String: FileSignature] = [:]
    /// How the inbox is doing, readable from any thread (the status socket's).
    nonisolated let report: InboxReport
    private var status: InboxStatus {
        get { report.current }
        set { report.current = newValue }
    }

    init(directory: URL, sender: ReportSender, logger: Logger, scanInterval: Duration = .seconds(1)) throws {
        (self.directory, self.sender, self.logger, self.scanInterval) = (directory, sender, logger, scanInterval)
        report = InboxReport(InboxStatus(directory: directory.path))
        for folder in [directory, directory.appendingPathComponent("done"), directory.appendingPathComponent("failed")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Scans until cancelled.
    func run() async {
        while !Task.isCancelled {
            await scan()
            do { try await Task.sleep(for: scanInterval) } catch { return }
        }
    }

    /// What a file looked like at the last scan.
    struct FileSignature: Equatable {
        var size: Int
        var modified: Date
    }

    func scan() async {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() } catch {
            status.lastError = "cannot list \(directory.path): \(error.localizedDescription)"
            return
        }
        var current: [String: FileSignature] = [:]
        for name in names where !name.hasPrefix(".") && Self.extensions.contains((name as NSString).pathExtension.lowercased()) {
            let path = directory.appendingPathComponent(name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeRegular,
                let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
            else { continue }
            let signature = FileSignature(size: size, modified: modified)
            if seen[name] == signature {
                await handle(name)
            } else {
                current[name] = signature
            }
        }
        seen = current
    }

    /// Submits every report of the file and moves it.
    func handle(_ name: String) async {
        let file = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file.path) else { return }
        var problems: [String] = []
        var submitted = 0
        var readable: [(label: String, report: ReportInput)] = []
        for (label, input) in reports(in: data, name: name) {
            switch input {
            case .failure(let error): problems.append("\(label): \(error)")
            case .success(let report): readable.append((label, report))
            }
        }
        let outcomes: [Result<SubmitResult, RequestError>]
        do { outcomes = try await sender.submit(readable.map(\.report)) } catch {
            return  // the service is stopping: the file stays for the next start
        }
        for (entry, outcome) in zip(readable, outcomes) {
            switch outcome {
            case .success(let result):
                submitted += 1
                if result.status == .quarantined { problems.append("\(entry.label): quarantined: \(result.reason ?? "reading it crashed a worker")") }
            case .failure(let error) where error.mayPass:
                // The stack is down: leave the file for a later scan (what went through is a duplicate then).
                status.lastError = "\(name): \(error)"
                logger.warning("inbox file waits: the stack does not answer", metadata: ["file": "\(name)", "error": "\(error)"])
                return
            case .failure(let error):
                problems.append("\(entry.label): \(error)")
            }
        }
        if submitted == 0 && problems.isEmpty { problems.append("no report in the file") }
        move(file, failed: !problems.isEmpty, reason: problems.joined(separator: "\n"))
    }

    /// The reports a file holds, each labelled for error messages.
    func reports(in data: Data, name: String) -> [(String, Result<ReportInput, Error>)] {
        switch (name as NSString).pathExtension.lowercased() {
        case "jsonl":
            return ReportFiles.jsonLines(data).map { ("line \($0.line)", $0.result.mapError { $0 as Error }) }
        case "json":
            return [(name, Result { try ReportFiles.jsonReport(data) })]
        case "html", "htm":
            guard let page = ArticlePage.read(data) else { return [(name, .failure(FetchError("no article text in the page")))] }
            return [
                (
                    name,
                    .success(
                        ReportInput(
                            published: page.published, outlet: page.siteName, url: page.canonicalURL, title: page.title, text: page.text,
                            language: page.language))
                )
            ]
        default:
            return [(name, Result { try ReportFiles.textReport(data) })]
        }
    }

    func move(_ file: URL, failed: Bool, reason: String) {
        let folder = directory.appendingPathComponent(failed ? "failed" : "done")
        var target = folder.appendingPathComponent(file.lastPathComponent)
        if FileManager.default.fileExists(atPath: target.path) {
            let stamp = Timestamp.format(Date()).replacingOccurrences(of: ":", with: "")
            target = folder.appendingPathComponent("\(stamp)-\(file.lastPathComponent)")
        }
        do {
            try FileManager.default.moveItem(at: file, to: target)
            if failed {
                try Data((reason + "\n").utf8).write(to: target.appendingPathExtension("error"))
                status.failed += 1
                status.lastError = "\(file.lastPathComponent): \(reason.split(separator: "\n").first ?? "")"
                logger.warning("inbox file failed", metadata: ["file": "\(file.lastPathComponent)", "reason": "\(reason)"])
            } else {
                status.done += 1
                logger.info("inbox file submitted", metadata: ["file": "\(file.lastPathComponent)"])
            }
        } catch {
            status.lastError = "cannot move \(file.lastPathComponent): \(error.localizedDescription)"
            logger.error("inbox file not moved", metadata: ["file": "\(file.lastPathComponent)", "error": "\(error)"])
        }
    }
}

/// The inbox's status, shared with the thread that answers status requests.
final class InboxReport: Sendable {
    private let value: Mutex<InboxStatus>

    init(_ status: InboxStatus) { value = Mutex(status) }

    var current: InboxStatus {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
