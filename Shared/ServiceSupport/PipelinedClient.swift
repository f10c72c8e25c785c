import Foundation
import SwapWatchMessages
import ZeroMQ

/// Many requests in flight over one DEALER socket: each sent without waiting for the replies to
/// those before it, and matched to its reply by correlation id. A request whose reply does not
/// come within the timeout is handed back by ``expired()``, for the caller to send again or give
/// up on (a reply that comes later still counts while the request is in flight). Use it on one
/// thread; ``RequestClient`` is the one-at-a-time form.
public final class PipelinedClient {
    /// A reply to a request in flight: its id and body, or why it is no usable answer.
    public struct Reply {
        public let id: String
        public let result: Result<Data, RequestError>
        /// The reply decoded whole with its header, when it is of the type
        /// ``replies(waitingUpTo:decodingWhole:)`` was asked for.
        public var payload: (any MessagePayload)?

        /// The reply as `Payload`: the one decoded with its header, else decoded now.
        public func decoded<Payload: MessagePayload>(as type: Payload.Type) throws(RequestError) -> Payload {
            if let payload = payload as? Payload { return payload }
            return try PipelinedClient.decode(result.get(), as: type)
        }
    }

    public let endpoint: String
    /// The socket, for a caller that polls it together with others.
    public let socket: ZMQSocket
    private let source: String
    private let timeoutNanoseconds: UInt64
    /// Requests in flight by id, with when each was sent.
    private var inFlight: [String: UInt64] = [:]

    /// Whether a request is refused at once while the server is not connected, rather than queued.
    private let immediate: Bool

    /// With `keys`, the client speaks CURVE and talks only to a server holding the stack's key.
    /// With `immediate`, nothing is queued while the server is away: a request sent then fails at
    /// once (``RequestError/timeout(endpoint:attempts:seconds:)`` with no attempt), so no request
    /// meant for a server that died reaches the one that replaces it, long after.
    public init(
        context: ZMQContext, endpoint: String, source: String, timeout: Duration = .seconds(5), keys: ClientKeys? = nil, immediate: Bool = false
    ) throws {
        self.endpoint = endpoint
        self.source = source
        self.immediate = immediate
        timeoutNanoseconds = timeout.nanoseconds
        socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setMaximumMessageSize(Int64(MessageLimits.request))
        if immediate { try socket.setImmediate(true) }
        try socket.connect(endpoint, with: keys)
    }

    /// How long a request waits for its reply before ``expired()`` hands it back.
    public var timeoutSeconds: Double { Double(timeoutNanoseconds) / 1e9 }

    /// How many requests wait for a reply.
    public var count: Int { inFlight.count }

    /// A request encoded ahead of its sending (``prepare(_:sequence:)``): its id, which its reply
    /// will carry, and its bytes.
    public struct PreparedRequest: Sendable {
        public let id: String
        let data: Data
    }

    /// Encodes a request to send later with ``send(_:)``: a sender that knows its requests ahead
    /// can encode them before it starts a clock. `sequence` places it in a stream of requests (see
    /// ``Envelope``).
    /// - Throws: ``RequestError/tooLarge(bytes:limit:)``.
    public func prepare<Request: MessagePayload>(_ payload: Request, sequence: String? = nil) throws -> PreparedRequest {
        let envelope = Envelope(source: source, data: payload, sequence: sequence)
        let data = MessageCodec.encode(envelope)
        guard data.count <= MessageLimits.request else { throw RequestError.tooLarge(bytes: data.count, limit: MessageLimits.request) }
        return PreparedRequest(id: envelope.id, data: data)
    }

    /// Sends a request and returns its id, which its reply will carry; `sequence` places it in a
    /// stream of requests (see ``Envelope``).
    /// - Throws: ``RequestError/tooLarge(bytes:limit:)``, or a ``ZMQError``.
    @discardableResult
    public func send<Request: MessagePayload>(_ payload: Request, sequence: String? = nil) throws -> String {
        try send(prepare(payload, sequence: sequence))
    }

