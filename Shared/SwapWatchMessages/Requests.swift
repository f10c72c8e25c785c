import Foundation

/// Sent by a client (`swapwatch submit`) to the report queue: one report to ingest.
public struct SubmitReport: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.report.submit"
    public var report: ReportInput

    public init(report: ReportInput) { self.report = report }
}

/// Sent by a client to the report queue: several reports to ingest, in order, answered together
/// (``SubmitResults``). Sending many reports in one message pays a message's costs (a hop through
/// the bus, an envelope, a store round trip) once for them all.
public struct SubmitReports: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.report.submit-batch"
    /// The most reports one message may hold.
    public static let maximumCount = 256
    /// The most text, in UTF-8 bytes, one message may hold over all its reports (one report may
    /// hold up to its own limit alone), so that what a worker sends on to the store stays within
    /// ``MessageLimits/request``.
    public static let maximumTextBytes = 2 << 20
    public var reports: [ReportInput]

    public init(reports: [ReportInput]) { self.reports = reports }

    /// Why a batch is refused as a whole, or `nil` when it is within the limits.
    public var limitExceeded: String? {
        if reports.count > Self.maximumCount { return "a batch holds at most \(Self.maximumCount) reports, not \(reports.count)" }
        let bytes = reports.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) }
        if reports.count > 1, bytes > Self.maximumTextBytes {
            return "a batch of several reports holds at most \(Self.maximumTextBytes) bytes of text, not \(bytes)"
        }
        return nil
    }
}

/// What happened to one report of a batch: its result, or why it was refused.
public struct SubmitOutcome: Codable, Sendable, Hashable {
    public var result: SubmitResult?
    public var error: ErrorReply?

    public init(_ result: SubmitResult) { self.result = result }
    public init(error: ErrorReply) { self.error = error }

    /// The result, or the refusal thrown.
    public func get() throws(ErrorReply) -> SubmitResult {
        guard let result else { throw error ?? ErrorReply(code: "internal", message: "an outcome with neither result nor error") }
        return result
    }
}

/// The answer to ``SubmitReports`` (from the worker) and to ``StoreReports`` (from the store): one
/// outcome per report, in the order sent.
public struct SubmitResults: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.report.submit-batch.result"
    public var outcomes: [SubmitOutcome]

    public init(outcomes: [SubmitOutcome]) { self.outcomes = outcomes }
}

/// Sent by an ingest worker to the claim store: the reports of one submission it has read, each
/// stored in turn; answered with ``SubmitResults``.
public struct StoreReports: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.reports"
    public var items: [StoreReport]

    public init(items: [StoreReport]) { self.items = items }
}

/// A validated report and its claims, for the claim store to keep (within ``StoreReports``).
public struct StoreReport: Codable, Sendable, Hashable {
    public var report: Report
    public var claims: [Claim]
    public var extractorVersion: String
    public var worker: String
    /// Set when the report is not to be stored but kept aside (``SubmitStatus/quarantined``):
    /// reading it crashed a worker and then the isolated reader, which is the reason given here.
    public var quarantineReason: String?
    /// The report's ``ContentHash``, as the worker sent it in ``BeginExtraction``: the store then
    /// need not normalise the text again (it does when this is absent).
    public var contentHash: String?
    /// For a report with claims, the `TextFingerprint` of its normalised text (its `bytes`), which
    /// the worker works out beside the hash: the store then need not (it does when this is absent).
    public var fingerprint: Data?

    public init(
        report: Report, claims: [Claim], extractorVersion: String, worker: String, quarantineReason: String? = nil, contentHash: String? = nil,
        fingerprint: Data? = nil
    ) {
        self.report = report
        self.claims = claims
        self.extractorVersion = extractorVersion
        self.worker = worker
        self.quarantineReason = quarantineReason
        self.contentHash = contentHash
        self.fingerprint = fingerprint
    }
}

/// What happened to a submitted report.
public enum SubmitStatus: String, Sendable, Codable, Hashable {
    /// Committed for the first time.
    case stored
    /// Committed as a reprint of an earlier report (kept, never alerts).
    case corroboration
    /// Already stored (same id or same content): nothing written.
    case duplicate
    /// Not stored: reading it crashed an ingest worker, so it is kept aside (`swapwatch quarantine`).
    case quarantined
}

/// The store's answer to ``StoreReport``, relayed by the worker to the client.
public struct SubmitResult: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.report.result"
    public var reportID: String
    public var status: SubmitStatus
    /// For duplicates and corroborations: the report already stored.
    public var existingReportID: String?
    public var worker: String?
    /// The claims read from the report: empty in the store's answer, filled in by the worker that
    /// read them.
    public var claims: [Claim]
    public var changes: [ExpectationChange]
    /// For a quarantined report: why.
    public var reason: String?

    public init(
        reportID: String, status: SubmitStatus, existingReportID: String? = nil, worker: String? = nil, claims: [Claim],
        changes: [ExpectationChange], reason: String? = nil
    ) {
        self.reportID = reportID
        self.status = status
        self.existingReportID = existingReportID
        self.worker = worker
        self.claims = claims
        self.changes = changes
        self.reason = reason
    }
}

/// An error a service answers with an ``ErrorReply``: handlers throw these, and the responder turns
/// them into replies in one place (any other error is an `internal` one).
public protocol ReplyError: Error, CustomStringConvertible {
    /// A short machine-readable code ("bad-report", "unknown-type").
    var code: String { get }
}

