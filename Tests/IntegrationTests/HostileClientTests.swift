import AlertSigning
import Foundation
import GRDB
import Glibc
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Testing
import ZeroMQ

/// The resident memory of a process, from /proc.
private func residentBytes(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
}

/// Connects a socket of `type` to `endpoint`, sends each message, and waits (up to 10 s) until
/// libzmq has written them out or the peer has hung up.
private func send(_ messages: [[Data]], as type: SocketType, to endpoint: String, keys: ClientKeys) throws {
    let context = ZMQContext()
    let socket = try ZMQSocket(context: context, type: type, lingerMilliseconds: 10_000, liveness: nil)
    try socket.connect(endpoint, with: keys)
    for frames in messages { _ = try socket.send(frames, dontWait: true) }
    socket.close()
}

/// A hostile peer that speaks ZMTP 3.0 itself over TCP: the greeting, a READY command naming
/// `socketType`, then messages whose frames are sent as they are, with no client-side checks (a
/// libzmq SUB or XSUB would first insert a huge subscription into its own trie).
private func sendRaw(_ messages: [Data], as socketType: String, to endpoint: String) throws {
    let address = endpoint.replacingOccurrences(of: "tcp://", with: "").split(separator: ":")
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var peer = sockaddr_in()
    peer.sin_family = sa_family_t(AF_INET)
    peer.sin_port = in_port_t(UInt16(address[1])!).bigEndian
    inet_pton(AF_INET, String(address[0]), &peer.sin_addr)
    let connected = withUnsafePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw HarnessError("cannot connect to \(endpoint)") }
    var greeting = Data([0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 3, 0])
    greeting += Data("NULL".utf8) + Data(count: 16) + Data([0]) + Data(count: 31)
    let property = Data([11]) + Data("Socket-Type".utf8) + Data([0, 0, 0, UInt8(socketType.utf8.count)]) + Data(socketType.utf8)
    let ready = Data([5]) + Data("READY".utf8) + property
    var stream = greeting + Data([0x04, UInt8(ready.count)]) + ready
    for body in messages {
        var length = UInt64(body.count).bigEndian
        stream += Data([0x02]) + Data(bytes: &length, count: 8) + body
    }
    var offset = 0
    while offset < stream.count {
        let sent = stream[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if sent <= 0 { return }  // the peer hung up: it refused the message
        offset += sent
    }
}

