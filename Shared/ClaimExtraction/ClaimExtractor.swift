import Foundation
import SwapWatchMessages

/// Extracts claims about prisoner exchanges from the text of one report.
///
/// Rule-based and offline. The stages are language-neutral and read a report through the
/// ``LanguagePack`` of its `language` (when it names none, the one ``LanguageDetector`` finds): sentences are split and
/// furniture left out, only sentences with a needle of the language are tokenized, sizes and
/// dates are read from the pack's constructions, each placed in time (to come, done, background)
/// by the cues of its clause, and ``ReportReading`` decides what the report as a whole claims.
public struct ClaimExtractor: Sendable {
    /// Stored with every report, so claims can be re-extracted when the rules improve.
    public static let version = "1.2.0"

    private let languages: [String: Language]
    /// The words that name captives or a swap in every language read, looked for in one pass.
    private let captiveNeedles: NeedleSet

    /// An extractor for the given packs (by default, those of ``LanguagePack/defaultCodes``).
    public init(packs: [LanguagePack] = try! LanguagePack.builtIn(LanguagePack.defaultCodes)) {
        languages = Dictionary(packs.map { ($0.code.lowercased(), Language($0)) }, uniquingKeysWith: { _, last in last })
        captiveNeedles = NeedleSet(languages.values.flatMap { Language.captiveNeedleWords(of: $0.pack) })
    }

    /// The language codes this extractor reads.
    public var languageCodes: [String] { languages.keys.sorted() }

    /// Whether a text can yield claims at all: whether a word that names captives or a swap, in
    /// any language this extractor reads, occurs in it (one pass over its bytes). A text in which
    /// none does yields none in whatever language it is read
    /// (``extract(text:language:reference:basis:)`` settles that first).
    public func mayYieldClaims(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return captiveNeedles.occurs(in: bytes, 0, bytes.count)
    }

    /// Claims of a validated report, with relative dates resolved against its published time
    /// (or its receipt time when it has none).
    public func extract(from report: Report) -> [Claim] {
        let reference = report.referenceTime
        return extract(text: report.text, language: report.language, reference: reference.date, basis: reference.basis)
    }

    /// Claims of a text in `language` (a BCP 47 tag such as "en" or "uk-UA"; when `nil`, the
    /// language ``LanguageDetector`` finds in the text). A language without a pack yields no claims:
    /// guessing at words of another language would raise false alerts.
    public func extract(text: String, language: String? = nil, reference: Date, basis: DateBasis) -> [Claim] {
        guard let pack = self.language(for: language ?? LanguageDetector.detect(text)) else { return [] }
        var run = ExtractionRun(text: text, language: pack, referenceDay: Timestamp.day(of: reference), basis: basis)
        return run.claims()
    }

    private func language(for tag: String?) -> Language? {
        guard let tag, !tag.isEmpty else { return languages["en"] ?? languages.values.first }
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        return languages[primary]
    }
}

/// One extraction over one text: the stages in order, then the report-level reading.
struct ExtractionRun {
    let text: ReportText
    let language: Language
    let referenceDay: Day
    let basis: DateBasis
    private var lastSpeaker: String?
    /// The kind of captives the last sentence read named, and its place in the report.
    private var lastKind: (order: Int, kind: ExchangeKind)?
    /// Dates that replace another ("moved to Tuesday").
    private var replacingDates = Set<Claim>()
    /// Date claims that name their days ("on Saturday, Sunday and Monday"), not a phrase ("next week").
    private var namedDayDates = Set<Claim>()
    /// Sizes and dates of an exchange said to be under way ("сьогодні відбувається обмін «50 на 50»").
    private var underWay = Set<Claim>()
    /// Sizes whose clause says nothing of time ("Минобороны сообщило об обмене «150 на 150»").
    private var untimed = Set<Claim>()
    /// Completions that name the exchange itself ("Україна та Росія провели обмін"), not one side's release.
    private var wholeExchanges = Set<Claim>()
    /// The last byte offset converted to a scalar offset: sentences come in order, so each
    /// conversion only counts forward from the previous one.
    private var offsetCache = (byte: 0, scalar: 0)

