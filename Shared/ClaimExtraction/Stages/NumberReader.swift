/// Reads cardinal numbers from tokens: "1,000", "1 000", "1.2 thousand", "a thousand",
/// "one thousand two hundred", "seventy-five", "тисячу", in the number words of the sentence's language.
/// Vague plurals ("dozens", "hundreds") are no number.
struct NumberReader {
    let reading: SentenceReading

    /// The largest number read; anything larger is no head count.
    static let maximumCount = 1_000_000_000

    private var tokens: [Token] { reading.tokens }
    private var words: NumberWords { reading.language.pack.numbers }

    /// The number starting at `index`, and the index after it.
    func read(at index: Int) -> (value: Int, next: Int)? {
        let token = tokens[index]
        guard token.kind == .number else { return readWords(at: index) }
        let digits = token.lower.filter { $0 != "," && $0 != " " }
        guard let value = Double(digits) else { return nil }
        var next = index + 1
        var scaled = value
        if next < tokens.count, let scale = words.scales[tokens[next].lower], scale >= 1000 {
            scaled *= Double(scale)
            next += 1
        } else if digits.contains(".") {
            return nil  // a bare decimal is no head count
        }
        // Beyond any head count: no number (and no overflow converting it).
        guard scaled.isFinite, scaled < Double(Self.maximumCount) else { return nil }
        return (Int(scaled.rounded()), next)
    }

    private func readWords(at index: Int) -> (value: Int, next: Int)? {
        var total = 0
        var current = 0
        var i = index
        var consumed = false
        // "a thousand", "a hundred"
        if reading.has(.indefiniteArticle, at: i), i + 1 < tokens.count, words.scales[tokens[i + 1].lower] != nil {
            current = 1
            i += 1
        } else if words.singularScales.contains(tokens[i].lower) {
            // "тисячу полонених": a scale word alone counts one of itself
            current = 1
        }
        while i < tokens.count {
            let word = tokens[i].lower
            // A pack's numbers are data: every step saturates instead of overflowing.
            if let unit = words.units[word] {
                current = Self.sum(current, unit)
            } else if let ten = words.tens[word] {
                current = Self.sum(current, ten)
            } else if let scale = words.scales[word], current > 0 || consumed {
                if scale < 1000 {
                    current = Self.product(max(current, 1), scale)
                } else {
                    total = Self.sum(total, Self.product(max(current, 1), scale))
                    current = 0
                }
            } else if consumed, reading.has(.numberJoiner, at: i), i + 1 < tokens.count,
                words.units[tokens[i + 1].lower] != nil || words.tens[tokens[i + 1].lower] != nil
            {
                i += 1
                continue
            } else {
                break
            }
            consumed = true
            i += 1
            guard total <= Self.maximumCount, current <= Self.maximumCount, current >= 0, total >= 0 else { return nil }
        }
        guard consumed, total + current <= Self.maximumCount else { return nil }
        return (total + current, i)
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : value
    }

    private static func product(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }
}
