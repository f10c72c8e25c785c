import Foundation
import GRDB
import Logging
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Testing
import ZeroMQ

@testable import ClaimStore

/// The store service in this process, spoken to through its real socket.
@Suite struct StoreServiceTests {
    @Test func theServiceAnswersOnItsSocketAndLeavesACheckpointedDatabaseWhenStopped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("store.sqlite").path
        let endpoint = "ipc://\(directory.path)/store"
        let settings = StoreSettings(flags: ["--database", database, "--store-bind", endpoint, "--publish-endpoint", "ipc://\(directory.path)/bus"])
        let services = InProcessServices([ClaimStoreService(settings: settings)])

        let request = try Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(1000)])
        let context = ZMQContext()
        let replies = try await SocketThread.run(name: "test-client", context: context) {
            let client = RequestClient(context: context, endpoint: endpoint, source: "/test", timeout: .seconds(5))
            defer { client.close() }
            let stored = try client.call(StoreReports(items: [request]), expecting: SubmitResults.self).outcomes[0].get()
            let again = try client.call(StoreReports(items: [request]), expecting: SubmitResults.self).outcomes[0].get()
            let exchanges = try client.call(ExchangesQuery(), expecting: ExchangesReply.self)
            return (stored, again, exchanges)
        }
        let (stored, again, exchanges) = try #require(replies)
        #expect(stored.status == .stored && stored.changes.count == 1)
        #expect(again.status == .duplicate)
        #expect(exchanges.exchanges.map(\.exchange.id) == ["russia-ukraine-prisoners-1"])

        try await services.stop()
        let wal = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "stopping the service checkpoints its database")
        let reopened = try ClaimStore(.file(database))
        #expect(try reopened.exchanges(ExchangesQuery()).exchanges.count == 1)
        try reopened.close()
    }
}

/// Group commit: requests that arrive together are answered by one transaction, each in a
/// savepoint of its own.
@Suite struct GroupCommitTests {
    func batch(_ bodies: [Data]) -> [RoutedRequest] {
        bodies.enumerated().map {
            RoutedRequest(routing: [Data("peer-\($0.offset)".utf8), Data()], body: $0.element, user: nil, decodingWhole: StoreReports.self)
        }
    }

    /// The writer's next batch takes the requests waiting in order, within the limits, and
    /// always at least one (a request larger than the byte limit goes alone).
    @Test func aBatchTakesTheWaitingRequestsInOrderWithinItsLimits() {
        func request(_ n: Int, bytes: Int) -> RoutedRequest {
            RoutedRequest(routing: [Data("\(n)".utf8)], body: Data(count: bytes), user: nil)
        }
        func numbers(_ requests: [RoutedRequest]) -> [Int] { requests.map { Int(String(decoding: $0.routing[0], as: UTF8.self))! } }
        let half = ClaimStoreService.batchBytes / 2
        var waiting = [request(0, bytes: half), request(1, bytes: half), request(2, bytes: 1), request(3, bytes: 2 * half)]
        #expect(numbers(ClaimStoreService.nextBatch(&waiting)) == [0, 1])
        #expect(numbers(ClaimStoreService.nextBatch(&waiting)) == [2])
        #expect(numbers(ClaimStoreService.nextBatch(&waiting)) == [3], "a request over the limit goes alone")
        #expect(waiting.isEmpty)
        waiting = (0..<(ClaimStoreService.batchLimit + 5)).map { request($0, bytes: 10) }
        #expect(ClaimStoreService.nextBatch(&waiting).count == ClaimStoreService.batchLimit)
        #expect(numbers(waiting) == Array(ClaimStoreService.batchLimit..<(ClaimStoreService.batchLimit + 5)))
    }

    @Test func aRefusedRequestLeavesTheOthersOfItsBatchCommitted() throws {
        let store = try ClaimStore(.inMemory)
        let service = ClaimStoreService(settings: StoreSettings(flags: []))
        let responder = Responder(source: "/test", logger: .init(label: "test"))
        func report(_ n: Int) -> StoreReport {
            try! Fixtures.storeRequest("r\(n)", text: "report \(n): \(n)000 for \(n)000", published: "2025-05-1\(n)T10:00:00Z", claims: [])
        }
        let good = (1...3).map { MessageCodec.encode(StoreReports(items: [report($0)]), source: "/test") }
        let unknown = MessageCodec.encode(ExchangesReply(exchanges: []), source: "/test")
        var outbox = ClaimStoreService.OutboxCursor()
        let replies = service.answer(batch([good[0], unknown, good[1], good[2]]), store, responder, marking: &outbox)
        let statuses = replies.map { try? MessageCodec.header(of: $0).type }
        #expect(statuses == [SubmitResults.messageType, ErrorReply.messageType, SubmitResults.messageType, SubmitResults.messageType])
        let stored = try store.database.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM report") }
        #expect(stored == 3)
        // Every reply names its own request.
        for (body, reply) in zip([good[0], unknown, good[1], good[2]], replies) {
            #expect(try MessageCodec.header(of: reply).correlationid == MessageCodec.header(of: body).id)
        }
    }

