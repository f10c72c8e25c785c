import SwapWatchMessages

/// A clause of a sentence: a token range between clause breaks.
struct Clause {
    let first: Int
    let end: Int

    var range: Range<Int> { first..<end }
}

/// One tokenized sentence as the stages read it: its clauses, the roles of its words, and the
/// constructions of its language.
struct SentenceReading: TokenSequence {
    let tokens: [Token]
    private(set) var clauses: [Clause] = []
    let language: Language
    /// Per token, whether it names the exchange in its context (read once: every stage asks).
    private var events: [Bool] = []
    /// The constructions that may match somewhere in the sentence (bits by ``Construction/index``).
    private var possible: UInt64 = 0
    /// Per token, what it says about time (once ``readTime()`` ran).
    private(set) var cues: [Tense?] = []
    /// Per clause, a tense that holds for the whole clause (background, readiness, under way).
    private(set) var clauseTenses: [Tense?] = []

    init(tokens: [Token], language: Language) {
        self.tokens = tokens
        self.language = language
        possible = language.possibleConstructions(in: tokens)
        clauses = split()
        events = tokens.indices.map { namesEvent(at: $0) }
    }

    /// Reads what each token and clause says about time; before asking for a ``tense(at:)``.
    /// (Most sentences read are dropped before that: a report without a pair of parties, say.)
    mutating func readTime() {
        cues = tokens.indices.map { readCue(at: $0) }
        clauseTenses = clauses.map { readClauseTense($0) }
    }

    /// Clause breaks: clause-ending punctuation, a comma before a clause joiner ("…, when",
    /// "…, and"), a joiner before a complementizer ("… and that …") or going on about the same
    /// subject ("… and is now expected in December").
    private func split() -> [Clause] {
        var clauses: [Clause] = []
        var start = 0
        for (i, token) in tokens.enumerated() {
            let next = i + 1 < tokens.count ? tokens[i + 1].info.roles : RoleSet()
            var isBreak = token.info.roles.contains(.clauseBreak)
            if token.lower == ",", next.contains(.clauseJoiner) { isBreak = true }
            if token.info.roles.contains(.clauseJoiner), next.contains(.complementizer) || matches(.continuation, at: i) {
                isBreak = i > start && tokens[i - 1].lower != ","
            }
            if isBreak {
                if i > start { clauses.append(Clause(first: start, end: i)) }
                start = token.lower == "," || token.info.roles.contains(.clauseBreak) ? i + 1 : i
            }
        }
        if tokens.count > start { clauses.append(Clause(first: start, end: tokens.count)) }
        return clauses
    }

    func clause(containing index: Int) -> Clause {
        clauses.first { index >= $0.first && index < $0.end } ?? Clause(first: 0, end: tokens.count)
    }

    /// The case-folded word at `i`, or "" outside the sentence.
    func word(_ i: Int) -> String { i >= 0 && i < tokens.count ? tokens[i].lower : "" }

    /// The party the word at `i` names (nil outside the sentence).
    func party(at i: Int) -> String? { i >= 0 && i < tokens.count ? language.party(of: tokens[i].info) : nil }

    /// The party whose people the word at `i` names, a demonym ("Ukrainian"; nil outside the sentence).
    func demonym(at i: Int) -> String? { i >= 0 && i < tokens.count ? language.demonym(of: tokens[i].info) : nil }

