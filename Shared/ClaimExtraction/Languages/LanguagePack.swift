import SwapWatchMessages

/// The words and constructions of one language, as data: everything the extraction stages know
/// about a language, and nothing they do with it.
///
/// Words are grouped by the role they play (``WordRole``); an entry ending in `*` is a stem that
/// matches every word it begins ("exchang*"). Constructions are small patterns over tokens (see
/// ``Pattern``), tried in the order given: the first that matches decides. A pack is Codable, so
/// one can be written as JSON; the English pack is Swift source (``LanguagePack/english``) because
/// the services ship as single binaries.
public struct LanguagePack: Codable, Sendable {

    /// The primary language subtag a report's `language` names this pack by ("en").
    public var code: String
    /// Words by the role they play.
    public var words: [WordRole: [String]]
    /// Word beginnings one of which a sentence must contain to be read at all (case ignored).
    public var sentenceNeedles: [String]
    /// Abbreviations after which a period does not end a sentence ("gen", "u.s").
    public var abbreviations: [String]
    /// How lines of page furniture begin ("read more", "photo:"): never evidence.
    public var furnitureOpeners: [String]
    /// Month names and abbreviations, lowercase, with their number.
    public var months: [String: Int]
    /// Month names that are months only when capitalised ("may", "mar").
    public var monthsOnlyCapitalized: [String]
    /// Weekday names, lowercase, with their ISO number (Monday 1 … Sunday 7).
    public var weekdays: [String: Int]
    /// Number words.
    public var numbers: NumberWords
    /// Names, places and demonyms of the parties, lowercase, with the party's canonical name (a name
    /// may be two words: "united states").
    public var parties: [String: String]
    /// Party words that count only when written in capitals ("US", not "us").
    public var partiesOnlyInCapitals: [String]
    /// The words that tie a head count to one side ("200 Palestinian prisoners"), with the party.
    public var demonyms: [String: String]
    /// Endings of past-tense verbs ("ed"): "agreed on Friday" dates the agreement.
    public var pastTenseEndings: [String]
    /// Endings that make a day number an ordinal ("22nd", "25th").
    public var dayOrdinalEndings: [String]
    /// Qualifiers before a number and the bound they make of it ("up to" → at most).
    public var qualifiers: [Qualifier]
    /// Words before a date that keep only one end of its window ("by Friday" → at the latest).
    public var dateBounds: [DateBound]
    /// Relative date expressions and the window each names.
    public var relativeDates: [RelativeDate]
    /// The constructions of each kind, in priority order.
    public var constructions: [Construction: [Pattern]]
    /// The cues that place a clause in time, in priority order: the first pattern anchored at a
    /// token decides what that token says (`nil` tense: nothing, even if a later cue would match).
    public var tenseCues: [TenseCue]

    public init(
        code: String, words: [WordRole: [String]], sentenceNeedles: [String], abbreviations: [String],
        furnitureOpeners: [String], months: [String: Int], monthsOnlyCapitalized: [String], weekdays: [String: Int],
        numbers: NumberWords, parties: [String: String], partiesOnlyInCapitals: [String], demonyms: [String: String],
        pastTenseEndings: [String], dayOrdinalEndings: [String] = [], qualifiers: [Qualifier], dateBounds: [DateBound], relativeDates: [RelativeDate],
        constructions: [Construction: [Pattern]], tenseCues: [TenseCue]
    ) {
        self.code = code
        self.words = words
        self.sentenceNeedles = sentenceNeedles
        self.abbreviations = abbreviations
        self.furnitureOpeners = furnitureOpeners
        self.months = months
        self.monthsOnlyCapitalized = monthsOnlyCapitalized
        self.weekdays = weekdays
        self.numbers = numbers
        self.parties = parties
        self.partiesOnlyInCapitals = partiesOnlyInCapitals
        self.demonyms = demonyms
        self.pastTenseEndings = pastTenseEndings
        self.dayOrdinalEndings = dayOrdinalEndings
        self.qualifiers = qualifiers
        self.dateBounds = dateBounds
        self.relativeDates = relativeDates
        self.constructions = constructions
        self.tenseCues = tenseCues
    }