    init(text: String, language: Language, referenceDay: Day, basis: DateBasis) {
        self.text = ReportText(text)
        self.language = language
        self.referenceDay = referenceDay
        self.basis = basis
    }

    mutating func claims() -> [Claim] {
        // A report must name captives or a swap in one of its sentences: one that names them
        // nowhere is settled by one pass over its bytes, before it is split into sentences.
        guard language.captiveNeedles.occurs(in: text.bytes, 0, text.bytes.count) else { return [] }
        let sentences = SentenceSplitter(text: text, language: language).sentences()
        let prose = RelevanceFilter(text: text, language: language).classify(sentences)
        let relevant = prose.enumerated().filter { $0.element.relevant }.map { (sentence: $0.element.sentence, order: $0.offset) }
        // ... in a sentence that is no furniture: most reports left are settled here, before tokenizing.
        guard relevant.contains(where: { language.captiveNeedles.occurs(in: text.bytes, $0.sentence.start, $0.sentence.end) }) else { return [] }
        let tokenizer = Tokenizer(text: text, language: language)
        let readings = relevant.map { SentenceReading(tokens: tokenizer.tokens(of: $0.sentence), language: language) }
        guard readings.contains(where: { $0.hasEvent() }), readings.contains(where: { $0.namesCaptivesOrSwap() }) else { return [] }
        // Parties are counted over the whole report; the sentences read above are not tokenized twice.
        let others = prose.filter { !$0.relevant }.map { tokenizer.tokens(of: $0.sentence) }
        guard let parties = PartyFinder(text: text, language: language).pair(in: readings.map(\.tokens) + others) else { return [] }
        var findings: [ReportReading.Finding] = []
        var timed: [SentenceReading] = []
        for ((sentence, order), var reading) in zip(relevant, readings) {
            reading.readTime()
            timed.append(reading)
            let saidOn = statementDay(reading)
            // A sentence that names no captives speaks of those the sentence before it named.
            let kind = reading.namedKind() ?? lastKind.flatMap { $0.order == order - 1 ? $0.kind : nil } ?? .prisoners
            if let named = reading.namedKind() { lastKind = (order, named) }
            let claims = claimsOf(sentence, reading, kind: kind, parties: parties, saidOn: saidOn)
            guard !claims.isEmpty else { continue }
            let speaksOfStages = reading.speaksOfStages()
            let stageNumber = claims.contains { $0.type != .size } ? reading.stageNumber() : nil
            let statedEarlier = saidOn != nil
            let stillHolds = claims.contains { $0.type == .date } && reading.contains(.planStillHolds, in: reading.tokens.indices)
            for claim in claims {
                findings.append(
                    ReportReading.Finding(
                        claim: claim, order: order, speaksOfStages: speaksOfStages, stageNumber: stageNumber, statedEarlier: statedEarlier,
                        replacesDate: replacingDates.contains(claim), namesDays: namedDayDates.contains(claim), stillHolds: stillHolds,
                        underWay: underWay.contains(claim), wholeExchange: wholeExchanges.contains(claim), untimed: untimed.contains(claim)))
            }
        }
        if !findings.contains(where: { $0.claim.type == .size }) {
            findings += sidesFromTwoSentences(relevant, timed, parties: parties)
        }
        // How long the exchange lasts matters only to dates; it may be told in background
        // ("Saturday is the second day of the four-day truce").
        var duration: Int?
        if findings.contains(where: { $0.claim.type == .date }) {
            let numbers = language.pack.numbers
            let hasNumber = { (tokens: [Token]) in tokens.contains { $0.kind == .number || numbers.units[$0.lower] != nil } }
            duration = timed.lazy.filter { hasNumber($0.tokens) && $0.hasEvent() }.compactMap { $0.durationInDays() }.first
            if duration == nil {
                let language = self.language
                duration = others.lazy.filter(hasNumber).compactMap { SentenceReading(tokens: $0, language: language).durationInDays() }.first
            }
        }
        return ReportReading(findings: findings, reportDay: referenceDay, durationInDays: duration).claims()
    }

