/// What a claim says about an exchange.
public enum ClaimType: String, Hashable, Sendable, Codable {
    /// The expected size of the next, not yet completed exchange.
    case size
    /// The expected date window of the next exchange.
    case date
    /// The next exchange is postponed or called off: its date becomes unknown.
    case postponed
    /// An exchange was carried out in full (closes the open one).
    case completed
    /// One stage of a multi-day swap was carried out.
    case stage
}

/// A character span in the report text, in Unicode scalar offsets (Python `str` indices).
public struct TextSpan: Hashable, Sendable, Codable {
    public let start: Int
    public let end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// Against which time relative dates ("next week") were resolved.
public enum DateBasis: String, Hashable, Sendable, Codable {
    /// The report's published time.
    case published
    /// The report had no published time; its receipt time was used.
    case received
}

/// The proof behind a claim: the sentence, where it is, who said it, and whether it is hedged.
public struct Evidence: Hashable, Sendable, Codable {
    public var quote: String
    public var span: TextSpan?
    @ExplicitNull public var speaker: String?
    public var hedged: Bool

    public init(quote: String, span: TextSpan? = nil, speaker: String? = nil, hedged: Bool = false) {
        self.quote = quote
        self.span = span
        self.speaker = speaker
        self.hedged = hedged
    }
}

/// One statement extracted from a report about one exchange.
public struct Claim: Hashable, Sendable, Codable {
    public var type: ClaimType
    public var exchange: ExchangeKey
    /// For `size`: the expected size. For `completed` and `stage`: how many were released, when said.
    public var size: SizeValue?
    /// For `date`: the expected window. For `completed` and `stage`: when it happened, when said.
    /// For `postponed`: the day it had been due, when the report says; else unknown.
    public var date: DateWindow?
    /// Set when a relative date expression was resolved.
    public var dateBasis: DateBasis?
    public var evidence: Evidence

    public init(
        type: ClaimType, exchange: ExchangeKey, size: SizeValue? = nil, date: DateWindow? = nil,
        dateBasis: DateBasis? = nil, evidence: Evidence
    ) {
        self.type = type
        self.exchange = exchange
        self.size = size
        self.date = date
        self.dateBasis = dateBasis
        self.evidence = evidence
    }
}

/// A canonical string of what claims say (not where they say it), to recognise reprints:
/// another report of the same day with the same signature says nothing new.
public enum ClaimSignature {
    public static func of(_ claims: [Claim]) -> String {
        let encoder = MessageCodec.encoder()
        return claims.map { claim in
            let size = claim.size.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let date = claim.date.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            return "\(claim.type.rawValue):\(claim.exchange.slug):\(size):\(date)"
        }.sorted().joined(separator: ";")
    }
}
