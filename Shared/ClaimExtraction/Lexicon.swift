/// The words the extraction rules look for, grouped by what they signal.
enum Lexicon {
    /// Word beginnings (lowercase) one of which a sentence must contain to be read at all.
    static let sentenceNeedles = NeedleSet([
        "exchang", "swap", "prisoner", "pow", "captiv", "hostage", "releas", "freed", "free ", "handover", "hand over",
        "handed", "return", "repatriat", "bodies", "traded", "trade", "home", "changed hands", "change sides", "let out",
        "postpon", "called off",
    ])

    /// Nouns and verbs that name the exchange event itself.
    static let eventWords: Set<String> = [
        "exchange", "exchanges", "exchanged", "exchanging", "swap", "swaps", "swapped", "swapping", "handover",
        "handovers", "trade", "traded", "trading", "release", "released", "releases", "releasing", "free", "freed",
        "freeing", "return", "returned", "returning", "repatriation", "repatriated", "repatriate", "transfer",
        "transferred", "home",
    ]

    /// Words that name captives or a swap outright: at least one must appear for a report to be read.
    static let captiveWords: Set<String> = [
        "prisoner", "prisoners", "pow", "pows", "captive", "captives", "captivity", "hostage", "hostages", "detainee",
        "detainees", "bodies", "remains", "swap", "swaps", "swapped", "swapping", "handover", "repatriation", "repatriated",
    ]

    /// Words before "exchange" that make it something other than a swap ("stock exchange").
    static let nonSwapExchangeModifiers: Set<String> = ["stock", "currency", "foreign", "student", "heat", "cultural"]

    /// Objects that make "exchange" mean something other than a prisoner swap.
    static let nonEventObjects: Set<String> = [
        "lists", "list", "names", "fire", "views", "blows", "messages", "letters", "notes", "information", "data",
        "greetings", "rate", "rates", "documents", "words", "gunfire", "strikes", "accusations", "ideas", "opinions",
    ]

    /// Words that make a clause about something still to come.
    static let upcomingCues: Set<String> = [
        "will", "would", "shall", "'ll", "expected", "expect", "expects", "planned", "plan", "plans", "planning",
        "scheduled", "could", "might", "should", "next", "upcoming", "future", "possible", "possibly", "proposed",
        "prepare", "preparing", "prepared", "agreed", "agreeing", "agree", "pending", "due", "set", "aims", "aim",
        "seeks", "seek", "hopes", "hope", "intends", "potential", "forthcoming", "imminent", "soon", "negotiating",
        "negotiations", "talks", "involve", "include", "may", "going",
    ]

    /// Past forms of event verbs and phrases that report an exchange as done.
    static let completedCues: Set<String> = [
        "exchanged", "swapped", "traded", "released", "freed", "returned", "handed", "repatriated", "came", "went",
        "got", "brought", "held", "took", "completed", "carried", "conducted", "saw", "changed", "back", "were",
        "was", "transferred", "received", "secured", "welcomed", "had", "has", "have", "did", "happened", "occurred",
        "concluded", "finished", "ended",
    ]

    /// Auxiliaries that are past only when no upcoming cue is near ("was scheduled" is future).
    static let weakPastCues: Set<String> = ["were", "was", "had", "has", "have", "did", "back"]

    /// Words that place a mention in the past beyond doubt.
    static let historicalCues: Set<String> = [
        "previous", "previously", "last", "earlier", "recent", "since", "ago", "already", "prior", "former",
        "first", "latest",
    ]

    /// Words that say the expected exchange will not happen as planned.
    static let postponementCues: Set<String> = [
        "postponed", "postpone", "postponement", "delayed", "delay", "cancelled", "canceled", "suspended", "paused",
        "pause", "disrupted", "derailed", "halted", "stalled", "scrapped",
    ]

    /// Hedges: the speaker is not committing to it.
    static let hedges: Set<String> = [
        "could", "may", "might", "reportedly", "expected", "possibly", "possible", "possibility", "likely", "allegedly",
        "suggests", "suggested", "unconfirmed", "purportedly", "perhaps", "probably", "potentially", "rumoured",
        "rumored", "tentative", "tentatively", "hopes", "hope",
    ]