    /// "Azerbaijan releases 32 Armenian servicemen." "Armenia releases 2 Azerbaijani servicemen.":
    /// one side in each of two sentences in a row makes the size of both sides (joint statements).
    private mutating func sidesFromTwoSentences(
        _ relevant: [(sentence: Sentence, order: Int)], _ readings: [SentenceReading], parties: [String]
    ) -> [ReportReading.Finding] {
        var found: [ReportReading.Finding] = []
        var last: (order: Int, sentence: Sentence, party: String, count: Int)?
        for ((sentence, order), reading) in zip(relevant, readings) {
            let side = reading.isAboutBodies() ? nil : SizeReader(reading: reading, parties: parties).oneSide()
            guard let side else {
                last = nil
                continue
            }
            guard let previous = last, previous.order == order - 1, previous.party != side.party else {
                last = (order, sentence, side.party, side.count)
                continue
            }
            let both = Sentence(start: previous.sentence.start, end: sentence.end)
            let claim = Claim(
                type: .size, exchange: ExchangeKey(parties: parties, kind: .prisoners),
                size: .sides([previous.party: .exactly(previous.count), side.party: .exactly(side.count)]),
                evidence: Evidence(
                    quote: text.text(both.start, both.end),
                    span: TextSpan(start: scalarOffset(both.start), end: scalarOffset(both.end)),
                    speaker: SpeakerFinder(text: text).speaker(of: reading, lastSpeaker: nil), hedged: reading.isHedged()))
            found.append(ReportReading.Finding(claim: claim, order: order, speaksOfStages: false))
            last = nil
        }
        return found
    }

    private mutating func scalarOffset(_ byte: Int) -> Int {
        if byte < offsetCache.byte { offsetCache = (0, 0) }
        var scalar = offsetCache.scalar
        for i in offsetCache.byte..<byte where text.bytes[i] & 0xC0 != 0x80 { scalar += 1 }
        offsetCache = (byte, scalar)
        return scalar
    }

    // MARK: Sentences

