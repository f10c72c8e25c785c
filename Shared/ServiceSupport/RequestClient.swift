import Foundation
import SwapWatchMessages
import ZeroMQ

/// Why a request got no usable answer.
public enum RequestError: Error, CustomStringConvertible {
    /// No reply within the timeout, on every attempt.
    case timeout(endpoint: String, attempts: Int, seconds: Double)
    /// The service answered with an error.
    case refused(ErrorReply)
    /// Not sent: over the size the receiving socket accepts (it would drop it unanswered).
    case tooLarge(bytes: Int, limit: Int)
    /// The reply did not decode.
    case badReply(MessageError)

    /// Whether trying again later may succeed: no answer, or a service that could not reach
    /// another one. A refusal of the request itself (bad input) will not pass.
    public var mayPass: Bool {
        switch self {
        case .timeout: true
        case .refused(let error): error.code == ErrorReply.unavailableCode
        case .badReply, .tooLarge: false
        }
    }

    public var description: String {
        switch self {
        case .timeout(let endpoint, let attempts, let seconds):
            "no reply from \(endpoint) after \(attempts) attempt(s) of \(String(format: "%.1f", seconds)) s: is the stack running?"
        case .refused(let error): "refused (\(error.code)): \(error.message)"
        case .badReply(let error): "bad reply: \(error)"
        case .tooLarge(let bytes, let limit): "not sent: the request is \(bytes) bytes, over the limit of \(limit) a service accepts"
        }
    }
}

/// A request/reply client that survives lost replies and restarted peers (the ZeroMQ guide's
/// Lazy Pirate): a DEALER socket, a timeout per attempt, and on timeout a fresh socket and a
/// resend. Replies are matched to the request by correlation id; stale ones are dropped.
/// Use it on one thread.
public final class RequestClient {
    public let endpoint: String
    private let context: ZMQContext
    private let timeoutMilliseconds: Int
    private let attempts: Int
    private let source: String
    private let keys: ClientKeys?
    private var socket: ZMQSocket?

    /// With `keys`, the client speaks CURVE and talks only to a server holding the stack's key.
    public init(context: ZMQContext, endpoint: String, source: String, timeout: Duration = .seconds(5), attempts: Int = 3, keys: ClientKeys? = nil) {
        self.keys = keys
        self.context = context
        self.endpoint = endpoint
        self.source = source
        self.timeoutMilliseconds = Int(timeout.nanoseconds / 1_000_000)
        self.attempts = max(1, attempts)
    }

    private func connectedSocket() throws -> ZMQSocket {
        if let socket { return socket }
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setMaximumMessageSize(Int64(MessageLimits.request))
        try socket.connect(endpoint, with: keys)
        self.socket = socket
        return socket
    }

    /// Sends `payload` and waits for the reply, decoded as `Reply`.
    /// - Throws: ``RequestError``, or ``ZMQError/contextTerminated`` when shut down.
    public func call<Request: MessagePayload, Reply: MessagePayload>(_ payload: Request, expecting: Reply.Type) throws -> Reply {
        let envelope = Envelope(source: source, data: payload)
        let data = MessageCodec.encode(envelope)
        guard data.count <= MessageLimits.request else { throw RequestError.tooLarge(bytes: data.count, limit: MessageLimits.request) }
        for _ in 0..<attempts {
            let socket = try connectedSocket()
            try socket.send([Data(), data])
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutMilliseconds) * 1_000_000
            while true {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { break }
                let remaining = Int((deadline - now) / 1_000_000) + 1
                guard try socket.waitReadable(timeoutMilliseconds: remaining), let frames = try socket.receive(dontWait: true) else { continue }
                guard let body = frames.last else { continue }
                let header: EnvelopeHeader
                do { header = try MessageCodec.header(of: body) } catch { throw RequestError.badReply(error) }
                guard header.correlationid == envelope.id else { continue }  // a late reply to an earlier attempt
                if header.type == ErrorReply.messageType {
                    do { throw RequestError.refused(try MessageCodec.decode(ErrorReply.self, from: body).data) } catch let error as MessageError {
                        throw RequestError.badReply(error)
                    }
                }
                do { return try MessageCodec.decode(Reply.self, from: body).data } catch { throw RequestError.badReply(error) }
            }
            // Lazy Pirate: drop the socket (and whatever it queued), reconnect, resend.
            socket.close()
            self.socket = nil
        }
        throw RequestError.timeout(endpoint: endpoint, attempts: attempts, seconds: Double(timeoutMilliseconds) / 1000)
    }

    public func close() {
        socket?.close()
        socket = nil
    }
}
