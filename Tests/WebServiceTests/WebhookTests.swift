import Crypto
import Foundation
import Hummingbird
import Logging
import SwapWatchMessages
import Testing

@testable import WebService

@Suite struct WebhookTests {
    @Test func thePayloadIsTheAlertWithAOneLineTextBesideIt() throws {
        let alert = WebFixtures.alerts[2]
        let body = try WebhookPayload(alert).body()
        #expect(try JSONDecoder().decode(Alert.self, from: body) == alert)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let text = try #require(object["text"] as? String)
        #expect(
            text.hasPrefix(
                "SwapWatch #3: Russia–Ukraine prisoners exchange: expected size 1,000 per side → 1,000–1,200 per side · Reuters, 2025-05-18 · “"))
        #expect(!text.contains("\n"))
    }

    @Test func theTextCannotMentionOrLinkInAChat() throws {
        var alert = WebFixtures.alerts[0]
        alert.evidence.quote = "Talks went on <!channel> & <https://evil.example|see here>."
        let object = try #require(try JSONSerialization.jsonObject(with: try WebhookPayload(alert).body()) as? [String: Any])
        let text = try #require(object["text"] as? String)
        #expect(text.contains("Talks went on &lt;!channel&gt; &amp; &lt;https://evil.example|see here&gt;."))
        #expect(!text.contains("<"))
        // The structured fields keep the quote as written.
        #expect((object["evidence"] as? [String: Any])?["quote"] as? String == alert.evidence.quote)
    }

    @Test func theSignatureIsTheHexHMACOfTheBodyWithTheSecret() {
        let body = Data(#"{"seq":1}"#.utf8)
        let expected = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("s3cret".utf8)))
        #expect(WebhookPayload.signature(of: body, secret: "s3cret") == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
        #expect(WebhookPayload.signature(of: body, secret: "other") != WebhookPayload.signature(of: body, secret: "s3cret"))
    }

    @Test func retriesBackOffExponentiallyUpToAnHour() {
        let policy = RetryPolicy(firstDelay: .seconds(1), giveUpAfter: .seconds(86_400))
        #expect((1...5).map { policy.delay(afterAttempts: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(policy.delay(afterAttempts: 13) == .seconds(3600))
        #expect(policy.delay(afterAttempts: 200) == .seconds(3600))
    }

    @Test func eachWebhookIsOwedTheAlertsOfItsTopicFromItsRegistrationInOrder() async throws {
        let archive = try AlertArchive(.inMemory)
        let alerts = WebFixtures.alerts
        try archive.record(alerts[0])  // before any webhook: owed to none
        let all = try archive.addWebhook(url: "http://127.0.0.1:9/all", topic: Topics.alerts)
        let sizes = try archive.addWebhook(url: "http://127.0.0.1:9/sizes", topic: "alert.size.")
        #expect(all.secret?.count == 64 && all.secret != sizes.secret)
        for alert in alerts.dropFirst() { try archive.record(alert) }
        #expect(try archive.record(alerts[1]) == false)  // a second copy is not queued again
        let now = Date()
        var due = try await archive.dueDeliveries(now: now)
        #expect(Set(due.map { "\($0.webhookID):\($0.alert.seq)" }) == ["\(all.id):2", "\(sizes.id):3"])
        // Each endpoint's next alert waits for the one before it.
        let failing = try #require(due.first { $0.webhookID == all.id })
        try await archive.failed(failing, error: "HTTP 503 for alert #2", retryAt: now.addingTimeInterval(60))
        due = try await archive.dueDeliveries(now: now)
        #expect(due.map(\.alert.seq) == [3])
        #expect(try archive.webhooks().first { $0.id == all.id }?.lastError == "HTTP 503 for alert #2")
        due = try await archive.dueDeliveries(now: now.addingTimeInterval(61))
        let retried = try #require(due.first { $0.webhookID == all.id })
        #expect(retried.alert.seq == 2 && retried.attempts == 1 && retried.queuedAt <= Date())
        try await archive.delivered(retried, at: now)
        #expect(try await archive.dueDeliveries(now: now.addingTimeInterval(61)).first { $0.webhookID == all.id }?.alert.seq == 3)
        let status = try #require(try archive.webhooks().first { $0.id == all.id })
        #expect(status.lastDeliveredSeq == 2 && status.lastError == nil && status.pending == 3 && status.secret == nil)
        #expect(try archive.webhooks().first { $0.id == sizes.id }?.pending == 1)
        // Removed, with what it was owed.
        #expect(try archive.removeWebhook(id: all.id)?.url == "http://127.0.0.1:9/all")
        #expect(try archive.removeWebhook(id: all.id) == nil)
        #expect(try await archive.dueDeliveries(now: now.addingTimeInterval(61)).map(\.webhookID) == [sizes.id])
    }

    /// An endpoint that never takes an alert (it answers 503): its alerts are retried, then given
    /// up together when the retry period since they were queued is over, and the webhook's last
    /// error says so.
    @Test func anEndpointThatNeverTakesAnAlertIsGivenUpAfterTheRetryPeriod() async throws {
        let archive = try AlertArchive(.inMemory)
        let router = Router()
        router.post("/hook") { _, _ in Response(status: .serviceUnavailable) }
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let server = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { bound.yield($0.localAddress?.port ?? 0) })
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let webhook = try archive.addWebhook(url: "http://127.0.0.1:\(port)/hook", topic: Topics.alerts)
        for alert in WebFixtures.alerts { try archive.record(alert) }
        let deliverer = WebhookDeliverer(
            archive: archive, policy: RetryPolicy(firstDelay: .milliseconds(50), giveUpAfter: .milliseconds(600)), logger: Logger(label: "test"))
        let running = Task { await deliverer.run() }
        var status = try #require(try archive.webhooks().first)
        let deadline = Date().addingTimeInterval(120)
        while status.pending > 0 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            status = try #require(try archive.webhooks().first)
        }
        running.cancel()
        await running.value
        #expect(status.id == webhook.id && status.pending == 0 && status.lastDeliveredSeq == nil)
        let error = try #require(status.lastError)
        #expect(error.hasPrefix("gave up on 5 alert(s) from #1 at the end of the retry period: HTTP 503 for alert #1"), "\(error)")
    }

    @Test func theRegistryRefusesWhatIsNotAWebhook() throws {
        let archive = try AlertArchive(.inMemory)
        let logger = Logger(label: "test")
        for url in [
            "ftp://example.org/x", "javascript:alert(1)", "http://", "not a url", "https://example.org/" + String(repeating: "a", count: 3000),
        ] {
            #expect(throws: ErrorReply.self) { try RegistryService.handle(WebhooksRequest(action: .add, url: url), archive: archive, logger: logger) }
        }
        #expect(throws: ErrorReply.self) {
            try RegistryService.handle(
                WebhooksRequest(action: .add, url: "https://example.org/hook", topic: "event."), archive: archive, logger: logger)
        }
        #expect(throws: ErrorReply.self) {
            try RegistryService.handle(WebhooksRequest(action: .remove, id: "wh-none"), archive: archive, logger: logger)
        }
        let added = try RegistryService.handle(WebhooksRequest(action: .add, url: "https://example.org/hook"), archive: archive, logger: logger)
        #expect(added.webhooks.first?.topic == Topics.alerts)
        #expect(try RegistryService.handle(WebhooksRequest(action: .list), archive: archive, logger: logger).webhooks.count == 1)
    }
}
