import CZeroMQ
import Foundation

/// A CurveZMQ key pair, each key in Z85 (40 characters).
public struct CurveKeyPair: Sendable, Hashable {
    public let publicKey: String
    public let secretKey: String

    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A new key pair from libzmq (`zmq_curve_keypair`).
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCall { zmq_curve_keypair(&publicKey, &secretKey) }
        return CurveKeyPair(publicKey: text(publicKey), secretKey: text(secretKey))
    }

    /// Whether the linked libzmq speaks CURVE (Debian's is built with libsodium).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }

    /// A 32-byte key in Z85.
    static func z85(_ key: Data) -> String {
        var text = [CChar](repeating: 0, count: 41)
        _ = key.withUnsafeBytes { zmq_z85_encode(&text, $0.bindMemory(to: UInt8.self).baseAddress, 32) }
        return Self.text(text)
    }

    /// A NUL-terminated C string as text.
    private static func text(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension ZMQSocket {
    /// Makes this socket a CURVE server with `keys`: every peer must prove it holds a key, and
    /// the context's ``ZAPHandler`` decides, by `domain`, whose keys are let in. Call before bind.
    public func makeCurveServer(_ keys: CurveKeyPair, domain: String) throws(ZMQError) {
        try setOption(ZMQ_ZAP_DOMAIN, bytes: Data(domain.utf8))
        try setOption(ZMQ_CURVE_SERVER, Int32(1))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Data(keys.secretKey.utf8))
    }

    /// Makes this socket a CURVE client with `keys` of the server whose public key is `serverKey`
    /// (a server with another key is not talked to). Call before connect.
    public func makeCurveClient(_ keys: CurveKeyPair, serverKey: String) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: Data(serverKey.utf8))
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Data(keys.publicKey.utf8))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Data(keys.secretKey.utf8))
    }
}

/// Answers libzmq's authentication requests (ZAP, RFC 27) for every socket of one context, on a
/// thread of its own: a CURVE peer is let in when `authorize(domain, its public key)` names a user
/// (which the receiving socket then sees on each of its messages, ``ZMQSocket/receiveWithUserID``),
/// and refused when it returns `nil`. It must exist before a CURVE server socket of the context
/// binds: without a handler libzmq lets every key in. It stops when the context shuts down.
public final class ZAPHandler: Sendable {
    /// The decisions taken so far, for logs and tests: (domain, client key, user or nil).
    public typealias Decision = (domain: String, clientKey: String, user: String?)
    private let decisions = DecisionLog()

    public init(
        context: ZMQContext, authorize: @escaping @Sendable (_ domain: String, _ clientKey: String) -> String?,
        onDecision: (@Sendable (Decision) -> Void)? = nil
    ) throws {
        let socket = try ZMQSocket(context: context, type: .reply, liveness: nil)
        try socket.bind("inproc://zeromq.zap.01")
        let transfer = SocketTransfer(socket)
        let decisions = decisions
        let thread = Thread {
            let socket = transfer.socket
            defer { socket.close() }
            while true {
                guard let request = try? socket.receive() else { return }
                // version, request id, domain, address, identity, mechanism, credentials…
                let decision: Decision? =
                    request.count >= 7 && String(decoding: request[5], as: UTF8.self) == "CURVE" && request[6].count == 32
                    ? {
                        let domain = String(decoding: request[2], as: UTF8.self)
                        let key = CurveKeyPair.z85(request[6])
                        return (domain, key, authorize(domain, key))
                    }() : nil
                if let decision {
                    decisions.append(decision)
                    onDecision?(decision)
                }
                let allowed = decision?.user != nil
                let reply: Frames = [
                    Data("1.0".utf8), request.count > 1 ? request[1] : Data(), Data((allowed ? "200" : "400").utf8),
                    Data((allowed ? "OK" : "key not allowed here").utf8), Data((decision?.user ?? "").utf8), Data(),
                ]
                guard (try? socket.send(reply)) != nil else { return }
            }
        }
        thread.name = "zap"
        thread.start()
    }

    /// Every decision taken so far.
    public var decisionsSoFar: [Decision] { decisions.all }
}

/// A socket handed to the thread that will own it (libzmq sockets may move between threads).
private struct SocketTransfer: @unchecked Sendable {
    let socket: ZMQSocket
    init(_ socket: ZMQSocket) { self.socket = socket }
}

private final class DecisionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var decisions: [ZAPHandler.Decision] = []

    func append(_ decision: ZAPHandler.Decision) { lock.withLock { decisions.append(decision) } }
    var all: [ZAPHandler.Decision] { lock.withLock { decisions } }
}
