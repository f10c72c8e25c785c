import Foundation

/// A message body with its CloudEvents `type`.
public protocol MessagePayload: Codable, Sendable {
    static var messageType: String { get }
}

/// A CloudEvents 1.0 structured-mode JSON envelope, plus three extension attributes: `schemaversion` (the SwapWatch message schema), `correlationid` (a reply names its
/// request) and `sequence` (`<stream>:<number>`: a client's reports in the order it sent them,
/// which the claim store applies them in).
public struct Envelope<Payload: MessagePayload>: Codable, Sendable {
    public var specversion: String
    public var id: String
    public var source: String
    public var type: String
    public var time: String
    public var datacontenttype: String
    public var schemaversion: Int
    public var correlationid: String?
    public var sequence: String?
    public var data: Payload

    public init(
        source: String, data: Payload, id: String = Envelope.newID(), correlationID: String? = nil, sequence: String? = nil
    ) {
        self.specversion = "1.0"
        self.id = id
        self.source = source
        self.type = Payload.messageType
        self.time = Timestamp.format(Date())
        self.datacontenttype = "application/json"
        self.schemaversion = MessageCodec.schemaVersion
        self.correlationid = correlationID
        self.sequence = sequence
        self.data = data
    }
}

extension Envelope {
    /// A random version-4 UUID, lowercase, from the system's generator (`getrandom`; Foundation's
    /// `UUID()` opens `/dev/urandom` for each one, three system calls per message).
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next() & ~0xF000 | 0x4000  // version 4
        let low: UInt64 = generator.next() & ~(0xC000 << 48) | (0x8000 << 48)  // variant 10
        let digits = Array("0123456789abcdef".utf8)
        var id: [UInt8] = []
        id.reserveCapacity(36)
        for (half, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                if [8, 12, 16, 20].contains(half * 16 + nibble) { id.append(UInt8(ascii: "-")) }
                id.append(digits[Int(word >> UInt64(60 - 4 * nibble) & 0xF)])
            }
        }
        return String(decoding: id, as: UTF8.self)
    }
}

/// The envelope's attributes without its data, to route a message before decoding its body.
public struct EnvelopeHeader: Codable, Sendable {
    public var specversion: String
    public var id: String
    public var source: String
    public var type: String
    public var schemaversion: Int?
    public var correlationid: String?
    public var sequence: String?
}

/// Why a message was refused.
public enum MessageError: ReplyError, Hashable, Sendable {
    case invalidUTF8
    case malformed(String)
    case unsupportedSpecVersion(String)
    case unsupportedSchemaVersion(Int?)
    case unexpectedType(expected: String, got: String)
    case oversized(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidUTF8: "message is not valid UTF-8"
        case .malformed(let detail): "malformed message: \(detail)"
        case .unsupportedSpecVersion(let v): "unsupported CloudEvents specversion \"\(v)\" (expected 1.0)"
        case .unsupportedSchemaVersion(let v):
            "unsupported schemaversion \(v.map(String.init) ?? "(missing)") (this build speaks \(MessageCodec.schemaVersion))"
        case .unexpectedType(let expected, let got): "unexpected message type \"\(got)\" (expected \(expected))"
        case .oversized(let bytes, let limit): "message of \(bytes) bytes is over the limit of \(limit)"
        }
    }

    /// A short machine-readable code for error replies.
    public var code: String {
        switch self {
        case .invalidUTF8: "invalid-utf8"
        case .malformed: "malformed"
        case .unsupportedSpecVersion: "unsupported-specversion"
        case .unsupportedSchemaVersion: "unsupported-schema-version"
        case .unexpectedType: "unexpected-type"
        case .oversized: "oversized"
        }
    }
}

/// The largest message of each kind. Every socket that receives from another process sets the
/// limit of its kind (`ZMQ_MAXMSGSIZE`), so libzmq drops an oversized message before buffering it.
public enum MessageLimits {
    /// Requests and their replies (a 1 MiB report text, JSON-escaped, fits with room).
    public static let request = MessageCodec.maximumMessageBytes
    /// What goes through the bus's pub/sub side: events, alerts, heartbeats. A larger alert is
    /// still delivered, through the notifier's snapshot.
    public static let publication = 1 << 20
    /// A subscription (a topic prefix) sent to the bus's XPUB side. libzmq files subscriptions in
    /// a trie a level per byte, so a long one is also a deep one.
    public static let subscription = 1 << 10
    /// A snapshot request to the notifier.
    public static let query = 64 << 10
    /// Replies that list many items (catch-up events, alert snapshots) stop adding items at this
    /// size, always holding at least one; the rest comes with the next request.
    public static let replyPage = 4 << 20