    private mutating func claimsOf(
        _ sentence: Sentence, _ reading: SentenceReading, kind: ExchangeKind, parties: [String], saidOn: Day?
    ) -> [Claim] {
        let speaker = SpeakerFinder(text: text).speaker(of: reading, lastSpeaker: lastSpeaker)
        if let speaker { lastSpeaker = speaker }
        let key = ExchangeKey(parties: parties, kind: kind)
        let evidence = Evidence(
            quote: text.text(sentence.start, sentence.end),
            span: TextSpan(start: scalarOffset(sentence.start), end: scalarOffset(sentence.end)),
            speaker: speaker, hedged: reading.isHedged())
        let dates = DateReader(reference: referenceDay, reading: reading)
        // What a speaker said on an earlier day counts relative dates from that day.
        let plannedDates = saidOn.map { DateReader(reference: $0, reading: reading) } ?? dates
        var claims: [Claim] = []

        // Sizes: to come, or done.
        let found = SizeReader(reading: reading, parties: parties).read()
        // A postponement silences the dates around it, but not a new date after it ("will not take
        // place this week, and is now planned for Monday").
        let postponement = reading.clauses.firstIndex { reading.isPostponement($0) && reading.hasEvent(in: $0) }
        // Sizes to come, and the size of an exchange called off ("disrupted a 192-for-192 exchange"): a plan.
        // What would have been exchanged, had it gone ahead ("could have been carried out under a
        // 192-for-192 formula"), is the plan's size too.
        for size in found {
            let isPlan: Bool
            switch size.tense {
            case .upcoming, .progressive: isPlan = true
            case .completed:
                let clause = reading.clause(containing: size.position)
                isPlan = reading.isPostponement(clause) || reading.contains(.counterfactual, in: clause.range)
            case .historical, .hypothetical: isPlan = false
            }
            guard isPlan else { continue }
            let claim = Claim(type: .size, exchange: key, size: size.value, evidence: evidence)
            if size.tense == .progressive { underWay.insert(claim) }
            if !reading.isTimed(at: size.position) { untimed.insert(claim) }
            claims.append(claim)
        }

        // Dates and completions, clause by clause.
        var completion: Claim?
        for (clauseNumber, clause) in reading.clauses.enumerated() {
            let continues =
                clauseNumber > 0 && reading.matches(.continuation, at: clause.first)
                && reading.hasEvent(in: reading.clauses[clauseNumber - 1])
            guard reading.hasEvent(in: clause) || continues else { continue }
            if reading.isPostponement(clause) {
                // "postponed to Monday": put off to a day is moved to that day.
                let newDay = plannedDates.mentions(from: clause.first, to: clause.end, past: false).first {
                    reading.start(of: .newDate, endingBefore: $0.first) != nil && ($0.window.latest.map { $0 >= referenceDay } ?? true)
                }
                guard reading.tense(at: clause.first) != .historical else { continue }
                if let newDay {
                    claims.append(dateClaim(newDay, key, evidence, replacing: true))
                } else {
                    // "the exchange planned for today is not happening": the claim keeps the day it was due.
                    let clauseIndex = ClauseIndex(reading, clause)
                    let due = plannedDates.mentions(from: clause.first, to: clause.end, past: false)
                        .first { isExchangeDate($0, reading, clause, clauseIndex) }
                    claims.append(Claim(type: .postponed, exchange: key, date: due?.window ?? .unknown, evidence: evidence))
                }
                continue
            }
            let clauseIndex = ClauseIndex(reading, clause)
            let anchor = clauseIndex.events.first ?? clause.first
            let tense = reading.tense(at: anchor)
            switch tense {
            case .upcoming, .progressive:
                if let postponement, clauseNumber <= postponement || !continues { continue }
                let mentions = plannedDates.mentions(from: clause.first, to: clause.end, past: false, sameDay: tense == .progressive)
                for mention in mentions where isExchangeDate(mention, reading, clause, clauseIndex, eventNamedBefore: continues) {
                    // A window that has ended is no plan; a floor ("not before Friday") has no end.
                    guard mention.window.earliest != nil || mention.window.latest != nil else { continue }
                    if let latest = mention.window.latest, latest < referenceDay { continue }
                    // "has been moved to Tuesday": the new date replaces any other the report gives.
                    let replacing = reading.start(of: .newDate, endingBefore: mention.first) != nil
                    let claim = dateClaim(mention, key, evidence, replacing: replacing)
                    if tense == .progressive { underWay.insert(claim) }
                    claims.append(claim)
                }
                // "an exchange is taking place": under way, without a day, is today.
                if tense == .progressive, mentions.isEmpty, reading.contains(.happeningNow, in: clause.range),
                    !clauseIndex.events.allSatisfy({ reading.has(.pluralEvent, at: $0) })
                {
                    let claim = Claim(type: .date, exchange: key, date: .on(plannedDates.reference), dateBasis: basis, evidence: evidence)
                    underWay.insert(claim)
                    claims.append(claim)
                }
            case .hypothetical:
                continue
            case .completed, .historical:
                guard completion == nil, reading.reportsDone(clause), !reading.contains(.counterfactual, in: clause.range) else { continue }
                let mentions = dates.mentions(from: clause.first, to: clause.end, past: true)
                    .filter { isExchangeDate($0, reading, clause, clauseIndex) }
                let when: DateWindow?
                if let first = mentions.first {
                    // "want the exchange finished before Easter on May 2": what is done is not yet to come.
                    if let earliest = first.window.earliest, earliest > referenceDay { continue }
                    when = first.window
                } else if tense == .completed {
                    when = .on(referenceDay)  // a fresh report of a swap done, without a date: the day of the report
                } else {
                    continue  // background without a date closes nothing
                }
                let doneSize = found.first {
                    ($0.tense == .completed || $0.tense == .historical) && reading.clause(containing: $0.position).first == clause.first
                }?.value
                let type: ClaimType = reading.speaksOfStages() ? .stage : .completed
                let done = Claim(
                    type: type, exchange: key, size: doneSize, date: when,
                    dateBasis: mentions.first.map { $0.relative ? basis : nil } ?? basis, evidence: evidence)
                if clauseIndex.events.contains(where: { reading.has(.exchangeWord, at: $0) }) { wholeExchanges.insert(done) }
                completion = done
            }
        }
        if let completion { claims.append(completion) }
        return claims
    }

