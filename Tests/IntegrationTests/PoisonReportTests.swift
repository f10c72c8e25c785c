import Foundation
import SwapWatchMessages
import SwapWatchTesting
import Testing

extension IntegrationTests {
    /// A report whose reading kills a worker (the test-only crash marker makes the worker abort,
    /// as an extraction trap would) kills at most one: its resend is read in an isolated process,
    /// which crashes too, and the report is quarantined. `submit` says so; the next reports are
    /// stored; the restarted worker takes work again; sending the report again touches no worker;
    /// `swapwatch quarantine` lists it and `retry` quarantines it again without a death.
    @Test func aPoisonReportIsQuarantinedAfterKillingAtMostOneWorker() throws {
        let marker = "POISON-\(UUID().uuidString)"
        let stack = try TestStack(workers: 2, faultCrashMarker: marker)
        let poison = stack.path("poison.txt")
        try Data("Ukraine and Russia will exchange 500 prisoners each. \(marker)".utf8).write(to: URL(fileURLWithPath: poison))
        let submit = ["submit", "--id", "poison", "--published", "2025-05-18T12:00:00Z", "--timeout", "3", "--retry-for", "30"]

        let first = try stack.cli(submit + [poison] + stack.clientFlags)
        #expect(first.status != 0)
        #expect(first.output.contains("poison.txt: quarantined, not stored") && first.output.contains("signal 6"), "\(first.output)")
        let workers = ["ingest-1", "ingest-2"]
        let dead = workers.filter { !(stack.service($0)?.isRunning ?? false) }
        #expect(dead.count == 1, "one worker died of the report, not \(dead.count)")

        let next = try stack.cli(["submit", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(next.status == 0 && next.output.contains("stored as"), "\(next.output)")

        for name in dead { try stack.start(name) }
        var handledBy: Set<String> = []
        for n in 0..<8 {
            let text = stack.path("r\(n).txt")
            try Data("Heavy snow closed \(n) roads around Lviv, the regional administration said.".utf8).write(to: URL(fileURLWithPath: text))
            let result = try stack.cli(["submit", "--json", "--published", "2025-05-19T12:00:00Z", text] + stack.clientFlags)
            if let worker = try? JSONDecoder().decode(SubmitResult.self, from: Data(result.output.utf8)).worker { handledBy.insert(worker) }
        }
        #expect(dead.allSatisfy(handledBy.contains), "the restarted worker took work again: \(handledBy.sorted())")

        let again = try stack.cli(submit + [poison] + stack.clientFlags)
        #expect(again.output.contains("quarantined"), "\(again.output)")
        let listed = try stack.cli(["quarantine"] + stack.clientFlags)
        #expect(listed.output.hasPrefix("poison ") && listed.output.contains("signal"), "\(listed.output)")
        let retried = try stack.cli(["quarantine", "retry", "poison"] + stack.clientFlags)
        #expect(retried.status != 0 && retried.output.contains("quarantined"), "\(retried.output)")
        #expect(workers.allSatisfy { stack.service($0)?.isRunning ?? false }, "no worker died after the first")
        #expect(stack.stop().isEmpty)
    }

    /// Reports sent in one batch (`submit --jsonl`): a poison report among them kills one worker;
    /// the batch, sent again, is read isolated report by report, so the poison one is quarantined
    /// and the others are stored; a report without text is refused on its own line.
    @Test func aPoisonReportInABatchCostsOneWorkerAndOnlyItself() throws {
        let marker = "POISON-\(UUID().uuidString)"
        let stack = try TestStack(workers: 2, faultCrashMarker: marker)
        let lines = [
            ReportInput(
                id: "before", published: "2025-05-18T12:00:00Z", text: "Heavy snow closed roads around Lviv, the regional administration said."),
            ReportInput(id: "empty", published: "2025-05-18T12:00:00Z", text: ""),
            ReportInput(id: "poison", published: "2025-05-18T12:00:00Z", text: "Ukraine and Russia will exchange 500 prisoners each. \(marker)"),
            ReportInput(id: "after", published: "2025-05-18T12:00:00Z", text: "Ukraine and Russia will exchange 700 prisoners each next week."),
        ]
        let file = stack.path("batch.jsonl")
        try Data(lines.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n").utf8)
            .write(to: URL(fileURLWithPath: file))
        let result = try stack.cli(["submit", "--jsonl", "--json", "--timeout", "3", "--retry-for", "30", file] + stack.clientFlags)
        #expect(result.status != 0)
        // One JSON line per report, in input order: its status, or why it was refused.
        let outcomes = result.output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).map {
                ($0["status"] as? String) ?? ($0["error"] as? String ?? "?")
            }
        }
        #expect(outcomes.count == 4, "\(result.output)")
        if outcomes.count == 4 {
            #expect(outcomes[0] == "stored" && outcomes[2] == "quarantined" && outcomes[3] == "stored", "\(outcomes)")
            #expect(outcomes[1].contains("no text"), "\(outcomes[1])")
        }
        let dead = ["ingest-1", "ingest-2"].filter { !(stack.service($0)?.isRunning ?? false) }
        #expect(dead.count == 1, "one worker died of the batch, not \(dead.count)")
        #expect(stack.stop().isEmpty)
    }
}
