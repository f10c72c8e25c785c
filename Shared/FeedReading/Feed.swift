import Foundation

/// A news feed as read from RSS 2.0 (and RSS 1.0), Atom 1.0 or JSON Feed 1.1.
public struct Feed: Hashable, Sendable {
    public enum Format: String, Sendable {
        case rss, atom
        case jsonFeed = "json-feed"
    }

    public var format: Format
    /// The feed's title (usually the outlet's name).
    public var title: String?
    /// The site the feed belongs to.
    public var link: String?
    /// The feed's language (`language`, `xml:lang`), if declared.
    public var language: String?
    public var items: [FeedItem]
}

/// One item (RSS), entry (Atom) or item (JSON Feed).
public struct FeedItem: Hashable, Sendable {
    /// The item's own identifier (`guid`, `id`), if it has one.
    public var guid: String?
    /// The article's address.
    public var link: String?
    public var title: String?
    /// When it was published (else updated), as `yyyy-MM-ddTHH:mm:ssZ` in UTC.
    public var published: String?
    /// The full text, when the feed carries it (`content:encoded`, Atom `content`, `content_html`/`content_text`).
    public var content: String?
    /// The summary (`description`, Atom `summary`, JSON Feed `summary`).
    public var summary: String?
    public var language: String?

    /// What identifies the item across polls: its guid, else its link, else its title.
    public var key: String? { guid ?? link ?? title }

    /// Whether the feed carries only a summary, so the article's page must be read for the full
    /// text: no content, or content no longer than a teaser.
    public var needsPage: Bool {
        link != nil && (content ?? "").count < FeedItem.teaserLength
    }

    /// Text shorter than this is a teaser, not an article.
    public static let teaserLength = 500

    public init(
        guid: String? = nil, link: String? = nil, title: String? = nil, published: String? = nil, content: String? = nil, summary: String? = nil,
        language: String? = nil
    ) {
        (self.guid, self.link, self.title, self.published) = (guid, link, title, published)
        (self.content, self.summary, self.language) = (content, summary, language)
    }
}

/// A response that is not a feed this reader knows.
public struct FeedError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Feed {
    static let atom = "http://www.w3.org/2005/Atom"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Reads a feed of any of the three formats, by its content (servers label feeds loosely).
    public static func parse(_ data: Data) throws -> Feed {
        let start = data.prefix(512).first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if start == UInt8(ascii: "{") { return try parseJSONFeed(data) }
        let document: MarkupDocument
        do {
            document = try MarkupDocument.xml(data)
        } catch {
            if start == UInt8(ascii: "<"), MarkupDocument.html(data.prefix(4096))?.root?.isElement("html") == true,
                String(decoding: data.prefix(512), as: UTF8.self).lowercased().contains("<html")
            {
                throw FeedError("an HTML page, not a feed")
            }
            throw FeedError(error.description)
        }
        guard let root = document.root else { throw FeedError("an empty document") }
        switch (root.name, root.namespace) {
        case ("rss", _): return parseRSS(root)
        case ("feed", atom): return parseAtom(root)
        case ("RDF", _): return parseRSS(root)
        case ("html", _): throw FeedError("an HTML page, not a feed")
        default: throw FeedError("not a feed: the document is <\(root.name)>")
        }
    }

    // MARK: RSS

