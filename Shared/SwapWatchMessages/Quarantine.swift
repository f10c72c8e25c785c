/// Sent by an ingest worker to the claim store before it reads the reports of a submission, so
/// that a report whose reading kills workers is noticed: the store records each attempt, and an
/// attempt that never finished makes the next one run isolated. Answered with ``ExtractionPlans``.
public struct BeginExtractions: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.begin-extractions"
    public var items: [BeginExtraction]

    public init(items: [BeginExtraction]) { self.items = items }
}

/// How the worker should go on with each report of a ``BeginExtractions``, in its order.
public struct ExtractionPlans: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.begin-extractions.result"
    public var plans: [ExtractionPlan]

    public init(plans: [ExtractionPlan]) { self.plans = plans }
}

/// One report a worker is about to read.
public struct BeginExtraction: Codable, Sendable, Hashable {
    public var reportID: String
    public var contentHash: String
    public var worker: String

    public init(reportID: String, contentHash: String, worker: String) {
        (self.reportID, self.contentHash, self.worker) = (reportID, contentHash, worker)
    }
}

/// How the worker should go on with a report.
public struct ExtractionPlan: Codable, Sendable, Hashable {
    public enum Decision: String, Codable, Sendable, Hashable {
        /// Read it as usual.
        case proceed
        /// An earlier attempt never finished (its worker died, perhaps of this report): read it in
        /// a separate process, so that if it crashes again only that process dies.
        case isolate
        /// Nothing to read: the store already has a verdict (a duplicate, or a quarantined report).
        case answered
    }

    public var decision: Decision
    /// The verdict to relay to the client, when the store already has one.
    public var verdict: SubmitResult?

    public init(_ decision: Decision, verdict: SubmitResult? = nil) {
        self.decision = decision
        self.verdict = verdict
    }
}

/// A report kept aside because reading it crashed a worker and then the isolated reader.
public struct QuarantineEntry: Codable, Sendable, Hashable {
    public var report: ReportRef
    public var reason: String
    /// How many attempts were made to read it, and when it was put aside.
    public var attempts: Int
    public var quarantinedAt: String

    public init(report: ReportRef, reason: String, attempts: Int, quarantinedAt: String) {
        (self.report, self.reason, self.attempts, self.quarantinedAt) = (report, reason, attempts, quarantinedAt)
    }
}

/// Asks the store for the quarantined reports (`swapwatch quarantine`), or with `release`, takes
/// one out (`swapwatch quarantine retry ID`, after an upgrade): the reply then holds that report,
/// for the client to submit again, and its next reading runs isolated.
public struct QuarantineQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.quarantine"
    public var release: String?

    public init(release reportID: String? = nil) { self.release = reportID }
}

public struct QuarantineReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.quarantine.result"
    public var entries: [QuarantineEntry]
    /// The report taken out of quarantine, when one was asked for.
    public var released: Report?

    public init(entries: [QuarantineEntry], released: Report? = nil) { (self.entries, self.released) = (entries, released) }
}
