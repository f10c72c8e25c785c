import ArgumentParser
import ClaimStore
import Foundation
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// `swapwatch-bench stack`: a running stack end to end (`make bench-stack` starts one). It
/// submits a generated stream as fast as the stack takes it, then another at a fixed offered rate,
/// and prints reports/s and the latency of submit → stored (the client's acknowledgement) and
/// submit → alert (received by a subscriber), beside the raw libzmq and SQLite limits measured
/// with the same payloads, and the ratios between them.
struct StackBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stack", abstract: "Measure a running stack end to end, beside raw libzmq and raw SQLite.")

    @Option(help: "Reports in the full-speed run.") var reports = 10_000
    @Option(help: "Offered rate of the paced run, reports/s.") var rate = 1_000.0
    @Option(help: "Seconds the paced run lasts.") var seconds = 10.0
    @Option(help: "Reports in flight at once at full speed.") var window = 256
    @Option(help: "The most reports in one message (1: a message each).") var batch = PipelinedSubmission.defaultBatch
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2025
    @Option(help: "The stack's keys folder (env SWAPWATCH_KEYS_DIR); none for a stack without keys.")
    var keys = ProcessInfo.processInfo.environment["SWAPWATCH_KEYS_DIR"] ?? ""
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() throws {
        let clientKeys = try keys.isEmpty ? nil : ClientKeys(directory: keys)
        let full = BenchStream(reports: reports, seed: seed, prefix: "full-\(seed)")
        let paced = BenchStream(reports: Int(rate * seconds), seed: seed &+ 1, prefix: "paced-\(seed)")
        let limits = try RawLimits.measure(payloads: full.payloads, rows: full.inputs, window: window, batch: ClaimStoreService.batchLimit)

        let context = ZMQContext()
        defer { context.shutdown() }
        let alerts = try AlertWatch(context: context, endpoint: EndpointSettings.subscribe.environmentValue, keys: clientKeys)
        let submit = EndpointSettings.submit.environmentValue
        let fullRun = try Phase.run(
            full.inputs, rate: nil, window: window, batch: batch, endpoint: submit, keys: clientKeys, context: context, alerts: alerts)
        let pacedRun = try Phase.run(
            paced.inputs, rate: rate, window: window, batch: batch, endpoint: submit, keys: clientKeys, context: context, alerts: alerts)

        let figures = Figures(machine: .current, limits: limits, full: fullRun, paced: pacedRun)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
            return
        }
        print(figures.machine.description)
        print(full.description)
        print("limits, with the same payloads:")
        for line in limits.lines { print("  " + line) }
        print("the stack (2 ingest workers unless SWAPWATCH_INGEST_WORKERS says otherwise):")
        print("  " + fullRun.line(title: "full speed, \(window) in flight, up to \(batch) a message"))
        print(
            String(
                format:
                    "    = %.1f%% of pipelined libzmq messages/s, %.1f%% of batched SQLite rows/s; median submit → stored is %.0f× a raw round trip",
                100 * fullRun.reportsPerSecond / limits.zeroMQPipelinedPerSecond, 100 * fullRun.reportsPerSecond / limits.sqliteRowsPerSecondBatched,
                fullRun.storedMilliseconds.p50 * 1000 / limits.zeroMQRoundTripMicroseconds))
        print("  " + pacedRun.line(title: String(format: "offered %.0f reports/s for %.0f s", rate, seconds)))
    }

    struct Figures: Encodable {
        let machine: Machine
        let limits: RawLimits
        let full: Phase
        let paced: Phase
    }
}

/// One run of submissions: when each was sent, acknowledged, and alerted on.
struct Phase: Encodable {
    struct Percentiles: Encodable {
        var p50: Double
        var p99: Double
        var count: Int

        init(_ nanoseconds: [UInt64]) {
            p50 = Statistics.percentile(nanoseconds, 0.5) / 1e6
            p99 = Statistics.percentile(nanoseconds, 0.99) / 1e6
            count = nanoseconds.count
        }
    }

    var reports: Int
    var failed: Int
    var reportsPerSecond: Double
    var storedMilliseconds: Percentiles
    var alertMilliseconds: Percentiles
    /// Submit → stored of the reports that raised an alert: an alert's latency less the notifier's part.
    var alertedStoredMilliseconds: Percentiles

    func line(title: String) -> String {
        String(
            format:
                "%@: %.0f reports/s submit → stored (%d reports, %d failed); submit → stored p50 %.1f ms, p99 %.1f ms; submit → alert p50 %.1f ms, p99 %.1f ms (%d alerts; their reports submit → stored p50 %.1f ms, p99 %.1f ms)",
            title, reportsPerSecond, reports, failed, storedMilliseconds.p50, storedMilliseconds.p99, alertMilliseconds.p50, alertMilliseconds.p99,
            alertMilliseconds.count, alertedStoredMilliseconds.p50, alertedStoredMilliseconds.p99)
    }