extension IntegrationTests {
    /// Oversized frames on every bound endpoint are dropped by libzmq before they are buffered:
    /// 40 MB messages, three per endpoint from a peer holding keys that let it in there (the
    /// stack's own, for the endpoints only services may use), leave every service within a few MB
    /// of where it was, and the stack still stores and alerts.
    @Test func oversizedFramesOnEveryEndpointAreRefusedWithoutGrowingAnyService() throws {
        let stack = try TestStack(workers: 1)
        let services = ["bus", "store", "notifier"]
        let pids = services.map { stack.service($0)!.process.processIdentifier }
        let before = pids.map(residentBytes)
        let big = Data(repeating: 0x41, count: 40 << 20)
        let attacks: [(SocketType, String, [Data])] = [
            (.dealer, "bus.submit", [Data(), big]),
            (.dealer, "bus.workers", [Data(), big]),
            (.publisher, "bus.publish", [Data("event.expectation.x".utf8), big]),
            (.dealer, "store.requests", [Data(), big]),
            (.dealer, "notifier.snapshots", [Data(), big]),
        ]
        let client = try ClientKeys(directory: stack.path("keys"))
        let service = try StackKeys(directory: stack.path("keys")).asClient
        for (type, socket, frames) in attacks {
            let keys = ["bus.workers", "bus.publish"].contains(socket) ? service : client
            try send(Array(repeating: frames, count: 3), as: type, to: stack.endpoint(socket), keys: keys)
        }
        // A subscription is a message to the bus's XPUB: a 40 MB one, and one just over the
        // subscription limit (libzmq files subscriptions in a trie, a level per byte).
        try sendRaw([Data([1]) + big], as: "SUB", to: stack.endpoint("bus.subscribe"))
        try sendRaw([Data([1]) + Data(repeating: 0x61, count: MessageLimits.subscription + 1)], as: "SUB", to: stack.endpoint("bus.subscribe"))
        #expect(stack.service("bus")!.isRunning, "the bus survives hostile subscriptions")
        for (index, name) in services.enumerated() {
            let grown = residentBytes(pids[index]) - before[index]
            #expect(grown < 16 << 20, "\(name) grew by \(grown >> 20) MB after 40 MB messages")
        }
        let ok = try stack.cli(["submit", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(ok.status == 0 && ok.output.contains("stored as"), "\(ok.output)")
        #expect(stack.stop().isEmpty)
    }

    /// A process that can reach the bus publishes a fake event with the store's next sequence
    /// number: the notifier, which takes events only from the store, raises nothing from it; the
    /// real event of that number becomes the alert.
    @Test func aForgedEventOnTheBusNeverBecomesAnAlert() throws {
        let stack = try TestStack(workers: 1)
        let forged = ExpectationChangedEvent(
            seq: 1,
            change: ExpectationChange(
                exchange: ExchangeRef(key: Fixtures.russiaUkraine, serial: 1), field: .size, before: nil, after: .size(.perSide(.exactly(123_456))),
                evidence: Evidence(quote: "a quote in no report")),
            report: ReportRef(id: "forged", url: nil, outlet: "Nobody", published: "2025-05-18T12:00:00Z", title: nil),
            committedAt: "2025-05-18T12:00:00Z")
        let envelope = MessageCodec.encode(forged, source: "/swapwatch/store")
        let context = ZMQContext()
        let publisher = try ZMQSocket(context: context, type: .publisher, liveness: nil)
        // The worst case: a process holding the stack's own key, the only one let in to publish.
        try publisher.connect(stack.endpoint("bus.publish"), with: try StackKeys(directory: stack.path("keys")).asClient)
        // Thirty fakes in a row, for as long as the notifier might be listening, then a real report.
        for _ in 0..<30 {
            _ = try publisher.send([Data(Topics.expectationChanged(exchangeID: "russia-ukraine-prisoners-1").utf8), envelope])
        }
        let submitted = try stack.cli(
            ["submit", "--id", "may18", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(submitted.status == 0)
        for _ in 0..<30 {
            _ = try publisher.send([Data(Topics.expectationChanged(exchangeID: "russia-ukraine-prisoners-1").utf8), envelope])
        }
        let alerts = try Fixtures.alerts(
            in: Data(
                try stack.cli(["alerts", "--json", "--since", "0", "--count", "2", "--idle-timeout", "5"] + stack.subscriberFlags).output.utf8))
        #expect(alerts.map(\.seq) == [1, 2])
        #expect(alerts.allSatisfy { $0.report.id == "may18" }, "\(alerts.map(\.report.id))")
        #expect(!alerts.contains { $0.after == .size(.perSide(.exactly(123_456))) })
        publisher.close()
        #expect(stack.stop().isEmpty)
    }
}

extension IntegrationTests {
    /// Reports whose quotes are half a megabyte each: the events of sixteen of them are more
    /// than one message may carry, yet a notifier restarted after them catches up (the store's
    /// replies are paged by bytes), and a late subscriber gets every alert from the snapshot.
    @Test func aRestartedNotifierCatchesUpOverManyLargeReports() throws {
        let stack = try TestStack(workers: 2)
        stack.kill9("notifier")
        let filler = Array(repeating: "and officials in Kyiv said lists of names were still being checked by both sides", count: 6000)
            .joined(separator: " ")
        var lines: [String] = []
        for n in 0..<16 {
            let text = "Ukraine and Russia will exchange \(1000 + n) prisoners each next week, \(filler)."
            let report = ["id": "large-\(n)", "published": "2025-05-\(10 + n)T12:00:00Z", "outlet": "Wire", "text": text]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: report), as: UTF8.self))
        }
        let stream = stack.path("large.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: stream))
        let submitted = try stack.cli(["submit", "--jsonl", stream, "--json"] + stack.clientFlags)
        #expect(submitted.status == 0, "\(submitted.output.prefix(500))")
        let store = try DatabaseQueue(path: stack.path("store.sqlite"))
        let (expected, eventBytes) = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0, try Int.fetchOne(db, sql: "SELECT SUM(LENGTH(payload)) FROM outbox") ?? 0)
        }
        try store.close()
        #expect(eventBytes > MessageLimits.request, "the events are more than one message may carry (\(eventBytes) bytes)")

        try stack.start("notifier")
        let received = try Fixtures.alerts(
            in: Data(
                try stack.cli(["alerts", "--json", "--since", "0", "--count", "\(expected)", "--idle-timeout", "30"] + stack.subscriberFlags).output
                    .utf8)
        )
        #expect(expected >= 16 && received.map(\.seq) == Array(1...expected), "\(received.count) of \(expected) alerts")
        #expect(stack.stop().isEmpty)
    }
}