    /// Verbs of saying, for speakers and for dates that belong to the statement, not the swap.
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "stated", "states", "wrote", "writes", "announced", "announces",
        "confirmed", "confirms", "noted", "notes", "added", "reported", "reports", "claimed", "claims", "declared",
        "revealed", "reveals", "explained", "stressed", "insisted", "insists", "posted", "tweeted", "according",
        "argued", "emphasized", "highlighted", "warned", "commented", "disclosed",
    ]

    /// Nouns for people, which follow a head count.
    static let peopleNouns: Set<String> = [
        "prisoners", "prisoner", "pows", "pow", "people", "persons", "captives", "detainees", "soldiers",
        "servicemen", "servicewomen", "service", "members", "civilians", "hostages", "troops", "defenders",
        "fighters", "citizens", "nationals", "men", "women", "individuals", "warriors", "inmates", "personnel",
        "marines", "military", "fallen", "bodies", "war", "ukrainians", "russians", "israelis", "palestinians",
        "americans", "belarusians",
    ]

    /// Casualty words: a count next to them is no swap size.
    static let casualtyWords: Set<String> = [
        "killed", "dead", "died", "deaths", "casualties", "wounded", "injured", "missing", "killing",
    ]

    /// Demonyms and names that identify a party, mapped to the party's canonical name.
    static let partyWords: [String: String] = [
        "ukraine": "Ukraine", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine",
        "zelensky": "Ukraine", "zelenskyy": "Ukraine", "zelenskiy": "Ukraine", "ukraine's": "Ukraine", "kyiv's": "Ukraine",
        "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia", "kremlin": "Russia",
        "putin": "Russia", "russia's": "Russia", "moscow's": "Russia",
        "israel": "Israel", "israeli": "Israel", "israelis": "Israel", "netanyahu": "Israel", "israel's": "Israel",
        "hamas": "Hamas", "palestinian": "Hamas", "palestinians": "Hamas", "gaza": "Hamas", "hamas's": "Hamas",
        "american": "United States", "americans": "United States", "washington": "United States",
        "us": "United States", "u.s": "United States", "biden": "United States",
        "belarus": "Belarus", "belarusian": "Belarus", "belarusians": "Belarus",
        "yemen": "Yemeni government", "yemen's": "Yemeni government", "aden": "Yemeni government",
        "houthi": "Houthis", "houthis": "Houthis", "houthis'": "Houthis", "sanaa": "Houthis", "sana'a": "Houthis",
        "armenia": "Armenia", "armenian": "Armenia", "armenians": "Armenia", "yerevan": "Armenia", "armenia's": "Armenia",
        "azerbaijan": "Azerbaijan", "azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan", "baku": "Azerbaijan", "azerbaijan's": "Azerbaijan",
        "iran": "Iran", "iranian": "Iran", "iranians": "Iran", "tehran": "Iran", "iran's": "Iran",
        "venezuela": "Venezuela", "venezuelan": "Venezuela", "venezuelans": "Venezuela", "caracas": "Venezuela", "maduro": "Venezuela",
        "taliban": "Taliban", "belgium": "Belgium", "belgian": "Belgium", "sweden": "Sweden", "swedish": "Sweden",
    ]

    /// Demonyms only: the words that tie a head count to one side ("200 Palestinian prisoners").
    static let demonyms: [String: String] = [
        "ukrainian": "Ukraine", "ukrainians": "Ukraine", "russian": "Russia", "russians": "Russia",
        "israeli": "Israel", "israelis": "Israel", "palestinian": "Hamas", "palestinians": "Hamas",
        "american": "United States", "americans": "United States", "belarusian": "Belarus", "belarusians": "Belarus",
        "armenian": "Armenia", "armenians": "Armenia", "azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan",
        "iranian": "Iran", "iranians": "Iran", "venezuelan": "Venezuela", "venezuelans": "Venezuela", "houthi": "Houthis",
        "saudi": "Yemeni government", "saudis": "Yemeni government", "belgian": "Belgium", "swedish": "Sweden",
    ]

    /// Titles dropped from the front of a speaker's name.
    static let titles: Set<String> = [
        "president", "prime", "minister", "foreign", "defense", "defence", "spokeswoman", "spokesman", "spokesperson",
        "ombudsman", "commissioner", "general", "gen", "head", "chief", "deputy", "secretary", "envoy", "official",
        "officials", "ukrainian", "russian", "israeli", "us", "mr", "ms", "mrs", "dr", "adviser", "advisor",
        "national", "security", "state", "the", "a", "representative", "lt", "col", "kremlin", "spokesman",
    ]

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    static let weekdays: [String: Int] = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]

    /// Openings of page furniture that is never evidence: captions, credits, related links, tags.
    static let furnitureOpeners: [String] = [
        "photo:", "photo ", "[photo", "credit:", "also read", "read more", "read also", "related:", "see also", "tags:",
        "source:", "(reporting by", "reporting by", "sign up", "author:", "prepared on the basis", "watch:", "more:",
        "editing by", "(editing by", "follow us", "subscribe",
    ]

    /// Nouns that name one part of an exchange carried out over several.
    static let stageNouns: Set<String> = ["stage", "stages", "batch", "batches", "tranche", "tranches", "phase", "phases"]

    /// What an ordinal before it turns into one part of an exchange ("the first group", "second day").
    static let stageParts: Set<String> = ["day", "group", "part", "round", "flight", "flights", "leg", "wave"]

    static let ordinalWords: Set<String> = ["first", "second", "third", "fourth", "fifth", "final", "1st", "2nd", "3rd", "4th"]

    static let numberWords: Set<String> = ["one", "two", "three", "four", "five"]

    /// Events other than the exchange whose dates a report also gives ("a meeting on Thursday").
    static let otherEventNouns: Set<String> = [
        "meeting", "meetings", "talks", "call", "conference", "summit", "visit", "briefing", "hearing", "session",
        "vote", "round", "negotiations", "consultations", "trial", "court", "election", "elections", "ceasefire",
        "truce", "deadline", "interview", "speech", "address",
    ]

    /// Adjectives of willingness: "ready to exchange", "would be happy to swap" state no plan.
    static let willingnessWords: Set<String> = ["ready", "willing", "happy", "glad", "open", "prepared", "eager"]

    /// Past forms that put the date on the exchange itself: "scheduled for Monday".
    static let planningVerbs: Set<String> = [
        "scheduled", "planned", "expected", "postponed", "delayed", "moved", "rescheduled", "slated", "pencilled", "penciled",
        "set", "fixed", "earmarked",
    ]

    /// Event nouns in the plural: swaps in general, not one exchange.
    static let pluralEventNouns: Set<String> = ["exchanges", "swaps", "handovers", "releases", "trades"]

    /// Past forms that report an exchange carried out.
    static let doneEventVerbs: Set<String> = [
        "exchanged", "swapped", "traded", "released", "freed", "returned", "repatriated", "transferred", "handed",
        "brought", "came", "got", "went",
    ]

    /// Verbs that report an event as having happened ("the swap happened on Friday").
    static let doneOutcomes: Set<String> = ["happened", "occurred", "completed", "concluded", "finished"]

    /// Past forms that carry out an exchange named after them ("held a prisoner exchange").
    static let conductVerbs: Set<String> = ["held", "conducted", "carried", "staged", "implemented", "made", "completed"]
}
