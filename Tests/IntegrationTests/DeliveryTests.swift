import Foundation
import GRDB
import SwapWatchMessages
import SwapWatchTesting
import Testing

/// How many alerts the stack owes for a stream: the in-process replay runs the same rules.
private func alertsOwed(for stream: URL) throws -> Int {
    try TestStack.runCLI(["replay", "--json", stream.path]).output.split(separator: "\n").reduce(0) { total, line in
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return total + ((object?["alerts"] as? [Any])?.count ?? 0)
    }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The Python interpreter with pyzmq that `make test` prepares (scripts/install-python-example).
var python: URL {
    if let path = ProcessInfo.processInfo.environment["SWAPWATCH_PYTHON"] { return URL(fileURLWithPath: path) }
    return packageRoot.appendingPathComponent(".build/python-venv/bin/python3")
}

extension IntegrationTests {
    @Test func notifierKilledMidStreamLosesNothingAndRepeatsNothing() throws {
        let stack = try TestStack()
        let stream = stack.directory.appendingPathComponent("stream.jsonl")
        let reports = 500
        let data = Fixtures.changingStream(count: reports)
        try data.write(to: stream)
        let halves = data.split(separator: 0x0A).map { Data($0) + Data([0x0A]) }
        let parts = [halves[0..<250], halves[250..<375], halves[375...]].map { $0.reduce(Data(), +) }

        let expected = try alertsOwed(for: stream)
        try #require(expected > reports / 2, "the generated stream should raise many alerts, raised \(expected)")

        let connected = try stack.background(
            ["alerts", "--json", "--since", "0", "--count", "\(expected)", "--idle-timeout", "60", "--timeout", "1"] + stack.subscriberFlags)
        func submit(_ part: Data, _ name: String) throws {
            let file = stack.directory.appendingPathComponent(name)
            try part.write(to: file)
            let result = try stack.cli(["submit", "--jsonl", file.path, "--json"] + stack.clientFlags)
            #expect(result.status == 0, "submit \(name) failed")
        }
        try submit(parts[0], "part1.jsonl")
        stack.kill9("notifier")
        try submit(parts[1], "part2.jsonl")  // the store keeps committing events while the notifier is down
        try stack.start("notifier")
        try submit(parts[2], "part3.jsonl")

        let live = try Fixtures.alerts(in: connected.output.fileHandleForReading.readDataToEndOfFile())
        connected.process.waitUntilExit()
        let late = try Fixtures.alerts(
            in: try stack.cli(["alerts", "--json", "--since", "0", "--count", "\(expected)", "--idle-timeout", "20"] + stack.subscriberFlags).output
                .data(
                    using: .utf8)!)
        for (name, received) in [("connected", live), ("late", late)] {
            #expect(
                received.map(\.seq) == Array(1...expected),
                "\(name) subscriber: \(received.count) alerts, expected \(expected) numbered 1…\(expected)")
            #expect(Set(received.map(\.id)).count == received.count, "\(name) subscriber got an alert twice")
        }
        #expect(live.map(\.id) == late.map(\.id))

        // The file sink holds each alert once, in order, across the SIGKILL.
        let sink = try Fixtures.alerts(in: Data(contentsOf: URL(fileURLWithPath: stack.path("alerts.jsonl"))))
        #expect(sink.map(\.seq) == Array(1...expected))

        // Nothing more arrives: the restarted notifier did not re-raise anything.
        let after = try stack.cli(["alerts", "--json", "--since", "\(expected)", "--idle-timeout", "2"] + stack.subscriberFlags)
        #expect(after.output.isEmpty)
        #expect(stack.stop().isEmpty)
        let log = try DatabaseQueue(path: stack.path("alerts.sqlite"))
        #expect(try log.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM alert") } == expected)
    }

    @Test func pythonExampleSubscribesWithAStockZeroMQClient() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no Python with pyzmq at \(python.path): run `make test`, or set SWAPWATCH_PYTHON")
        let script = packageRoot.appendingPathComponent("examples/python/subscribe.py")
        let stack = try TestStack(workers: 1)
        func runPython(_ arguments: [String]) throws -> (process: RunningProcess, output: Pipe) {
            let output = Pipe()
            let endpoints = [
                "--subscribe-endpoint", stack.endpoint("bus.subscribe"), "--notifier-endpoint", stack.endpoint("notifier.snapshots"),
                "--alert-key", stack.alertKey, "--keys-dir", stack.path("keys"),
            ]
            return (try RunningProcess(executable: python, arguments: [script.path] + endpoints + arguments, standardOutput: output), output)
        }
        // Live only, subscribed (its first heartbeat in) before the report arrives.
        let live = try runPython(["--json", "--count", "2", "--idle-timeout", "30"])
        try live.process.waitForLines { $0.hasPrefix("live:") }
        let submitted = try stack.cli(
            ["submit", "--id", "may18", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(submitted.status == 0)
        let received = try Fixtures.alerts(in: live.output.fileHandleForReading.readDataToEndOfFile())
        live.process.waitUntilExit()
        #expect(received.map(\.seq) == [1, 2])
        #expect(received.map(\.field) == [.size, .date])
        #expect(received.allSatisfy { $0.report.id == "may18" })

        // A late joiner filtered to dates gets the kept alert from the snapshot, in the readable form.
        let late = try runPython(["--since", "0", "--topic", "alert.date.", "--count", "1", "--idle-timeout", "10"])
        let line = String(decoding: late.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        late.process.waitUntilExit()
        #expect(line.hasPrefix("#2 DATE") && line.contains("2025-05-19 to 2025-05-25") && line.contains("Budanov"), "\(line)")
        #expect(stack.stop().isEmpty)
    }
}

extension IntegrationTests {
    /// Kills the store (SIGKILL, mid-submission) and the bus, restarts both, and resubmits the whole
    /// stream: every acknowledged report survives, nothing is stored or alerted twice, and the
    /// subscriber that stayed connected throughout reconnects by itself and holds every alert once.
    @Test func storeAndBusRestartsLoseNothingAcknowledged() throws {
        let stack = try TestStack()
        let stream = stack.directory.appendingPathComponent("stream.jsonl")
        try Fixtures.changingStream(count: 300).write(to: stream)
        let expected = try alertsOwed(for: stream)
        let connected = try stack.background(
            ["alerts", "--json", "--since", "0", "--count", "\(expected)", "--idle-timeout", "90", "--timeout", "1"] + stack.subscriberFlags)

        // First pass: the store dies while reports are being submitted.
        let firstPass = try stack.background(["submit", "--jsonl", stream.path, "--json", "--timeout", "2"] + stack.clientFlags)
        var firstOutput = Data()
        while firstOutput.count(where: { $0 == 0x0A }) < 30 {
            let chunk = firstPass.output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "the first pass ended before 30 acknowledgements")
            firstOutput.append(chunk)
        }
        stack.kill9("store")
        firstPass.process.terminate()  // the sender gives up; what it had acknowledged is what counts
        firstOutput.append(firstPass.output.fileHandleForReading.readDataToEndOfFile())
        firstPass.process.waitUntilExit()
        struct Acknowledgement: Decodable {
            var status: String?
            var reportID: String?
        }
        let acknowledged = Set(
            firstOutput.split(separator: 0x0A).compactMap { line -> String? in
                guard let ack = try? JSONDecoder().decode(Acknowledgement.self, from: Data(line)), ack.status != nil else { return nil }
                return ack.reportID
            })
        #expect(!acknowledged.isEmpty && acknowledged.count < 300, "the kill should land mid-stream (\(acknowledged.count) acknowledged)")

        // The store restarts from its SQLite file; the bus is killed and restarted too.
        try stack.start("store")
        stack.kill9("bus")
        try stack.start("bus")
        let secondPass = try stack.cli(["submit", "--jsonl", stream.path, "--json"] + stack.clientFlags)
        #expect(secondPass.status == 0, "resubmission after the restarts failed")

        let live = try Fixtures.alerts(in: connected.output.fileHandleForReading.readDataToEndOfFile())
        connected.process.waitUntilExit()
        #expect(live.map(\.seq) == Array(1...expected), "connected subscriber: \(live.count) alerts, expected \(expected)")
        #expect(stack.stop().isEmpty)

        let store = try DatabaseQueue(path: stack.path("store.sqlite"))
        let stored = Set(try store.read { try String.fetchAll($0, sql: "SELECT id FROM report") })
        #expect(acknowledged.isSubset(of: stored), "an acknowledged report was lost")
        let events = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(events == expected, "events stored once each, in the stream's order: \(events ?? 0) where a replay gives \(expected)")
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE publishedAt IS NULL") } == 0)
    }
}

extension IntegrationTests {
    /// `submit` keeps resending while the claim store is down and stops once it is back; with no
    /// time to retry it reports the failure instead.
    @Test func submitWaitsForAStoreThatComesBack() throws {
        let stack = try TestStack(workers: 1)
        stack.kill9("store")
        let report = ["submit", "--id", "may18", "--published", "2025-05-18T12:00:00Z", "--timeout", "2", fixture("may18.txt").path]

        let impatient = try stack.cli(report + ["--retry-for", "0"] + stack.clientFlags)
        #expect(impatient.status != 0)
        #expect(impatient.output.contains("store-unavailable") || impatient.output.contains("no reply"), "\(impatient.output)")

        let patient = try stack.background(report + ["--retry-for", "60"] + stack.clientFlags)
        try patient.process.waitForLines { $0.contains("resending for up to 60 s") }
        try stack.start("store")
        let output = String(decoding: patient.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        patient.process.waitUntilExit()
        #expect(patient.process.terminationStatus == 0)
        #expect(output.contains("stored as may18") || output.contains("duplicate of may18"), "\(output)")
        #expect(stack.stop().isEmpty)
    }
}