    /// Within one submission each report is stored in a savepoint of its own: one refused (over
    /// the size limit) is answered with why, and the reports around it are stored.
    @Test func aRefusedReportLeavesTheOthersOfItsSubmissionStored() throws {
        let store = try ClaimStore(.inMemory)
        let service = ClaimStoreService(settings: StoreSettings(flags: []))
        let responder = Responder(source: "/test", logger: .init(label: "test"))
        let reports = try ["a", "big", "b"].map {
            try Fixtures.storeRequest(
                $0, text: $0 == "big" ? "PLACEHOLDER" : "report \($0): 1000 for 1000", published: "2025-05-12T10:00:00Z", claims: [])
        }
        // Over the size limit, written into the JSON: no Report can be made so.
        let body = Data(
            String(decoding: MessageCodec.encode(StoreReports(items: reports), source: "/test"), as: UTF8.self)
                .replacingOccurrences(of: "PLACEHOLDER", with: String(repeating: "x", count: 2_000_000)).utf8)
        var outbox = ClaimStoreService.OutboxCursor()
        let reply = try #require(service.answer(batch([body]), store, responder, marking: &outbox).first)
        let outcomes = try MessageCodec.decode(SubmitResults.self, from: reply).data.outcomes
        #expect(outcomes.map { $0.result?.status } == [.stored, nil, .stored])
        #expect(outcomes[1].error?.code == "bad-report")
        let stored = try store.database.writer.read { try String.fetchAll($0, sql: "SELECT id FROM report ORDER BY number") }
        #expect(stored == ["a", "b"])
    }

    @Test func aBatchThatCannotCommitIsRefusedWhole() throws {
        let store = try ClaimStore(.inMemory)
        let service = ClaimStoreService(settings: StoreSettings(flags: []))
        let responder = Responder(source: "/test", logger: .init(label: "test"))
        let request = MessageCodec.encode(
            StoreReports(items: [try Fixtures.storeRequest("a", text: "1000 for 1000", published: "2025-05-18T10:00:00Z", claims: [])]),
            source: "/test")
        try store.close()  // every write now fails
        var outbox = ClaimStoreService.OutboxCursor()
        let replies = service.answer(batch([request, request]), store, responder, marking: &outbox)
        let errors = replies.compactMap { try? MessageCodec.decode(ErrorReply.self, from: $0).data }
        #expect(errors.count == 2 && errors.allSatisfy { $0.code == ErrorReply.unavailableCode })
    }

    /// Only a service's StoreReports tells the store its reports were read; a submitter's is
    /// refused later and must not clear the mark that isolates a poison report's next reading.
    @Test func onlyAServicesStoreReportsSaysItsReportsWereRead() throws {
        let reports = try ["r1", "r2"].map { try Fixtures.storeRequest($0, text: "report \($0)", published: "2025-05-18T10:00:00Z", claims: []) }
        let store = StoreReports(items: reports)
        let begin = BeginExtractions(items: [BeginExtraction(reportID: "r1", contentHash: "h1", worker: "w")])
        func request<P: MessagePayload>(_ payload: P, user: String?) throws -> RoutedRequest {
            let body = MessageCodec.encode(payload, source: "/test")
            return RoutedRequest(routing: [Data()], body: body, user: user, decodingWhole: StoreReports.self)
        }
        #expect(ClaimStoreService.reportsRead(by: try request(store, user: "service")) == ["r1", "r2"])
        #expect(ClaimStoreService.reportsRead(by: try request(store, user: nil)) == ["r1", "r2"], "a stack without keys")
        #expect(ClaimStoreService.reportsRead(by: try request(store, user: "submitter")).isEmpty)
        #expect(ClaimStoreService.reportsRead(by: try request(begin, user: "service")).isEmpty)
    }
}
