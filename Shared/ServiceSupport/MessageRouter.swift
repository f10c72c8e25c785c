import Foundation
import SwapWatchMessages
import ZeroMQ

/// Routes a request to the handler registered for its message type, with the body decoded as that
/// type: `router.on(StoreReport.self) { try store.store($0) }`. A type no handler takes is refused
/// with an `unknown-type` error reply; a body that does not decode, with the codec's error.
public struct MessageRouter {
    private let service: String
    private var handlers: [String: (Data) throws -> any MessagePayload] = [:]

    /// A router for `service`, the name error replies give ("the claim store").
    public init(service: String) {
        self.service = service
    }

    /// Handles requests of `type` with `handle`; a later handler for the same type replaces it.
    public mutating func on<Request: MessagePayload>(_ type: Request.Type, _ handle: @escaping (Request) throws -> any MessagePayload) {
        handlers[Request.messageType] = { body in try handle(Request.body(of: body)) }
    }

    /// The reply of the handler for the request's type.
    public func route(_ header: EnvelopeHeader, _ body: Data) throws -> any MessagePayload {
        guard let handler = handlers[header.type] else {
            throw ErrorReply(code: "unknown-type", message: "the \(service) does not handle \"\(header.type)\"")
        }
        return try handler(body)
    }
}

extension Responder {
    /// The reply to a request, by the router's handler for its type.
    public func reply(to request: Data, routing router: MessageRouter) -> Data {
        reply(to: request, router.route)
    }

    /// Serves one request from a ROUTER socket by the router's handler for its type.
    public func serveOne(from socket: ZMQSocket, routing router: MessageRouter) throws {
        try serveOne(from: socket, router.route)
    }
}
