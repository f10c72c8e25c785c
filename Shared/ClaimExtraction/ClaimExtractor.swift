import Foundation
import SwapWatchMessages

/// Extracts claims about prisoner exchanges from the text of one report.
///
/// Rule-based and offline: sentences are found by a byte scan, only sentences that mention an
/// exchange are tokenized, and sizes and dates are read from known constructions ("N for N",
/// "N each", "up to N people", "next week", "from May 23 to 25"), each placed in time (to come,
/// done, background) by the cues of its clause.
public struct ClaimExtractor: Sendable {
    /// Stored with every report, so claims can be re-extracted when the rules improve.
    public static let version = "1.1.0"

    public init() {}

    /// Claims of a validated report, with relative dates resolved against its published time
    /// (or its receipt time when it has none).
    public func extract(from report: Report) -> [Claim] {
        let reference = report.referenceTime
        return extract(text: report.text, reference: reference.date, basis: reference.basis)
    }

    public func extract(text: String, reference: Date, basis: DateBasis) -> [Claim] {
        var run = ExtractionRun(text: text, referenceDay: Timestamp.day(of: reference), basis: basis)
        return run.claims()
    }
}

/// One extraction over one text.
struct ExtractionRun {
    let scanner: TextScanner
    let referenceDay: Day
    let basis: DateBasis
    private var lastSpeaker: String?
    /// The last byte offset converted to a scalar offset: sentences come in order, so each
    /// conversion only counts forward from the previous one.
    private var offsetCache = (byte: 0, scalar: 0)

    init(text: String, referenceDay: Day, basis: DateBasis) {
        scanner = TextScanner(text)
        self.referenceDay = referenceDay
        self.basis = basis
    }

    mutating func claims() -> [Claim] {
        var sentences: [(sentence: Sentence, order: Int)] = []
        var others: [Sentence] = []
        var order = 0
        for sentence in scanner.sentences() {
            if scanner.startsWithAny(sentence, Lexicon.furnitureOpeners) { continue }
            defer { order += 1 }
            if scanner.containsAny(sentence.start, sentence.end, Lexicon.sentenceNeedles) { sentences.append((sentence, order)) } else { others.append(sentence) }
        }
        guard !sentences.isEmpty else { return [] }
        let readings = sentences.map { SentenceReading(tokens: scanner.tokens(of: $0.sentence)) }
        guard readings.contains(where: { $0.hasEvent() }), readings.contains(where: { $0.namesCaptivesOrSwap() }) else { return [] }
        // Parties are counted over the whole report; the sentences read above are not tokenized twice.
        guard let parties = choosePair(readings.map(\.tokens) + others.map { scanner.tokens(of: $0) }) else { return [] }
        var findings: [ReportReading.Finding] = []
        for ((sentence, order), reading) in zip(sentences, readings) {
            let claims = claimsOf(sentence, reading, parties: parties)
            guard !claims.isEmpty else { continue }
            let speaksOfStages = reading.speaksOfStages()
            for claim in claims {
                findings.append(ReportReading.Finding(claim: claim, order: order, speaksOfStages: speaksOfStages))
            }
        }
        return ReportReading(findings: findings).claims()
    }

    private mutating func scalarOffset(_ byte: Int) -> Int {
        if byte < offsetCache.byte { offsetCache = (0, 0) }
        var scalar = offsetCache.scalar
        for i in offsetCache.byte..<byte where scanner.bytes[i] & 0xC0 != 0x80 { scalar += 1 }
        offsetCache = (byte, scalar)
        return scalar
    }

    // MARK: Parties

    /// The two parties of the exchange the report is about, or `nil` when it names no pair.
    /// A report that names only Ukraine or only Russia (Kyiv, Zelensky, the Kremlin…) is about
    /// the war between them; any other single party is not enough.
    private func choosePair(_ sentences: [[Token]]) -> [String]? {
        var counts: [String: Int] = [:]
        for tokens in sentences {
            for token in tokens {
                guard let party = Lexicon.partyWords[token.lower] else { continue }
                if token.lower == "us", scanner.text(token.start, token.end) != "US" { continue }
                counts[party, default: 0] += 1
            }
        }
        let has = { (p: String) in counts[p, default: 0] > 0 }
        if has("Israel") && has("Hamas") { return ["Hamas", "Israel"] }
        if has("Ukraine") && has("Russia") { return ["Russia", "Ukraine"] }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if ranked.count == 1, ranked[0].key == "Ukraine" || ranked[0].key == "Russia" { return ["Russia", "Ukraine"] }
        guard ranked.count >= 2 else { return nil }
        return [ranked[0].key, ranked[1].key].sorted()
    }

    // MARK: Sentences

