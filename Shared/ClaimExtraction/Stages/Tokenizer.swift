/// Splits a sentence into tokens and looks each word up in the language pack.
///
/// Words are runs of letters, digits and marks in any script (apostrophes and dots inside a word
/// stay in it: "Kyiv's", "U.S", "п'ятниця"); "1,000" and "1 000" are one number, "58th" one word;
/// hyphens, dashes, quotes (« » too) and other punctuation are tokens of their own. Case is folded
/// with Unicode's lowercase mapping (ASCII without allocation), and the apostrophes ’ and ʼ are
/// folded to ', so a pack lists each word once.
struct Tokenizer {
    let text: ReportText
    let language: Language

    private var bytes: [UInt8] { text.bytes }

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
                    let separator = bytes[j]
                    if (separator == UInt8(ascii: ",") || (separator == 0x20 && j - i <= 3)) && isThousandsGroup(at: j, end: end) {
                        j += 4
                    } else if separator == UInt8(ascii: "."), j + 1 < end, isDigit(bytes[j + 1]) {
                        j += 1
                        while j < end, isDigit(bytes[j]) { j += 1 }
                        break
                    } else {
                        break
                    }
                }
                // Ordinals and units glued to the number ("58th"; "30-day" is split by the hyphen).
                if j < end, let length = letterLength(at: j, end: end) {
                    var k = j + length
                    while k < end, let more = letterLength(at: k, end: end) { k += more }
                    tokens.append(makeToken(.word, i, k))
                    i = k
                    continue
                }
                tokens.append(makeToken(.number, i, j))
                i = j
            } else if let length = letterLength(at: i, end: end) {
                var j = i + length
                while j < end {
                    if let more = wordCharacterLength(at: j, end: end) {
                        j += more
                    } else if let apostrophe = innerMarkLength(at: j, end: end), letterLength(at: j + apostrophe, end: end) != nil {
                        j += apostrophe  // "Kyiv's", "U.S", "Kyiv’s"
                    } else {
                        break
                    }
                }
                tokens.append(makeToken(.word, i, j))
                i = j
            } else if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                i += 1
            } else {
                let j = min(end, i + text.scalar(at: i).length)
                // No-break and other Unicode spaces separate like a space.
                if text.scalar(at: i).scalar.properties.isWhitespace {
                    i = j
                    continue
                }
                tokens.append(makeToken(.punctuation, i, j))
                i = j
            }
        }
        return tokens
    }

    /// The byte length of a letter (not a digit) at `i`, in any script.
    private func letterLength(at i: Int, end: Int) -> Int? {
        let b = bytes[i]
        if b < 0x80 { return isASCIILetter(b) ? 1 : nil }
        let (scalar, length) = text.scalar(at: i)
        guard i + length <= end, scalar.isLetter else { return nil }
        return length
    }

    /// The byte length of a letter, digit or mark at `i`.
    private func wordCharacterLength(at i: Int, end: Int) -> Int? {
        let b = bytes[i]
        if b < 0x80 { return isASCIILetter(b) || isDigit(b) ? 1 : nil }
        let (scalar, length) = text.scalar(at: i)
        guard i + length <= end, scalar.isWordCharacter else { return nil }
        return length
    }

    /// The length of an apostrophe or dot that may join two parts of a word: ', ’ (E2 80 99) or ".".
    private func innerMarkLength(at j: Int, end: Int) -> Int? {
        if bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: ".") { return j + 1 < end ? 1 : nil }
        if bytes[j] == 0xE2, j + 3 < end, bytes[j + 1] == 0x80, bytes[j + 2] == 0x99 { return 3 }
        return nil
    }

    /// A separator at `j` followed by exactly three digits.
    private func isThousandsGroup(at j: Int, end: Int) -> Bool {
        guard j + 3 < end else { return false }
        guard isDigit(bytes[j + 1]), isDigit(bytes[j + 2]), isDigit(bytes[j + 3]) else { return false }
        return j + 4 >= end || !isDigit(bytes[j + 4])
    }

    private func makeToken(_ kind: Token.Kind, _ start: Int, _ end: Int) -> Token {
        let lower: String
        let capitalized: Bool
        if !bytes[start..<end].contains(where: { $0 >= 0x80 }) {
            lower = String(unsafeUninitializedCapacity: end - start) { buffer in
                for k in 0..<(end - start) {
                    let b = bytes[start + k]
                    buffer[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                }
                return end - start
            }
            capitalized = bytes[start] >= 0x41 && bytes[start] <= 0x5A
        } else {
            let original = text.text(start, end)
            // One apostrophe for all the ways it is typed inside a word (Kyiv’s, п’ятниця, пʼятниця).
            lower = original.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "ʼ", with: "'")
            capitalized = original.unicodeScalars.first?.properties.isUppercase ?? false
        }
        return Token(kind: kind, start: start, end: end, lower: lower, capitalized: capitalized, info: language.info(lower))
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

@inline(__always) func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
