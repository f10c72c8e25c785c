import Foundation
import GRDB
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Testing
import ZeroMQ

func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!
}

@Suite(.serialized) struct IntegrationTests {
    @Test func seedsLikeReportsRaiseTheirAlertsOnceThroughTheRealStack() throws {
        let stack = try TestStack()

        // Subscribe first (live, from the start), then submit.
        let subscriber = try stack.background(["alerts", "--json", "--since", "0", "--count", "3", "--idle-timeout", "30"] + stack.subscriberFlags)

        let first = try stack.cli(
            ["submit", "--json", "--id", "may18", "--outlet", "Fixture", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path]
                + stack.clientFlags)
        #expect(first.status == 0)
        #expect(first.output.contains("\"status\":\"stored\""))
        let duplicate = try stack.cli(
            ["submit", "--json", "--id", "may18", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(duplicate.output.contains("\"status\":\"duplicate\""))
        // A reprint by another outlet (its own lead-in and sign-off) three days later, when "next
        // week" means another week, second in a batch after a report that is not read, is told by
        // the fingerprint the worker sends: it corroborates and raises nothing.
        let original = try String(contentsOf: fixture("may18.txt"), encoding: .utf8)
        let batch = [
            ReportInput(id: "weather", published: "2025-05-21T07:00:00Z", text: "Rain is expected over the capital all afternoon."),
            ReportInput(
                id: "may18-mirror", published: "2025-05-21T08:00:00Z", outlet: "Wire Mirror",
                text: "LONDON (Wire Mirror) - " + original + "\nReporting by the Wire Mirror desk."),
        ]
        let lines = try batch.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n")
        try lines.write(toFile: stack.path("batch.jsonl"), atomically: true, encoding: .utf8)
        let mirrored = try stack.cli(["submit", "--json", "--jsonl", stack.path("batch.jsonl")] + stack.clientFlags)
        #expect(mirrored.output.contains("\"status\":\"corroboration\""), "\(mirrored.output)")
        let second = try stack.cli(
            ["submit", "--json", "--id", "jun02", "--outlet", "Fixture", "--published", "2025-06-02T18:00:00Z", fixture("jun02.txt").path]
                + stack.clientFlags)
        #expect(second.status == 0)

        let alerts = try Fixtures.alerts(in: subscriber.output.fileHandleForReading.readDataToEndOfFile())
        try #require(alerts.count == 3, "\(alerts)")
        #expect(alerts.map(\.seq) == [1, 2, 3])
        #expect(alerts.map(\.field) == [.size, .date, .size])
        #expect(alerts[0].after == .size(.perSide(.exactly(1000))) && alerts[0].before == nil && alerts[0].report.id == "may18")
        #expect(alerts[1].after == .date(DateWindow(earliest: Day(iso: "2025-05-19"), latest: Day(iso: "2025-05-25"))))
        #expect(alerts[1].evidence.quote.contains("as early as next week"))
        #expect(alerts[1].evidence.speaker == "Kyrylo Budanov" && alerts[1].evidence.hedged)
        #expect(alerts[2].report.id == "jun02")
        #expect(alerts[2].exchange.id == "russia-ukraine-prisoners-2")
        #expect(alerts[2].after == .size(.perSide(SizeInterval(min: 1000, max: 1200))))
        #expect(alerts[2].evidence.quote.contains("possibility of increasing"))

        // A late subscriber catches up from the snapshot and gets the same alerts.
        let late = try stack.cli(["alerts", "--json", "--since", "0", "--count", "3", "--idle-timeout", "5"] + stack.subscriberFlags)
        #expect(late.output.split(separator: "\n").count == 3)

        let exchanges = try stack.cli(["exchanges", "--json"] + stack.clientFlags)
        #expect(exchanges.output.contains("russia-ukraine-prisoners-2"))
        let history = try stack.cli(["history", "russia-ukraine-prisoners-1"] + stack.clientFlags)
        #expect(history.output.contains("may18") && history.output.contains("jun02"))

        #expect(stack.stop(within: 3).isEmpty, "every service stops on SIGTERM")
        // A graceful stop leaves sound databases with everything in the main file (WAL checkpointed).
        for name in ["store.sqlite", "alerts.sqlite"] {
            let path = stack.path(name)
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
            #expect(wal == 0, "\(name)-wal holds \(wal ?? -1) bytes")
            let database = try DatabaseQueue(path: path)
            #expect(try database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        }
        let store = try DatabaseQueue(path: stack.path("store.sqlite"))
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM report") } == 4, "the duplicate is stored once, the reprint kept")
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE publishedAt IS NULL") } == 0)
    }

    @Test func badInputGetsAClearErrorAndTheStackKeepsServing() throws {
        let stack = try TestStack(workers: 1)
        let context = ZMQContext()
        let client = try ZMQSocket(context: context, type: .dealer)
        try client.connect(stack.endpoint("bus.submit"), with: try ClientKeys(directory: stack.path("keys")))
        for garbage in [
            Data("not json".utf8), Data([0xFF, 0xFE, 0x00]),
            Data("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"t\",\"type\":\"org.swapwatch.report.submit\",\"schemaversion\":7}".utf8),
        ] {
            try client.send([Data(), garbage])
            #expect(try client.waitReadable(timeoutMilliseconds: 5000))
            let reply = try #require(try client.receive())
            let header = try MessageCodec.header(of: reply[1])
            #expect(header.type == ErrorReply.messageType)
        }
        // A batch past its limits is refused whole, saying why.
        let tooMany = SubmitReports(reports: (0...SubmitReports.maximumCount).map { ReportInput(id: "r\($0)", text: "report \($0)") })
        try client.send([Data(), MessageCodec.encode(tooMany, source: "/test")])
        #expect(try client.waitReadable(timeoutMilliseconds: 5000))
        let refusal = try MessageCodec.decode(ErrorReply.self, from: try #require(try client.receive())[1]).data
        #expect(refusal.code == "batch-too-large" && refusal.message.contains("at most 256"), "\(refusal)")
        let emptyFile = stack.path("empty.txt")
        _ = FileManager.default.createFile(atPath: emptyFile, contents: Data())
        let empty = try stack.cli(["submit", "--published", "2025-06-02T00:00:00Z", emptyFile] + stack.clientFlags)
        #expect(empty.status != 0 && empty.output.contains("no text"))
        let ok = try stack.cli(["submit", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(ok.status == 0 && ok.output.contains("stored as"))
        #expect(stack.stop().isEmpty)
    }

    /// The project's own labelled streams (written for the project, in its own words): the first
    /// follows the May–June 2025 story, the second other swaps, parties and phrasings of 2024–2025.
    /// `labelled-more.jsonl` has one known miss (m22 names only one party), hence its lower recall bar.
    @Test(arguments: [("labelled.jsonl", 0.98, 0.95), ("labelled-more.jsonl", 0.98, 0.9)])
    func labelledFixturesScoreAboveTheBar(file: String, precision: Double, recall: Double) throws {
        let score = try TestStack.runCLI(["score", fixture(file).path, "--min-precision", "\(precision)", "--min-recall", "\(recall)"])
        #expect(score.status == 0, "\(score.output)")
    }
}

extension IntegrationTests {
    /// Ukrainian and Russian are read when the workers are told to read them, and not by default.
    @Test func workersReadTheLanguagesTheyAreGiven() throws {
        let text = "Україна та Росія обміняються 1000 полоненими з кожного боку наступного тижня, заявив Зеленський."
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("uk-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        for (languages, expected) in [("en", 0), (nil, 2)] as [(String?, Int)] {
            let stack = try TestStack(workers: 1, languages: languages)
            let run = try stack.cli(["submit", "--json", "--published", "2025-05-21T09:00:00Z", file.path] + stack.clientFlags)
            let reply = try JSONDecoder().decode(SubmitResult.self, from: Data(run.output.utf8))
            #expect(reply.status == .stored)
            #expect(reply.changes.count == expected, "languages \(languages ?? "default"): \(run.output)")
            if expected > 0 {
                #expect(reply.claims.contains { $0.size == .perSide(.exactly(1000)) && $0.evidence.speaker == "Зеленський" })
                #expect(reply.claims.contains { $0.date == DateWindow(earliest: Day(iso: "2025-05-26"), latest: Day(iso: "2025-06-01")) })
            }
            #expect(stack.stop().isEmpty)
        }
    }
}