/// A refusal: the request did nothing.
public struct ErrorReply: MessagePayload, Hashable, ReplyError {
    public static let messageType = "org.swapwatch.error"
    /// The code of a reply that says a service behind the one asked did not answer; the same
    /// request may succeed later.
    public static let unavailableCode = "store-unavailable"
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The reply that says why `error` refused a request.
    public init(_ error: some ReplyError) { self.init(code: error.code, message: error.description) }

    public var description: String { message }
}

/// Asks the store what is expected now, per exchange.
public struct ExchangesQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.exchanges"
    /// Include closed exchanges.
    public var includeClosed: Bool

    public init(includeClosed: Bool = true) { self.includeClosed = includeClosed }
}

/// One exchange as it stands.
public struct ExchangeSummary: Codable, Sendable, Hashable {
    public var exchange: ExchangeRef
    public var status: ExchangeStatus
    public var size: SizeValue?
    public var date: DateWindow?
    /// When the report that last changed the expectation was published (received, if it had no time).
    public var lastChanged: String?
    public var supportingReports: Int
    public var stages: [CompletedStage]

    public init(
        exchange: ExchangeRef, status: ExchangeStatus, size: SizeValue?, date: DateWindow?, lastChanged: String?,
        supportingReports: Int, stages: [CompletedStage]
    ) {
        self.exchange = exchange
        self.status = status
        self.size = size
        self.date = date
        self.lastChanged = lastChanged
        self.supportingReports = supportingReports
        self.stages = stages
    }
}

/// A completed stage (or the whole completed exchange): when, how many, which report said so.
public struct CompletedStage: Codable, Sendable, Hashable {
    public var date: DateWindow?
    public var size: SizeValue?
    public var reportID: String
    public var final: Bool

    public init(date: DateWindow?, size: SizeValue?, reportID: String, final: Bool) {
        self.date = date
        self.size = size
        self.reportID = reportID
        self.final = final
    }
}

public struct ExchangesReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.exchanges.result"
    public var exchanges: [ExchangeSummary]

    public init(exchanges: [ExchangeSummary]) { self.exchanges = exchanges }
}

/// Asks the store for the story of one exchange, report by report.
public struct HistoryQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.history"
    public var exchangeID: String

    public init(exchangeID: String) { self.exchangeID = exchangeID }
}

/// One report's part in an exchange's story.
public struct HistoryEntry: Codable, Sendable, Hashable {
    public var report: ReportRef
    public var claims: [Claim]
    public var changes: [ExpectationChange]
    /// "opened", "changed", "restated", "stage", "completed", "corroboration".
    public var effect: String
    /// For a reprint: the report it reprints (absent otherwise).
    public var corroborates: String?

    public init(report: ReportRef, claims: [Claim], changes: [ExpectationChange], effect: String, corroborates: String? = nil) {
        self.report = report
        self.claims = claims
        self.changes = changes
        self.effect = effect
        self.corroborates = corroborates
    }
}

public struct HistoryReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.history.result"
    public var exchange: ExchangeSummary
    public var entries: [HistoryEntry]

    public init(exchange: ExchangeSummary, entries: [HistoryEntry]) {
        self.exchange = exchange
        self.entries = entries
    }
}

/// Asks the store for outbox events after a sequence number (the notifier's catch-up).
///
/// With `waitMilliseconds`, a query the store has no event for yet is held (long polling) until
/// a commit brings one or the wait is over, whichever comes first; then it is answered as usual
/// (with no events when the wait ran out). The store holds it only for a sender authenticated as
/// a service, and for at most ``longestWait``.
public struct EventsQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.events"
    /// The longest a query waits for events, whatever it asks.
    public static let longestWait = 5_000
    public var after: Int
    public var limit: Int
    public var waitMilliseconds: Int?

    public init(after: Int, limit: Int = 500, waitMilliseconds: Int? = nil) {
        self.after = after
        self.limit = limit
        self.waitMilliseconds = waitMilliseconds
    }
}

public struct EventsReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.events.result"
    public var events: [ExpectationChangedEvent]
    /// The highest event sequence number committed.
    public var lastSeq: Int

    public init(events: [ExpectationChangedEvent], lastSeq: Int) {
        self.events = events
        self.lastSeq = lastSeq
    }
}

/// Asks the notifier for kept alerts (the Clone pattern's snapshot).
public struct AlertsQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.alerts"
    /// Alerts with `seq > after`.
    public var after: Int
    /// Only alerts whose topic starts with this.
    public var topicPrefix: String
    public var limit: Int

    public init(after: Int, topicPrefix: String = Topics.alerts, limit: Int = 1000) {
        self.after = after
        self.topicPrefix = topicPrefix
        self.limit = limit
    }
}

public struct AlertsReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.alerts.result"
    public var alerts: [Alert]
    /// The sequence number up to which this reply is complete for the asked prefix.
    public var coveredThrough: Int
    /// The highest alert sequence number raised.
    public var lastSeq: Int

    public init(alerts: [Alert], coveredThrough: Int, lastSeq: Int) {
        self.alerts = alerts
        self.coveredThrough = coveredThrough
        self.lastSeq = lastSeq
    }
}

/// Published by the notifier every second: the last alert sequence number, so a filtered
/// subscriber can tell it missed something even when no matching alert follows.
public struct AlertsHeartbeat: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.alerts.heartbeat"
    public var lastSeq: Int

    public init(lastSeq: Int) { self.lastSeq = lastSeq }
}
