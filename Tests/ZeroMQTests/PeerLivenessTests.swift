import Foundation
import Testing
import ZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP relay on loopback in front of a ZeroMQ endpoint. `silenceExistingConnections()` makes the
/// connections it holds go quiet without closing them, as when a peer's host vanishes from the
/// network (a container restarted on a new address); connections made afterwards work.
private final class Relay: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let targetPort: UInt16
    private let lock = NSLock()
    private var generation = 0
    private var silencedBelow = 0
    private var acceptedCount = 0

    init(targetPort: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.targetPort = targetPort
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var accepted: Int { lock.withLock { acceptedCount } }

    func silenceExistingConnections() { lock.withLock { silencedBelow = generation } }

    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            let number = lock.withLock {
                acceptedCount += 1
                generation += 1
                return generation
            }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, connection: number) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, connection: number) }
        }
    }

    /// Copies bytes until either side closes; a silenced connection's bytes are read and dropped.
    private func pump(from source: Int32, to destination: Int32, connection: Int) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { break }
            if lock.withLock({ connection <= silencedBelow }) { continue }
            guard write(destination, buffer, count) == count else { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }
}

@Suite struct PeerLivenessTests {
    /// Sends through a DEALER connected to a ROUTER via the relay; true when the ROUTER gets it.
    private func delivered(_ text: String, from dealer: ZMQSocket, to router: ZMQSocket, within milliseconds: Int) throws -> Bool {
        try dealer.send([Data(text.utf8)])
        guard try router.waitReadable(timeoutMilliseconds: milliseconds), let frames = try router.receive(dontWait: true) else { return false }
        return frames.last == Data(text.utf8)
    }

    private func waitForAccepts(_ relay: Relay, count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if relay.accepted >= count { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return relay.accepted >= count
    }

    /// A ROUTER, the relay in front of it, and a DEALER with `liveness` connected through the
    /// relay that has delivered one message.
    private struct Setup {
        let context = ZMQContext()
        let router: ZMQSocket
        let relay: Relay
        let dealer: ZMQSocket

        init(liveness: PeerLiveness?) throws {
            router = try ZMQSocket(context: context, type: .router)
            try router.bind("tcp://127.0.0.1:*")
            relay = try Relay(targetPort: UInt16(try router.lastEndpoint.split(separator: ":").last!)!)
            dealer = try ZMQSocket(context: context, type: .dealer, liveness: liveness)
            try dealer.connect("tcp://127.0.0.1:\(relay.port)")
        }
    }

    @Test func aConnectionThatGoesSilentIsDroppedAndMadeAgain() throws {
        let setup = try Setup(
            liveness: PeerLiveness(heartbeatIntervalMilliseconds: 100, heartbeatTimeoutMilliseconds: 300, connectTimeoutMilliseconds: 1000))
        defer { setup.relay.close() }
        #expect(try delivered("one", from: setup.dealer, to: setup.router, within: 5000))

        setup.relay.silenceExistingConnections()
        #expect(waitForAccepts(setup.relay, count: 2, seconds: 10), "the dealer noticed the silent peer and reconnected")
        #expect(try delivered("two", from: setup.dealer, to: setup.router, within: 5000))
    }

    @Test func withoutHeartbeatsASilentPeerGoesUnnoticed() throws {
        let setup = try Setup(liveness: nil)
        defer { setup.relay.close() }
        #expect(try delivered("one", from: setup.dealer, to: setup.router, within: 5000))

        setup.relay.silenceExistingConnections()
        #expect(!waitForAccepts(setup.relay, count: 2, seconds: 1.5))
        #expect(try !delivered("two", from: setup.dealer, to: setup.router, within: 500), "sent into the dead connection")
    }
}