    private mutating func claimsOf(_ sentence: Sentence, _ reading: SentenceReading, parties: [String]) -> [Claim] {
        let tokens = reading.tokens
        let speaker = findSpeaker(reading)
        if let speaker { lastSpeaker = speaker }
        let key = ExchangeKey(parties: parties, kind: reading.isAboutBodies() ? .bodies : .prisoners)
        let quote = scanner.text(sentence.start, sentence.end)
        let evidence = Evidence(
            quote: quote,
            span: TextSpan(start: scalarOffset(sentence.start), end: scalarOffset(sentence.end)),
            speaker: speaker, hedged: reading.isHedged())
        let dates = DateReader(reference: referenceDay)
        let sizes = SizeReader(reading: reading, parties: parties)
        var claims: [Claim] = []

        // Sizes: to come, or done.
        let found = sizes.read()
        let postponedHere = reading.clauses.contains { reading.isPostponement($0) && reading.hasEvent(in: $0) }
        for size in found where size.tense == .upcoming || size.tense == .progressive {
            claims.append(Claim(type: .size, exchange: key, size: size.value, evidence: evidence))
        }

        // Dates and completions, clause by clause.
        var completion: Claim?
        for clause in reading.clauses {
            guard reading.hasEvent(in: clause) else { continue }
            if reading.isPostponement(clause) {
                if reading.tense(at: clause.first) != .historical {
                    claims.append(Claim(type: .postponed, exchange: key, date: .unknown, evidence: evidence))
                }
                continue
            }
            let clauseIndex = ClauseIndex(reading, clause)
            let anchor = clauseIndex.events.first ?? clause.first
            let tense = reading.tense(at: anchor)
            switch tense {
            case .upcoming, .progressive:
                guard !postponedHere else { continue }
                let mentions = dates.mentions(
                    in: tokens, from: clause.first, to: clause.end, past: false, sameDay: tense == .progressive)
                for mention in mentions where isExchangeDate(mention, reading, clause, clauseIndex) {
                    guard let latest = mention.window.latest, latest >= referenceDay else { continue }
                    claims.append(Claim(
                        type: .date, exchange: key, date: mention.window,
                        dateBasis: mention.relative ? basis : nil, evidence: evidence))
                }
            case .hypothetical:
                continue
            case .completed, .historical:
                guard completion == nil, reading.reportsDone(clause) else { continue }
                let mentions = dates.mentions(in: tokens, from: clause.first, to: clause.end, past: true)
                    .filter { isExchangeDate($0, reading, clause, clauseIndex) }
                let when: DateWindow?
                if let first = mentions.first {
                    when = first.window
                } else if tense == .completed {
                    when = .on(referenceDay)  // a fresh report of a swap done, without a date: the day of the report
                } else {
                    continue  // background without a date closes nothing
                }
                let doneSize = found.first { ($0.tense == .completed || $0.tense == .historical) && reading.clause(containing: $0.position).first == clause.first }?.value
                let type: ClaimType = reading.speaksOfStages() ? .stage : .completed
                completion = Claim(
                    type: type, exchange: key, size: doneSize, date: when,
                    dateBasis: mentions.first.map { $0.relative ? basis : nil } ?? basis, evidence: evidence)
            }
        }
        if let completion { claims.append(completion) }
        return claims
    }

    /// A date belongs to the exchange unless it dates a statement ("said on June 2") or marks a
    /// starting point ("since May 16").
    private func isExchangeDate(_ mention: DateMention, _ reading: SentenceReading, _ clause: Clause, _ index: ClauseIndex) -> Bool {
        // A date dates the exchange only after the exchange is named, or when it opens the clause
        // ("On Saturday, Russia and Ukraine will swap …"); "is due to consider a resolution on May 18
        // that would forbid exchanging …" dates something else.
        let lastEvent = index.lastEvent(before: mention.first)
        if lastEvent == nil && mention.first > clause.first + 1 { return false }
        // "at a further meeting on Thursday", "talks in May": the nearest noun before the date names another event.
        for j in stride(from: mention.first - 1, through: max(clause.first, mention.first - 3), by: -1) {
            if reading.isEventWord(j) { break }
            if Lexicon.otherEventNouns.contains(reading.word(j)) { return false }
        }
        var i = mention.first - 1
        if reading.word(i) == "on" || reading.word(i) == "in" { i -= 1 }
        if reading.word(i) == "since" || reading.word(mention.first - 1) == "since" { return false }
        if Lexicon.speechVerbs.contains(reading.word(i)) { return false }
        // "agreed on Friday to exchange …": a past verb right before the date dates that act.
        let verb = reading.word(i)
        if verb.hasSuffix("ed"), !reading.isEventWord(i), !Lexicon.planningVerbs.contains(verb) { return false }
        // "… exchanging prisoners, Lubinets said in an interview on Dec. 18": a speech verb after
        // the last event word and before the date dates the statement.
        if let lastEvent, index.hasSpeechVerb(after: lastEvent, before: mention.first) { return false }
        // "said in an interview on Dec. 18", "told reporters on Monday"
        if i - 2 >= clause.first, Lexicon.speechVerbs.contains(reading.word(i - 1)) || Lexicon.speechVerbs.contains(reading.word(i - 2)) {
            let between = reading.word(i)
            if ["reporters", "journalists", "media", "him", "her", "them", "it"].contains(between) { return false }
        }
        return true
    }


