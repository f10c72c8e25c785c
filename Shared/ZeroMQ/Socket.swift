import CZeroMQ
import Foundation

/// The ZeroMQ socket patterns SwapWatch uses.
public enum SocketType: Sendable {
    case pair, publisher, subscriber, request, reply, dealer, router, pull, push, xpublisher, xsubscriber

    var rawValue: Int32 {
        switch self {
        case .pair: ZMQ_PAIR
        case .publisher: ZMQ_PUB
        case .subscriber: ZMQ_SUB
        case .request: ZMQ_REQ
        case .reply: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pull: ZMQ_PULL
        case .push: ZMQ_PUSH
        case .xpublisher: ZMQ_XPUB
        case .xsubscriber: ZMQ_XSUB
        }
    }
}

/// A multipart message: one `Data` per frame.
public typealias Frames = [Data]

/// How a socket notices peers that are gone without a word, such as a container restarted on
/// a new address: ZMTP heartbeats (a PING every `heartbeatInterval`; a connection whose peer has
/// not answered within `heartbeatTimeout` is dropped) and a bound on each TCP connect attempt
/// (a SYN sent to an address nobody holds any more is never answered, and the kernel would keep
/// retrying it for minutes). A connecting socket then reconnects, resolving the host name again.
public struct PeerLiveness: Sendable, Equatable {
    public var heartbeatIntervalMilliseconds: Int32
    public var heartbeatTimeoutMilliseconds: Int32
    public var connectTimeoutMilliseconds: Int32

    public init(heartbeatIntervalMilliseconds: Int32, heartbeatTimeoutMilliseconds: Int32, connectTimeoutMilliseconds: Int32) {
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.heartbeatTimeoutMilliseconds = heartbeatTimeoutMilliseconds
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
    }

    /// A PING a second, a peer silent for three seconds is gone, a connect attempt lasts at most two.
    public static let standard = PeerLiveness(
        heartbeatIntervalMilliseconds: 1000, heartbeatTimeoutMilliseconds: 3000, connectTimeoutMilliseconds: 2000)
}

/// One ZeroMQ socket. Not thread-safe: create, use and close it on one thread.
///
/// Every socket gets `ZMQ_LINGER` set on creation (default 0 ms) so that closing it and
/// terminating its context never hang on undelivered messages, and `PeerLiveness` (default
/// `.standard`) so that it notices peers that disappear without a word.
public final class ZMQSocket {
    public let type: SocketType
    let context: ZMQContext
    private(set) var handle: UnsafeMutableRawPointer?

