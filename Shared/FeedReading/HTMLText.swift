import Foundation

/// The readable text of HTML: one paragraph per block element, white space collapsed as a browser
/// renders it, scripts, styles and embedded objects left out.
public enum HTMLText {
    /// The text of an HTML fragment (an item's `description`, an entry's HTML content).
    public static func of(fragment html: String) -> String {
        guard let document = MarkupDocument.html(Data(html.utf8), encoding: "UTF-8"), let root = document.root else { return "" }
        return of(root)
    }

    /// The text of `node` and everything below it.
    public static func of(_ node: MarkupNode) -> String {
        paragraphs(of: node).joined(separator: "\n\n")
    }

    /// The paragraphs of `node`, in order.
    public static func paragraphs(of node: MarkupNode) -> [String] {
        var builder = ParagraphBuilder()
        builder.add(node)
        builder.flush()
        return builder.paragraphs
    }

    /// Elements that start and end a paragraph of their own.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "body", "html",
    ]
    /// Elements whose content is never text to read.
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "svg", "math", "head", "object", "embed", "canvas", "video", "audio", "select",
        "button", "input", "textarea", "img", "picture", "source",
    ]

    private struct ParagraphBuilder {
        var paragraphs: [String] = []
        var current = ""

        mutating func add(_ node: MarkupNode) {
            if node.isText {
                current += node.text
                return
            }
            guard node.isElement, !HTMLText.skipped.contains(node.name) else { return }
            let block = HTMLText.blocks.contains(node.name)
            if block { flush() }
            for child in node.childNodes { add(child) }
            if block { flush() }
        }

        mutating func flush() {
            let text = current.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
    }
}
