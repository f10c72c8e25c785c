import ArgumentParser
import Foundation
import GRDB
import SwapWatchMessages
import SwapWatchTesting
import ZeroMQ

/// The two limits the stack is built on, measured with the stack's own payloads: a libzmq
/// DEALER/ROUTER round trip over tcp loopback, and SQLite inserts in WAL mode with the store's
/// durability (`synchronous = FULL`).
struct RawLimits: Encodable {
    /// One request at a time: round trips per second, and the median round trip in microseconds.
    var zeroMQRoundTripsPerSecond: Double
    var zeroMQRoundTripMicroseconds: Double
    /// Requests with `window` in flight: replies per second.
    var zeroMQPipelinedPerSecond: Double
    /// One transaction per row, and `batch` rows per transaction: rows per second.
    var sqliteRowsPerSecondOnePerTransaction: Double
    var sqliteRowsPerSecondBatched: Double
    var window: Int
    var batch: Int

    /// Measures both with `payloads` (what a client sends) and `rows` (what the store keeps).
    static func measure(payloads: [Data], rows: [ReportInput], window: Int, batch: Int) throws -> RawLimits {
        let zeroMQ = try zeroMQ(payloads, window: window)
        let sqlite = try sqlite(rows, batch: batch)
        return RawLimits(
            zeroMQRoundTripsPerSecond: zeroMQ.oneAtATime, zeroMQRoundTripMicroseconds: zeroMQ.medianMicroseconds,
            zeroMQPipelinedPerSecond: zeroMQ.pipelined, sqliteRowsPerSecondOnePerTransaction: sqlite.onePerTransaction,
            sqliteRowsPerSecondBatched: sqlite.batched, window: window, batch: batch)
    }

    /// A ROUTER that echoes every message, on a thread of its own, and a DEALER in this one.
    private static func zeroMQ(_ payloads: [Data], window: Int) throws -> (oneAtATime: Double, medianMicroseconds: Double, pipelined: Double) {
        let context = ZMQContext()
        defer { context.shutdown() }
        let endpoint = Box("")
        let bound = DispatchSemaphore(value: 0)
        let echo = Thread {
            // No high-water mark at either end: a ROUTER drops what it cannot queue, and a window
            // above the default mark (1,000 messages) would then wait for replies that never come.
            guard let router = try? ZMQSocket(context: context, type: .router), (try? router.setHighWaterMarks(send: 0, receive: 0)) != nil,
                (try? router.bind("tcp://127.0.0.1:*")) != nil
            else {
                bound.signal()
                return
            }
            defer { router.close() }
            endpoint.value = (try? router.lastEndpoint) ?? ""
            bound.signal()
            while let frames = try? router.receive() { _ = try? router.send(frames) }
        }
        echo.start()
        bound.wait()
        guard !endpoint.value.isEmpty else { throw ValidationError("could not bind a loopback port") }
        let dealer = try ZMQSocket(context: context, type: .dealer)
        defer { dealer.close() }
        try dealer.setHighWaterMarks(send: 0, receive: 0)
        try dealer.connect(endpoint.value)
        // One at a time.
        var roundTrips: [UInt64] = []
        let count = min(payloads.count, 5_000)
        let started = DispatchTime.now().uptimeNanoseconds
        for payload in payloads.prefix(count) {
            let sent = DispatchTime.now().uptimeNanoseconds
            try dealer.send([Data(), payload])
            _ = try dealer.receive()
            roundTrips.append(DispatchTime.now().uptimeNanoseconds - sent)
        }
        let oneAtATime = Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        // Pipelined, with `window` in flight.
        let total = payloads.count * 4
        var sent = 0
        var received = 0
        let pipelinedStart = DispatchTime.now().uptimeNanoseconds
        while received < total {
            while sent < total, sent - received < window {
                try dealer.send([Data(), payloads[sent % payloads.count]])
                sent += 1
            }
            if try dealer.receive() != nil { received += 1 }
            while try dealer.receive(dontWait: true) != nil { received += 1 }
        }
        let pipelined = Double(total) / (Double(DispatchTime.now().uptimeNanoseconds - pipelinedStart) / 1e9)
        return (oneAtATime, Statistics.percentile(roundTrips, 0.5) / 1000, pipelined)
    }

