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
