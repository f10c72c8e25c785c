import Foundation
import ServiceSupport
import SwapWatchMessages
import Testing
import ZeroMQ

/// A ROUTER on loopback that answers submissions as a test says: it may hold requests back and
/// answer them in another order, or drop the first copy of each report.
private final class FakeBus: @unchecked Sendable {
    let context = ZMQContext()
    private(set) var endpoint = ""

    /// Binds a ROUTER on a thread of its own and serves there until the context is shut down.
    /// `answer` gets each batch of requests that arrived together and returns which to answer, in order.
    func serve(_ answer: @escaping @Sendable ([(routing: [Data], report: ReportInput, id: String)]) -> [Int]) throws {
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
                var batch: [(routing: [Data], report: ReportInput, id: String)] = []
                while let frames = try? socket.receive(dontWait: true) {
                    guard let body = frames.last, let envelope = try? MessageCodec.decode(SubmitReport.self, from: body) else { continue }
                    batch.append((Array(frames.dropLast()), envelope.data.report, envelope.id))
                }
                for index in answer(batch) {
                    let request = batch[index]
                    let result = SubmitResult(reportID: request.report.id ?? "", status: .stored, claims: [], changes: [])
                    _ = try? socket.send(request.routing + [MessageCodec.encode(result, source: "/fake", correlationID: request.id)])
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
        // Drops the first copy of every report, and answers the rest in reverse order.
        let seen = Seen()
        try bus.serve { batch in batch.indices.filter { seen.insert(batch[$0].report.id ?? "") }.reversed() }
        let context = ZMQContext()
        let client = try PipelinedClient(context: context, endpoint: bus.endpoint, source: "/test", timeout: .milliseconds(200))
        defer { client.close() }
        let inputs = (0..<30).map { ReportInput(id: "r\($0)", text: "report \($0)") }
        var outcomes: [(Int, String)] = []
        var waited = 0
        try PipelinedSubmission(client: client, window: 8, retryingFor: 10).submit(inputs) { _, _ in
            waited += 1
        } outcome: { index, result in
            outcomes.append((index, (try? result.get())?.reportID ?? "failed"))
        }
        #expect(outcomes.map(\.0) == Array(0..<30))
        #expect(outcomes.map(\.1) == inputs.map { $0.id! })
        #expect(waited == 30)
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
