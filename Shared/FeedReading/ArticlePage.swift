import Foundation

/// A news article read from its web page: the story's own text, without the site's furniture
/// (navigation, bylines, share buttons, related links, cookie and paywall banners, comments), and
/// what the page says about it.
public struct ArticlePage: Hashable, Sendable {
    public var title: String?
    /// The story's paragraphs, separated by blank lines.
    public var text: String
    /// `yyyy-MM-ddTHH:mm:ssZ`, from `article:published_time`, JSON-LD `datePublished` or a
    /// `<time>` in the story, if the page says.
    public var published: String?
    /// `og:site_name`, or the publisher's name in JSON-LD.
    public var siteName: String?
    /// `<link rel="canonical">`, else `og:url`.
    public var canonicalURL: String?
    /// `<html lang>`.
    public var language: String?

    /// Reads a page. `charset` is the one the server declared, if any; otherwise the page's own
    /// `<meta>` declaration decides (windows-1251, KOI8-R and the rest that iconv knows).
    public static func read(_ data: Data, charset: String? = nil) -> ArticlePage? {
        guard let document = MarkupDocument.html(data, encoding: charset), let root = document.root else { return nil }
        let head = root.child("head")
        let body = root.child("body") ?? root
        let meta = PageMetadata(head: head, root: root)
        removeFurniture(below: body)
        guard let story = storyElement(in: body) else { return nil }
        removeLinkLists(below: story)
        let text = HTMLText.of(story)
        guard !text.isEmpty else { return nil }
        let time = story.descendants.first { $0.isElement("time") }?.attribute("datetime").flatMap(FeedDate.parse)
        return ArticlePage(
            title: meta.title ?? body.descendants.first { $0.isElement("h1") }.map(HTMLText.of)?.nonEmpty, text: text,
            published: meta.published ?? time, siteName: meta.siteName, canonicalURL: meta.canonicalURL, language: meta.language)
    }

    // MARK: Furniture

    /// Words in a `class` or `id` that mark page furniture rather than the story.
    static let furnitureWords: Set<String> = [
        "ad", "ads", "advert", "advertisement", "author", "banner", "breadcrumb", "breadcrumbs", "byline", "comment", "comments", "consent", "cookie",
        "cookies", "gdpr", "menu", "nav", "navbar", "navigation", "newsletter", "paywall", "popular", "promo", "recommended", "related", "share",
        "sharing", "sidebar", "signup", "social", "sponsored", "subscribe", "subscription", "tags", "toolbar", "widget", "mostread",
    ]
    /// Elements that are never the story.
    static let furnitureElements: Set<String> = ["nav", "header", "footer", "aside", "form", "figure", "dialog", "menu"]
    /// ARIA roles of furniture.
    static let furnitureRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search"]

    /// Removes furniture below `body`: elements that are furniture by what they are (`nav`,
    /// `aside`, ARIA roles) unless they hold the story's element, and elements that are furniture by
    /// name (`class`, `id`) unless they also hold most of the page's text (a wrapper with
    /// `class="has-cookie-banner"` must not take the story with it).
    static func removeFurniture(below body: MarkupNode) {
        let total = max(1, body.text.count)
        var doomed: [MarkupNode] = []
        func visit(_ node: MarkupNode) {
            for child in node.children {
                let furniture =
                    HTMLText.skipped.contains(child.name) || isFurnitureElement(child) && !holdsStoryElement(child)
                    || isFurnitureByName(child) && !holdsStoryElement(child) && child.text.count * 10 <= total * 6
                if furniture { doomed.append(child) } else { visit(child) }
            }
        }
        visit(body)
        for node in doomed { node.remove() }
    }

    static func isFurnitureElement(_ node: MarkupNode) -> Bool {
        if furnitureElements.contains(node.name) { return true }
        if let role = node.attribute("role")?.lowercased(), furnitureRoles.contains(role) { return true }
        return node.attribute("aria-hidden") == "true" || node.attribute("hidden") != nil
    }

    static func isFurnitureByName(_ node: MarkupNode) -> Bool {
        let names = [node.attribute("class"), node.attribute("id")].compactMap { $0?.lowercased() }.joined(separator: " ")
        let words = names.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return words.contains { furnitureWords.contains($0) } || names.contains("most-read") || names.contains("read-more")
    }

    static func holdsStoryElement(_ node: MarkupNode) -> Bool {
        let marks = { (node: MarkupNode) in node.isElement("article") || node.isElement("main") || node.attribute("itemprop") == "articleBody" }
        return marks(node) || node.descendants.contains(where: marks)
    }

