import Foundation
import SwapWatchMessages

extension Report {
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
