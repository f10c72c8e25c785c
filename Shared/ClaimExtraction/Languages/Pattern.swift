/// A test one token must pass.
enum TokenTest: Sendable {
    /// One of these vocabulary words (a few: a linear scan beats hashing).
    case words([Int32])
    /// A word that begins with one of these stems (`обмін*`: обмін, обміну, обміном …), as UTF-8.
    case stems([[UInt8]])
    case role(WordRole)
    case number
    case month
    case weekday
    /// A word naming the exchange in its context (see ``Construction/eventPhrase``).
    case event
    /// A verb in the past tense by its ending (``LanguagePack/pastTenseEndings``), not in a name.
    case past
    case any
    case anyOf([TokenTest])
    case all([TokenTest])
}

/// A ``Pattern`` parsed into token tests.
struct CompiledPattern: Sendable {
    struct Item: Sendable {
        var test: TokenTest
        var optional = false
        var negated = false
        /// `**`: any number of tokens.
        var isRun = false
    }

    let items: [Item]
    /// The item at the token the pattern is about (`^`); the items before it have fixed width.
    let anchor: Int
    /// The most tokens a match spans (runs count as `runLimit`).
    let maxLength: Int
    /// The vocabulary words the last item accepts (for event phrases, whose last word is the head).
    let lastWords: [Int32]
    /// Whether the anchor only passes words the pack names (a word or role test): an unknown
    /// word cannot anchor the pattern.
    let anchorNeedsKnownWord: Bool

    /// The most tokens `**` spans.
    static let runLimit = 40

    init(_ pattern: Pattern, intern: (String) -> Int32) {
        var items: [Item] = []
        var anchor = 0
        for (index, raw) in pattern.enumerated() {
            var text = Substring(raw)
            if text.hasPrefix("^") {
                anchor = index
                text = text.dropFirst()
            }
            if text == "**" {
                items.append(Item(test: .any, isRun: true))
                continue
            }
            var item = Item(test: .any)
            if text.hasPrefix("!") {
                item.negated = true
                text = text.dropFirst()
            }
            if text.count > 1, text.hasSuffix("?") {
                item.optional = true
                text = text.dropLast()
            }
            let conjuncts = text.split(separator: "&").map { part -> TokenTest in
                var words: [Int32] = []
                var stems: [[UInt8]] = []
                var others: [TokenTest] = []
                for alternative in part.split(separator: "|") {
                    switch alternative {
                    case "<number>": others.append(.number)
                    case "<month>": others.append(.month)
                    case "<weekday>": others.append(.weekday)
                    case "<event>": others.append(.event)
                    case "<past>": others.append(.past)
                    case "*": others.append(.any)
                    default:
                        if alternative.hasPrefix("@"), let role = WordRole(rawValue: String(alternative.dropFirst())) {
                            others.append(.role(role))
                        } else if alternative.count > 1, alternative.hasSuffix("*") {
                            stems.append(Array(alternative.dropLast().lowercased().utf8))
                        } else {
                            words.append(intern(alternative.lowercased()))
                        }
                    }
                }
                if !stems.isEmpty { others.insert(.stems(stems), at: 0) }
                if !words.isEmpty { others.insert(.words(words), at: 0) }
                return others.count == 1 ? others[0] : .anyOf(others)
            }
            item.test = conjuncts.count == 1 ? conjuncts[0] : .all(conjuncts)
            items.append(item)
        }
        self.items = items
        self.anchor = anchor
        maxLength = items.reduce(0) { $0 + ($1.isRun ? Self.runLimit : 1) }
        if let last = items.last, case .words(let words) = last.test { lastWords = words } else { lastWords = [] }
        let anchorItem = items.isEmpty ? nil : items[anchor]
        anchorNeedsKnownWord = anchorItem.map { !$0.optional && !$0.negated && !$0.isRun && Self.needsKnownWord($0.test) } ?? false
    }
}

extension CompiledPattern {
    /// Whether only a word of the vocabulary (or with a role) can pass the test.
    static func needsKnownWord(_ test: TokenTest) -> Bool {
        switch test {
        case .words, .role: return true
        case .stems, .number, .month, .weekday, .event, .past, .any: return false
        case .anyOf(let tests): return tests.allSatisfy(needsKnownWord)
        case .all(let tests): return tests.contains(where: needsKnownWord)
        }
    }
}

/// What a pattern is matched against: the tokens of one sentence.
protocol TokenSequence {
    var count: Int { get }
    func info(at index: Int) -> WordInfo
    func isNumber(at index: Int) -> Bool
    func isMonth(at index: Int) -> Bool
    func isWeekday(at index: Int) -> Bool
    func isEventWord(_ index: Int) -> Bool
    func isPastVerb(at index: Int) -> Bool
    /// The token's text, lowercased.
    func word(_ index: Int) -> String
}

