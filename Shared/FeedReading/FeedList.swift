import Foundation

/// The feeds to follow: a text file with one URL per line (`#` starts a comment), or an OPML file
/// as feed readers export it (every `outline` with an `xmlUrl`, folders included).
public struct FeedList: Hashable, Sendable {
    /// The feeds, each once, in the file's order.
    public var feeds: [FeedSource]
    /// Lines or outlines that were not feed addresses, with why.
    public var skipped: [String]

    public init(feeds: [FeedSource], skipped: [String] = []) { (self.feeds, self.skipped) = (feeds, skipped) }

    /// Reads a feed list from its text (OPML when it is XML with an `<opml>` root).
    public static func parse(_ data: Data) throws -> FeedList {
        let text = String(decoding: data, as: UTF8.self)
        if text.drop(while: \.isWhitespace).hasPrefix("<") {
            let root = try MarkupDocument.xml(data).root
            guard let root, root.name == "opml" else { throw FeedError("an XML feed list must be OPML (its root is <\(root?.name ?? "")>)") }
            return FeedList(opml: root)
        }
        var list = FeedList(feeds: [])
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let entry = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty, !entry.hasPrefix("#") else { continue }
            // An address, optionally followed by a poll interval in seconds: `URL every=600`.
            let fields = entry.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let source = FeedSource(address: fields[0], interval: fields.dropFirst().lazy.compactMap(FeedSource.interval(from:)).first) else {
                list.skipped.append("line \(number + 1): not an http(s) address: \(entry)")
                continue
            }
            list.add(source)
        }
        return list
    }

    init(opml root: MarkupNode) {
        self.init(feeds: [])
        for outline in root.descendants where outline.isElement("outline") {
            guard let address = outline.attribute("xmlUrl") else { continue }
            guard let source = FeedSource(address: address, title: outline.attribute("title") ?? outline.attribute("text")) else {
                skipped.append("outline \(outline.attribute("text") ?? "?"): not an http(s) address: \(address)")
                continue
            }
            add(source)
        }
    }

    mutating func add(_ source: FeedSource) {
        if !feeds.contains(where: { $0.url == source.url }) { feeds.append(source) }
    }
}

/// One feed to poll.
public struct FeedSource: Hashable, Sendable {
    public var url: URL
    /// The title the list gives it, if any.
    public var title: String?
    /// This feed's own poll interval, overriding the service's.
    public var interval: Duration?

    public init?(address: String, title: String? = nil, interval: Duration? = nil) {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            return nil
        }
        (self.url, self.title, self.interval) = (url, title, interval)
    }

    /// `every=SECONDS`.
    static func interval(from field: String) -> Duration? {
        guard field.hasPrefix("every="), let seconds = Int(field.dropFirst(6)), seconds > 0 else { return nil }
        return .seconds(seconds)
    }
}
