import Foundation
import ServiceSupport
import SwapWatchMessages
import Testing
import ZeroMQ

/// A ROUTER on loopback that answers submissions (one report, or a batch) as a test says: it may
/// hold requests back and answer them in another order, or drop the first copy of each. A report
/// whose text is "bad" is refused.
private final class FakeBus: @unchecked Sendable {
    let context = ZMQContext()
    private(set) var endpoint = ""

    /// Binds a ROUTER on a thread of its own and serves there until the context is shut down.
    /// `answer` gets each batch of requests that arrived together and returns which to answer, in order.
    func serve(_ answer: @escaping @Sendable ([(routing: [Data], reports: [ReportInput], id: String)]) -> [Int]) throws {
        let bound = DispatchSemaphore(value: 0)
        let context = context
        let thread = Thread { [self] in
            defer { bound.signal() }
            guard let socket = try? ZMQSocket(context: context, type: .router), (try? socket.bind("tcp://127.0.0.1:*")) != nil,
                let endpoint = try? socket.lastEndpoint
            else { return }
            self.endpoint = endpoint
            bound.signal()
            defer { socket.close() }
            while true {
                guard (try? socket.waitReadable(timeoutMilliseconds: 50)) != nil else { return }
                var batch: [(routing: [Data], reports: [ReportInput], id: String, single: Bool)] = []
                while let frames = try? socket.receive(dontWait: true) {
                    guard let body = frames.last else { continue }
                    if let one = try? MessageCodec.decode(SubmitReport.self, from: body) {
                        batch.append((Array(frames.dropLast()), [one.data.report], one.id, true))
                    } else if let many = try? MessageCodec.decode(SubmitReports.self, from: body) {
                        batch.append((Array(frames.dropLast()), many.data.reports, many.id, false))
                    }
                }
                for index in answer(batch.map { ($0.routing, $0.reports, $0.id) }) {
                    let request = batch[index]
                    let outcomes = request.reports.map { report in
                        report.text == "bad"
                            ? SubmitOutcome(error: ErrorReply(code: "bad-report", message: "bad"))
                            : SubmitOutcome(SubmitResult(reportID: report.id ?? "", status: .stored, claims: [], changes: []))
                    }
                    let reply =
                        request.single
                        ? MessageCodec.encode(outcomes[0].result!, source: "/fake", correlationID: request.id)
                        : MessageCodec.encode(SubmitResults(outcomes: outcomes), source: "/fake", correlationID: request.id)
                    _ = try? socket.send(request.routing + [reply])
                }
            }
        }
        thread.start()
        bound.wait()
        guard !endpoint.isEmpty else { throw ZMQError.contextTerminated }
    }

    func stop() { context.shutdown() }
}

