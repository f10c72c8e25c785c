import Foundation
import Synchronization
import Testing
import ZeroMQ

/// CURVE with a ZAP handler: who may connect is decided by key, per domain, and the receiver
/// learns who sent each message.
@Suite struct CurveTests {
    @Test func onlyAllowedKeysGetThroughAndTheReceiverKnowsWho() throws {
        try #require(CurveKeyPair.isAvailable, "libzmq without CURVE")
        let server = try CurveKeyPair.generate()
        let alice = try CurveKeyPair.generate()
        let mallory = try CurveKeyPair.generate()
        #expect(server.publicKey.count == 40 && server.secretKey.count == 40 && server != alice)

        let context = ZMQContext()
        let refusals = Mutex(0)
        let zap = try ZAPHandler(
            context: context, authorize: { domain, key in domain == "test" && key == alice.publicKey ? "alice" : nil },
            onDecision: { decision in if decision.user == nil { refusals.withLock { $0 += 1 } } })
        let router = try ZMQSocket(context: context, type: .router)
        try router.makeCurveServer(server, domain: "test")
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint

        func client(_ keys: CurveKeyPair?) throws -> ZMQSocket {
            let socket = try ZMQSocket(context: context, type: .dealer)
            if let keys { try socket.makeCurveClient(keys, serverKey: server.publicKey) }
            try socket.connect(endpoint)
            return socket
        }
        let stranger = try client(mallory)
        try stranger.send([Data("from mallory".utf8)])
        let plain = try client(nil)
        try plain.send([Data("in the clear".utf8)])
        let friend = try client(alice)
        try friend.send([Data("from alice".utf8)])

        #expect(try router.waitReadable(timeoutMilliseconds: 5000))
        let received = try #require(try router.receiveWithUserID(dontWait: true))
        #expect(received.frames.last == Data("from alice".utf8) && received.userID == "alice")
        // Mallory's key was looked at and refused; nothing of hers, or of the plain client, arrives.
        let deadline = Date().addingTimeInterval(5)
        while refusals.withLock({ $0 }) == 0, Date() < deadline { _ = try router.waitReadable(timeoutMilliseconds: 50) }
        #expect(refusals.withLock { $0 } >= 1)
        #expect(zap.decisionsSoFar.contains { $0.clientKey == mallory.publicKey && $0.user == nil })
        #expect(try router.receive(dontWait: true) == nil)
        for socket in [stranger, plain, friend, router] { socket.close() }
        context.shutdown()
    }
}
