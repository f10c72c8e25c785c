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

    /// Largest accepted report text, in UTF-8 bytes.
    public static let maximumTextBytes = 1 << 20

    /// Validates an input: text present, not blank, within the size limit, a parseable published time.
    /// A missing id becomes one derived from the content, so the same text gets the same id.
    public init(validating input: ReportInput, received: Date) throws(ReportError) {
        guard let text = input.text else { throw .missingText }
        guard text.utf8.count <= Report.maximumTextBytes else {
            throw .textTooLarge(bytes: text.utf8.count, limit: Report.maximumTextBytes)
        }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .missingText }
        var published: String?
        if let raw = input.published, !raw.isEmpty {
            guard let date = Timestamp.parse(raw) else { throw .badPublishedTime(raw) }
            published = Timestamp.format(date)
        }
        let id = input.id.flatMap { $0.isEmpty ? nil : $0 } ?? "r-" + ContentHash.of(ContentHash.normalized(text)).prefix(16)
        guard id.utf8.count <= 200 else { throw .badId(id) }
        self.init(
            id: id, published: published, received: Timestamp.format(received), outlet: input.outlet,
            url: input.url, title: input.title, language: input.language, text: text
        )
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

/// Why a report was refused.
public enum ReportError: ReplyError, Hashable, Sendable {
    case missingText
    case textTooLarge(bytes: Int, limit: Int)
    case badPublishedTime(String)
    case badId(String)
    case invalidUTF8

    public var description: String {
        switch self {
        case .missingText: "the report has no text"
        case .textTooLarge(let bytes, let limit): "the report text is \(bytes) bytes, over the limit of \(limit)"
        case .badPublishedTime(let raw): "published time \"\(raw)\" is not an ISO 8601 timestamp"
        case .badId(let id): "report id \"\(id.prefix(40))…\" is longer than 200 bytes"
        case .invalidUTF8: "the report is not valid UTF-8"
        }
    }

    public var code: String { "bad-report" }
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