    /// Every field may be left out of a pack's JSON: a missing one is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        words = try c.decodeIfPresent([WordRole: [String]].self, forKey: .words) ?? [:]
        sentenceNeedles = try c.decodeIfPresent([String].self, forKey: .sentenceNeedles) ?? []
        abbreviations = try c.decodeIfPresent([String].self, forKey: .abbreviations) ?? []
        furnitureOpeners = try c.decodeIfPresent([String].self, forKey: .furnitureOpeners) ?? []
        months = try c.decodeIfPresent([String: Int].self, forKey: .months) ?? [:]
        monthsOnlyCapitalized = try c.decodeIfPresent([String].self, forKey: .monthsOnlyCapitalized) ?? []
        weekdays = try c.decodeIfPresent([String: Int].self, forKey: .weekdays) ?? [:]
        numbers = try c.decodeIfPresent(NumberWords.self, forKey: .numbers) ?? NumberWords(units: [:], tens: [:], scales: [:])
        parties = try c.decodeIfPresent([String: String].self, forKey: .parties) ?? [:]
        partiesOnlyInCapitals = try c.decodeIfPresent([String].self, forKey: .partiesOnlyInCapitals) ?? []
        demonyms = try c.decodeIfPresent([String: String].self, forKey: .demonyms) ?? [:]
        pastTenseEndings = try c.decodeIfPresent([String].self, forKey: .pastTenseEndings) ?? []
        dayOrdinalEndings = try c.decodeIfPresent([String].self, forKey: .dayOrdinalEndings) ?? []
        qualifiers = try c.decodeIfPresent([Qualifier].self, forKey: .qualifiers) ?? []
        dateBounds = try c.decodeIfPresent([DateBound].self, forKey: .dateBounds) ?? []
        relativeDates = try c.decodeIfPresent([RelativeDate].self, forKey: .relativeDates) ?? []
        constructions = try c.decodeIfPresent([Construction: [Pattern]].self, forKey: .constructions) ?? [:]
        tenseCues = try c.decodeIfPresent([TenseCue].self, forKey: .tenseCues) ?? []
    }
}
extension LanguagePack {
    /// The packs SwapWatch ships: English, Ukrainian, Russian.
    public static let builtIn: [LanguagePack] = [.english, .ukrainian, .russian]

    /// The languages read unless a service or command is told otherwise: all three. A deployment
    /// that wants fewer says so (`extraction.languages`, `--languages en`).
    public static let defaultCodes = ["en", "uk", "ru"]

    /// The built-in packs of `codes` ("en", "uk", "ru"), in that order.
    /// - Throws: ``UnknownLanguage`` for a code no built-in pack has.
    public static func builtIn(_ codes: [String]) throws(UnknownLanguage) -> [LanguagePack] {
        try codes.map { code throws(UnknownLanguage) in
            guard let pack = builtIn.first(where: { $0.code == code.lowercased() }) else { throw UnknownLanguage(code: code) }
            return pack
        }
    }