    /// The date claim of a mention, noted as one that replaces the others ("moved to Tuesday") and
    /// as one that names its days.
    private mutating func dateClaim(_ mention: DateMention, _ key: ExchangeKey, _ evidence: Evidence, replacing: Bool) -> Claim {
        let claim = Claim(type: .date, exchange: key, date: mention.window, dateBasis: mention.relative ? basis : nil, evidence: evidence)
        if replacing { replacingDates.insert(claim) }
        if !mention.phrase { namedDayDates.insert(claim) }
        return claim
    }

    /// A date belongs to the exchange unless it dates a statement ("said on June 2"), another
    /// event ("a meeting on Thursday"), an act before it ("agreed on Friday to swap") or marks a
    /// starting point ("since May 16").
    private func isExchangeDate(
        _ mention: DateMention, _ reading: SentenceReading, _ clause: Clause, _ index: ClauseIndex, eventNamedBefore: Bool = false
    ) -> Bool {
        // A date dates the exchange only after the exchange is named, or when it opens the clause
        // ("On Saturday, Russia and Ukraine will swap …"); "is due to consider a resolution on May 18
        // that would forbid exchanging …" dates something else.
        // "… reunited on Sunday, the third day of the exchange": a date the words after it make a day of the exchange.
        if reading.matches(.exchangeDayAfterDate, at: mention.last + 1) { return true }
        let lastEvent = index.lastEvent(before: mention.first) ?? (eventNamedBefore ? clause.first : nil)
        // "Russia and Ukraine on Friday swapped …", "Россия и Украина сегодня освободят …": a date
        // within three words before the word that names the exchange dates it too.
        let namedRightAfter = lastEvent == nil && (index.firstEvent(after: mention.last).map { $0 - mention.last <= 3 } ?? false)
        // "said that on Friday Russia and Ukraine would swap …": a date opening what was said opens a clause too.
        let opensReportedSpeech = (1...2).contains { mention.first - $0 >= clause.first && reading.has(.complementizer, at: mention.first - $0) }
        // "Россия и Украина в среду утром могут провести очередной обмен": a date right after the
        // parties the clause opens with dates the exchange the clause goes on to name, however far.
        let beforeMention = mention.first - (reading.has(.datePreposition, at: mention.first - 1) ? 2 : 1)
        let followsParties =
            lastEvent == nil && beforeMention >= clause.first && reading.party(at: beforeMention) != nil
            && index.firstEvent(after: mention.last) != nil
        if lastEvent == nil && mention.first > clause.first + 1 && !namedRightAfter && !opensReportedSpeech && !followsParties { return false }
        // "In November, a deal led Hamas to free 105 hostages": a month opening the clause sets the
        // scene; one after the exchange ("expected in December") dates it.
        if lastEvent == nil && mention.wholeMonth { return false }
        // "On Monday the Kremlin said the exchange would …": a date opening the clause before a
        // speech verb dates the statement.
        if lastEvent == nil, index.hasSpeechVerb(after: mention.last, before: index.firstEvent(after: mention.last) ?? clause.end) {
            return false
        }
        // "before Easter, which Orthodox Christians celebrate on May 2": a date in a relative clause
        // about something else dates that thing ("the exchange, which is due on Friday" dates the exchange).
        // The relative clause runs to the next comma; its antecedent is within a few words before it.
        if let lastEvent, lastEvent < mention.first,
            let pronoun = (lastEvent + 1..<mention.first).last(where: { reading.has(.relativePronoun, at: $0) }),
            !(pronoun + 1..<mention.first).contains(where: { reading.word($0) == "," }), pronoun - lastEvent > 4
        {
            return false
        }
        // "at a further meeting on Thursday", "talks in May": the nearest noun before the date names another event.
        for j in stride(from: mention.first - 1, through: max(clause.first, mention.first - 3), by: -1) {
            if reading.isEventWord(j) { break }
            if reading.has(.otherEvent, at: j) { return false }
        }
        var i = mention.first - 1
        if reading.has(.datePreposition, at: i) { i -= 1 }
        // "since May 16", "since the war began on Feb. 24": the start of something else
        for j in stride(from: mention.first - 1, through: max(clause.first, mention.first - 5), by: -1) {
            if reading.has(.startingPoint, at: j) { return false }
            if reading.isEventWord(j) || reading.tokens[j].kind == .punctuation { break }
        }
        if reading.isSpeechVerb(at: i) { return false }
        // "agreed on Friday to exchange …", "the exchange agreed in Abu Dhabi on Friday": a past verb
        // before the date (across a place name and its preposition) dates that act.
        var verb = i
        while verb > clause.first, i - verb < 4,
            reading.tokens[verb].capitalized || reading.has(.datePreposition, at: verb) || reading.has(.placePreposition, at: verb)
        {
            verb -= 1
        }
        if reading.isPastVerb(at: verb), !reading.isEventWord(verb), !reading.has(.planningVerb, at: verb),
            !reading.has(.passiveAuxiliary, at: verb - 1)
        {
            return false
        }
        // "… exchanging prisoners, Lubinets said in an interview on Dec. 18": a speech verb after
        // the last event word and before the date dates the statement.
        if let lastEvent, index.hasSpeechVerb(after: lastEvent, before: mention.first) { return false }
        // "told reporters on Monday"
        if i - 2 >= clause.first, reading.isSpeechVerb(at: i - 1) || reading.isSpeechVerb(at: i - 2), reading.has(.audience, at: i) {
            return false
        }
        return true
    }
}

