import AsyncHTTPClient
import Crypto
import FeedReading
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Synchronization
import Testing
import ZeroMQ

/// Polls `condition` every 50 ms until it holds, for up to `seconds` (the web and browser tests).
func eventually(within seconds: Double = 20, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw HarnessError("not within \(seconds) s: \(what)")
}

extension TestStack {
    /// The web service's address.
    var web: String { endpoint("web.http") }

    /// GETs a path of the web service.
    func webGet(_ path: String) async throws -> (status: UInt, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: web + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (response.status.code, String(buffer: body))
    }

    /// Submits `count` reports of a changing stream (each raises an alert), numbered from `from`.
    func submitStream(_ count: Int, from first: Int = 0, name: String) throws {
        let lines = String(decoding: Fixtures.changingStream(count: first + count), as: UTF8.self).split(separator: "\n").dropFirst(first)
        let file = path("\(name).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let run = try cli(["submit", "--jsonl", file] + clientFlags)
        guard run.status == 0 else { throw HarnessError("submit failed: \(run.output)") }
    }

    /// Every alert the notifier keeps, as `swapwatch alerts --since 0 --json` prints them.
    func allAlerts() throws -> [Alert] {
        let run = try cli(["alerts", "--json", "--since", "0", "--idle-timeout", "1"] + subscriberFlags)
        return try Fixtures.alerts(in: Data(run.output.utf8))
    }

    var webhookFlags: [String] { ["--webhooks-endpoint", endpoint("web.webhooks")] + clientFlags }
}

/// A Server-Sent Events client of `/events`, keeping each alert with when it arrived.
final class EventStreamClient: Sendable {
    struct Received: Sendable {
        let alert: Alert
        let at: ContinuousClock.Instant
    }
    private let received = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, Error>?>(nil)

    init(_ url: String, lastEventID: Int? = nil) {
        let started = Task { [self] in
            var request = HTTPClientRequest(url: url)
            if let lastEventID { request.headers.add(name: "Last-Event-ID", value: "\(lastEventID)") }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(600))
            var pending = ""
            for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let end = pending.range(of: "\n\n") {
                    let block = pending[..<end.lowerBound]
                    pending.removeSubrange(..<end.upperBound)
                    guard let data = block.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { continue }
                    let alert = try JSONDecoder().decode(Alert.self, from: Data(data.dropFirst(6).utf8))
                    self.received.withLock { $0.append(Received(alert: alert, at: .now)) }
                }
            }
        }
        task.withLock { $0 = started }
    }

    var alerts: [Received] { received.withLock { $0 } }
    var seqs: [Int] { alerts.map(\.alert.seq) }

    func stop() { task.withLock { $0?.cancel() } }
}

/// A webhook endpoint on 127.0.0.1 that records each POST; it can be stopped and started again on
/// the same port, like a receiver that goes down for a while.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let body: Data
        let signature: String?
        let idempotencyKey: String?
    }
    private let deliveries = Mutex<[Delivery]>([])
    private let server = Mutex<Task<Void, Error>?>(nil)
    private let port = Mutex(0)

    var url: String { "http://127.0.0.1:\(port.withLock { $0 })/hook" }
    var received: [Delivery] { deliveries.withLock { $0 } }

    /// Starts listening (on the port it had, after the first start).
    func start() async throws {
        let router = Router()
        router.post("/hook") { [self] request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.deliveries.withLock {
                $0.append(
                    Delivery(
                        body: Data(buffer: body), signature: request.headers[HTTPField.Name("X-SwapWatch-Signature")!],
                        idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!]))
            }
            return Response(status: .noContent)
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port.withLock { $0 })),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        server.withLock { $0 = Task { try await app.run() } }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else { throw HarnessError("the webhook receiver did not start") }
        port.withLock { $0 = bound }
    }

    /// Stops listening: connections are refused until it starts again.
    func stop() async {
        let task = server.withLock { $0 }
        task?.cancel()
        _ = try? await task?.value
    }
}

