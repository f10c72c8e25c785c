/// Finds the sentences worth reading: prose (no furniture openers) that contains one of the
/// language's sentence needles. Runs over every sentence of every report, so it compares bytes.
struct RelevanceFilter {
    let text: ReportText
    let language: Language

    /// Prose sentences, each with whether it is worth tokenizing.
    func classify(_ sentences: [Sentence]) -> [(sentence: Sentence, relevant: Bool)] {
        sentences.compactMap { sentence in
            if text.startsWithAny(sentence, language.furnitureOpeners) { return nil }
            return (sentence, language.sentenceNeedles.occurs(in: text.bytes, sentence.start, sentence.end))
        }
    }
}

/// Needles looked for at word starts, all in one pass over the bytes: a table keyed by a needle's
/// first byte leaves, at most positions, nothing to compare. ASCII letters match in either case;
/// a needle in another script matches as written, capitalised or in capitals (the forms a word
/// takes at a word start).
struct NeedleSet: Sendable {
    private let needles: [[UInt8]]
    /// Indices into `needles` by first byte.
    private let byFirstByte: [[Int]]
    /// A bit per (first byte, second byte) pair that some needle starts with: most word starts
    /// are settled by one lookup.
    private let startPairs: [UInt64]

    init(_ words: [String]) {
        var forms: [String] = []
        for word in words where !word.isEmpty {
            // A word's apostrophe is typed three ways, as the tokenizer reads them ("ув’язнених").
            for spelling in ["'", "’", "ʼ"].map({ word.lowercased().replacingOccurrences(of: "'", with: $0) }) {
                forms.append(spelling)
                if spelling.utf8.contains(where: { $0 >= 0x80 }) {
                    forms.append(spelling.prefix(1).uppercased() + spelling.dropFirst())
                    forms.append(spelling.uppercased())
                }
            }
        }
        var unique: [[UInt8]] = []
        for form in forms where !unique.contains(Array(form.utf8)) { unique.append(Array(form.utf8)) }
        needles = unique
        var table = [[Int]](repeating: [], count: 256)
        for (index, needle) in needles.enumerated() { table[Int(needle[0])].append(index) }
        byFirstByte = table
        var pairs = [UInt64](repeating: 0, count: 65536 / 64)
        for needle in needles {
            let seconds: [UInt8] = needle.count > 1 ? [needle[1]] : Array(0...255)
            for second in seconds {
                let pair = Int(needle[0]) << 8 | Int(second)
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        startPairs = pairs
    }

    func occurs(in bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            for i in start..<end {
                let byte = b[i]
                // Needles start at a letter (ASCII) or at the lead byte of a character.
                guard isASCIILetter(byte) || byte >= 0xC0 else { continue }
                let first = Int(Self.folded(byte))
                let pair = first << 8 | Int(i + 1 < end ? Self.folded(b[i + 1]) : 0)
                guard startPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                let candidates = byFirstByte[first]
                guard !Self.letterEnds(before: i, in: b) else { continue }
                for index in candidates {
                    let needle = needles[index]
                    guard i + needle.count <= end else { continue }
                    var k = 1
                    while k < needle.count, Self.folded(b[i + k]) == needle[k] { k += 1 }
                    if k == needle.count { return true }
                }
            }
            return false
        }
    }

    /// Whether a letter ends right before `i` (so `i` is inside a word): an ASCII letter, or a
    /// character of another script that is a letter ("«" and "’" are not).
    private static func letterEnds(before i: Int, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i > 0 else { return false }
        let previous = b[i - 1]
        if previous < 0x80 { return isASCIILetter(previous) }
        var lead = i - 1
        while lead > 0, i - lead < 4, b[lead] & 0xC0 == 0x80 { lead -= 1 }
        var value = UInt32(b[lead]) & (i - lead == 2 ? 0x1F : i - lead == 3 ? 0x0F : 0x07)
        for k in (lead + 1)..<i { value = value << 6 | UInt32(b[k] & 0x3F) }
        return Unicode.Scalar(value)?.isLetter ?? false
    }

    /// ASCII capitals folded to lowercase; every other byte as it is.
    @inline(__always) private static func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

}
