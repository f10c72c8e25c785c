extension LanguagePack {
    /// English: everything the extraction rules know about how English news reports speak of
    /// prisoner exchanges.
    public static let english = LanguagePack(
        code: "en",
        words: englishWords,
        sentenceNeedles: [
            "exchang", "swap", "prisoner", "pow", "captiv", "hostage", "releas", "freed", "freeing", "free ", "transfer", "trading", "detainee",
            "remains", "handover", "hand over",
            "handed", "return", "repatriat", "bodies", "traded", "trade", "home", "changed hands", "change sides", "let out",
            "postpon", "called off", "shelve",
            // "It will be no fewer than 600 on each side": only an exchange has sides that count
            "each side", "per side", "apiece",
            // "The next group is due tomorrow"
            "next group", "next batch", "remaining group", "final group", "last group", "final batch", "last batch",
            "further stages", "remaining stages",
            // "The remaining 2,000 are expected on Friday"; "by Monday all 24 should be free"
            "remaining", "be free", "delivered", "leave",
        ],
        abbreviations: [
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "maj", "sgt", "capt", "rep", "sen", "gov",
            "vs", "etc", "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "jr", "sr", "inc", "corp", "co", "ltd",
        ],
        furnitureOpeners: [
            "photo:", "photo ", "[photo", "credit:", "also read", "read more", "read also", "related:", "see also", "tags:",
            "source:", "(reporting by", "reporting by", "sign up", "author:", "prepared on the basis", "watch:", "more:",
            "editing by", "(editing by", "follow us", "subscribe",
        ],
        months: [
            "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
            "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
            "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
        ],
        monthsOnlyCapitalized: ["may", "mar"],
        weekdays: ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7],
        numbers: NumberWords(
            units: [
                "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
            ],
            tens: ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90],
            scales: ["hundred": 100, "thousand": 1000, "million": 1_000_000],
            ordinals: [
                "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7,
            ]),
        parties: [
            "ukraine": "Ukraine", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine",
            "zelensky": "Ukraine", "zelenskyy": "Ukraine", "zelenskiy": "Ukraine", "ukraine's": "Ukraine", "kyiv's": "Ukraine",
            "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia", "kremlin": "Russia",
            "putin": "Russia", "russia's": "Russia", "moscow's": "Russia",
            "israel": "Israel", "israeli": "Israel", "israelis": "Israel", "netanyahu": "Israel", "israel's": "Israel",
            "hamas": "Hamas", "palestinian": "Hamas", "palestinians": "Hamas", "gaza": "Hamas", "hamas's": "Hamas",
            "american": "United States", "americans": "United States", "washington": "United States",
            "us": "United States", "u.s": "United States", "biden": "United States", "united states": "United States",
            "white house": "United States", "state department": "United States",
            "belarus": "Belarus", "belarusian": "Belarus", "belarusians": "Belarus",
            "yemen": "Yemeni government", "yemen's": "Yemeni government", "aden": "Yemeni government",
            "houthi": "Houthis", "houthis": "Houthis", "houthis'": "Houthis", "sanaa": "Houthis", "sana'a": "Houthis",
            "armenia": "Armenia", "armenian": "Armenia", "armenians": "Armenia", "yerevan": "Armenia", "armenia's": "Armenia",
            "azerbaijan": "Azerbaijan", "azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan", "baku": "Azerbaijan",
            "azerbaijan's": "Azerbaijan",
            "iran": "Iran", "iranian": "Iran", "iranians": "Iran", "tehran": "Iran", "iran's": "Iran",
            "venezuela": "Venezuela", "venezuelan": "Venezuela", "venezuelans": "Venezuela", "caracas": "Venezuela",
            "maduro": "Venezuela",
            "taliban": "Taliban", "belgium": "Belgium", "belgian": "Belgium", "sweden": "Sweden", "swedish": "Sweden",
        ],
        partiesOnlyInCapitals: ["us"],
        demonyms: [
            "ukrainian": "Ukraine", "ukrainians": "Ukraine", "russian": "Russia", "russians": "Russia",
            "israeli": "Israel", "israelis": "Israel", "palestinian": "Hamas", "palestinians": "Hamas",
            "american": "United States", "americans": "United States", "belarusian": "Belarus", "belarusians": "Belarus",
            "armenian": "Armenia", "armenians": "Armenia", "azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan",
            "iranian": "Iran", "iranians": "Iran", "venezuelan": "Venezuela", "venezuelans": "Venezuela", "houthi": "Houthis",
            "saudi": "Yemeni government", "saudis": "Yemeni government", "belgian": "Belgium", "swedish": "Sweden",
        ],
        pastTenseEndings: ["ed"],
        dayOrdinalEndings: ["st", "nd", "rd", "th"],
        qualifiers: [
            Qualifier(["no|not", "fewer|less", "than"], .atLeast),
            Qualifier(["as", "many", "as"], .atMost),
            Qualifier(["up", "to"], .atMost),
            Qualifier(["a", "maximum", "of"], .atMost),
            Qualifier(["maximum", "of"], .atMost),
            Qualifier(["a", "minimum", "of"], .atLeast),
            Qualifier(["minimum", "of"], .atLeast),
            Qualifier(["at", "least"], .atLeast),
            Qualifier(["more", "than"], .atLeast),
            Qualifier(["upwards", "of"], .atLeast),
            Qualifier(["!@phrasalOverVerb", "over"], .atLeast),
            Qualifier(["nearly|almost"], .atMost),
        ],
        dateBounds: [
            DateBound(["not", "before", "the?"], keeps: .earliest),
            // "will not start before Friday", "would not take place before May 3"
            DateBound(["not", "*", "*?", "before", "the?"], keeps: .earliest),
            DateBound(["no", "earlier", "than", "the?"], keeps: .earliest),
            DateBound(["by|before|until|till", "the?"], keeps: .latest),
        ],
        relativeDates: [
            RelativeDate(["today|tonight"], .today),
            RelativeDate(["tomorrow"], .tomorrow),
            RelativeDate(["yesterday"], .yesterday),
            RelativeDate(["this", "week"], .thisWeek),
            RelativeDate(["next|coming", "week"], .nextWeek),
            RelativeDate(["this|coming", "weekend"], .thisWeekend),
            RelativeDate(["next", "weekend"], .nextWeekend),
            RelativeDate(["the", "weekend"], .thisWeekend),
            RelativeDate(["next|this|coming", "few?", "days"], .comingDays),
            RelativeDate(["the", "days", "ahead"], .comingDays),
            RelativeDate(["end", "of", "the|this?", "week"], .endOfWeek),
            RelativeDate(["end", "of", "the|this?", "month"], .endOfMonth),
            RelativeDate(["end", "of", "the|this", "year"], .endOfYear),
            RelativeDate(["the", "new", "year"], .endOfYear),
            RelativeDate(["end", "of", "<month>"], .endOfNamedMonth),
            // "expected in December"
            RelativeDate(["<month>"], .namedMonth),
        ],
        constructions: englishConstructions,
        tenseCues: [
            // "a deal led Hamas to free 105 hostages": what a past cause brought about is done
            TenseCue(["led|allowed|enabled|forced|prompted|caused", "*", "^to"], .completed),
            TenseCue(["led|allowed|enabled|forced|prompted|caused", "*", "*", "^to"], .completed),
            // "to swap", "to be released", "to go free", "to take place"
            TenseCue(["^to", "be|go|take|begin|include|involve|hand|bring|happen|occur|proceed|start|<event>|@event"], .upcoming),
            TenseCue(["to"], .none),
            TenseCue(["took", "place"], .completed),
            // "today we are returning home 19 people": a homecoming under way is a swap done
            TenseCue(["am|are|is", "^returning|coming", "home|back"], .completed),
            TenseCue(["am|are|is", "^returning", "*", "*?", "*?", "home|back"], .completed),
            // "held captive" says nothing about a swap
            TenseCue(["held", "@captivityWord"], .none),
            TenseCue(["went", "ahead"], .completed),
            // "were released", "have been exchanged", "are back home"; "were held captive" is no swap
            TenseCue(["@weakPastCue", "@auxiliaryFiller?", "@auxiliaryFiller?", "@auxiliaryFiller?", "held", "@captivityWord"], .none),
            TenseCue(["@weakPastCue", "@auxiliaryFiller?", "@auxiliaryFiller?", "@auxiliaryFiller?", "@doneParticiple"], .completed),
            TenseCue(["back", "home"], .completed),
            TenseCue(["@weakPastCue"], .none),
            // "exchanged lists" reports no swap
            TenseCue(["^@exchangeWord", "@nonEventObject"], .none),
            TenseCue(["^@exchangeWord", "*", "@nonEventObject"], .none),
            // "agreed to swap", "agreed on a swap" are plans; "the exchange agreed in Istanbul" is a participle
            TenseCue(["^agreed", "!to|on|that|upon"], .none),
            TenseCue(["@upcomingCue"], .upcoming),
            // "would be released" is still to come; "had been released" is done; "Israeli-held" is an adjective
            TenseCue(["be", "^@completedCue"], .none),
            TenseCue(["-", "^@completedCue"], .none),
            TenseCue(["@completedCue"], .completed),
            // "Kyiv confirmed a new exchange", "are back": what happened
            TenseCue(["am|are|is", "now?", "back|home|free", "!on"], .completed),
            // "the deal approved by the cabinet will …": a participle after its noun describes it
            TenseCue(["!be|been|being|to|will|would|the|a|an|-|was|were|is|are|has|have|had", "^<past>", "by"], .none),
            TenseCue(["!be|been|being|to|will|would|the|a|an|-", "^<past>"], .completed),
        ])

    private static let englishWords: [WordRole: [String]] = [
        .event: [
            "exchange", "exchanges", "exchanged", "exchanging", "swap", "swaps", "swapped", "swapping", "handover",
            "handovers", "trade", "traded", "trading", "release", "released", "releases", "releasing", "freed",
            "freeing", "return", "returned", "returning", "repatriation", "repatriated", "repatriate", "transfer",
            "transferred",
        ],
        .exchangeWord: ["exchange", "exchanges", "exchanged", "exchanging"],
        .returnWord: ["return", "returned", "returning"],
        .captive: [
            "prisoner", "prisoners", "pow", "pows", "captive", "captives", "captivity", "hostage", "hostages", "detainee",
            "detainees", "bodies", "remains", "swap", "swaps", "swapped", "swapping", "handover", "repatriation", "repatriated",
        ],
        .nonSwapModifier: ["stock", "currency", "foreign", "student", "heat", "cultural"],
        .nonEventObject: [
            "lists", "list", "names", "fire", "views", "blows", "messages", "letters", "notes", "information", "data",
            "greetings", "rate", "rates", "documents", "words", "gunfire", "strikes", "accusations", "ideas", "opinions",
        ],
        .nonCaptiveReturnee: ["displaced", "refugees", "residents", "evacuees", "territory", "territories"],
        .pluralEvent: ["exchanges", "swaps", "handovers", "releases", "trades"],
        .bodies: ["bodies", "remains", "body"],
        .livingCaptive: ["prisoner", "prisoners", "pow", "pows", "captive", "captives", "hostage", "hostages", "detainee", "detainees"],
        .pause: ["truce", "pause", "ceasefire", "cease-fire", "lull"],
        .person: [
            "prisoners", "prisoner", "pows", "pow", "people", "persons", "captives", "detainees", "soldiers",
            "servicemen", "servicewomen", "service", "members", "civilians", "hostages", "troops", "defenders",
            "fighters", "citizens", "nationals", "men", "women", "individuals", "warriors", "inmates", "personnel",
            "marines", "military", "fallen", "bodies", "war", "ukrainians", "russians", "israelis", "palestinians",
            "americans", "belarusians",
        ],
        .casualty: ["killed", "dead", "died", "deaths", "casualties", "wounded", "injured", "missing", "killing"],
        .otherEvent: [
            "meeting", "meetings", "talks", "call", "conference", "summit", "visit", "briefing", "hearing", "session",
            "vote", "round", "negotiations", "consultations", "trial", "court", "election", "elections", "ceasefire",
            "truce", "deadline", "interview", "speech", "address",
        ],
        .upcomingCue: [
            "will", "would", "shall", "'ll", "expected", "expect", "expects", "planned", "plan", "plans", "planning",
            "scheduled", "could", "might", "should", "next", "upcoming", "future", "possible", "possibly", "proposed",
            "prepare", "preparing", "prepared", "agreed", "agreeing", "agree", "pending", "due", "set", "aims", "aim",
            "seeks", "seek", "hopes", "hope", "intends", "potential", "forthcoming", "imminent", "soon", "negotiating",
            "negotiations", "talks", "involve", "include", "may", "going", "fixed",
        ],
        .completedCue: [
            "exchanged", "swapped", "traded", "released", "freed", "returned", "handed", "repatriated", "came", "went",
            "got", "brought", "held", "took", "completed", "carried", "conducted", "saw", "changed", "transferred",
            "received", "secured", "welcomed", "happened", "occurred", "concluded", "finished", "ended",
            // irregular past forms, which no ending gives away
            "won", "gave", "left", "sent", "flew", "began", "led", "became",
        ],
        .weakPastCue: ["were", "was", "had", "has", "have", "did", "back"],
        .futureAuxiliary: ["will", "shall", "'ll", "would"],
        .auxiliaryFiller: ["been", "already", "also", "now", "all", "then", "since"],
        .doneParticiple: [
            "exchanged", "swapped", "traded", "released", "freed", "returned", "handed", "repatriated", "brought",
            "transferred", "completed", "carried", "held", "conducted", "received", "back", "home", "taken", "come", "gone",
        ],
        .postponementCue: [
            "postponed", "postpone", "postponement", "delayed", "delay", "cancelled", "canceled", "suspended", "paused",
            "pause", "disrupted", "derailed", "halted", "stalled", "scrapped", "shelved", "shelve",
        ],
        .doneEventVerb: ["exchanged", "swapped", "traded", "released", "freed", "returned", "repatriated", "transferred"],
        .doneMotionVerb: ["handed", "brought", "came", "got", "went"],
        .doneOutcome: ["happened", "occurred", "completed", "concluded", "finished"],
        .captivityWord: ["captive", "hostage", "in", "by", "prisoner"],
        .planningVerb: [
            "scheduled", "planned", "expected", "postponed", "delayed", "moved", "rescheduled", "slated", "pencilled",
            "penciled", "set", "fixed", "earmarked",
        ],
        .willingness: ["ready", "willing", "happy", "glad", "open", "prepared", "eager"],
        .hedge: [
            "could", "may", "might", "reportedly", "expected", "possibly", "possible", "possibility", "likely", "allegedly",
            "suggests", "suggested", "unconfirmed", "purportedly", "perhaps", "probably", "potentially", "rumoured",
            "rumored", "tentative", "tentatively", "hopes", "hope",
        ],
        .stageNoun: ["stage", "stages", "batch", "batches", "tranche", "tranches", "phase", "phases"],
        .stagePart: ["day", "group", "part", "round", "flight", "flights", "leg", "wave"],
        .ordinal: ["first", "second", "third", "fourth", "fifth", "final", "1st", "2nd", "3rd", "4th"],
        .smallNumber: ["one", "two", "three", "four", "five"],
        .speechVerb: [
            "said", "says", "say", "told", "tells", "stated", "states", "wrote", "writes", "announced", "announces",
            "confirmed", "confirms", "noted", "notes", "added", "reported", "reports", "claimed", "claims", "declared",
            "revealed", "reveals", "explained", "stressed", "insisted", "insists", "posted", "tweeted",
            "argued", "emphasized", "highlighted", "warned", "commented", "disclosed",
        ],
        .audience: ["reporters", "journalists", "media", "him", "her", "them", "it"],
        .speakerAdverb: ["recently", "also", "has", "had", "have", "later", "earlier", "then", "previously", "once"],
        .personalPronoun: ["he", "she"],
        .speakerRole: [
            "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "ministry", "minister",
            "ombudsman", "commissioner", "representative", "envoy", "negotiator", "mediator",
        ],
        .title: [
            "president", "prime", "minister", "foreign", "defense", "defence", "spokeswoman", "spokesman", "spokesperson",
            "ombudsman", "commissioner", "general", "gen", "head", "chief", "deputy", "secretary", "envoy", "official",
            "officials", "ukrainian", "russian", "israeli", "us", "mr", "ms", "mrs", "dr", "adviser", "advisor",
            "national", "security", "state", "the", "a", "representative", "lt", "col", "kremlin",
        ],
        .notAName: ["the", "a", "it", "this", "that", "they", "we", "i", "he", "she"],
        .nameEnd: [",", ".", "on", "in", "at", "that", ";", "\"", "”", "("],
        .article: ["the", "a", "an"],
        .relativePronoun: ["which", "who", "whom", "whose"],
        .clauseBreak: [";", ":", "—"],
        .clauseJoiner: ["when", "while", "with", "but", "although", "whereas", "though", "and"],
        .complementizer: ["that"],
        .passiveAuxiliary: ["be", "been", "being"],
        .rangeJoiner: ["-", "–", "—", "to", "and", "through"],
        .rangeOpener: ["from", "between"],
        .alternativeJoiner: ["or"],
        .dayMonthLink: ["of", "the"],
        .datePreposition: ["on", "in"],
        .placePreposition: ["in", "at", "near"],
        .startingPoint: ["since"],
        .unitAfterNumber: [
            "%", "percent", "km", "kilometres", "kilometers", "square", "years", "year", "days", "day", "hours", "hour",
            "times", "miles", "minutes", "months", "month", "weeks", "week", "a.m", "p.m", "am", "pm", "gmt", "th",
        ],
        .timeUnit: ["day", "year", "month", "week", "hour", "minute"],
        .ageWord: ["aged", "ages", "age"],
        .possessionVerb: ["has", "have", "had", "holds", "hold", "holding", "keeps", "keep", "keeping"],
        .rate: ["per"],
        .sideNoun: ["side", "country", "party"],
        .totalWord: ["total", "combined", "altogether", "overall", "every"],
        .indefiniteArticle: ["a", "an"],
        .numberJoiner: ["-", "and"],
        .forConnector: ["for"],
        .equalConnector: ["to"],
        .connectorFiller: ["in", "return", "exchange"],
        .connectorStop: ["every", "each", "per", "and", "while", "but", "were", "was", "is", "are", "said", "the"],
        .eachWord: ["each", "apiece"],
        .countFiller: ["of", "(", ")", "more", "wounded", "injured", "service"],
        .givingVerb: ["got", "get", "handed", "hand", "free", "released", "release", "swap", "exchange"],
        .listBreak: [",", ".", ";"],
        .sideFiller: ["more", "of", "female", "male", "women", "woman", "young", "other", "-", "severely", "badly"],
        .releaseVerb: ["free", "frees", "release", "releases", "hand", "hands", "return", "returns"],
        .nameLink: ["of", "for", "the"],
        .receiveVerb: ["receive", "receives", "received", "receiving", "welcome", "welcomes", "welcomed"],
        .receivedFiller: ["the", "bodies", "remains", "of", "back"],
        .releaseAuxiliary: [
            "will", "would", "is", "are", "to", "due", "set", "agreed", "expected", "plans", "shall", "must", "should", "also", "then",
            "expects", "expect",
        ],
        .verbParticle: ["over", "back"],
        .phrasalOverVerb: [
            "hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "pass", "passed", "passing", "sign", "signed",
        ],
        .increaseVerb: ["increas*", "expand*", "rais*", "rise*", "rising*", "grow*", "extend*", "boost*", "rose", "raised"],
        .tentativeAdverb: ["possibly", "perhaps", "potentially", "maybe"],
    ]

    private static let englishConstructions: [Construction: [Pattern]] = [
        .eventPhrase: [
            ["back|came|come|went|go|brought|bring|returned|return|coming|comes", "home"],
            ["back", "*", "home"],
            ["go|goes|went|set|to|will|would|each|side|be", "free"],
            ["let", "out"],
            ["hand|handed|handing|hands", "over"],
            // "the Americans could leave Iran in September": captives who leave are let go
            ["@person", "could|will|would|may|might|can|to|should|shall?", "leave"],
            // "another 30 people will be delivered to Russia tomorrow"
            ["be|been|being|were|was", "delivered"],
            ["hand|handed|got|get|bring|brought", "back"],
            ["changed|change|changing", "hands|sides"],
            // "the next group is due tomorrow", "further stages would follow": the exchange's parts to come
            ["next|remaining|final|last|further", "group|groups|batch|batches"],
            ["further|remaining", "stages"],
            // "Ukraine expects to receive the bodies of 1,000 soldiers": one side's share of the exchange
            ["@receiveVerb", "the|back?", "bodies|remains|prisoners|pows|captives|hostages|detainees"],
            // "the remaining 2,000 are expected on Friday": the rest of the exchange's captives
            ["the", "remaining|last|final", "<number>"],
        ],
        .notEvent: [
            // "exchange lists of names", "exchanged fire"
            ["@exchangeWord", "@nonEventObject"],
            ["@exchangeWord", "*", "@nonEventObject"],
            // "stop trading in dollars", "trade in goods": commerce
            ["trade|trades|trading|traded", "in|with", "!@livingCaptive|@person"],
            // "the return of displaced Palestinians to northern Gaza"
            ["@returnWord", "*?", "*?", "@nonCaptiveReturnee"],
        ],
        .historical: [
            // "last week", "the last swap"; not "at last", "last-minute", "last-ditch"
            ["!at", "^last", "!-"],
            ["most", "^recent"],
            // "had been planned on a 160-for-160 basis": a plan overtaken by events
            ["had", "been?", "@planningVerb|due"],
            // "was planned today", "were scheduled for yesterday": a plan for a day that has come
            ["was|were", "planned|scheduled|due|set", "for?", "today|yesterday"],
            // "since 2022", "since February 2022", "since the full-scale invasion": cumulative background
            ["since", "<number>|the|<month>"],
            ["previous|previously|earlier|ago|prior|former|originally"],
        ],
        .notHistorical: [
            // "said earlier that …" and "earlier in the day" date the statement, not the swap
            ["@speechVerb", "^earlier"],
            ["earlier", "in|today|this|on"],
            // "the last hostages", "the last group", "the last 50 prisoners": the final ones of this exchange
            ["^last", "<number>?", "@person|@stagePart"],
        ],
        .hypothetical: [
            // "would be happy to exchange them even tomorrow"; "is ready to hand over … next week" is an offer
            ["would|could|might|'d", "be", "@willingness", "to"],
            ["would|could|might|'d", "be", "@willingness", "!,", "to"],
            ["@willingness", "to", "**", "if|whenever|any"],
        ],
        .progressive: [
            ["are|is", "being"],
            ["are|is", "under", "way"],
            ["are|is", "underway"],
            ["are|is", "taking", "place"],
            ["are|is|was|were", "going", "on"],
        ],
        .planStillHolds: [["still", "expected|planned|scheduled|due|set|on"]],
        .counterfactual: [["could|would|should|might|'d", "have", "been|taken|gone|seen|freed|released|exchanged|swapped"]],
        // "an exchange with Kiev is taking place": the exchange itself under way ("preparations are
        // under way", "are being returned" may be anything)
        .happeningNow: [
            ["<event>", "**", "is|are|was|were", "taking|going", "place|on"]
        ],
        .postponement: [
            // "the delayed exchange … will now take place on Monday" is no new postponement
            // …nor an adjective before the exchange: "the long-delayed swap"
            ["!@article", "^@postponementCue", "!<event>"],
            ["called", "off"],
            ["on", "hold|pause"],
            ["not", "going|go", "ahead"],
            ["not", "taking|take", "place"],
            ["not", "happen"],
            ["fell", "through"],
            // "blamed the other for the collapse", "talks on the releases broke down"
            ["collapse|collapsed|collapses"],
            ["broke|break|breaks", "down"],
            // "holding back the release", "held back the second group"
            ["holding|held|holds|hold", "back"],
        ],
        .reportsDone: [
            // "today we are returning home 19 people", "are returning 90 defenders home"
            ["am|are|is", "^returning|coming", "home|back"],
            ["am|are|is", "^returning", "*", "*?", "*?", "home|back"],
            // "were swapped", "freed", "came home"; not "to be freed", "are freed", "freed prisoners", "those freed"
            ["!be|are|is|those|the", "^@doneEventVerb&<event>", "!@person|@livingCaptive"],
            // "Russia and Ukraine exchanged prisoners", "have freed prisoners": a swap's verb and its object
            ["!be|are|is|those|the|a|an|of", "^exchanged|swapped|traded", "@person|@livingCaptive|@bodies"],
            ["has|have|had", "^@doneEventVerb&<event>"],
            // "lists were handed over" is no swap
            ["!@nonEventObject", "!be|are|is", "^@doneMotionVerb"],
            ["took|taken", "place"],
            ["@doneOutcome"],
            // "held a 1,000-for-1,000 prisoner exchange", "carried out the swap"; not "held captive"
            ["held", "<event>"],
            ["held", "!@captivityWord", "**", "<event>"],
            ["conducted|carried|staged|implemented|made|completed", "**", "<event>"],
        ],
        .stage: [
            ["@stageNoun"],
            // "the first group", "the second day"; not "the first of …"
            ["@ordinal", "@stagePart", "!of"],
            ["day", "@ordinal|@smallNumber"],
            ["under", "way"],
            ["underway"],
        ],
        // "the third exchange", "the second day", "day two": which stage a sentence reports
        .stageNumber: [
            ["^@ordinal", "@stagePart|<event>"],
            ["day", "^@ordinal|@smallNumber"],
        ],
        .hedgePhrase: [["according", "to", "a|sources|source|media|reports"]],
        .attribution: [["according", "to"]],
        .cumulative: [["since"], ["so", "far"], ["to", "date"]],
        .firstSince: [["first", "*?", "*?", "@event|@captive", "since"]],
        .totalBefore: [["total", "of"]],
        .swapTotalBefore: [["exchange|exchanges|swap|swaps", "of"]],
        .partitiveBefore: [["some|all|many|most|several|few|half|part|none|any", ",?", "of", "the|these|those"]],
        .totalAfter: [["@totalWord"], ["in", "all|total"]],
        .eachAfter: [
            ["@eachWord"],
            ["per|a", "side"],
            // "887 prisoners from both sides" counts both sides together
            ["on|from|for", "each|either", "side|sides"],
            ["on|for", "both", "sides"],
            ["to", "each", "side"],
        ],
        .increaseBefore: [
            // "possibly up to 1,200"
            ["@tentativeAdverb", "up", "to"],
            // "increased to", "could rise to", "with the possibility of increasing the number to"
            ["@increaseVerb", "*?", "*?", "*?", "up?", "to"],
        ],
        .exchangeDayAfterDate: [[",", "the", "@ordinal|last", "@stagePart", "of", "the", "<event>"]],
        .sameDayWeekday: [
            ["later|today|this", "^<weekday>"],
            ["later", "on", "^<weekday>"],
        ],
        .nextWeekday: [["next|coming", "^<weekday>"]],
        // "…, and is now planned for Monday": a clause that goes on about the exchange of the one before
        .continuation: [
            ["and|but", "now?", "is|are|was|were|will|would|could|has|have|had|should|may|might|shall|can"],
            // "the release will begin …, and not before Friday": the same clause, its verb left out
            ["and|but", "not|only", "before|until|till|after|on|in|by"],
        ],
        .newDate: [["moved|postponed|pushed|rescheduled|delayed|shifted|brought", "back|forward?", "to|until|till|for"]],
        .duration: [
            // "a four-day truce", "the three-day exchange"
            ["<number>", "-", "day", "@pause|<event>"],
            // "over four days", "within the four days", "for three days"
            ["over|within|across", "the?", "<number>", "days"],
            // "will take three days", "a pause of at least four days"
            ["take|takes|last|lasts|of", "at?", "least?", "<number>", "days"],
        ],
    ]
}