@Suite(.serialized) struct WebServiceIntegrationTests {
    @Test func thePagesTheAPIAndTheAtomFeedShowWhatTheStackKnowsAndAlertsArriveLive() async throws {
        let stack = try TestStack()
        try stack.startWeb()
        let live = EventStreamClient(stack.web + "/events?after=0")
        try await eventually("the event stream is open") { try await stack.webGet("/api/alerts").status == 200 }
        try await Task.sleep(for: .milliseconds(300))

        // A new alert reaches an open event stream within a second of its submit.
        let submitted = ContinuousClock.now
        let first = try stack.cli(
            ["submit", "--id", "may18", "--outlet", "Fixture", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(first.status == 0)
        try await eventually(within: 5, "alerts 1 and 2 on the stream") { live.seqs.count >= 2 }
        let arrival = try #require(live.alerts.first).at - submitted
        #expect(arrival < .seconds(1), "the first alert took \(arrival)")
        #expect(live.seqs == [1, 2])

        // The pages and the API show the exchange as the CLI does.
        let exchanges = try stack.cli(["exchanges", "--json"] + stack.clientFlags)
        let api = try await stack.webGet("/api/exchanges")
        #expect(api.status == 200)
        #expect(
            try JSONDecoder().decode([ExchangeSummary].self, from: Data(api.body.utf8))
                == JSONDecoder().decode([ExchangeSummary].self, from: Data(exchanges.output.utf8)))
        let id = "russia-ukraine-prisoners-1"
        let history = try stack.cli(["history", "--json", id] + stack.clientFlags)
        let apiHistory = try await stack.webGet("/api/exchanges/\(id)/history")
        #expect(
            try JSONDecoder().decode(HistoryReply.self, from: Data(apiHistory.body.utf8))
                == JSONDecoder().decode(HistoryReply.self, from: Data(history.output.utf8)))
        let front = try await stack.webGet("/")
        #expect(front.status == 200 && front.body.contains("href=\"/exchanges/\(id)\"") && front.body.contains("1,000 per side"))
        let page = try await stack.webGet("/exchanges/\(id)")
        #expect(page.status == 200)
        #expect(page.body.contains("<svg") && page.body.contains("href=\"#report-may18\"") && page.body.contains("<tr id=\"report-may18\""))
        #expect(page.body.contains("as early as next week"))

        // The Atom feed holds the alerts.
        let atom = try await stack.webGet("/alerts.atom")
        let feed = try Feed.parse(Data(atom.body.utf8))
        #expect(feed.format == .atom && feed.items.count == 2)
        #expect(
            feed.items.map(\.title)
                == live.alerts.reversed().map {
                    "Russia–Ukraine prisoners exchange: expected \($0.alert.field.rawValue) " + ($0.alert.before == nil ? "none" : "") + " → "
                        + $0.alert.after.description
                })