    /// Submits `inputs` with up to `window` in flight, in messages of up to `batch`, each sent as
    /// soon as the window allows or, with a `rate`, at its time on that schedule (a message then
    /// holds the reports due together); then waits for the alerts to stop coming. The messages it
    /// expects to send (runs of `batch` at full speed, one report each at a rate) are encoded
    /// before the clock starts, so that the client takes less of the cores the stack runs on.
    static func run(
        _ inputs: [ReportInput], rate: Double?, window: Int, batch: Int, endpoint: String, keys: ClientKeys?, context: ZMQContext,
        alerts: AlertWatch
    ) throws -> Phase {
        let client = try PipelinedClient(context: context, endpoint: endpoint, source: "/swapwatch/bench", timeout: .seconds(30), keys: keys)
        defer { client.close() }
        var sentAt = [UInt64](repeating: 0, count: inputs.count)
        var storedAt = [UInt64](repeating: 0, count: inputs.count)
        var inFlight: [String: Range<Int>] = [:]
        var reportsInFlight = 0
        var next = 0
        var done = 0
        var failed = 0
        let size = rate == nil ? max(1, batch) : 1
        var prepared: [Range<Int>: PipelinedClient.PreparedRequest] = [:]
        for first in stride(from: 0, to: inputs.count, by: size) {
            let reports = first..<min(first + size, inputs.count)
            prepared[reports] = try client.prepare(SubmitReports(reports: Array(inputs[reports])))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        func due(_ index: Int) -> UInt64 { rate.map { start + UInt64(Double(index) / $0 * 1e9) } ?? 0 }
        func send(_ reports: Range<Int>) throws {
            let at = DispatchTime.now().uptimeNanoseconds
            inFlight[try client.send(prepared[reports] ?? client.prepare(SubmitReports(reports: Array(inputs[reports]))))] = reports
            for index in reports where sentAt[index] == 0 { sentAt[index] = at }
            reportsInFlight += reports.count
        }
        while done < inputs.count {
            let now = DispatchTime.now().uptimeNanoseconds
            while next < inputs.count, reportsInFlight < window, due(next) <= now {
                var end = next + 1
                while end < inputs.count, end - next < batch, reportsInFlight + end - next < window, due(end) <= now { end += 1 }
                try send(next..<end)
                next = end
            }
            let untilNext = next < inputs.count && rate != nil ? Int((due(next) &- min(due(next), now)) / 1_000_000) : 5
            for reply in try client.replies(waitingUpTo: max(1, min(untilNext, 5)), decodingWhole: SubmitResults.self) {
                guard let reports = inFlight.removeValue(forKey: reply.id) else { continue }
                let at = DispatchTime.now().uptimeNanoseconds
                let outcomes = (try? reply.decoded(as: SubmitResults.self))?.outcomes
                for (offset, index) in reports.enumerated() {
                    storedAt[index] = at
                    if outcomes.map({ offset >= $0.count || $0[offset].result == nil }) ?? true { failed += 1 }
                }
                reportsInFlight -= reports.count
                done += reports.count
            }
            for id in client.expired() {
                guard let reports = inFlight.removeValue(forKey: id) else { continue }
                reportsInFlight -= reports.count
                try send(reports)
            }
        }
        let elapsed = Double(storedAt.max()! - sentAt.min()!) / 1e9
        let ids = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($0.element.id ?? "", $0.offset) })
        let alerted = alerts.waitUntilQuiet(for: Set(ids.keys))
        return Phase(
            reports: inputs.count, failed: failed, reportsPerSecond: Double(inputs.count) / elapsed,
            storedMilliseconds: Percentiles(zip(storedAt, sentAt).map { $0 - $1 }),
            alertMilliseconds: Percentiles(alerted.compactMap { id, at in ids[id].map { at &- sentAt[$0] } }),
            alertedStoredMilliseconds: Percentiles(alerted.compactMap { id, _ in ids[id].map { storedAt[$0] &- sentAt[$0] } }))
    }
}

/// A subscriber to every alert, on a thread of its own: when the first alert on each report arrived.
final class AlertWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var firstAlert: [String: UInt64] = [:]

    init(context: ZMQContext, endpoint: String, keys: ClientKeys?) throws {
        let ready = DispatchSemaphore(value: 0)
        let failure = Box<Error?>(nil)
        let thread = Thread { [self] in
            do {
                let socket = try ZMQSocket(context: context, type: .subscriber)
                defer { socket.close() }
                try socket.setMaximumMessageSize(Int64(MessageLimits.publication))
                try socket.connect(endpoint, with: keys)
                try socket.subscribe(Topics.alerts)
                ready.signal()
                while let frames = try socket.receive() {
                    let at = DispatchTime.now().uptimeNanoseconds
                    guard let body = frames.last, let alert = try? MessageCodec.decode(Alert.self, from: body).data else { continue }
                    lock.withLock { if firstAlert[alert.report.id] == nil { firstAlert[alert.report.id] = at } }
                }
            } catch {
                failure.value = error
                ready.signal()
            }
        }
        thread.start()
        ready.wait()
        if let error = failure.value { throw error }
        Thread.sleep(forTimeInterval: 0.5)  // the subscription reaches the bus
    }

    /// The alerts on `reports` once none has come for a second (at most 30 s), by report id.
    func waitUntilQuiet(for reports: Set<String>) -> [String: UInt64] {
        var last = -1
        var quietSince = Date()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let count = lock.withLock { firstAlert.keys.filter(reports.contains).count }
            if count != last {
                last = count
                quietSince = Date()
            } else if Date().timeIntervalSince(quietSince) >= 1 {
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return lock.withLock { firstAlert.filter { reports.contains($0.key) } }
    }
}
