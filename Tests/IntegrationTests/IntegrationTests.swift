import Foundation
import GRDB
import SwapWatchMessages
import Testing
import ZeroMQ

/// Starts the real executables on free loopback ports with a real SQLite file, and talks to them
/// through the `swapwatch` CLI and real sockets.
final class Stack {
    let directory: URL
    let ports: [Int]
    var processes: [String: Process] = [:]
    private var commands: [String: (executable: String, arguments: [String])] = [:]

    static let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    static func binary(_ name: String) -> URL {
        // The test bundle sits next to the built executables.
        var url = binaries
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent(name)
    }

    init(workers: Int = 2) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("swapwatch-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ports = try Stack.freePorts(6)
        start("bus", "swapwatch-bus", ["--submit", ep(0), "--workers", ep(1), "--publish", ep(2), "--subscribe", ep(3)])
        start("store", "swapwatch-store", ["--database", directory.appendingPathComponent("store.sqlite").path, "--bind", ep(4), "--publish", ep(2)])
        start(
            "notifier", "swapwatch-notifier",
            [
                "--database", directory.appendingPathComponent("alerts.sqlite").path, "--subscribe", ep(3), "--publish", ep(2),
                "--store", ep(4), "--bind", ep(5), "--sink", directory.appendingPathComponent("alerts.jsonl").path,
            ])
        for n in 1...workers { start("ingest-\(n)", "swapwatch-ingest", ["--workers", ep(1), "--store", ep(4), "--worker-id", "ingest-\(n)"]) }
    }

    func ep(_ index: Int) -> String { "tcp://127.0.0.1:\(ports[index])" }

    var clientFlags: [String] {
        ["--submit-endpoint", ep(0), "--subscribe-endpoint", ep(3), "--store-endpoint", ep(4), "--notifier-endpoint", ep(5)]
    }

    static func freePorts(_ count: Int) throws -> [Int] {
        let context = ZMQContext()
        var sockets: [ZMQSocket] = []
        var ports: [Int] = []
        for _ in 0..<count {
            let socket = try ZMQSocket(context: context, type: .router)
            try socket.bind("tcp://127.0.0.1:*")
            ports.append(Int(try socket.lastEndpoint.split(separator: ":").last!)!)
            sockets.append(socket)
        }
        for socket in sockets { socket.close() }
        return ports
    }

    func start(_ name: String, _ executable: String, _ arguments: [String]) {
        commands[name] = (executable, arguments)
        let process = Process()
        process.executableURL = Stack.binary(executable)
        process.arguments = arguments
        let log = directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try? FileHandle(forWritingTo: log)
        _ = try? handle?.seekToEnd()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try? process.run()
        processes[name] = process
    }

    /// SIGKILL: no chance to flush, commit or say goodbye.
    func kill9(_ name: String) {
        guard let process = processes[name], process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts a stopped service again with the same flags.
    func restart(_ name: String) {
        guard let command = commands[name] else { return }
        start(name, command.executable, command.arguments)
    }

    /// Starts the CLI in the background; its standard output collects in the returned pipe.
    func background(_ arguments: [String]) throws -> (process: Process, output: Pipe) {
        let process = Process()
        process.executableURL = Stack.binary("swapwatch")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Runs the CLI to completion and returns its standard output.
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, output) = try background(arguments)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func waitUntilReady() throws {
        for _ in 0..<100 {
            if try cli(["exchanges", "--timeout", "0.5"] + clientFlags).status == 0,
                try cli(["alerts", "--since", "0", "--idle-timeout", "0.1", "--timeout", "0.5"] + clientFlags).status == 0
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("stack did not come up")
    }

    /// SIGTERM to everything; returns the names of processes still alive after `seconds`.
    func stop(within seconds: Double = 3) -> [String] {
        for process in processes.values where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, processes.values.contains(where: \.isRunning) { Thread.sleep(forTimeInterval: 0.05) }
        let alive = processes.filter { $0.value.isRunning }.map(\.key)
        for process in processes.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return alive
    }

    deinit {
        _ = stop(within: 0.5)
        try? FileManager.default.removeItem(at: directory)
    }
}

func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!
}

@Suite(.serialized) struct IntegrationTests {
    @Test func seedsLikeReportsRaiseTheirAlertsOnceThroughTheRealStack() throws {
        let stack = try Stack()
        try stack.waitUntilReady()

        // Subscribe first (live, from the start), then submit.
        let subscriber = Process()
        subscriber.executableURL = Stack.binary("swapwatch")
        subscriber.arguments = ["alerts", "--json", "--since", "0", "--count", "3", "--idle-timeout", "30"] + stack.clientFlags
        let pipe = Pipe()
        subscriber.standardOutput = pipe
        try subscriber.run()

        let first = try stack.cli(
            ["submit", "--json", "--id", "may18", "--outlet", "Fixture", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path]
                + stack.clientFlags)
        #expect(first.status == 0)
        #expect(first.output.contains("\"status\":\"stored\""))
        let duplicate = try stack.cli(
            ["submit", "--json", "--id", "may18", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(duplicate.output.contains("\"status\":\"duplicate\""))
        let second = try stack.cli(
            ["submit", "--json", "--id", "jun02", "--outlet", "Fixture", "--published", "2025-06-02T18:00:00Z", fixture("jun02.txt").path]
                + stack.clientFlags)
        #expect(second.status == 0)

        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        subscriber.waitUntilExit()
        let alerts = try output.split(separator: 0x0A).map { try JSONDecoder().decode(Alert.self, from: Data($0)) }
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
        let late = try stack.cli(["alerts", "--json", "--since", "0", "--count", "3", "--idle-timeout", "5"] + stack.clientFlags)
        #expect(late.output.split(separator: "\n").count == 3)

        let exchanges = try stack.cli(["exchanges", "--json"] + stack.clientFlags)
        #expect(exchanges.output.contains("russia-ukraine-prisoners-2"))
        let history = try stack.cli(["history", "russia-ukraine-prisoners-1"] + stack.clientFlags)
        #expect(history.output.contains("may18") && history.output.contains("jun02"))

        #expect(stack.stop(within: 3).isEmpty, "every service stops on SIGTERM")
        // A graceful stop leaves sound databases with everything in the main file (WAL checkpointed).
        for name in ["store.sqlite", "alerts.sqlite"] {
            let path = stack.directory.appendingPathComponent(name).path
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
            #expect(wal == 0, "\(name)-wal holds \(wal ?? -1) bytes")
            let database = try DatabaseQueue(path: path)
            #expect(try database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        }
        let store = try DatabaseQueue(path: stack.directory.appendingPathComponent("store.sqlite").path)
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM report") } == 2, "the duplicate is stored once")
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE publishedAt IS NULL") } == 0)
    }

    @Test func badInputGetsAClearErrorAndTheStackKeepsServing() throws {
        let stack = try Stack(workers: 1)
        try stack.waitUntilReady()
        let context = ZMQContext()
        let client = try ZMQSocket(context: context, type: .dealer)
        try client.connect(stack.ep(0))
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
        let emptyFile = stack.directory.appendingPathComponent("empty.txt")
        _ = FileManager.default.createFile(atPath: emptyFile.path, contents: Data())
        let empty = try stack.cli(["submit", "--published", "2025-06-02T00:00:00Z", emptyFile.path] + stack.clientFlags)
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
        let process = Process()
        process.executableURL = Stack.binary("swapwatch")
        process.arguments = ["score", fixture(file).path, "--min-precision", "\(precision)", "--min-recall", "\(recall)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
    }
}
