import Foundation
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
            let stored = try client.call(request, expecting: SubmitResult.self)
            let again = try client.call(request, expecting: SubmitResult.self)
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
