/// One change of one exchange's expectation, as the rules decide it.
public struct ExpectationChange: Hashable, Sendable, Codable {
    public var exchange: ExchangeRef
    public var field: ExpectationField
    public var before: FieldValue?
    public var after: FieldValue
    public var evidence: Evidence

    public init(exchange: ExchangeRef, field: ExpectationField, before: FieldValue?, after: FieldValue, evidence: Evidence) {
        self.exchange = exchange
        self.field = field
        self.before = before
        self.after = after
        self.evidence = evidence
    }

    /// The alert this change raises, numbered `seq`.
    public func alert(seq: Int, report: ReportRef, raisedAt: String) -> Alert {
        Alert(
            id: Alert.stableID(exchangeID: exchange.id, field: field, reportID: report.id), seq: seq, field: field,
            exchange: exchange, before: before, after: after, report: report, evidence: AlertEvidence(evidence),
            raisedAt: raisedAt)
    }
}

/// An outbox event of the claim store: a committed expectation change, numbered gap-free.
public struct ExpectationChangedEvent: Hashable, Sendable, Codable, MessagePayload {
    public static let messageType = "org.swapwatch.event.expectation-changed"

    public var seq: Int
    public var change: ExpectationChange
    public var report: ReportRef
    public var committedAt: String

    public init(seq: Int, change: ExpectationChange, report: ReportRef, committedAt: String) {
        self.seq = seq
        self.change = change
        self.report = report
        self.committedAt = committedAt
    }
}