    /// RSS 2.0 (`<rss><channel><item>`) and RSS 1.0 (`<rdf:RDF><channel/><item>`).
    static func parseRSS(_ root: MarkupNode) -> Feed {
        let channel = root.child("channel") ?? root
        // RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it.
        let items = root.name == "rss" ? channel.children("item") : root.children("item")
        var feed = Feed(
            format: .rss, title: channel.child("title")?.trimmedText, link: channel.child("link")?.trimmedText,
            language: (channel.child("language") ?? channel.child("language", in: dublinCore))?.trimmedText, items: [])
        for item in items {
            let guid = item.child("guid")?.trimmedText ?? item.attribute("about", in: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
            let date = item.child("pubDate")?.trimmedText ?? item.child("date", in: dublinCore)?.trimmedText
            feed.items.append(
                FeedItem(
                    guid: guid, link: item.child("link")?.trimmedText, title: item.child("title").map { HTMLText.of(fragment: $0.text) }?.nonEmpty,
                    published: date.flatMap(FeedDate.parse),
                    content: item.child("encoded", in: content).map { HTMLText.of(fragment: $0.text) }?.nonEmpty,
                    summary: item.child("description").map { HTMLText.of(fragment: $0.text) }?.nonEmpty,
                    language: item.child("language", in: dublinCore)?.trimmedText))
        }
        return feed
    }

    // MARK: Atom

    static func parseAtom(_ root: MarkupNode) -> Feed {
        var feed = Feed(
            format: .atom, title: root.child("title", in: atom).flatMap(atomText), link: alternateLink(of: root),
            language: root.attribute("lang", in: xml)?.nonEmpty, items: [])
        for entry in root.children("entry", in: atom) {
            let date = (entry.child("published", in: atom) ?? entry.child("updated", in: atom))?.trimmedText
            feed.items.append(
                FeedItem(
                    guid: entry.child("id", in: atom)?.trimmedText, link: alternateLink(of: entry),
                    title: entry.child("title", in: atom).flatMap(atomText),
                    published: date.flatMap(FeedDate.parse), content: entry.child("content", in: atom).flatMap(atomText),
                    summary: entry.child("summary", in: atom).flatMap(atomText), language: entry.attribute("lang", in: xml)?.nonEmpty))
        }
        return feed
    }

    /// An Atom text construct: `type="text"` (the default), `"html"` (escaped markup) or `"xhtml"`
    /// (a `div` of markup).
    static func atomText(_ node: MarkupNode) -> String? {
        switch node.attribute("type") ?? "text" {
        case "html", "text/html": return HTMLText.of(fragment: node.text).nonEmpty
        case "xhtml", "application/xhtml+xml": return HTMLText.of(fragment: node.children.map(\.markup).joined()).nonEmpty
        default: return node.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").nonEmpty
        }
    }

    /// The `rel="alternate"` link (the default relation), else the first link.
    static func alternateLink(of node: MarkupNode) -> String? {
        let links = node.children("link", in: atom)
        return (links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first)?.attribute("href")?.nonEmpty
    }

    // MARK: JSON Feed

    private struct JSONFeed: Decodable {
        var version: String?
        var title: String?
        var homePageUrl: String?
        var language: String?
        var items: [Item]?

        struct Item: Decodable {
            var id: LosslessID?
            var url: String?
            var externalUrl: String?
            var title: String?
            var contentHtml: String?
            var contentText: String?
            var summary: String?
            var datePublished: String?
            var dateModified: String?
            var language: String?
        }
    }

    /// JSON Feed ids are strings, though some feeds write numbers.
    private struct LosslessID: Decodable {
        var value: String
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) { value = string } else { value = String(try container.decode(Double.self)) }
        }
    }

    static func parseJSONFeed(_ data: Data) throws -> Feed {
        let decoded: JSONFeed
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { decoded = try decoder.decode(JSONFeed.self, from: data) } catch { throw FeedError("malformed JSON Feed: \(error)") }
        guard decoded.version?.hasPrefix("https://jsonfeed.org/version/") == true, let items = decoded.items else {
            throw FeedError("JSON, but not a JSON Feed (no jsonfeed.org version or no items)")
        }
        return Feed(
            format: .jsonFeed, title: decoded.title?.nonEmpty, link: decoded.homePageUrl, language: decoded.language,
            items: items.map { item in
                let content = item.contentHtml.map(HTMLText.of(fragment:)) ?? item.contentText
                return FeedItem(
                    guid: item.id?.value, link: item.url ?? item.externalUrl, title: item.title?.nonEmpty,
                    published: (item.datePublished ?? item.dateModified).flatMap(FeedDate.parse), content: content?.nonEmpty,
                    summary: item.summary?.nonEmpty, language: item.language)
            })
    }
}

extension MarkupNode {
    /// The text content with surrounding white space removed, or `nil` when that leaves nothing.
    var trimmedText: String? { text.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
