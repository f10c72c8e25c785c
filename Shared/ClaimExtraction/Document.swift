/// A word, number or punctuation mark in a sentence, as byte offsets into the report's UTF-8.
struct Token {
    enum Kind { case word, number, punctuation }

    let kind: Kind
    let start: Int
    let end: Int
    /// The token case-folded (Unicode lowercase).
    let lower: String
    /// Whether the first letter is uppercase.
    let capitalized: Bool
    /// What the language pack says about the word.
    let info: WordInfo
}

/// A sentence of the report: its byte range.
struct Sentence {
    let start: Int
    let end: Int
}

/// The report's text as UTF-8 bytes, which every stage reads by offset.
struct ReportText {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The text of a byte range.
    func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    /// The Unicode scalar starting at byte `i` and its length in bytes (the bytes come from a
    /// String, so they are valid UTF-8; a truncated sequence reads as U+FFFD).
    func scalar(at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let b = bytes[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard i + length <= bytes.count else { return ("\u{FFFD}", bytes.count - i) }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Whether the sentence opens with one of the (case-folded) prefixes: ASCII compared byte by
    /// byte with ASCII case ignored, anything else through Unicode lowercasing.
    func startsWithAny(_ sentence: Sentence, _ prefixes: [[UInt8]]) -> Bool {
        guard sentence.end > sentence.start else { return false }
        var opening: [UInt8]?
        for prefix in prefixes {
            if prefix.allSatisfy({ $0 < 0x80 }) {
                guard sentence.end - sentence.start >= prefix.count else { continue }
                var k = 0
                while k < prefix.count {
                    let b = bytes[sentence.start + k]
                    guard (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == prefix[k] else { break }
                    k += 1
                }
                if k == prefix.count { return true }
            } else {
                if opening == nil { opening = Array(text(sentence.start, min(sentence.end, sentence.start + 256)).lowercased().utf8) }
                if opening!.starts(with: prefix) { return true }
            }
        }
        return false
    }
}

extension Unicode.Scalar {
    /// Letters and combining marks, in any script.
    var isLetter: Bool {
        if isASCII { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// Letters, digits and combining marks: what words are made of, in any script.
    var isWordCharacter: Bool {
        if isASCII { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A || value >= 0x30 && value <= 0x39 }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
