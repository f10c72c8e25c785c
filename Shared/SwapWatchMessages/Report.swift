import Foundation

/// A news report as users submit it (the public report input). Unknown fields are ignored.
public struct ReportInput: Hashable, Sendable, Codable {
    public var id: String?
    public var published: String?
    public var outlet: String?
    public var url: String?
    public var title: String?
    public var text: String?
    public var language: String?

    public init(
        id: String? = nil, published: String? = nil, outlet: String? = nil, url: String? = nil,
        title: String? = nil, text: String?, language: String? = nil
    ) {
        self.id = id
        self.published = published
        self.outlet = outlet
        self.url = url
        self.title = title
        self.text = text
        self.language = language
    }
}

/// A validated report: it has text, an id and a receipt time.
public struct Report: Hashable, Sendable, Codable {
    public var id: String
    public var published: String?
    public var received: String
    public var outlet: String?
    public var url: String?
    public var title: String?
    public var language: String?
    public var text: String

    public init(
        id: String, published: String?, received: String, outlet: String?, url: String?, title: String?,
        language: String?, text: String
    ) {
        self.id = id
        self.published = published
        self.received = received
        self.outlet = outlet
        self.url = url
        self.title = title
        self.language = language
        self.text = text
    }

    /// The time relative dates resolve against: published, else received.
    public var referenceTime: (date: Date, basis: DateBasis) {
        if let published, let date = Timestamp.parse(published) { return (date, .published) }
        return (Timestamp.parse(received) ?? Date(), .received)
    }

    public var ref: ReportRef {
        ReportRef(id: id, url: url, outlet: outlet, published: published, title: title)
    }
}

/// How an alert names the report behind it.
public struct ReportRef: Hashable, Sendable, Codable {
    public var id: String
    @ExplicitNull public var url: String?
    @ExplicitNull public var outlet: String?
    @ExplicitNull public var published: String?
    @ExplicitNull public var title: String?

    public init(id: String, url: String?, outlet: String?, published: String?, title: String?) {
        self.id = id
        self.url = url
        self.outlet = outlet
        self.published = published
        self.title = title
    }
}

extension Report {
    /// The published times accepted: from 1900 up to, not including, 2100. The range is fixed, not
    /// relative to the clock, so an archive, a replay or a test stream set in a later year reads
    /// the same on any day; what it refuses are dates no report has (`0000-01-01`, `9999-12-31`).
    public static let plausiblePublished = Timestamp.parse("1900-01-01T00:00:00Z")!..<Timestamp.parse("2100-01-01T00:00:00Z")!
}