    // MARK: Speakers

    /// "X said", "said X", "according to X", "X told …"; "he said" takes the last named speaker.
    private func findSpeaker(_ reading: SentenceReading) -> String? {
        let tokens = reading.tokens
        for (i, token) in tokens.enumerated() {
            if token.lower == "according", reading.word(i + 1) == "to" {
                if let name = nameRun(tokens, from: i + 2, forward: true) { return name }
            }
        }
        for (i, token) in tokens.enumerated() where Lexicon.speechVerbs.contains(token.lower) && token.lower != "according" {
            var j = i - 1
            while j >= 0, ["recently", "also", "has", "had", "have", "later", "earlier", "then", "previously", "once"].contains(tokens[j].lower) { j -= 1 }
            if j >= 0, tokens[j].lower == "," {
                // "Kyryl Budanov, recently stated" / "Budanov, head of …, said"
                j -= 1
            }
            if j >= 0, ["he", "she"].contains(tokens[j].lower) { return lastSpeaker }
            if let name = nameRun(tokens, endingAt: j) { return name }
            if let name = nameRun(tokens, from: i + 1, forward: true), !name.hasSuffix("'s") {
                return name
            }
        }
        return nil
    }

    private static let roleNouns: Set<String> = [
        "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "ministry", "minister",
        "ombudsman", "commissioner", "representative", "envoy", "negotiator", "mediator",
    ]

    /// A run of capitalized words, without leading titles.
    private func nameRun(_ tokens: [Token], endingAt end: Int) -> String? {
        guard end >= 0, end < tokens.count else { return nil }
        var start = end
        // "A UAE official says", "a GUR spokesman said": a role noun after the name.
        if Self.roleNouns.contains(tokens[end].lower) { start -= 1 }
        while start >= 0, tokens[start].capitalized { start -= 1 }
        guard start + 1 <= end, tokens[start + 1].capitalized else { return nil }
        return name(tokens, (start + 1)...end)
    }

    private func nameRun(_ tokens: [Token], from start: Int, forward: Bool) -> String? {
        var s = start
        while s < tokens.count, ["the", "a", "an"].contains(tokens[s].lower) { s += 1 }
        var end = s
        while end < tokens.count, tokens[end].capitalized { end += 1 }
        guard end > s else { return nil }
        // A speaker named after the verb ends the clause: "…, said Zelensky." / "said Zelensky on Monday".
        if end < tokens.count, ![",", ".", "on", "in", "at", "that", ";", "\"", "”", "("].contains(tokens[end].lower) { return nil }
        return name(tokens, s...(end - 1))
    }

    private func name(_ tokens: [Token], _ range: ClosedRange<Int>) -> String? {
        guard range.lowerBound <= range.upperBound, range.lowerBound >= 0 else { return nil }
        var words = Array(range).map { scanner.text(tokens[$0].start, tokens[$0].end) }
        // Drop titles in front of a personal name, keep organisation names whole.
        while words.count > 1, Lexicon.titles.contains(words[0].lowercased()) { words.removeFirst() }
        guard let first = words.first, first.count > 1 else { return nil }
        if ["The", "A", "It", "This", "That", "They", "We", "I", "He", "She"].contains(first) && words.count == 1 { return nil }
        return words.joined(separator: " ")
    }
}

/// Where a clause names the exchange and a statement, found once so that every date in the
/// clause is placed without rescanning it (a list of a thousand weekdays stays linear).
struct ClauseIndex {
    /// Positions of event words, ascending.
    let events: [Int]
    /// Positions of speech verbs ("said", "told"; not "according"), ascending.
    let speechVerbs: [Int]

    init(_ reading: SentenceReading, _ clause: Clause) {
        events = (clause.first..<clause.end).filter { reading.isEventWord($0) }
        speechVerbs = (clause.first..<clause.end).filter { Lexicon.speechVerbs.contains(reading.word($0)) && reading.word($0) != "according" }
    }

    func lastEvent(before position: Int) -> Int? {
        let i = Self.insertionPoint(of: position, in: events)
        return i > 0 ? events[i - 1] : nil
    }

    func hasSpeechVerb(after start: Int, before end: Int) -> Bool {
        let i = Self.insertionPoint(of: start + 1, in: speechVerbs)
        return i < speechVerbs.count && speechVerbs[i] < end
    }

    /// The index of the first element not less than `value`.
    private static func insertionPoint(of value: Int, in sorted: [Int]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