    /// Whether the token at `i` plays `role` (false outside the sentence).
    func has(_ role: WordRole, at i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].info.roles.contains(role) }

    /// Whether the token at `i` is inside a name: capitalised after a capitalised word ("the
    /// United States", "Prisoner Exchange Commission"), so none of its verbs or nouns.
    func isInsideName(_ i: Int) -> Bool {
        i > 0 && i < tokens.count && tokens[i].capitalized && tokens[i - 1].capitalized && tokens[i - 1].kind == .word
    }

    /// A verb in the past tense by its ending ("agreed"), not a word of a name.
    func isPastVerb(at i: Int) -> Bool {
        guard i >= 0, i < tokens.count, tokens[i].kind == .word, !isInsideName(i) else { return false }
        let word = tokens[i].lower
        return language.pack.pastTenseEndings.contains { word.count > $0.count + 2 && word.hasSuffix($0) }
    }

    /// A verb of saying, not a word of a name ("the United States").
    func isSpeechVerb(at i: Int) -> Bool { has(.speechVerb, at: i) && !isInsideName(i) }

    // MARK: TokenSequence

    var count: Int { tokens.count }

    func info(at index: Int) -> WordInfo { tokens[index].info }

    /// A number in digits, or a number word of the language ("four").
    func isNumber(at index: Int) -> Bool {
        let token = tokens[index]
        let numbers = language.pack.numbers
        return token.kind == .number || numbers.units[token.lower] != nil || numbers.tens[token.lower] != nil
    }

    /// How many days the sentence says the exchange lasts ("a four-day truce", "over four days").
    func durationInDays() -> Int? {
        guard possible & Construction.duration.bit != 0 else { return nil }
        let patterns = language.patterns(.duration)
        // Every duration has its number within its first few words: start only near a number.
        let numbers = tokens.indices.filter { isNumber(at: $0) }
        guard !numbers.isEmpty else { return nil }
        let starts = Set(numbers.flatMap { max(0, $0 - 3)...$0 }).sorted()
        for start in starts {
            for pattern in patterns {
                guard let range = match(pattern, startingAt: start), range.lowerBound == start,
                    let number = range.first(where: { isNumber(at: $0) }),
                    let (days, _) = NumberReader(reading: self).read(at: number), (2...14).contains(days)
                else { continue }
                return days
            }
        }
        return nil
    }

    /// A month name; those that are months only when capitalised ("May") must be.
    func isMonth(at index: Int) -> Bool {
        guard index >= 0, index < tokens.count, language.pack.months[tokens[index].lower] != nil else { return false }
        return tokens[index].capitalized || !language.monthsOnlyCapitalized.contains(tokens[index].lower)
    }

    func isWeekday(at index: Int) -> Bool { language.pack.weekdays[tokens[index].lower] != nil }

    /// Whether the token at `i` names the exchange event ("swap", "released", "go free", …).
    func isEventWord(_ i: Int) -> Bool { i >= 0 && i < events.count && events[i] }

    private func namesEvent(at i: Int) -> Bool {
        let token = tokens[i]
        if language.eventPhraseHeads.contains(token.info.id) {
            return language.patterns(.eventPhrase).contains { match($0, endingBefore: i + 1) != nil }
        }
        if token.kind == .number, !language.eventPhrasesEndingInNumber.isEmpty {
            return language.eventPhrasesEndingInNumber.contains { match($0, endingBefore: i + 1) != nil }
        }
        guard token.info.roles.contains(.event) else { return false }
        if matches(.notEvent, at: i) { return false }
        // "the Moscow Exchange": a capitalised exchange word after a capitalised name is an institution
        // (unless that name opens the sentence and is no party: "Prisoner Exchange" in a headline).
        if token.info.roles.contains(.exchangeWord), token.capitalized, i > 0, tokens[i - 1].capitalized,
            !(i == 1 && tokens[0].kind == .word && party(at: 0) == nil)
        {
            return false
        }
        return true
    }

    // MARK: Constructions

    /// Whether a pattern of `construction` matches with its anchor at `i`.
    func matches(_ construction: Construction, at i: Int, limit: Range<Int>? = nil) -> Bool {
        guard possible & construction.bit != 0 else { return false }
        if language.anchorsNeedKnownWord(construction), i >= 0, i < tokens.count, !isKnownWord(at: i) { return false }
        return language.patterns(construction).contains { match($0, anchoredAt: i, limit: limit) != nil }
    }

    /// Whether a pattern of `construction` is anchored anywhere in `range`.
    func contains(_ construction: Construction, in range: Range<Int>, limit: Range<Int>? = nil) -> Bool {
        guard possible & construction.bit != 0 else { return false }
        return range.contains { matches(construction, at: $0, limit: limit) }
    }

    /// The start of the first pattern of `construction` that ends right before `end`.
    func start(of construction: Construction, endingBefore end: Int) -> Int? {
        guard possible & construction.bit != 0 else { return nil }
        for pattern in language.patterns(construction) {
            if let range = match(pattern, endingBefore: end) { return range.lowerBound }
        }
        return nil
    }

    // MARK: The exchange

    /// Whether the sentence names captives or a swap outright ("prisoners", "hostages", "POWs",
    /// "bodies", "swap", "prisoner exchange"). A report without such a sentence is about something
    /// else, however many things in it "returned" or were "freed".
    func namesCaptivesOrSwap() -> Bool {
        tokens.indices.contains { i in
            if has(.captive, at: i) { return true }
            if has(.exchangeWord, at: i) { return isEventWord(i) && !has(.nonSwapModifier, at: i - 1) }
            return false
        }
    }

    func hasEvent(in clause: Clause) -> Bool { clause.range.contains { isEventWord($0) } }

    func hasEvent() -> Bool { tokens.indices.contains { isEventWord($0) } }

    /// Bodies of the fallen are their own kind of exchange: a sentence that names bodies before
    /// any living captive ("the bodies of 50 POWs"); "exchanged 200 prisoners, and the bodies of
    /// two volunteers were returned" is about prisoners.
    func isAboutBodies() -> Bool {
        guard let bodies = tokens.indices.first(where: { has(.bodies, at: $0) }) else { return false }
        return !(0..<bodies).contains { has(.livingCaptive, at: $0) }
    }

    /// The kind of captives the sentence names, or `nil` when it names neither captives nor a swap
    /// ("the remaining 2,000 are expected on Friday" speaks of those the sentence before it named;
    /// "the next exchange" names a swap of prisoners).
    func namedKind() -> ExchangeKind? {
        if isAboutBodies() { return .bodies }
        return tokens.indices.contains { has(.captive, at: $0) || has(.exchangeWord, at: $0) } ? .prisoners : nil
    }
}