    /// Sends a prepared request and returns its id; one sent again (after it expired) goes under
    /// the same id.
    /// - Throws: a ``ZMQError``, or ``RequestError/timeout(endpoint:attempts:seconds:)`` with no
    ///   attempt when `immediate` and the server is not connected.
    @discardableResult
    public func send(_ request: PreparedRequest) throws -> String {
        guard try socket.send([Data(), request.data], dontWait: immediate) else {
            throw RequestError.timeout(endpoint: endpoint, attempts: 0, seconds: 0)
        }
        inFlight[request.id] = DispatchTime.now().uptimeNanoseconds
        return request.id
    }

    /// The replies that have arrived, waiting up to `milliseconds` for the first (0: none). A
    /// reply to no request in flight (one already given up on) is dropped.
    public func replies(waitingUpTo milliseconds: Int = 0) throws -> [Reply] {
        try replies(waitingUpTo: milliseconds) { body throws(MessageError) in (try MessageCodec.header(of: body), nil) }
    }

    /// ``replies(waitingUpTo:)``, with a reply of `Payload`'s type decoded whole as its header is
    /// read (``Reply/payload``): a large reply is parsed once, not once for its header and again
    /// for its body.
    public func replies<Payload: MessagePayload>(waitingUpTo milliseconds: Int = 0, decodingWhole type: Payload.Type) throws -> [Reply] {
        try replies(waitingUpTo: milliseconds) { body throws(MessageError) in
            let (header, envelope) = try MessageCodec.header(of: body, decodingWhole: type)
            return (header, envelope?.data)
        }
    }

    private func replies(
        waitingUpTo milliseconds: Int, reading: (Data) throws(MessageError) -> (header: EnvelopeHeader, payload: (any MessagePayload)?)
    ) throws -> [Reply] {
        var replies: [Reply] = []
        if milliseconds > 0, !(try socket.waitReadable(timeoutMilliseconds: milliseconds)) { return [] }
        while let frames = try socket.receive(dontWait: true) {
            guard let body = frames.last, let read = try? reading(body), let id = read.header.correlationid,
                inFlight.removeValue(forKey: id) != nil
            else { continue }
            if read.header.type == ErrorReply.messageType {
                do {
                    replies.append(Reply(id: id, result: .failure(.refused(try MessageCodec.decode(ErrorReply.self, from: body).data))))
                } catch {
                    replies.append(Reply(id: id, result: .failure(.badReply(error))))
                }
            } else {
                replies.append(Reply(id: id, result: .success(body), payload: read.payload))
            }
        }
        return replies
    }

    /// With `immediate`, the requests in flight when the server is found gone (no connected peer):
    /// their replies will never come, since the connection they went out on is closed. They are no
    /// longer in flight. Without `immediate`, or while connected, none.
    public func lost() -> [String] {
        guard immediate, !inFlight.isEmpty, !socket.canSend else { return [] }
        let lost = Array(inFlight.keys)
        inFlight = [:]
        return lost
    }

    /// The requests whose timeout has passed without a reply; they are no longer in flight.
    public func expired() -> [String] {
        let now = DispatchTime.now().uptimeNanoseconds
        let late = inFlight.filter { now - $0.value >= timeoutNanoseconds }.map(\.key)
        for id in late { inFlight[id] = nil }
        return late
    }

    /// Milliseconds until the oldest request in flight times out (nil when none is in flight).
    public func millisecondsToNextTimeout() -> Int? {
        guard let oldest = inFlight.values.min() else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        let due = oldest + timeoutNanoseconds
        return due > now ? Int((due - now) / 1_000_000) + 1 : 0
    }

    /// Decodes a reply body as `Reply`.
    public static func decode<Reply: MessagePayload>(_ body: Data, as type: Reply.Type) throws(RequestError) -> Reply {
        do { return try MessageCodec.decode(Reply.self, from: body).data } catch { throw RequestError.badReply(error) }
    }

    public func close() { socket.close() }
}

extension Duration {
    /// The duration in whole nanoseconds (0 for a negative one), to compare with `DispatchTime` readings.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return seconds < 0 ? 0 : UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
