/// A word, number or punctuation mark in a sentence, as byte offsets into the report's UTF-8.
struct Token {
    enum Kind { case word, number, punctuation }

    let kind: Kind
    let start: Int
    let end: Int
    /// Lowercased ASCII form (non-ASCII letters kept as they are).
    let lower: String
    /// Whether the first letter is uppercase.
    let capitalized: Bool
}

/// A sentence of the report: its byte range and, once needed, its tokens.
struct Sentence {
    let start: Int
    let end: Int
}

/// Byte-level scanning of the report text: sentence boundaries, furniture lines, tokens.
struct TextScanner {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    /// Month and title abbreviations after which a period does not end a sentence.
    private static let abbreviations: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "maj", "sgt", "capt", "rep", "sen", "gov",
        "vs", "etc", "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "jr", "sr", "inc", "corp", "co", "ltd",
    ]

    /// Sentences of prose lines; lines that look like page furniture are left out.
    func sentences() -> [Sentence] {
        var result: [Sentence] = []
        var lineStart = 0
        let count = bytes.count
        var index = 0
        while index <= count {
            if index == count || bytes[index] == 0x0A {
                if !isFurniture(lineStart, index) { splitLine(lineStart, index, into: &result) }
                lineStart = index + 1
            }
            index += 1
        }
        return result
    }

    /// Short lines without sentence punctuation ("Read more", "2 min read", a byline, a name),
    /// and lines of site chrome.
    private func isFurniture(_ start: Int, _ end: Int) -> Bool {
        var words = 0
        var inWord = false
        var lastNonSpace: UInt8 = 0
        for i in start..<end {
            let b = bytes[i]
            let isSpace = b == 0x20 || b == 0x09 || b == 0x0D
            if !isSpace { lastNonSpace = b }
            if isSpace { inWord = false } else if !inWord { inWord = true; words += 1 }
        }
        if words == 0 { return true }
        let endsLikeProse = lastNonSpace == UInt8(ascii: ".") || lastNonSpace == UInt8(ascii: "\"")
            || lastNonSpace == 0x9D /* ” */ || lastNonSpace == UInt8(ascii: "?") || lastNonSpace == UInt8(ascii: "!")
        return words < 6 && !endsLikeProse
    }

    private func splitLine(_ start: Int, _ end: Int, into result: inout [Sentence]) {
        var sentenceStart = datelineEnd(start, end) ?? start
        var i = sentenceStart
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                var j = i + 1
                // Closing quotes and brackets belong to the sentence.
                while j < end, isClosing(at: j) { j += closingLength(at: j) }
                if j >= end { break }
                if bytes[j] == 0x20, startsSentence(at: j + 1, end: end), !(b == UInt8(ascii: ".") && isAbbreviation(before: i, lineStart: start)) {
                    append(sentenceStart, j, into: &result)
                    sentenceStart = j + 1
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        append(sentenceStart, end, into: &result)
    }

    /// The end of a news dateline opening the line ("KYIV, May 16 -", "TEL AVIV (AP) —",
    /// "WASHINGTON, Sept. 3 (Wire) --"), which is neither part of the first sentence nor a date
    /// of the exchange: a place in capitals (three letters or more, nothing lowercase), then
    /// optionally a comma and a short place or date, optionally an agency in brackets, then a dash.
    private func datelineEnd(_ start: Int, _ end: Int) -> Int? {
        let limit = min(end, start + 64)
        var i = start
        var capitals = 0
        while i < limit, isUppercaseLetter(bytes[i]) || bytes[i] == 0x20 || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "'") {
            if isUppercaseLetter(bytes[i]) { capitals += 1 }
            i += 1
        }
        guard capitals >= 3, i < limit else { return nil }
        if bytes[i] == UInt8(ascii: ",") {
            // A place or date in ordinary case; no sentence ends inside a dateline.
            while i < limit, bytes[i] != UInt8(ascii: "("), !isDash(at: i), bytes[i] != UInt8(ascii: "!"), bytes[i] != UInt8(ascii: "?"),
                  bytes[i] != UInt8(ascii: "\""), bytes[i] != 0xE2 {
                i += 1
            }
        }
        if i < limit, bytes[i] == UInt8(ascii: "(") {
            while i < limit, bytes[i] != UInt8(ascii: ")") { i += 1 }
            i += 1
        }
        while i < limit, bytes[i] == 0x20 { i += 1 }
        guard i < limit, isDash(at: i) else { return nil }
        while i < limit, isDash(at: i) { i += bytes[i] == 0xE2 ? 3 : 1 }
        return i
    }

    private func isUppercaseLetter(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }

    /// "-", "–" (E2 80 93) or "—" (E2 80 94).
    private func isDash(at i: Int) -> Bool {
        bytes[i] == UInt8(ascii: "-")
            || (bytes[i] == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94))
    }

    private func append(_ start: Int, _ end: Int, into result: inout [Sentence]) {
        var s = start
        var e = end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 || bytes[s] == 0x0D { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0D { e -= 1 }
        if e > s { result.append(Sentence(start: s, end: e)) }
    }

    private func isClosing(at i: Int) -> Bool {
        let b = bytes[i]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: ")") || b == UInt8(ascii: "'") { return true }
        // ” (E2 80 9D) and ’ (E2 80 99)
        return b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x9D || bytes[i + 2] == 0x99)
    }

    private func closingLength(at i: Int) -> Int { bytes[i] == 0xE2 ? 3 : 1 }

    private func startsSentence(at i: Int, end: Int) -> Bool {
        guard i < end else { return false }
        let b = bytes[i]
        if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { return true }
        if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return true }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "(") { return true }
        if b == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x9C || bytes[i + 2] == 0x98) { return true }
        return b >= 0xC0  // a capital outside ASCII: accept
    }

    private func isAbbreviation(before dot: Int, lineStart: Int) -> Bool {
        var s = dot
        while s > lineStart, bytes[s - 1] != 0x20, bytes[s - 1] != 0x28 { s -= 1 }
        let word = String(decoding: bytes[s..<dot], as: UTF8.self).lowercased()
        if word.count == 1, let c = word.unicodeScalars.first, c.properties.isAlphabetic { return true }  // an initial
        return Self.abbreviations.contains(word)
    }

    /// Tokens of one sentence. Apostrophes and dots inside words stay in the word; "1,000" and
    /// "1 000" are one number; hyphens and dashes are punctuation.
    func tokens(of sentence: Sentence) -> [Token] {
        var tokens: [Token] = []
        var i = sentence.start
        let end = sentence.end
        while i < end {
            let b = bytes[i]
            if isDigit(b) {
                var j = i
                while j < end, isDigit(bytes[j]) { j += 1 }
                // Thousands groups (",000", or " 000" after at most three digits), or a decimal part.
                while j < end {
                    let sep = bytes[j]
                    if (sep == UInt8(ascii: ",") || (sep == 0x20 && j - i <= 3)) && isThousandsGroup(at: j, end: end) {
                        j += 4
                    } else if sep == UInt8(ascii: "."), j + 1 < end, isDigit(bytes[j + 1]) {
                        j += 1
                        while j < end, isDigit(bytes[j]) { j += 1 }
                        break
                    } else {
                        break
                    }
                }
                // Ordinals and units glued to the number ("58th", "30-day" is split by the hyphen).
                if j < end, isLetter(bytes[j]) {
                    var k = j
                    while k < end, isLetter(bytes[k]) { k += 1 }
                    tokens.append(makeToken(.word, i, k))
                    i = k
                    continue
                }
                tokens.append(makeToken(.number, i, j))
                i = j
            } else if isLetter(b) || (b >= 0xC0 && !isTypographicPunctuation(at: i)) {
                var j = i
                while j < end {
                    let c = bytes[j]
                    if isLetter(c) || isDigit(c) || c >= 0x80 && !isTypographicPunctuation(at: j) {
                        j += 1
                    } else if (c == UInt8(ascii: "'") || c == UInt8(ascii: ".")) && j + 1 < end && isLetter(bytes[j + 1]) {
                        j += 1
                    } else if c == 0xE2 && j + 3 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 && isLetter(bytes[j + 3]) {
                        j += 3  // ’ inside a word
                    } else {
                        break
                    }
                }
                tokens.append(makeToken(.word, i, j))
                i = j
            } else if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                i += 1
            } else {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                let j = min(end, i + length)
                tokens.append(makeToken(.punctuation, i, j))
                i = j
            }
        }
        return tokens
    }

    /// A separator at `j` followed by exactly three digits.
    private func isThousandsGroup(at j: Int, end: Int) -> Bool {
        guard j + 3 < end else { return false }
        guard isDigit(bytes[j + 1]), isDigit(bytes[j + 2]), isDigit(bytes[j + 3]) else { return false }
        return j + 4 >= end || !isDigit(bytes[j + 4])
    }

    private func isTypographicPunctuation(at i: Int) -> Bool {
        // General Punctuation block E2 80 xx: dashes, quotes, ellipsis.
        bytes[i] == 0xE2 && i + 1 < bytes.count && bytes[i + 1] == 0x80
    }

    private func makeToken(_ kind: Token.Kind, _ start: Int, _ end: Int) -> Token {
        let raw = bytes[start..<end]
        let first = raw.first ?? 0
        let lower = String(decoding: raw.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        var kind = kind
        if kind == .punctuation, lower == "–" || lower == "—" || lower == "−" { kind = .punctuation }
        return Token(kind: kind, start: start, end: end, lower: lower, capitalized: first >= 0x41 && first <= 0x5A)
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) private func isLetter(_ b: UInt8) -> Bool { isASCIILetter(b) }

    /// The text of a byte range.
    func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    /// Unicode scalar offset of a byte offset (counts non-continuation bytes before it).
    func scalarOffset(_ byteOffset: Int) -> Int {
        var count = 0
        for i in 0..<byteOffset where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether any of `needles` starts a word between `start` and `end` (ASCII case ignored).
    func containsAny(_ start: Int, _ end: Int, _ needles: NeedleSet) -> Bool {
        needles.occurs(in: bytes, start, end)
    }

    /// Whether the sentence opens with one of the (lowercase ASCII) prefixes, ignoring ASCII case.
    func startsWithAny(_ sentence: Sentence, _ prefixes: [String]) -> Bool {
        prefixes.contains { prefix in
            let utf8 = prefix.utf8
            guard sentence.end - sentence.start >= utf8.count else { return false }
            return zip(bytes[sentence.start...], utf8).allSatisfy { byte, expected in
                (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected
            }
        }
    }
}

/// Lowercase byte needles looked for at word starts, all in one pass over the bytes: a table
/// keyed by a needle's first byte leaves, at most positions, nothing to compare.
struct NeedleSet: Sendable {
    private let needles: [[UInt8]]
    /// Indices into `needles` by first byte.
    private let byFirstByte: [[Int]]

    init(_ words: [String]) {
        needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        var table = [[Int]](repeating: [], count: 256)
        for (index, needle) in needles.enumerated() { table[Int(needle[0])].append(index) }
        byFirstByte = table
    }

    func occurs(in bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var previousIsLetter = start > 0 && Self.isWordByte(b[start - 1])
            for i in start..<end {
                let byte = b[i]
                let isLetter = Self.isWordByte(byte)
                defer { previousIsLetter = isLetter }
                guard isLetter, !previousIsLetter else { continue }
                for index in byFirstByte[Int(byte | 0x20)] {
                    let needle = needles[index]
                    guard i + needle.count <= end else { continue }
                    var k = 1
                    while k < needle.count, b[i + k] | (needle[k] >= 0x61 ? 0x20 : 0) == needle[k] { k += 1 }
                    if k == needle.count { return true }
                }
            }
            return false
        }
    }

    /// ASCII letters and any byte of a multi-byte character: a needle never starts inside a word.
    private static func isWordByte(_ byte: UInt8) -> Bool { isASCIILetter(byte) || byte >= 0x80 }
}

@inline(__always) private func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