extension TokenSequence {
    /// A word the pack names: in its vocabulary, or playing a role through a stem.
    func isKnownWord(at index: Int) -> Bool {
        let info = info(at: index)
        return info.id >= 0 || !info.roles.isEmpty
    }

    func passes(_ test: TokenTest, at index: Int) -> Bool {
        switch test {
        case .words(let words): return words.contains(info(at: index).id)
        case .role(let role): return info(at: index).roles.contains(role)
        case .stems(let stems):
            let word = word(index).utf8
            return stems.contains { word.count > $0.count && word.starts(with: $0) }
        case .number: return isNumber(at: index)
        case .month: return isMonth(at: index)
        case .weekday: return isWeekday(at: index)
        case .event: return isEventWord(index)
        case .past: return isPastVerb(at: index)
        case .any: return true
        case .anyOf(let tests): return tests.contains { passes($0, at: index) }
        case .all(let tests): return tests.allSatisfy { passes($0, at: index) }
        }
    }

    /// The match of `pattern` with its anchor at `anchor`: the range of its positive tokens.
    /// Positive tests must fall within `limit`; a negated test passes beyond the sentence's ends.
    func match(_ pattern: CompiledPattern, anchoredAt anchor: Int, limit: Range<Int>? = nil) -> Range<Int>? {
        guard !pattern.items.isEmpty else { return nil }
        let start = anchor - pattern.anchor
        // Cheap rejection: the anchor's own test first.
        if pattern.anchorNeedsKnownWord, (0..<count).contains(anchor), !isKnownWord(at: anchor) { return nil }
        let anchorItem = pattern.items[pattern.anchor]
        if !anchorItem.optional, !anchorItem.isRun {
            let inside = (0..<count).contains(anchor)
            if anchorItem.negated ? inside && passes(anchorItem.test, at: anchor) : !inside || !passes(anchorItem.test, at: anchor) {
                return nil
            }
        }
        return match(pattern, from: start, limit: limit ?? 0..<count, end: nil)
    }

    /// The match of `pattern` that ends right before `end`: the range of its positive tokens.
    func match(_ pattern: CompiledPattern, endingBefore end: Int, limit: Range<Int>? = nil) -> Range<Int>? {
        let limit = limit ?? 0..<count
        let earliest = max(limit.lowerBound - pattern.items.count, end - pattern.maxLength)
        var start = end - 1
        while start >= earliest {
            if let range = match(pattern, from: start, limit: limit, end: end) { return range }
            start -= 1
        }
        return nil
    }

    /// The match of `pattern` starting at `start` (its first item there).
    func match(_ pattern: CompiledPattern, startingAt start: Int, limit: Range<Int>? = nil) -> Range<Int>? {
        match(pattern, from: start, limit: limit ?? 0..<count, end: nil)
    }

    private func match(_ pattern: CompiledPattern, from start: Int, limit: Range<Int>, end: Int?) -> Range<Int>? {
        // Cheap rejection: a first item that must pass at the start.
        if let first = pattern.items.first, !first.optional, !first.negated, !first.isRun,
            !limit.contains(start) || !passes(first.test, at: start)
        {
            return nil
        }
        return step(pattern, 0, start, limit: limit, end: end, taken: nil)
    }

    /// Matches items from `item` on at `position`; `taken` is the range of positive tokens so far.
    private func step(_ pattern: CompiledPattern, _ item: Int, _ position: Int, limit: Range<Int>, end: Int?, taken: Range<Int>?) -> Range<Int>? {
        if item == pattern.items.count {
            guard end == nil || position == end else { return nil }
            return taken ?? position..<position
        }
        let current = pattern.items[item]
        if current.isRun {
            var p = position
            while p <= limit.upperBound, p - position <= CompiledPattern.runLimit {
                if let range = step(pattern, item + 1, p, limit: limit, end: end, taken: taken) { return range }
                p += 1
            }
            return nil
        }
        if current.negated {
            guard !(0..<count).contains(position) || !passes(current.test, at: position) else { return nil }
            return step(pattern, item + 1, position + 1, limit: limit, end: end, taken: taken)
        }
        if limit.contains(position), passes(current.test, at: position),
            let range = step(pattern, item + 1, position + 1, limit: limit, end: end, taken: (taken?.lowerBound ?? position)..<(position + 1))
        {
            return range
        }
        return current.optional ? step(pattern, item + 1, position, limit: limit, end: end, taken: taken) : nil
    }
}
