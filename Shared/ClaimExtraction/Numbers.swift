/// Reads cardinal numbers from tokens: "1,000", "1 000", "1.2 thousand", "a thousand",
/// "one thousand two hundred", "seventy-five". Vague plurals ("dozens", "hundreds") are no number.
enum NumberReader {
    private static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    private static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000]
    /// The largest number read; anything larger is no head count.
    static let maximumCount = 1_000_000_000

    /// The number starting at `index`, and the index after it.
    static func read(_ tokens: [Token], at index: Int) -> (value: Int, next: Int)? {
        let token = tokens[index]
        if token.kind == .number {
            let digits = token.lower.filter { $0 != "," && $0 != " " }
            guard let value = Double(digits) else { return nil }
            var next = index + 1
            var scaled = value
            if next < tokens.count, let scale = scales[tokens[next].lower], scale >= 1000 {
                scaled *= Double(scale)
                next += 1
            } else if digits.contains(".") {
                return nil  // a bare decimal is no head count
            }
            // Beyond any head count: no number (and no overflow converting it).
            guard scaled.isFinite, scaled < Double(maximumCount) else { return nil }
            return (Int(scaled.rounded()), next)
        }
        return readWords(tokens, at: index)
    }

    private static func readWords(_ tokens: [Token], at index: Int) -> (value: Int, next: Int)? {
        var total = 0
        var current = 0
        var i = index
        var consumed = false
        // "a thousand", "a hundred"
        if tokens[i].lower == "a" || tokens[i].lower == "an", i + 1 < tokens.count, let scale = scales[tokens[i + 1].lower] {
            current = 1
            i += 1
            _ = scale
        }
        while i < tokens.count {
            let word = tokens[i].lower
            if let unit = units[word] {
                current += unit
            } else if let ten = tens[word] {
                current += ten
            } else if let scale = scales[word], current > 0 || consumed {
                if scale == 100 {
                    current = max(current, 1) * 100
                } else {
                    total += max(current, 1) * scale
                    current = 0
                }
            } else if consumed, word == "-" || word == "and", i + 1 < tokens.count,
                      units[tokens[i + 1].lower] != nil || tens[tokens[i + 1].lower] != nil {
                i += 1
                continue
            } else {
                break
            }
            consumed = true
            i += 1
            guard total <= maximumCount, current <= maximumCount else { return nil }
        }
        guard consumed else { return nil }
        return (total + current, i)
    }
}
