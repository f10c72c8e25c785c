import Foundation
import SwapWatchMessages

extension Report {
    /// Largest accepted report text, in UTF-8 bytes.
    public static let maximumTextBytes = 1 << 20

    /// Largest accepted value of each short field, in UTF-8 bytes.
    public static let fieldLimits: KeyValuePairs<String, Int> = ["id": 200, "title": 1000, "outlet": 200, "url": 2048, "language": 35]

    /// Validates an input: text present, not blank, within the size limit; id, title, outlet, url
    /// and language within theirs; a published time that parses and is plausible. A missing id
    /// becomes one derived from the content, so the same text gets the same id.
    public init(validating input: ReportInput, received: Date) throws(ReportError) {
        guard let text = input.text else { throw .missingText }
        guard text.utf8.count <= Report.maximumTextBytes else {
            throw .textTooLarge(bytes: text.utf8.count, limit: Report.maximumTextBytes)
        }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .missingText }
        let id = input.id.flatMap { $0.isEmpty ? nil : $0 } ?? "r-" + ContentHash.of(ContentHash.normalized(text)).prefix(16)
        try Report.checkFields(["id": id, "title": input.title, "outlet": input.outlet, "url": input.url, "language": input.language])
        var published: String?
        if let raw = input.published, !raw.isEmpty {
            guard let date = Timestamp.parse(raw) else { throw .badPublishedTime(raw) }
            guard Report.plausiblePublished.contains(date) else { throw .implausiblePublishedTime(raw) }
            published = Timestamp.format(date)
        }
        self.init(
            id: id, published: published, received: Timestamp.format(received), outlet: input.outlet,
            url: input.url, title: input.title, language: input.language, text: text
        )
    }

    /// Checks a report that claims to be validated (one the claim store is asked to store): its
    /// text and short fields within their limits.
    public func checkLimits() throws(ReportError) {
        guard text.utf8.count <= Report.maximumTextBytes else { throw .textTooLarge(bytes: text.utf8.count, limit: Report.maximumTextBytes) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .missingText }
        try Report.checkFields(["id": id, "title": title, "outlet": outlet, "url": url, "language": language])
    }

    private static func checkFields(_ fields: [String: String?]) throws(ReportError) {
        for (field, limit) in fieldLimits {
            if let value = fields[field] ?? nil, value.utf8.count > limit { throw .fieldTooLong(field, bytes: value.utf8.count, limit: limit) }
        }
    }
}

/// Why a report was refused.
public enum ReportError: ReplyError, Hashable, Sendable {
    case missingText
    case textTooLarge(bytes: Int, limit: Int)
    case badPublishedTime(String)
    case implausiblePublishedTime(String)
    case fieldTooLong(String, bytes: Int, limit: Int)
    case invalidUTF8

    public var description: String {
        switch self {
        case .missingText: "the report has no text"
        case .textTooLarge(let bytes, let limit): "the report text is \(bytes) bytes, over the limit of \(limit)"
        case .badPublishedTime(let raw): "published time \"\(raw)\" is not an ISO 8601 timestamp"
        case .implausiblePublishedTime(let raw): "published time \"\(raw)\" is implausible: it must fall in 1900–2099"
        case .fieldTooLong(let field, let bytes, let limit): "the report's \(field) is \(bytes) bytes, over the limit of \(limit)"
        case .invalidUTF8: "the report is not valid UTF-8"
        }
    }

    public var code: String { "bad-report" }
}