    /// Inserts the rows into a fresh file, first one per transaction, then `batch` per transaction.
    private static func sqlite(_ rows: [ReportInput], batch: Int) throws -> (onePerTransaction: Double, batched: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swapwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try DatabasePool(path: directory.appendingPathComponent("raw.sqlite").path)
        defer { try? database.close() }
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(
                sql: "CREATE TABLE report (number INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, published TEXT, text TEXT NOT NULL)")
        }
        let insert = "INSERT INTO report (id, published, text) VALUES (?, ?, ?)"
        let single = min(rows.count, 1_000)
        var started = DispatchTime.now().uptimeNanoseconds
        for (index, row) in rows.prefix(single).enumerated() {
            try database.write { db in try db.cachedStatement(sql: insert).execute(arguments: ["single-\(index)", row.published, row.text]) }
        }
        let onePerTransaction = Double(single) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        started = DispatchTime.now().uptimeNanoseconds
        for chunkStart in stride(from: 0, to: rows.count, by: batch) {
            try database.write { db in
                let statement = try db.cachedStatement(sql: insert)
                for index in chunkStart..<min(chunkStart + batch, rows.count) {
                    try statement.execute(arguments: ["batched-\(index)", rows[index].published, rows[index].text])
                }
            }
        }
        let batched = Double(rows.count) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        return (onePerTransaction, batched)
    }
}

/// A value one thread sets and another reads after a semaphore.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// `swapwatch-bench limits`: the raw libzmq and SQLite limits alone.
struct LimitsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits", abstract: "Measure a raw libzmq round trip and raw SQLite inserts with the bench stream's payloads.")

    @Option(help: "How many reports to generate.") var reports = 10_000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2025
    @Option(help: "Messages in flight in the pipelined round trips.") var window = 256
    @Option(help: "Rows per transaction in the batched inserts.") var batch = 256

    func run() throws {
        let stream = BenchStream(reports: reports, seed: seed, prefix: "limits")
        let limits = try RawLimits.measure(payloads: stream.payloads, rows: stream.inputs, window: window, batch: batch)
        print(Machine.current.description)
        print(stream.description)
        for line in limits.lines { print(line) }
    }
}

extension RawLimits {
    var lines: [String] {
        [
            String(
                format: "libzmq DEALER/ROUTER over tcp loopback: one at a time %.0f round trips/s (median %.0f µs); %d in flight %.0f messages/s",
                zeroMQRoundTripsPerSecond, zeroMQRoundTripMicroseconds, window, zeroMQPipelinedPerSecond),
            String(
                format: "SQLite, WAL, synchronous = FULL: one transaction per row %.0f rows/s; %d rows per transaction %.0f rows/s",
                sqliteRowsPerSecondOnePerTransaction, batch, sqliteRowsPerSecondBatched),
        ]
    }
}

/// The generated stream a bench submits: reports as a client sends them.
struct BenchStream {
    let inputs: [ReportInput]
    let aboutExchanges: Int
    /// Each report as the submit envelope a client sends.
    let payloads: [Data]

    init(reports: Int, seed: UInt64, prefix: String) {
        var news = SyntheticNews(generator: SeededGenerator(seed: seed), exchangeShare: 0.1, sizes: 1_000...10_000)
        let items = (0..<reports).map { _ in news.next() }
        inputs = items.enumerated().map { $0.element.input(id: "\(prefix)-\($0.offset)") }
        aboutExchanges = items.filter(\.aboutExchange).count
        payloads = inputs.map { MessageCodec.encode(SubmitReport(report: $0), source: "/swapwatch/bench") }
    }

    var meanPayloadBytes: Int { payloads.reduce(0) { $0 + $1.count } / max(1, payloads.count) }

    var description: String {
        "stream: \(inputs.count) generated reports (\(aboutExchanges) about exchanges), \(meanPayloadBytes) bytes per submission on average"
    }
}

/// Order statistics of durations in nanoseconds.
enum Statistics {
    static func percentile(_ values: [UInt64], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
        return Double(sorted[rank])
    }
}

/// What the bench ran on.
struct Machine: Encodable {
    var cpu: String
    var cores: Int
    var memoryGiB: Double
    var system: String

    static var current: Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }.map {
                $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            } ?? "unknown CPU"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Machine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30), system: "Linux \(release)")
    }

    var description: String { String(format: "machine: %@, %d cores, %.0f GiB, %@", cpu, cores, memoryGiB, system) }
}