@Suite struct PipelinedClientTests {
    @Test func manyRequestsInFlightAreEachMatchedToTheirReply() throws {
        let bus = FakeBus()
        defer { bus.stop() }
        // Answers what arrives together last first.
        try bus.serve { batch in Array(batch.indices.reversed()) }
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .seconds(5))
        defer { client.close() }
        var sent: [String: String] = [:]
        for n in 0..<20 { sent[try client.send(SubmitReport(report: ReportInput(id: "r\(n)", text: "report \(n)")))] = "r\(n)" }
        #expect(client.count == 20)
        var answered: [String: String] = [:]
        while answered.count < 20 {
            for reply in try client.replies(waitingUpTo: 1000) {
                answered[reply.id] = try PipelinedClient.decode(reply.result.get(), as: SubmitResult.self).reportID
            }
        }
        #expect(answered == sent)
        #expect(client.count == 0 && client.expired().isEmpty)
    }

    @Test func aReplyOfTheTypeAskedForIsDecodedWholeWithItsHeader() throws {
        let bus = FakeBus()
        defer { bus.stop() }
        try bus.serve { batch in Array(batch.indices) }
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .seconds(5))
        defer { client.close() }
        try client.send(SubmitReport(report: ReportInput(id: "r1", text: "report 1")))
        var replies: [PipelinedClient.Reply] = []
        while replies.isEmpty { replies = try client.replies(waitingUpTo: 1000, decodingWhole: SubmitResult.self) }
        #expect((replies.first?.payload as? SubmitResult)?.reportID == "r1")
        #expect(try replies.first?.decoded(as: SubmitResult.self).reportID == "r1")
        // Asked for another type, the reply is only read for its header, and decoded when asked.
        try client.send(SubmitReport(report: ReportInput(id: "r2", text: "report 2")))
        replies = []
        while replies.isEmpty { replies = try client.replies(waitingUpTo: 1000, decodingWhole: SubmitResults.self) }
        #expect(replies.first?.payload == nil)
        #expect(try replies.first?.decoded(as: SubmitResult.self).reportID == "r2")
    }

    @Test func aRequestPreparedAheadIsSentAndAnsweredUnderItsId() throws {
        let bus = FakeBus()
        defer { bus.stop() }
        try bus.serve { batch in Array(batch.indices) }
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .seconds(5))
        defer { client.close() }
        let request = try client.prepare(SubmitReport(report: ReportInput(id: "r1", text: "report 1")))
        #expect(client.count == 0, "preparing sends nothing")
        #expect(try client.send(request) == request.id && client.count == 1)
        var replies: [PipelinedClient.Reply] = []
        while replies.isEmpty { replies = try client.replies(waitingUpTo: 1000) }
        #expect(replies.map(\.id) == [request.id])
        #expect(try replies.first?.decoded(as: SubmitResult.self).reportID == "r1")
        #expect(throws: RequestError.self) { try client.prepare(SubmitReport(report: ReportInput(text: String(repeating: "x", count: 9 << 20)))) }
    }

    @Test func aRequestWithoutAReplyIsHandedBackOnceItsTimeoutPasses() throws {
        let bus = FakeBus()
        defer { bus.stop() }
        try bus.serve { _ in [] }  // never answers
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .seconds(2))
        defer { client.close() }
        let id = try client.send(SubmitReport(report: ReportInput(text: "unanswered")))
        #expect(client.expired().isEmpty)
        Thread.sleep(forTimeInterval: 2.1)
        #expect(client.expired() == [id])
        #expect(client.count == 0)
    }

    /// With `immediate`, a server that goes away takes what it held: those requests are handed
    /// back at once rather than after their timeout, and a request sent meanwhile is refused.
    @Test func requestsToAServerThatWentAwayAreHandedBackAtOnce() throws {
        let bus = FakeBus()
        try bus.serve { _ in [] }  // never answers
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .seconds(60), keys: nil, immediate: true)
        defer { client.close() }
        var sent: String?
        for _ in 0..<100 where sent == nil {  // until the connection is up
            sent = try? client.send(SubmitReport(report: ReportInput(text: "held")))
            if sent == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let id = try #require(sent)
        #expect(client.lost().isEmpty, "connected: nothing is lost")
        bus.stop()
        var lost: [String] = []
        for _ in 0..<100 where lost.isEmpty {
            lost = client.lost()
            if lost.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(lost == [id] && client.count == 0)
        #expect(throws: RequestError.self) { try client.send(SubmitReport(report: ReportInput(text: "refused"))) }
    }

    @Test func aSubmissionResendsWhatGoesUnansweredAndGivesOutcomesInInputOrder() throws {
        let bus = FakeBus()
        defer { bus.stop() }
        // Drops the first copy of every batch, and answers the rest in reverse order.
        let seen = Seen()
        try bus.serve { batch in batch.indices.filter { seen.insert(batch[$0].reports.first?.id ?? "") }.reversed() }
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .milliseconds(200))
        defer { client.close() }
        let inputs = (0..<30).map { ReportInput(id: "r\($0)", text: $0 == 13 ? "bad" : "report \($0)") }
        var outcomes: [(Int, String)] = []
        var waited: [Int] = []
        try PipelinedSubmission(client: client, window: 8, batch: 3, retryingFor: 10).submit(inputs) { index, _ in
            waited.append(index)
        } outcome: { index, result in
            outcomes.append((index, (try? result.get())?.reportID ?? "failed"))
        }
        #expect(outcomes.map(\.0) == Array(0..<30))
        #expect(outcomes.map(\.1) == inputs.map { $0.text == "bad" ? "failed" : $0.id! }, "one report refused, the others of its batch stored")
        #expect(waited.sorted() == Array(stride(from: 0, to: 30, by: 3)), "each batch of 3 was resent once")
    }

    /// Batches hold at most `batch` reports and, but for a report too large for any company, at
    /// most a batch's worth of text.
    @Test func reportsAreCutIntoBatchesByCountAndBySize() throws {
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: "tcp://127.0.0.1:9", source: "/test")
        defer { client.close() }
        let submission = PipelinedSubmission(client: client, window: 100, batch: 4, retryingFor: 1)
        let small = ReportInput(text: "a short report")
        #expect(submission.batches(of: Array(repeating: small, count: 10)) == [0..<4, 4..<8, 8..<10])
        let third = ReportInput(text: String(repeating: "x", count: PipelinedSubmission.batchTextBytes / 3 + 1))
        let whole = ReportInput(text: String(repeating: "y", count: PipelinedSubmission.batchTextBytes + 1))
        #expect(submission.batches(of: [third, third, third, small]) == [0..<2, 2..<4])
        #expect(submission.batches(of: [small, whole, small]) == [0..<1, 1..<2, 2..<3])
        #expect(submission.batches(of: []).isEmpty)
    }
}

/// Which report ids the fake bus has seen: `insert` is true the second time.
private final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var ids = Set<String>()
    func insert(_ id: String) -> Bool {
        lock.withLock { !ids.insert(id).inserted }
    }
}