    /// The longest prefix of `items` whose JSON fits in `bytes`, and never less than one item.
    public static func page<Item: Encodable>(_ items: [Item], within bytes: Int = replyPage) -> [Item] {
        let encoder = MessageCodec.encoder()
        var total = 0
        for (index, item) in items.enumerated() {
            total += ((try? encoder.encode(item))?.count ?? 0) + 1
            if total > bytes { return Array(items.prefix(max(1, index))) }
        }
        return items
    }
}

/// Encodes and decodes envelopes as JSON.
public enum MessageCodec {
    /// The message schema this build speaks. Bump it with any incompatible change.
    public static let schemaVersion = 1
    /// Largest message accepted on any socket (a 1 MiB report, JSON-escaped, fits with room).
    public static let maximumMessageBytes = 8 << 20

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func encode<Payload: MessagePayload>(_ envelope: Envelope<Payload>) -> Data {
        // Encoding our own value types cannot fail.
        try! encoder().encode(envelope)
    }

    public static func encode<Payload: MessagePayload>(
        _ payload: Payload, source: String, correlationID: String? = nil
    ) -> Data {
        encode(Envelope(source: source, data: payload, correlationID: correlationID))
    }

    /// Checks size, UTF-8, JSON shape, spec and schema versions, and returns the header.
    public static func header(of data: Data) throws(MessageError) -> EnvelopeHeader {
        guard data.count <= maximumMessageBytes else { throw .oversized(bytes: data.count, limit: maximumMessageBytes) }
        guard String(validating: data, as: UTF8.self) != nil else { throw .invalidUTF8 }
        let header: EnvelopeHeader
        do {
            header = try JSONDecoder().decode(EnvelopeHeader.self, from: data)
        } catch {
            throw .malformed(describe(error))
        }
        guard header.specversion == "1.0" else { throw .unsupportedSpecVersion(header.specversion) }
        guard header.schemaversion == schemaVersion else { throw .unsupportedSchemaVersion(header.schemaversion) }
        return header
    }

    /// ``header(of:)``, and the whole envelope when it is one of `Payload` (the type its header
    /// names), from one parse of `data`: a large body is not read twice. The envelope is `nil` for
    /// another type, and for a `Payload` that does not decode (``decode(_:from:)`` says why).
    public static func header<Payload: MessagePayload>(
        of data: Data, decodingWhole _: Payload.Type
    ) throws(MessageError) -> (header: EnvelopeHeader, envelope: Envelope<Payload>?) {
        guard data.count <= maximumMessageBytes else { throw .oversized(bytes: data.count, limit: maximumMessageBytes) }
        guard String(validating: data, as: UTF8.self) != nil else { throw .invalidUTF8 }
        guard let read = try? JSONDecoder().decode(HeaderAndEnvelope<Payload>.self, from: data) else { return (try header(of: data), nil) }
        guard read.header.specversion == "1.0" else { throw .unsupportedSpecVersion(read.header.specversion) }
        guard read.header.schemaversion == schemaVersion else { throw .unsupportedSchemaVersion(read.header.schemaversion) }
        return (read.header, read.envelope)
    }

    /// A header, and the whole envelope when the header names `Payload`'s type.
    private struct HeaderAndEnvelope<Payload: MessagePayload>: Decodable {
        var header: EnvelopeHeader
        var envelope: Envelope<Payload>?

        init(from decoder: any Decoder) throws {
            header = try EnvelopeHeader(from: decoder)
            envelope = header.type == Payload.messageType ? try Envelope<Payload>(from: decoder) : nil
        }
    }

    /// Decodes a whole envelope, checking everything ``header(of:)`` checks and the type. The
    /// JSON is parsed once; only a message that fails is read again, for its header, to say why.
    public static func decode<Payload: MessagePayload>(
        _: Payload.Type, from data: Data
    ) throws(MessageError) -> Envelope<Payload> {
        guard data.count <= maximumMessageBytes else { throw .oversized(bytes: data.count, limit: maximumMessageBytes) }
        guard String(validating: data, as: UTF8.self) != nil else { throw .invalidUTF8 }
        let envelope: Envelope<Payload>
        do {
            envelope = try JSONDecoder().decode(Envelope<Payload>.self, from: data)
        } catch {
            let header = try header(of: data)
            guard header.type == Payload.messageType else { throw .unexpectedType(expected: Payload.messageType, got: header.type) }
            throw .malformed(describe(error))
        }
        guard envelope.specversion == "1.0" else { throw .unsupportedSpecVersion(envelope.specversion) }
        guard envelope.schemaversion == schemaVersion else { throw .unsupportedSchemaVersion(envelope.schemaversion) }
        guard envelope.type == Payload.messageType else { throw .unexpectedType(expected: Payload.messageType, got: envelope.type) }
        return envelope
    }

    /// A one-line account of a decoding error, naming the field at fault.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as NSError? {
                return "not JSON (\(underlying.localizedDescription))"
            }
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing field \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "null where a value is needed at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