    public init(
        context: ZMQContext, type: SocketType, lingerMilliseconds: Int32 = 0, liveness: PeerLiveness? = .standard
    ) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw ZMQError.current() }
        self.context = context
        self.type = type
        self.handle = handle
        try setOption(ZMQ_LINGER, lingerMilliseconds)
        if let liveness {
            try setOption(ZMQ_HEARTBEAT_IVL, liveness.heartbeatIntervalMilliseconds)
            try setOption(ZMQ_HEARTBEAT_TIMEOUT, liveness.heartbeatTimeoutMilliseconds)
            // Asks the peer to drop the connection too when our PINGs stop.
            try setOption(ZMQ_HEARTBEAT_TTL, liveness.heartbeatTimeoutMilliseconds)
            try setOption(ZMQ_CONNECT_TIMEOUT, liveness.connectTimeoutMilliseconds)
        }
    }

    deinit { close() }

    /// Closes the socket; later calls fail. Safe to call twice.
    public func close() {
        if let handle {
            zmq_close(handle)
            self.handle = nil
        }
    }

    private func live() throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError.system(code: ENOTSOCK, message: "socket is closed") }
        return handle
    }

    // MARK: Endpoints

    public func bind(_ endpoint: String) throws(ZMQError) {
        let socket = try live()
        try zmqCall { zmq_bind(socket, endpoint) }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        let socket = try live()
        try zmqCall { zmq_connect(socket, endpoint) }
    }

    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let socket = try live()
        try zmqCall { zmq_disconnect(socket, endpoint) }
    }

    /// The endpoint last bound, with the real port when bound to `tcp://127.0.0.1:*`.
    public var lastEndpoint: String {
        get throws(ZMQError) { try stringOption(ZMQ_LAST_ENDPOINT) }
    }

    // MARK: Options

    public func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        let socket = try live()
        var value = value
        try zmqCall { zmq_setsockopt(socket, option, &value, MemoryLayout<Int32>.size) }
    }

    public func setOption(_ option: Int32, _ value: Int64) throws(ZMQError) {
        let socket = try live()
        var value = value
        try zmqCall { zmq_setsockopt(socket, option, &value, MemoryLayout<Int64>.size) }
    }

    public func setOption(_ option: Int32, bytes: Data) throws(ZMQError) {
        let socket = try live()
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ZMQError) in try zmqCall { zmq_setsockopt(socket, option, buffer.baseAddress, buffer.count) } }
        }
        _ = try result.get()
    }

    public func intOption(_ option: Int32) throws(ZMQError) -> Int32 {
        let socket = try live()
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try zmqCall { zmq_getsockopt(socket, option, &value, &size) }
        return value
    }

    func stringOption(_ option: Int32) throws(ZMQError) -> String {
        let socket = try live()
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        try zmqCall { zmq_getsockopt(socket, option, &buffer, &size) }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Subscribes a subscriber socket to every topic that starts with `prefix` ("" for all).
    public func subscribe(_ prefix: String) throws(ZMQError) {
        try setOption(ZMQ_SUBSCRIBE, bytes: Data(prefix.utf8))
    }

    public func unsubscribe(_ prefix: String) throws(ZMQError) {
        try setOption(ZMQ_UNSUBSCRIBE, bytes: Data(prefix.utf8))
    }

    /// Largest inbound message libzmq accepts; a peer sending more is disconnected.
    public func setMaximumMessageSize(_ bytes: Int64) throws(ZMQError) {
        try setOption(ZMQ_MAXMSGSIZE, bytes)
    }

    public func setHighWaterMarks(send: Int32, receive: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, send)
        try setOption(ZMQ_RCVHWM, receive)
    }

    /// Queue messages only to peers whose connection is complete (`ZMQ_IMMEDIATE`): while none
    /// is, a send that does not wait fails instead of queueing for a peer that may come back later.
    public func setImmediate(_ immediate: Bool) throws(ZMQError) {
        try setOption(ZMQ_IMMEDIATE, Int32(immediate ? 1 : 0))
    }

    /// Whether a message could be sent now (`ZMQ_EVENTS` has `ZMQ_POLLOUT`): on a socket set
    /// ``setImmediate(_:)``, whether a peer is connected with room.
    public var canSend: Bool {
        ((try? intOption(ZMQ_EVENTS)) ?? 0) & Int32(ZMQ_POLLOUT) != 0
    }

    // MARK: Sending and receiving

    /// Sends all frames as one multipart message.
    /// - Returns: `false` if `dontWait` is set and the message could not be queued now.
    @discardableResult
    public func send(_ frames: Frames, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let socket = try live()
        precondition(!frames.isEmpty, "a message has at least one frame")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            let sent = frame.withUnsafeBytes { buffer in
                Result { () throws(ZMQError) in
                    try zmqCall { zmq_send(socket, buffer.baseAddress, buffer.count, flags) }
                }
            }
            // Only the first frame can would-block: libzmq queues the rest atomically.
            if try sent.get() == nil { return false }
        }
        return true
    }

    /// Sends one single-frame message.
    @discardableResult
    public func send(_ frame: Data, dontWait: Bool = false) throws(ZMQError) -> Bool {
        try send([frame], dontWait: dontWait)
    }

    /// Receives one whole multipart message through `zmq_msg_t`, whatever its size.
    /// - Returns: `nil` if `dontWait` is set (or a receive timeout expired) and nothing arrived.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> Frames? {
        try receiveWithUserID(dontWait: dontWait)?.frames
    }

    /// Receives one whole multipart message and the user the context's ``ZAPHandler`` named for
    /// its sender (its `User-Id`; `nil` on a socket without authentication).
    public func receiveWithUserID(dontWait: Bool = false) throws(ZMQError) -> (frames: Frames, userID: String?)? {
        let socket = try live()
        var frames: Frames = []
        var userID: String?
        var message = zmq_msg_t()
        while true {
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let flags: Int32 = (dontWait && frames.isEmpty) ? ZMQ_DONTWAIT : 0
            guard try zmqCall({ zmq_msg_recv(&message, socket, flags) }) != nil else {
                return nil
            }
            if userID == nil, let user = zmq_msg_gets(&message, "User-Id") {
                userID = String(cString: user)
            }
            let size = zmq_msg_size(&message)
            if size > 0, let data = zmq_msg_data(&message) {
                frames.append(Data(bytes: data, count: size))
            } else {
                frames.append(Data())
            }
            if zmq_msg_more(&message) == 0 { return (frames, userID.flatMap { $0.isEmpty ? nil : $0 }) }
        }
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for this socket to be readable.
    public func waitReadable(timeoutMilliseconds: Int) throws(ZMQError) -> Bool {
        var poller = Poller()
        poller.add(self)
        return try poller.poll(timeoutMilliseconds: timeoutMilliseconds).first ?? false
    }
}
