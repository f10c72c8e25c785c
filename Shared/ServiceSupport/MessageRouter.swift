import Foundation
import SwapWatchMessages
import ZeroMQ

/// Routes a request to the handler registered for its message type, with the body decoded as that
/// type: `router.on(StoreReport.self) { try store.store($0) }`. A type no handler takes is refused
/// with an `unknown-type` error reply; a body that does not decode, with the codec's error.
public struct MessageRouter {
    private let service: String
    private var handlers: [String: (allowed: Set<String>?, handle: (Data, (any MessagePayload)?) throws -> any MessagePayload)] = [:]

    /// A router for `service`, the name error replies give ("the claim store").
    public init(service: String) {
        self.service = service
    }

    /// Handles requests of `type` with `handle`; a later handler for the same type replaces it.
    /// With `allowed`, on an authenticated socket only senders of those roles are served.
    public mutating func on<Request: MessagePayload>(
        _ type: Request.Type, allowed: Set<StackKeys.Role>? = nil, _ handle: @escaping (Request) throws -> any MessagePayload
    ) {
        handlers[Request.messageType] = (
            allowed.map { Set($0.map(\.rawValue)) }, { body, decoded in try handle(decoded as? Request ?? Request.body(of: body)) }
        )
    }

    /// The reply of the handler for the request's type, for a sender authenticated as `user`
    /// (`nil` on a socket without authentication). `payload`, the body already decoded
    /// (``RoutedRequest/payload``), is not decoded again.
    public func route(_ header: EnvelopeHeader, _ body: Data, user: String? = nil, payload: (any MessagePayload)? = nil) throws -> any MessagePayload
    {
        guard let handler = handlers[header.type] else {
            throw ErrorReply(code: "unknown-type", message: "the \(service) does not handle \"\(header.type)\"")
        }
        if let user, let allowed = handler.allowed, !allowed.contains(user) {
            throw ErrorReply(code: "forbidden", message: "the \(service) does not take \"\(header.type)\" from a \(user)")
        }
        return try handler.handle(body, payload)
    }
}

extension Responder {
    /// The reply to a request, by the router's handler for its type.
    public func reply(to request: Data, routing router: MessageRouter) -> Data {
        reply(to: request) { try router.route($0, $1) }
    }

    /// Serves one request from a ROUTER socket by the router's handler for its type, as the
    /// sender the socket authenticated.
    public func serveOne(from socket: ZMQSocket, routing router: MessageRouter) throws {
        try serveOne(from: socket) { try router.route($0, $1, user: $2) }
    }
}