extension IntegrationTests {
    /// A process that can reach the bus publishes an alert with the next sequence number and
    /// made-up content. `swapwatch alerts` and the Python example, both checking the notifier's
    /// key, refuse it and say so, and show the real alert of that number when it comes.
    @Test func aForgedAlertIsRefusedBySubscribersThatCheckTheNotifiersKey() throws {
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "no Python with pyzmq at \(python.path): run `make test`")
        let stack = try TestStack(workers: 1)
        let cli = try stack.background(["alerts", "--json", "--count", "2", "--idle-timeout", "30"] + stack.subscriberFlags)
        let pythonOutput = Pipe()
        let example = try RunningProcess(
            executable: python,
            arguments: [
                packageRoot.appendingPathComponent("examples/python/subscribe.py").path, "--subscribe-endpoint", stack.endpoint("bus.subscribe"),
                "--notifier-endpoint", stack.endpoint("notifier.snapshots"), "--alert-key", stack.alertKey, "--keys-dir", stack.path("keys"),
                "--json", "--count", "2",
                "--idle-timeout", "30",
            ], standardOutput: pythonOutput)
        for subscriber in [cli.process, example] { try subscriber.waitForLines { $0.hasPrefix("live:") } }

        var forged = Fixtures.alert(1)
        forged.exchange = ExchangeRef(key: Fixtures.russiaUkraine, serial: 1)
        forged.signature = Data(repeating: 7, count: 64).base64EncodedString()
        let context = ZMQContext()
        let publisher = try ZMQSocket(context: context, type: .publisher, liveness: nil)
        // The worst case: a process holding the stack's own key, the only one let in to publish.
        try publisher.connect(stack.endpoint("bus.publish"), with: try StackKeys(directory: stack.path("keys")).asClient)
        // Publish until both have seen (and refused) it: a new publisher's first messages may go
        // out before its connection is up.
        var refusedBy: [RunningProcess] = []
        for _ in 0..<100 where refusedBy.count < 2 {
            _ = try publisher.send([Data(forged.topic.utf8), MessageCodec.encode(forged, source: "/swapwatch/notifier")])
            refusedBy = [cli.process, example].filter { (try? $0.waitForLines(within: 0.1) { $0.hasPrefix("refused alert #1") }) != nil }
        }
        #expect(refusedBy.count == 2, "both subscribers refused the forged alert")
        publisher.close()