extension ExtractionRun {
    /// The day a sentence's statement was made, when the sentence dates it before the report's day
    /// ("Hnatiuk said on Sunday", "Lebedev told reporters on Monday"): relative dates in what was
    /// said count from that day.
    func statementDay(_ reading: SentenceReading) -> Day? {
        let dates = DateReader(reference: referenceDay, reading: reading)
        for verb in reading.tokens.indices where reading.isSpeechVerb(at: verb) {
            var i = verb + 1
            if reading.has(.audience, at: i) { i += 1 }
            if reading.has(.datePreposition, at: i) { i += 1 }
            guard let mention = dates.mention(at: i, past: true), let day = mention.window.earliest, mention.window.latest == day else {
                continue
            }
            return day < referenceDay ? day : nil
        }
        return nil
    }
}

/// Where a clause names the exchange and a statement, found once so that every date in the
/// clause is placed without rescanning it (a list of a thousand weekdays stays linear).
struct ClauseIndex {
    /// Positions of event words, ascending.
    let events: [Int]
    /// Positions of speech verbs, ascending.
    let speechVerbs: [Int]

    init(_ reading: SentenceReading, _ clause: Clause) {
        events = clause.range.filter { reading.isEventWord($0) }
        speechVerbs = clause.range.filter { reading.isSpeechVerb(at: $0) }
    }

    func lastEvent(before position: Int) -> Int? {
        let i = Self.insertionPoint(of: position, in: events)
        return i > 0 ? events[i - 1] : nil
    }

    func firstEvent(after position: Int) -> Int? {
        let i = Self.insertionPoint(of: position + 1, in: events)
        return i < events.count ? events[i] : nil
    }

    func hasSpeechVerb(after start: Int, before end: Int) -> Bool {
        let i = Self.insertionPoint(of: start + 1, in: speechVerbs)
        return i < speechVerbs.count && speechVerbs[i] < end
    }

    /// The index of the first element not less than `value`.
    private static func insertionPoint(of value: Int, in sorted: [Int]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
