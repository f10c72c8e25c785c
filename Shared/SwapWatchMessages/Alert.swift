/// The public alert: one changed field of one exchange's expectation, with its proof.
public struct Alert: Hashable, Sendable, Codable, MessagePayload {
    public static let messageType = "org.swapwatch.alert"

    /// Stable across restarts and replays: "<exchange id>/<field>/<report id>".
    public var id: String
    /// Gap-free, starting at 1, in the order alerts were raised.
    public var seq: Int
    public var field: ExpectationField
    public var exchange: ExchangeRef
    @ExplicitNull public var before: FieldValue?
    public var after: FieldValue
    public var report: ReportRef
    public var evidence: AlertEvidence
    public var raisedAt: String
    /// The notifier's Ed25519 signature (base64) over the alert's canonical JSON without this field
    /// (see the README); absent only from a notifier run without a signing key.
    public var signature: String?

    public init(
        id: String, seq: Int, field: ExpectationField, exchange: ExchangeRef, before: FieldValue?, after: FieldValue,
        report: ReportRef, evidence: AlertEvidence, raisedAt: String, signature: String? = nil
    ) {
        self.id = id
        self.seq = seq
        self.field = field
        self.exchange = exchange
        self.before = before
        self.after = after
        self.report = report
        self.evidence = evidence
        self.raisedAt = raisedAt
        self.signature = signature
    }

    /// The topic it is published on: `alert.<field>.<exchange id>`.
    public var topic: String { Topics.alert(field: field, exchangeID: exchange.id) }

    public static func stableID(exchangeID: String, field: ExpectationField, reportID: String) -> String {
        "\(exchangeID)/\(field.rawValue)/\(reportID)"
    }
}

/// The evidence an alert carries: the quote, its speaker, and whether it was hedged.
public struct AlertEvidence: Hashable, Sendable, Codable {
    public var quote: String
    @ExplicitNull public var speaker: String?
    public var hedged: Bool

    public init(quote: String, speaker: String?, hedged: Bool) {
        self.quote = quote
        self.speaker = speaker
        self.hedged = hedged
    }

    public init(_ evidence: Evidence) {
        self.init(quote: evidence.quote, speaker: evidence.speaker, hedged: evidence.hedged)
    }
}
