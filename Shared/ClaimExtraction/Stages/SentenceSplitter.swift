/// Splits the report into sentences of prose; lines that look like page furniture are left out.
struct SentenceSplitter {
    let text: ReportText
    let language: Language

    private var bytes: [UInt8] { text.bytes }

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
            if isSpace {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
            }
        }
        if words == 0 { return true }
        let endsLikeProse =
            lastNonSpace == UInt8(ascii: ".") || lastNonSpace == UInt8(ascii: "\"")
            || lastNonSpace == 0x9D || lastNonSpace == 0xBB || lastNonSpace == UInt8(ascii: "?")  // 0x9D: the last byte of ”, 0xBB of »
            || lastNonSpace == UInt8(ascii: "!")
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
                while j < end, let length = closingLength(at: j) { j += length }
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
                bytes[i] != UInt8(ascii: "\""), bytes[i] != 0xE2
            {
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

    /// The length of a closing quote or bracket at `i`: `"`, `)`, `'`, ” (E2 80 9D), ’ (E2 80 99), » (C2 BB).
    private func closingLength(at i: Int) -> Int? {
        let b = bytes[i]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: ")") || b == UInt8(ascii: "'") { return 1 }
        if b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x9D || bytes[i + 2] == 0x99) { return 3 }
        if b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xBB { return 2 }
        return nil
    }

    /// A capital, a digit, an opening quote or bracket: what a sentence starts with in any script.
    private func startsSentence(at i: Int, end: Int) -> Bool {
        guard i < end else { return false }
        let (scalar, _) = text.scalar(at: i)
        if scalar.properties.isUppercase || ("0"..."9").contains(scalar) { return true }
        return ["\"", "'", "(", "“", "‘", "«", "„"].contains(scalar)
    }

    private func isAbbreviation(before dot: Int, lineStart: Int) -> Bool {
        var s = dot
        while s > lineStart, bytes[s - 1] != 0x20, bytes[s - 1] != 0x28 { s -= 1 }
        let word = text.text(s, dot).lowercased()
        if word.count == 1, let c = word.unicodeScalars.first, c.properties.isAlphabetic { return true }  // an initial
        return language.abbreviations.contains(word)
    }
}
