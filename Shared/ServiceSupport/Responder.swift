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

    public func reply(to request: Data, _ handler: (EnvelopeHeader, Data) throws -> any MessagePayload) -> Data {
        var correlation: String?
        do {
            let header = try MessageCodec.header(of: request)
            correlation = header.id
            let result = try handler(header, request)
            return encode(result, correlation: correlation)
        } catch let error as any ReplyError {
            logger.notice("refused a request", metadata: ["code": "\(error.code)", "reason": "\(error)"])
            return encode(ErrorReply(error), correlation: correlation ?? Self.bestEffortID(request))
        } catch {
            logger.error("request failed", metadata: ["error": "\(error)"])
            return encode(ErrorReply(code: "internal", message: "\(error)"), correlation: correlation)
        }
    }

    private func encode<P: MessagePayload>(_ payload: P, correlation: String?) -> Data {
        MessageCodec.encode(payload, source: source, correlationID: correlation)
    }

    /// The id of a request whose header failed validation, so the client can match the error.
    private static func bestEffortID(_ request: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: request) as? [String: Any])?["id"] as? String
    }

    /// Serves one request from a ROUTER socket: [routing…, empty, body] in, same routing out.
    public func serveOne(from socket: ZMQSocket, _ handler: (EnvelopeHeader, Data, _ user: String?) throws -> any MessagePayload) throws {
        guard let (frames, user) = try socket.receiveWithUserID(dontWait: true) else { return }
        guard let delimiter = frames.firstIndex(where: { $0.isEmpty }), delimiter + 1 < frames.count else {
            logger.notice("dropped a message without an envelope delimiter", metadata: ["frames": "\(frames.count)"])
            return
        }
        let reply = self.reply(to: frames[delimiter + 1]) { try handler($0, $1, user) }
        try socket.send(Array(frames[...delimiter]) + [reply])
    }
}

extension Decodable {
    /// Decodes the body of a request whose header was already checked.
    public static func body(of data: Data) throws(MessageError) -> Self where Self: MessagePayload {
        try MessageCodec.decode(Self.self, from: data).data
    }
}