    /// Reads a comma-separated list of codes ("en,uk,ru").
    public static func builtIn(list: String) throws(UnknownLanguage) -> [LanguagePack] {
        try builtIn(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}

/// A language code no built-in pack has.
public struct UnknownLanguage: Error, CustomStringConvertible {
    public let code: String
    public var description: String {
        "no built-in language pack for \"\(code)\"; built in: \(LanguagePack.builtIn.map(\.code).joined(separator: ", "))"
    }
}

/// The roles a word can play. A word may play several ("release" names the event and is a
/// releasing verb).
public enum WordRole: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable {
    // The exchange and its people
    /// Names the exchange event ("swap", "released", "repatriation").
    case event
    /// Forms of the ambiguous exchange verb/noun ("exchange lists", "the Moscow Exchange").
    case exchangeWord
    /// Forms of "return", which is no swap when displaced people return.
    case returnWord
    /// Names captives or a swap outright ("prisoners", "hostages", "swap"): a report must have one.
    case captive
    /// Before the exchange word, makes it something else ("stock", "currency").
    case nonSwapModifier
    /// After the exchange word, makes it something else ("lists", "fire").
    case nonEventObject
    /// Returnees who are not captives ("displaced", "refugees").
    case nonCaptiveReturnee
    /// Event nouns in the plural: swaps in general, not one exchange.
    case pluralEvent
    /// Bodies of the fallen, an exchange of their own kind.
    case bodies
    /// Nouns for living captives ("prisoners", "hostages").
    case livingCaptive
    /// Nouns for people, which follow a head count.
    case person
    /// Casualty words: a count next to them is no swap size.
    case casualty
    /// Events other than the exchange whose dates a report also gives ("meeting", "talks").
    case otherEvent
    /// Pauses in fighting that carry an exchange ("truce", "pause").
    case pause

    // Time and tense
    /// Makes a clause about something to come ("will", "expected", "next").
    case upcomingCue
    /// Auxiliaries of the future ("will", "would"): they outweigh a past detail in their clause.
    case futureAuxiliary
    /// Past forms that report something done ("exchanged", "came", "took").
    case completedCue
    /// Auxiliaries that are past only before a participle of something done ("were", "has").
    case weakPastCue
    /// Words allowed between such an auxiliary and its participle ("been", "already").
    case auxiliaryFiller
    /// Participles that, after a past auxiliary, report something done ("released", "back").
    case doneParticiple
    /// Says the exchange will not happen as planned ("postponed", "suspended").
    case postponementCue
    /// Past forms of exchange verbs that report a swap carried out ("swapped", "freed").
    case doneEventVerb
    /// Verbs of motion that report captives back ("came", "brought", "handed").
    case doneMotionVerb
    /// Report an event as having happened ("happened", "completed").
    case doneOutcome
    /// After "held", say captivity, not a swap ("captive", "hostage").
    case captivityWord
    /// Past forms that put a date on the exchange itself ("scheduled for Monday").
    case planningVerb
    /// Willingness, which states no plan ("ready", "willing").
    case willingness
    /// Hedges: the speaker is not committing ("could", "reportedly").
    case hedge

    // Stages
    /// Nouns of one part of an exchange carried out over several ("stage", "batch").
    case stageNoun
    /// What an ordinal before it turns into a part of an exchange ("group", "day").
    case stagePart
    /// Ordinal words ("first", "final").
    case ordinal
    /// Small cardinal words counting days of an exchange ("two").
    case smallNumber

    // Statements and speakers
    /// Verbs of saying ("said", "told").
    case speechVerb
    /// After a speech verb, who was told ("reporters"): a date after them dates the statement.
    case audience
    /// Between a speaker and the speech verb ("also", "recently").
    case speakerAdverb
    /// Pronouns that refer to the last named speaker ("he", "she").
    case personalPronoun
    /// Role nouns that follow a name or organisation ("official", "spokesman").
    case speakerRole
    /// Titles dropped from the front of a speaker's name ("president").
    case title
    /// Capitalised words that are never a name on their own ("The", "It").
    case notAName
    /// Words that may follow a speaker named after the verb ("said Zelensky on Monday").
    case nameEnd
    /// Articles ("the", "a").
    case article
    /// Open a relative clause ("which", "who"): a date in it belongs to what it describes.
    case relativePronoun

    // Clauses
    /// Punctuation that ends a clause (";", ":", "—").
    case clauseBreak
    /// After a comma, begins a new clause ("when", "but", "and").
    case clauseJoiner
    /// After a joiner, begins a new clause ("and that").
    case complementizer
    /// Auxiliaries of the passive ("be", "been"): "could be concluded by" is no past act.
    case passiveAuxiliary

    // Dates
    /// Join two ends of a range ("to", "and", "-").
    case rangeJoiner
    /// Open a range before a date ("from", "between").
    case rangeOpener
    /// Between a day and its month ("the 22nd of December").
    case dayMonthLink
    /// Joins alternative dates, read as one window ("Monday or Tuesday").
    case alternativeJoiner
    /// Prepositions before a date ("on", "in").
    case datePreposition
    /// Prepositions before a place ("in", "at").
    case placePreposition
    /// Mark a starting point, not the date of the event ("since").
    case startingPoint

    // Numbers and sizes
    /// Units after a number that make it no head count ("percent", "km", "years").
    case unitAfterNumber
    /// Time units after a hyphen ("30-day").
    case timeUnit
    /// Before a number, make it an age ("aged").
    case ageWord
    /// Before a number, make it a stock held rather than a swap ("holds 55 prisoners", "has 2,000 bodies").
    case possessionVerb
    /// "per" as in a rate.
    case rate
    /// After "per", make it a share per side ("side", "country").
    case sideNoun
    /// Say a number is a total ("total", "combined").
    case totalWord
    /// Indefinite articles that count one of a scale ("a thousand").
    case indefiniteArticle
    /// Join number words ("-", "and" in "one hundred and five").
    case numberJoiner
    /// The connector of "N for N".
    case forConnector
    /// The connector of two equal numbers ("500 to 500").
    case equalConnector
    /// Words allowed around that connector ("in return for").
    case connectorFiller
    /// Words that end the span of "N for N" ("each", "said").
    case connectorStop
    /// "each", "apiece".
    case eachWord
    /// Words between a count and "each" ("of", "more").
    case countFiller
    /// Verbs of giving after "each side" ("got", "handed").
    case givingVerb
    /// Words that end a phrase in a list ("and", ",").
    case listBreak
    /// Words between a count and its demonym ("female", "more").
    case sideFiller
    /// Verbs whose object is the other side's people ("free", "release").
    case releaseVerb
    /// Small words inside an organisation's name ("Ministry of Defence", "Headquarters for the Treatment …").
    case nameLink
    /// Verbs whose object is the subject's own people ("receive").
    case receiveVerb
    /// Words between a receiving verb and the count it receives ("the bodies of").
    case receivedFiller
    /// Words between a party and its releasing verb ("will", "due").
    case releaseAuxiliary
    /// Particles after a releasing verb ("over", "back").
    case verbParticle
    /// Verbs that make "over" part of the verb, not a qualifier ("hand over").
    case phrasalOverVerb
    /// Verbs of growth before "to N" ("increase", "rise").
    case increaseVerb
    /// Adverbs of possibility before "up to N" ("possibly").
    case tentativeAdverb
}

/// Multi-word constructions, by kind. See ``Pattern`` for how they are written.
public enum Construction: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable {
    /// A contextual event word: the pattern's last token, a word test, names the exchange ("let out",
    /// "go free"). A word that ends any of these is an event word only where one matches.
    case eventPhrase
    /// Anchored at an event word, make it none ("exchange lists", "the return of displaced …").
    case notEvent
    /// A clause that speaks of an earlier exchange ("the last swap", "since 2022").
    case historical
    /// Matches that cancel a historical cue at the same anchor ("at last").
    case notHistorical
    /// Readiness, not a plan ("ready to swap").
    case hypothetical
    /// Something under way now ("are being exchanged").
    case progressive
    /// The exchange itself under way now, without a day given: today ("is taking place").
    case happeningNow
    /// A plan that holds despite a delay ("is still expected later on Sunday").
    case planStillHolds
    /// What would have happened, had it not been stopped ("could have been carried out under a
    /// 192-for-192 formula"): the plan's terms, nothing done.
    case counterfactual
    /// The exchange will not happen as planned ("called off", "not taking place").
    case postponement
    /// A clause that says an exchange was carried out ("took place", "were swapped").
    case reportsDone
    /// A sentence that speaks of one stage of the exchange ("the first group", "day two").
    case stage
    /// Which stage a sentence reports, the anchor being its ordinal ("the third exchange", "day two").
    case stageNumber
    /// Attributions that hedge ("according to sources").
    case hedgePhrase
    /// Introduce a speaker named after it ("according to").
    case attribution
    /// A count that is cumulative: its clause has one ("since", "so far", "to date").
    case cumulative
    /// A "since" that measures a gap, not a running total ("the first repatriation since May").
    case firstSince
    /// Ends right before a count that is a total ("a total of").
    case totalBefore
    /// Ends right before a count that is what a swap exchanges in all, both sides ("a three-day
    /// exchange of nearly 900 detainees").
    case swapTotalBefore
    /// Ends right before a count that is the pool a part is taken from ("some, if not all, of the
    /// at least 10 citizens").
    case partitiveBefore
    /// Shortly after a count, make it a total ("in all", "combined").
    case totalAfter
    /// After a count (and people words), make it a share per side ("each", "per side").
    case eachAfter
    /// End right before a count that is a share per side ("по 110 человек", "по 1000 з кожного боку").
    case eachBefore
    /// End right before a count that raises an earlier one ("increased to", "possibly up to").
    case increaseBefore
    /// Starts right after a date and names it a day of the exchange ("on Sunday, the third day of
    /// the exchange").
    case exchangeDayAfterDate
    /// Anchored at a weekday, allow it to be today ("later on Friday").
    case sameDayWeekday
    /// Anchored at a weekday, make it next week's ("next Friday").
    case nextWeekday
    /// How long the exchange lasts, with its number of days ("a four-day truce", "over four days");
    /// the number stands within the first four items of each pattern.
    case duration
    /// Opening a clause, it goes on about the subject of the clause before ("…, and is now planned for").
    case continuation
    /// Ends right before a date that replaces the one before ("moved to Tuesday", "postponed until").
    case newDate
}

/// A construction: a sequence of token tests, written as strings.
///
/// - `word`: that word (lowercase); `stem*`: a word it begins; `a|b|c`: any of them; `@role`: a word playing that role;
///   `<number>`, `<month>`, `<weekday>`: such a token; `<event>`: an event word in context;
///   `<past>`: a verb in the past tense by its ending; `*`: any token.
/// - A test joined with `&` to another must pass both: `@doneEventVerb&<event>`.
/// - A trailing `?` makes the test optional; a leading `!` makes it a token that must *not* pass.
/// - `**`: any number of tokens (within the clause).
/// - A leading `^` marks the anchor: the token the construction is about, when it is not the first
///   (`at ^last`: "last", not after "at"); the tests before it must be neither optional nor `**`.
/// - A pattern needs at least one test that is neither optional nor negated; one without is dropped.
public typealias Pattern = [String]

/// A qualifier before a number and the bound it makes of it.
public struct Qualifier: Codable, Sendable, Equatable {
    public enum Bound: String, Codable, Sendable { case atMost, atLeast }
    /// Ends right before the number; leading `!` tests look behind it ("!@phrasalOverVerb", "over").
    public var pattern: Pattern
    public var bound: Bound

    public init(_ pattern: Pattern, _ bound: Bound) {
        self.pattern = pattern
        self.bound = bound
    }
}

/// Words before a date that keep one end of its window.
public struct DateBound: Codable, Sendable, Equatable {
    public enum Kept: String, Codable, Sendable { case earliest, latest }
    /// Ends right before the date.
    public var pattern: Pattern
    /// The end of the window that stays ("by Friday": the latest).
    public var keeps: Kept

    public init(_ pattern: Pattern, keeps: Kept) {
        self.pattern = pattern
        self.keeps = keeps
    }
}

/// A relative date expression and the window it names.
public struct RelativeDate: Codable, Sendable, Equatable {
    /// The windows relative expressions name, computed from the report's day.
    public enum Window: String, Codable, Sendable {
        case today, tomorrow, yesterday
        /// From today to this Sunday.
        case thisWeek
        /// Next Monday to next Sunday.
        case nextWeek
        /// The coming Saturday and Sunday (today, on a Sunday).
        case thisWeekend
        case nextWeekend
        /// Tomorrow to a week from today ("in the coming days").
        case comingDays
        /// At the latest this Sunday.
        case endOfWeek
        /// At the latest the last day of this month.
        case endOfMonth
        /// At the latest the last day of this year ("by the end of the year", "до Нового року").
        case endOfYear
        /// At the latest the last day of the month the pattern's `<month>` names (a written date).
        case endOfNamedMonth
        /// The whole month the pattern's `<month>` names, this year or, if it is over, next year
        /// (a written date): "expected in December".
        case namedMonth
    }

    public var pattern: Pattern
    public var window: Window

    public init(_ pattern: Pattern, _ window: Window) {
        self.pattern = pattern
        self.window = window
    }
}

/// A tense cue: a pattern anchored at a token, and what it says about time there.
public struct TenseCue: Codable, Sendable, Equatable {
    public enum Reading: String, Codable, Sendable {
        case upcoming, completed
        /// The token says nothing about time, whatever later cues would say.
        case none
    }

    public var pattern: Pattern
    public var reading: Reading

    public init(_ pattern: Pattern, _ reading: Reading) {
        self.pattern = pattern
        self.reading = reading
    }
}

/// Cardinal number words.
public struct NumberWords: Codable, Sendable, Equatable {
    /// Words for 0–19 (and any other that adds its value: "одна", "одну").
    public var units: [String: Int]
    /// Words for the tens.
    public var tens: [String: Int]
    /// Words that multiply ("hundred" 100, "thousand" 1000).
    public var scales: [String: Int]
    /// Ordinal words and the place each names ("first" 1, "third" 3): which day or stage is meant.
    public var ordinals: [String: Int]
    /// Scale words in the singular that count one of themselves without a number before them
    /// ("тисячу полонених" is a thousand; English needs "a thousand"). Plural forms ("тисячі",
    /// thousands) are vague and stay out.
    public var singularScales: [String]

    public init(
        units: [String: Int], tens: [String: Int], scales: [String: Int], ordinals: [String: Int] = [:], singularScales: [String] = []
    ) {
        self.units = units
        self.tens = tens
        self.scales = scales
        self.ordinals = ordinals
        self.singularScales = singularScales
    }

    /// Every field may be left out of a pack's JSON: a missing one is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        units = try c.decodeIfPresent([String: Int].self, forKey: .units) ?? [:]
        tens = try c.decodeIfPresent([String: Int].self, forKey: .tens) ?? [:]
        scales = try c.decodeIfPresent([String: Int].self, forKey: .scales) ?? [:]
        ordinals = try c.decodeIfPresent([String: Int].self, forKey: .ordinals) ?? [:]
        singularScales = try c.decodeIfPresent([String].self, forKey: .singularScales) ?? []
    }
}
