/// Writes XML (the timeline's SVG, Atom feeds) with every attribute value and text escaped.
struct XMLWriter {
    private(set) var text = ""
    private var stack: [String] = []

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        text += "<\(name)" + attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined() + ">"
        stack.append(name)
    }

    mutating func close() {
        if let name = stack.popLast() { text += "</\(name)>" }
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], text content: String? = nil) {
        open(name, attributes)
        if let content { text += Self.escape(content) }
        close()
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Characters XML 1.0 does not allow (C0 controls but tab and newlines).
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