        let submitted = try stack.cli(
            ["submit", "--id", "may18", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(submitted.status == 0)
        for output in [cli.output, pythonOutput] {
            let alerts = try Fixtures.alerts(in: output.fileHandleForReading.readDataToEndOfFile())
            #expect(alerts.map(\.seq) == [1, 2] && alerts.allSatisfy { $0.report.id == "may18" && $0.signature != nil }, "\(alerts)")
        }
        #expect(stack.stop().isEmpty)
    }
}

extension IntegrationTests {
    /// The canonical JSON the notifier signs is what Python's json.dumps(sort_keys, compact,
    /// ensure_ascii=False) rebuilds, byte for byte, even for quotes full of escapes and scripts.
    @Test func thePythonExampleVerifiesSignaturesOverTrickyText() throws {
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "no Python with pyzmq at \(python.path): run `make test`")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sig-\(UUID().uuidString)").path
        try AlertKeys.generate(in: directory)
        let signer = try AlertSigner(keyFile: "\(directory)/\(AlertKeys.privateFile)")
        let quotes = [
            "“Tricky” \"quotes\", back\\slash, a/slash, tab\tnew\nline\r, \u{1}\u{1F}\u{7F}, Україна і Росія, 😀, \u{2028}\u{2029}, é vs e\u{301}",
            "plain", "<html> & 'apostrophes' ’", String(repeating: "долгая цитата ", count: 200),
        ]
        var lines: [String] = []
        for (index, quote) in quotes.enumerated() {
            var alert = Fixtures.alert(index + 1)
            alert.evidence.quote = quote
            alert.report.title = quote
            lines.append(String(decoding: try MessageCodec.encoder().encode(try signer.sign(alert)), as: UTF8.self))
        }
        let file = "\(directory)/alerts.jsonl"
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let check = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import subscribe
            verify = subscribe.alert_verifier(sys.argv[2])
            alerts = [json.loads(line) for line in open(sys.argv[3], encoding="utf-8")]
            print(" ".join("ok" if verify(a) else "bad" for a in alerts))
            forged = dict(alerts[0], seq=99)
            print("forged-accepted" if verify(forged) else "forged-refused")
            """
        let output = Pipe()
        let run = try RunningProcess(
            executable: python,
            arguments: ["-c", check, packageRoot.appendingPathComponent("examples/python").path, "\(directory)/\(AlertKeys.publicFile)", file],
            standardOutput: output)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(printed == "ok ok ok ok\nforged-refused\n", "\(printed) \(run.errorLines)")
    }
}

extension IntegrationTests {
    /// With the stack's keys on, a process without them gets nowhere, and one holding a client's,
    /// the feeds service's or the web service's key may read (and the first two submit) but cannot
    /// publish, take work, or write to the claim store.
    @Test func withoutTheStacksKeyNothingCanBePublishedTakenOrWritten() throws {
        let stack = try TestStack(workers: 1)
        let client = try ClientKeys(directory: stack.path("keys"))
        // The feeds service's own key (it reads pages from the internet) has a submitter's rights only.
        let feeds = ClientKeys(pair: try StackKeys.readPair(stack.path("keys/\(StackKeys.feedsFile)")), serverKey: client.serverKey)
        // The web service's (it answers anyone's browser) has a subscriber's rights only.
        let web = ClientKeys(pair: try StackKeys.readPair(stack.path("keys/\(StackKeys.webFile)")), serverKey: client.serverKey)
        let context = ZMQContext()
        for keys in [client, feeds, web] {
            // On the publish and worker endpoints: refused by the bus's ZAP handler.
            for (type, socket) in [(SocketType.publisher, "bus.publish"), (.reply, "bus.workers")] {
                let intruder = try ZMQSocket(context: context, type: type, liveness: nil)
                try intruder.connect(stack.endpoint(socket), with: keys)
                try stack.service("bus")!.waitForLines {
                    $0.contains("refused a connection") && $0.contains("domain=\(socket.dropFirst(4))") && $0.contains(keys.pair.publicKey)
                }
                intruder.close()
            }
            // Asking the store to store a report: refused as forbidden.
            let report = try Fixtures.storeRequest(
                "forged", text: "123456 for 123456", published: "2025-05-18T10:00:00Z", claims: [Fixtures.sizeClaim(123_456)])
            let store = RequestClient(context: context, endpoint: stack.endpoint("store.requests"), source: "/test", timeout: .seconds(5), keys: keys)
            #expect {
                try store.call(StoreReports(items: [report]), expecting: SubmitResults.self)
            } throws: { error in
                guard case .refused(let reply)? = error as? RequestError else { return false }
                return reply.code == "forbidden"
            }
            #expect(try store.call(ExchangesQuery(), expecting: ExchangesReply.self).exchanges.isEmpty, "reading is allowed")
            store.close()
        }
        // A key the stack does not know, on the submit endpoint: refused by the bus.
        let stranger = try ZMQSocket(context: context, type: .dealer, liveness: nil)
        try stranger.connect(stack.endpoint("bus.submit"), with: ClientKeys(pair: try CurveKeyPair.generate(), serverKey: client.serverKey))
        try stack.service("bus")!.waitForLines { $0.contains("refused a connection") && $0.contains("domain=submit") }
        stranger.close()
        // Nor may the web service's key submit.
        let webSubmitter = try ZMQSocket(context: context, type: .dealer, liveness: nil)
        try webSubmitter.connect(stack.endpoint("bus.submit"), with: web)
        try stack.service("bus")!.waitForLines {
            $0.contains("refused a connection") && $0.contains("domain=submit") && $0.contains(web.pair.publicKey)
        }
        webSubmitter.close()
        let keyed = try stack.cli(["submit", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(keyed.status == 0 && keyed.output.contains("stored as"), "\(keyed.output)")
        #expect(stack.stop().isEmpty)
    }
}
