import Foundation
import Logging
import SwapWatchMessages
import ZeroMQ

/// Turns a request envelope into a reply envelope. Whatever the request holds, the answer is a
/// reply: the handler's result, or an ``ErrorReply`` saying why nothing was done.
public struct Responder: Sendable {
    public let source: String
    public let logger: Logger

    public init(source: String, logger: Logger) {
        self.source = source
        self.logger = logger
    }

    /// With `header`, the request's header already read (``RoutedRequest/header``) is not read again.
    public func reply(to request: Data, header known: EnvelopeHeader? = nil, _ handler: (EnvelopeHeader, Data) throws -> any MessagePayload) -> Data {
        var correlation: String?
        do {
            let header = try known ?? MessageCodec.header(of: request)
            correlation = header.id
            let result = try handler(header, request)
            return encode(result, correlation: correlation)
        } catch {
            return encodeError(error, correlation: correlation ?? Self.requestID(of: request))
        }
    }

    /// The reply envelope of `payload` to the request with id `correlation`.
    public func encode<P: MessagePayload>(_ payload: P, correlation: String?) -> Data {
        MessageCodec.encode(payload, source: source, correlationID: correlation)
    }

    /// The error reply to the request with id `correlation`, logged: a refusal (a ``ReplyError``)
    /// at notice, anything else at error as `internal`.
    public func encodeError(_ error: any Error, correlation: String?) -> Data {
        if let error = error as? any ReplyError {
            logger.notice("refused a request", metadata: ["code": "\(error.code)", "reason": "\(error)"])
            return encode(ErrorReply(error), correlation: correlation)
        }
        logger.error("request failed", metadata: ["error": "\(error)"])
        return encode(ErrorReply(code: "internal", message: "\(error)"), correlation: correlation)
    }

    /// The id of a request whose header failed validation, so the client can match the error.
    public static func requestID(of request: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: request) as? [String: Any])?["id"] as? String
    }

    /// Serves one request from a ROUTER socket: [routing…, empty, body] in, same routing out.
    public func serveOne(from socket: ZMQSocket, _ handler: (EnvelopeHeader, Data, _ user: String?) throws -> any MessagePayload) throws {
        guard let request = try receive(from: socket) else { return }
        let reply = self.reply(to: request.body) { try handler($0, $1, request.user) }
        try socket.send(request.routing + [reply])
    }

    /// Takes the next request waiting on a ROUTER (or DEALER) socket without blocking: `nil`
    /// when none waits. A message without an envelope delimiter is dropped and logged.
    public func receive(from socket: ZMQSocket) throws -> RoutedRequest? {
        try receive(from: socket) { RoutedRequest(routing: $0, body: $1, user: $2) }
    }

    /// ``receive(from:)`` with the request's envelope header read now (``RoutedRequest/header``),
    /// and a request of `Payload`'s type decoded whole (``RoutedRequest/payload``), in one parse of
    /// its body.
    public func receive<Payload: MessagePayload>(from socket: ZMQSocket, decodingWhole type: Payload.Type) throws -> RoutedRequest? {
        try receive(from: socket) { RoutedRequest(routing: $0, body: $1, user: $2, decodingWhole: type) }
    }

    private func receive(from socket: ZMQSocket, _ request: ([Data], Data, String?) -> RoutedRequest) throws -> RoutedRequest? {
        while let (frames, user) = try socket.receiveWithUserID(dontWait: true) {
            guard let delimiter = frames.firstIndex(where: { $0.isEmpty }), delimiter + 1 < frames.count else {
                logger.notice("dropped a message without an envelope delimiter", metadata: ["frames": "\(frames.count)"])
                continue
            }
            return request(Array(frames[...delimiter]), frames[delimiter + 1], user)
        }
        return nil
    }
}

/// A request as a ROUTER socket delivers it: the routing frames its reply goes back by (the
/// empty delimiter included), its body, and the role its sender authenticated as.
public struct RoutedRequest: Sendable {
    public let routing: [Data]
    public let body: Data
    public let user: String?
    /// The body's envelope header, when it was read as the request was taken; `nil` when it was
    /// not, or the body is no valid envelope (the reply says why).
    public let header: EnvelopeHeader?
    /// The body's data, when it was decoded whole as the request was taken.
    public let payload: (any MessagePayload)?

    public init(routing: [Data], body: Data, user: String?, header: EnvelopeHeader? = nil) {
        self.routing = routing
        self.body = body
        self.user = user
        self.header = header
        self.payload = nil
    }

    /// A request with its header read and, if it is one of `Payload`, its data decoded, from one
    /// parse of `body`.
    public init<Payload: MessagePayload>(routing: [Data], body: Data, user: String?, decodingWhole type: Payload.Type) {
        let read = try? MessageCodec.header(of: body, decodingWhole: type)
        self.routing = routing
        self.body = body
        self.user = user
        self.header = read?.header
        self.payload = read?.envelope?.data
    }
}

extension Decodable {
    /// Decodes the body of a request whose header was already checked.
    public static func body(of data: Data) throws(MessageError) -> Self where Self: MessagePayload {
        try MessageCodec.decode(Self.self, from: data).data
    }
}
