/// Sent by an ingest worker to the claim store before it reads a report, so that a report whose
/// reading kills workers is noticed: the store records the attempt, and an attempt that never
/// finished makes the next one run isolated.
public struct BeginExtraction: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.begin-extraction"
    public var reportID: String
    public var contentHash: String
    public var worker: String

    public init(reportID: String, contentHash: String, worker: String) {
        self.reportID = reportID
        self.contentHash = contentHash
        self.worker = worker
    }
}

/// How the worker should go on with a report.
public struct ExtractionPlan: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.begin-extraction.result"

    public enum Decision: String, Codable, Sendable, Hashable {
        /// Read it as usual.
        case proceed
        /// An earlier attempt never finished (its worker died, perhaps from this report): read it
        /// in a separate process, so that if it crashes again only that process dies.
        case isolate
        /// Already stored: nothing to read.
        case duplicate
        /// Quarantined earlier: nothing to read.
        case quarantined
    }

    public var decision: Decision
    /// For a duplicate: the report stored.
    public var existingReportID: String?
    /// For a quarantined report: why.
    public var reason: String?

    public init(decision: Decision, existingReportID: String? = nil, reason: String? = nil) {
        self.decision = decision
        self.existingReportID = existingReportID
        self.reason = reason
    }
}

/// Sent by an ingest worker: reading this report crashed (or hung) the isolated process too, so
/// keep it aside instead of storing it.
public struct QuarantineReport: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.quarantine"
    public var report: Report
    public var reason: String
    public var worker: String

    public init(report: Report, reason: String, worker: String) {
        self.report = report
        self.reason = reason
        self.worker = worker
    }
}

/// A report kept aside.
public struct QuarantineEntry: Codable, Sendable, Hashable {
    public var report: ReportRef
    public var reason: String
    /// How many attempts were made to read it.
    public var attempts: Int
    public var quarantinedAt: String

    public init(report: ReportRef, reason: String, attempts: Int, quarantinedAt: String) {
        self.report = report
        self.reason = reason
        self.attempts = attempts
        self.quarantinedAt = quarantinedAt
    }
}

/// Asks the store for the quarantined reports (`swapwatch quarantine`).
public struct QuarantineQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.quarantine"

    public init() {}
}

public struct QuarantineReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.quarantine.result"
    public var entries: [QuarantineEntry]

    public init(entries: [QuarantineEntry]) { self.entries = entries }
}

/// Takes a report out of quarantine (`swapwatch quarantine retry ID`, after an upgrade); the reply
/// holds the report, for the client to submit again. Its next reading runs isolated.
public struct ReleaseQuarantine: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.release-quarantine"
    public var reportID: String

    public init(reportID: String) { self.reportID = reportID }
}

public struct ReleasedReport: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.store.release-quarantine.result"
    public var report: Report

    public init(report: Report) { self.report = report }
}