        // A stream that drops and reconnects with Last-Event-ID resumes without a gap, including
        // what was raised while it was away.
        live.stop()
        try stack.submitStream(3, name: "while-away")
        let resumed = EventStreamClient(stack.web + "/events", lastEventID: 2)
        try await eventually("the alerts raised while away") { resumed.seqs.count >= 3 }
        try stack.submitStream(2, from: 3, name: "after-return")
        let all = try stack.allAlerts().map(\.seq)
        try await eventually("every alert, once") { resumed.seqs.count >= all.count - 2 }
        #expect(resumed.seqs == Array(all.dropFirst(2)))
        resumed.stop()
        #expect(stack.stop().isEmpty)
    }

    @Test func aWebhookGetsEveryAlertOnceInOrderSignedIncludingThoseRaisedWhileItWasDown() async throws {
        let stack = try TestStack()
        try stack.startWeb(["--webhooks-first-retry", "0.2"])
        let receiver = WebhookReceiver()
        try await receiver.start()
        let added = try stack.cli(["webhooks", "add", receiver.url, "--json"] + stack.webhookFlags)
        #expect(added.status == 0, "\(added.output)")
        let secret = try #require(try JSONDecoder().decode([WebhookStatus].self, from: Data(added.output.utf8)).first?.secret)

        try stack.submitStream(4, name: "up")
        var expected = try stack.allAlerts().count
        try await eventually("the first alerts") { receiver.received.count >= expected }

        // The receiver goes down; alerts keep coming, and the web service itself is killed and
        // restarted in the middle: the queue is on disk, the missed alerts come from the notifier.
        await receiver.stop()
        try stack.submitStream(3, from: 4, name: "down")
        try await eventually("a failed delivery is listed") {
            let list = try stack.cli(["webhooks", "list", "--json"] + stack.webhookFlags)
            return try JSONDecoder().decode([WebhookStatus].self, from: Data(list.output.utf8)).first?.lastError != nil
        }
        stack.kill9("web")
        try stack.submitStream(3, from: 7, name: "web-down")
        try stack.start("web")
        try await receiver.start()
        expected = try stack.allAlerts().count
        try await eventually(within: 30, "every alert, after the receiver is back") { receiver.received.count >= expected }
        try await Task.sleep(for: .milliseconds(500))

        let alerts = try receiver.received.map { try JSONDecoder().decode(Alert.self, from: $0.body) }
        #expect(alerts.map(\.seq) == Array(1...expected))
        #expect(receiver.received.map(\.idempotencyKey) == alerts.map(\.id))
        for delivery in receiver.received {
            let code = HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Data(secret.utf8)))
            #expect(delivery.signature == "sha256=" + code.map { String(format: "%02x", $0) }.joined())
            let object = try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
            #expect((object?["text"] as? String)?.hasPrefix("SwapWatch #") == true)
        }
        // A feed reader of /alerts.atom gets the same alerts, newest first.
        let feed = try Feed.parse(Data(try await stack.webGet("/alerts.atom").body.utf8))
        #expect(feed.items.map(\.link) == alerts.reversed().prefix(50).map { "\(stack.web)/exchanges/\($0.exchange.id)#report-\($0.report.id)" })
        let list = try stack.cli(["webhooks", "list"] + stack.webhookFlags)
        #expect(list.output.contains("last delivered alert #\(expected)") && list.output.contains("0 waiting"))
        let removed = try stack.cli(
            ["webhooks", "remove", try #require(try JSONDecoder().decode([WebhookStatus].self, from: Data(added.output.utf8)).first?.id)]
                + stack.webhookFlags)
        #expect(removed.status == 0)
        #expect(try stack.cli(["webhooks", "list"] + stack.webhookFlags).output.contains("no webhooks"))
        await receiver.stop()
        #expect(stack.stop().isEmpty)
    }

    /// The webhook registry lets in admins only: a key the stack does not know, the feeds
    /// service's (a submitter's) and the web service's own (a subscriber's) are refused by its ZAP
    /// handler.
    @Test func onlyAdminsManageWebhooks() throws {
        let stack = try TestStack(workers: 1)
        try stack.startWeb()
        let webKey = try StackKeys.readPublicKey(stack.path("keys/\(StackKeys.webPublicFile)"))
        let context = ZMQContext()
        let refused =
            [try CurveKeyPair.generate()] + (try [StackKeys.feedsFile, StackKeys.webFile].map { try StackKeys.readPair(stack.path("keys/\($0)")) })
        for pair in refused {
            let client = RequestClient(
                context: context, endpoint: stack.endpoint("web.webhooks"), source: "/test", timeout: .milliseconds(500), attempts: 1,
                keys: ClientKeys(pair: pair, serverKey: webKey))
            #expect(throws: RequestError.self) { try client.call(WebhooksRequest(action: .list), expecting: WebhooksReply.self) }
            try stack.service("web")!.waitForLines {
                $0.contains("refused a connection") && $0.contains("domain=webhooks") && $0.contains(pair.publicKey)
            }
            client.close()
        }
        let client = RequestClient(
            context: context, endpoint: stack.endpoint("web.webhooks"), source: "/test", timeout: .seconds(5), attempts: 1,
            keys: try ClientKeys(directory: stack.path("keys")).trusting(webKey))
        #expect(try client.call(WebhooksRequest(action: .list), expecting: WebhooksReply.self).webhooks.isEmpty)
        client.close()
        context.shutdown()
        #expect(stack.stop().isEmpty)
    }
}
