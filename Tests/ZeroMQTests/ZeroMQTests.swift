import Foundation
import Testing
import ZeroMQ

/// A fresh endpoint of each transport.
func endpoints(_ name: String) -> [String] {
    let id = UUID().uuidString.prefix(8)
    return ["inproc://\(name)-\(id)", "ipc:///tmp/swapwatch-test-\(name)-\(id)", "tcp://127.0.0.1:*"]
}

/// Removes the socket file an `ipc://` endpoint was bound at, which would otherwise stay in /tmp.
func removeSocketFile(of endpoint: String) {
    guard endpoint.hasPrefix("ipc://") else { return }
    try? FileManager.default.removeItem(atPath: String(endpoint.dropFirst("ipc://".count)))
}

@Suite struct ZeroMQTests {
    @Test(arguments: endpoints("pubsub"))
    func publishSubscribeFiltersByPrefix(endpoint: String) throws {
        defer { removeSocketFile(of: endpoint) }
        let context = ZMQContext()
        let publisher = try ZMQSocket(context: context, type: .publisher)
        try publisher.bind(endpoint)
        let bound = try publisher.lastEndpoint
        let subscriber = try ZMQSocket(context: context, type: .subscriber)
        try subscriber.subscribe("alert.size.")
        try subscriber.connect(bound)
        // Slow joiner: publish until the subscription has reached the publisher.
        var received: Frames?
        for _ in 0..<200 where received == nil {
            try publisher.send([Data("alert.date.x".utf8), Data("date".utf8)])
            try publisher.send([Data("alert.size.x".utf8), Data("size".utf8)])
            if try subscriber.waitReadable(timeoutMilliseconds: 10) { received = try subscriber.receive(dontWait: true) }
        }
        #expect(received == [Data("alert.size.x".utf8), Data("size".utf8)])
        while try subscriber.waitReadable(timeoutMilliseconds: 20) {
            let frames = try subscriber.receive(dontWait: true)
            #expect(frames?.first.map { String(decoding: $0, as: UTF8.self) } == "alert.size.x")
        }
    }

    @Test(arguments: endpoints("reqrep"))
    func requestReplyWithMultipartAndLargeMessages(endpoint: String) throws {
        defer { removeSocketFile(of: endpoint) }
        let context = ZMQContext()
        let server = try ZMQSocket(context: context, type: .router)
        try server.bind(endpoint)
        let client = try ZMQSocket(context: context, type: .dealer)
        try client.connect(try server.lastEndpoint)
        let big = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })  // 3 MiB: larger than any buffer
        try client.send([Data(), Data("part one".utf8), big])
        #expect(try server.waitReadable(timeoutMilliseconds: 5000))
        let request = try #require(try server.receive())
        #expect(request.count == 4)  // identity, delimiter, two parts
        #expect(request[2] == Data("part one".utf8))
        #expect(request[3] == big)
        try server.send([request[0], Data(), Data("ok".utf8)])
        #expect(try client.waitReadable(timeoutMilliseconds: 5000))
        #expect(try client.receive() == [Data(), Data("ok".utf8)])
    }

    @Test func nonBlockingReceiveSaysWouldBlock() throws {
        let context = ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.bind("inproc://empty-\(UUID().uuidString)")
        #expect(try socket.receive(dontWait: true) == nil)
    }

    /// A receiver that never ends would hang the run; the time limit turns that into a failure.
    @Test(.timeLimit(.minutes(1))) func shutdownEndsABlockedReceiver() async throws {
        let context = ZMQContext()
        async let outcome: String? = SocketThread.run(name: "blocked", context: context) {
            let socket = try ZMQSocket(context: context, type: .pull)
            try socket.bind("inproc://blocked-\(UUID().uuidString)")
            _ = try socket.receive()  // blocks until the context is shut down
            return "received"
        }
        try await Task.sleep(for: .milliseconds(200))
        context.shutdown()
        let result = try await outcome
        #expect(result == nil)
    }

    @Test func streamDeliversAndStopsWhenTheConsumerLeaves() async throws {
        let context = ZMQContext()
        let endpoint = "inproc://stream-\(UUID().uuidString)"
        let pusher = try ZMQSocket(context: context, type: .push)
        try pusher.bind(endpoint)
        let stream: AsyncThrowingStream<String, Error> = SocketThread.stream(name: "puller", context: context) { yield in
            let puller = try ZMQSocket(context: context, type: .pull)
            try puller.connect(endpoint)
            while let frames = try puller.receive() { yield(String(decoding: frames[0], as: UTF8.self)) }
        }
        for n in 0..<3 { try pusher.send(Data("m\(n)".utf8)) }
        var seen: [String] = []
        for try await message in stream {
            seen.append(message)
            if seen.count == 3 { break }
        }
        #expect(seen == ["m0", "m1", "m2"])
        pusher.close()
    }

    @Test func errorsAreSwiftErrors() throws {
        let context = ZMQContext()
        let socket = try ZMQSocket(context: context, type: .publisher)
        #expect(throws: ZMQError.self) { try socket.bind("nonsense://here") }
    }
}