    /// Removes lists and blocks that are mostly links (more stories, tags) from the story.
    static func removeLinkLists(below story: MarkupNode) {
        let doomed = story.descendants.filter { node in
            guard ["ul", "ol", "div", "p", "section", "table"].contains(node.name) else { return false }
            let length = node.text.trimmingCharacters(in: .whitespacesAndNewlines).count
            guard length > 0 else { return false }
            let linked = node.descendants.filter { $0.isElement("a") }.reduce(0) {
                $0 + $1.text.trimmingCharacters(in: .whitespacesAndNewlines).count
            }
            return linked * 2 > length
        }
        // Outermost first; a node inside one already removed goes with it.
        var removed: [MarkupNode] = []
        for node in doomed where !removed.contains(where: { $0.contains(node) }) {
            removed.append(node)
        }
        for node in removed { node.remove() }
    }

    // MARK: The story

    /// The element holding the story: the page's `articleBody`, else its `<article>` with the most
    /// paragraph text, else `<main>`, else the element whose paragraphs weigh most.
    static func storyElement(in body: MarkupNode) -> MarkupNode? {
        let elements = body.descendants
        if let marked = elements.first(where: { $0.attribute("itemprop") == "articleBody" }) { return marked }
        if let article = elements.filter({ $0.isElement("article") }).max(by: { paragraphWeight($0) < paragraphWeight($1) }),
            paragraphWeight(article) > 0
        {
            return article
        }
        if let main = elements.first(where: { $0.isElement("main") }), paragraphWeight(main) > 0 { return main }
        var scores: [MarkupNode: Double] = [:]
        for paragraph in elements where paragraph.isElement("p") {
            let text = paragraph.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count >= 25 else { continue }
            let score = 1 + Double(text.filter { $0 == "," }.count) + min(Double(text.count) / 100, 3)
            for (ancestor, share) in zip(paragraph.ancestors.prefix(2), [1.0, 0.5]) {
                scores[ancestor, default: 0] += score * share
            }
        }
        return scores.max { $0.value < $1.value }?.key ?? (elements.isEmpty ? nil : body)
    }

    /// How much paragraph text an element holds.
    static func paragraphWeight(_ node: MarkupNode) -> Int {
        node.descendants.filter { $0.isElement("p") }.reduce(0) { $0 + $1.text.count }
    }
}

/// What a page's `<head>` (and its JSON-LD) says about the article.
struct PageMetadata {
    var title, published, siteName, canonicalURL, language: String?

    init(head: MarkupNode?, root: MarkupNode) {
        var properties: [String: String] = [:]
        var jsonLD: [[String: Any]] = []
        for node in root.descendants {
            if node.isElement("meta"), let content = node.attribute("content")?.trimmingCharacters(in: .whitespacesAndNewlines), !content.isEmpty,
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?.lowercased()
            {
                properties[key] = properties[key] ?? content
            } else if node.isElement("link"), node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") {
                canonicalURL = canonicalURL ?? href.nonEmpty
            } else if node.isElement("script"), node.attribute("type")?.lowercased() == "application/ld+json" {
                jsonLD += Self.articles(inJSONLD: node.text)
            }
        }
        let article = jsonLD.first
        title = properties["og:title"] ?? article?["headline"] as? String ?? head?.child("title").map(HTMLText.of)?.nonEmpty
        published =
            [
                properties["article:published_time"], article?["datePublished"] as? String, properties["datepublished"], properties["date"],
                properties["pubdate"], properties["dc.date.issued"],
            ].lazy.compactMap { $0.flatMap(FeedDate.parse) }.first
        siteName = properties["og:site_name"] ?? (article?["publisher"] as? [String: Any])?["name"] as? String
        canonicalURL = canonicalURL ?? properties["og:url"]
        language = root.attribute("lang")?.nonEmpty ?? properties["og:locale"].map { $0.replacingOccurrences(of: "_", with: "-") }
    }

    /// The article objects of a JSON-LD block: a single object, an array, or a `@graph`.
    static func articles(inJSONLD text: String) -> [[String: Any]] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [] }
        var objects: [[String: Any]] = []
        func collect(_ value: Any) {
            if let array = value as? [Any] {
                array.forEach(collect)
            } else if let object = value as? [String: Any] {
                if let graph = object["@graph"] { collect(graph) }
                let types = (object["@type"] as? [String]) ?? [(object["@type"] as? String) ?? ""]
                if types.contains(where: { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }) { objects.append(object) }
            }
        }
        collect(value)
        return objects
    }
}
