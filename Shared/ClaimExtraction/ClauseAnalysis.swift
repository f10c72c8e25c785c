/// What a clause says about time: something to come, something done, or background.
enum Tense {
    case upcoming
    /// Under way now ("are being traded on Saturday"): a bare weekday may be today.
    case progressive
    case completed
    /// Background: an earlier exchange ("the previous swap", "since 2022").
    case historical
    /// A wish or readiness, not a plan ("we would be happy to exchange them even tomorrow").
    case hypothetical
}

/// A clause of a sentence: a token range between clause breaks.
struct Clause {
    let first: Int
    let end: Int
}

/// Reading of one tokenized sentence: clauses, cues, event words.
struct SentenceReading {
    let tokens: [Token]
    let clauses: [Clause]

    init(tokens: [Token]) {
        self.tokens = tokens
        clauses = SentenceReading.split(tokens)
    }

    /// Clause breaks: ";", ":", dashes between spaces, and ", when/while/with/but/although/whereas".
    private static func split(_ tokens: [Token]) -> [Clause] {
        var clauses: [Clause] = []
        var start = 0
        let joiners: Set<String> = ["when", "while", "with", "but", "although", "whereas", "though"]
        for (i, token) in tokens.enumerated() {
            var isBreak = token.lower == ";" || token.lower == ":" || token.lower == "—"
            if token.lower == ",", i + 1 < tokens.count, joiners.contains(tokens[i + 1].lower) { isBreak = true }
            if isBreak {
                if i > start { clauses.append(Clause(first: start, end: i)) }
                start = i + 1
            }
        }
        if tokens.count > start { clauses.append(Clause(first: start, end: tokens.count)) }
        return clauses
    }

    func clause(containing index: Int) -> Clause {
        clauses.first { index >= $0.first && index < $0.end } ?? Clause(first: 0, end: tokens.count)
    }

    func word(_ i: Int) -> String { i >= 0 && i < tokens.count ? tokens[i].lower : "" }

    /// Whether the token at `i` names the exchange event ("swap", "released", "go free", …).
    func isEventWord(_ i: Int) -> Bool {
        let w = word(i)
        if w == "exchange" || w == "exchanges" || w == "exchanged" || w == "exchanging" {
            // "exchange lists of names" is not a swap.
            // "the Moscow Exchange": a capitalised exchange after a capitalised name is an institution.
            if tokens[i].capitalized, i > 0, tokens[i - 1].capitalized, !(i == 1 && tokens[0].kind == .word && !Lexicon.partyWords.keys.contains(word(0))) {
                if word(i + 1) != "of" { return false }
            }
            return !Lexicon.nonEventObjects.contains(word(i + 1)) && !Lexicon.nonEventObjects.contains(word(i + 2))
        }
        if w == "home" { return ["back", "came", "come", "went", "go", "brought", "bring", "returned", "return", "coming", "comes"].contains(word(i - 1)) || word(i - 2) == "back" }
        if w == "free" { return ["go", "goes", "went", "set", "to", "will", "would", "each", "side"].contains(word(i - 1)) }
        if w == "return" || w == "returned" || w == "returning" {
            // "the return of displaced Palestinians to northern Gaza" is no swap; a return of captives is.
            return !(i + 1..<min(i + 4, tokens.count)).contains { ["displaced", "refugees", "residents", "evacuees", "territory", "territories"].contains(word($0)) }
        }
        if w == "out", word(i - 1) == "let" { return true }
        if w == "over", ["hand", "handed", "handing", "hands"].contains(word(i - 1)) { return true }
        if w == "back", ["hand", "handed", "got", "get", "bring", "brought"].contains(word(i - 1)) { return true }
        if (w == "hands" || w == "sides"), ["changed", "change", "changing"].contains(word(i - 1)) { return true }
        return Lexicon.eventWords.contains(w)
    }

    /// Whether the sentence names captives or a swap outright ("prisoners", "hostages", "POWs",
    /// "bodies", "swap", "prisoner exchange"). A report without such a sentence is about something
    /// else, however many things in it "returned" or were "freed".
    func namesCaptivesOrSwap() -> Bool {
        tokens.indices.contains { i in
            let w = word(i)
            if Lexicon.captiveWords.contains(w) { return true }
            if w.hasPrefix("exchang") { return isEventWord(i) && !Lexicon.nonSwapExchangeModifiers.contains(word(i - 1)) }
            return false
        }
    }

    func hasEvent(in clause: Clause) -> Bool {
        (clause.first..<clause.end).contains { isEventWord($0) }
    }

    func hasEvent() -> Bool { (0..<tokens.count).contains { isEventWord($0) } }

    /// Past participles and past forms that, after "was/were/has/had/have", report something done.
    private static let doneParticiples: Set<String> = [
        "exchanged", "swapped", "traded", "released", "freed", "returned", "handed", "repatriated", "brought",
        "transferred", "completed", "carried", "held", "conducted", "received", "back", "home",
    ]

    /// The tense at a position: the nearest cue before it in its clause wins, then the nearest after.
    func tense(at index: Int) -> Tense {
        let clause = clause(containing: index)
        if isHistorical(clause) { return .historical }
        if isHypothetical(clause) { return .hypothetical }
        if isProgressive(clause) { return .progressive }
        var best: (distance: Int, tense: Tense)?
        for i in clause.first..<clause.end {
            guard let cue = cue(at: i) else { continue }
            // Cues before the position count double as near as cues after it.
            let distance = i <= index ? (index - i) : (i - index) * 2
            if best == nil || distance < best!.distance { best = (distance, cue) }
        }
        if let best { return best.tense }
        // "The exchange happened on Friday: 95 Ukrainians for 95 Russians" — a colon elaborates
        // the clause before it, so a clause without cues of its own takes that clause's tense.
        if clause.first >= 2, word(clause.first - 1) == ":" { return tense(at: clause.first - 2) }
        return .upcoming
    }

    private func cue(at i: Int) -> Tense? {
        let w = word(i)
        if w == "may" && tokens[i].capitalized && i > 0 { return nil }  // the month
        if w == "to" {
            // "to swap", "to be released", "to go free", "to take place"
            let next = word(i + 1)
            if next == "be" || next == "go" || next == "take" || next == "begin" || next == "include" || next == "involve"
                || Lexicon.eventWords.contains(next) || next == "hand" || next == "bring" || next == "happen" || next == "occur"
                || next == "proceed" || next == "start" { return .upcoming }
            return nil
        }
        if w == "took" && word(i + 1) == "place" { return .completed }
        if isHeldCaptive(at: i) { return nil }
        if w == "went" && word(i + 1) == "ahead" { return .completed }
        if Lexicon.weakPastCues.contains(w) {
            // "were released", "have been exchanged", "are back home"
            var j = i + 1
            while j < i + 4, ["been", "already", "also", "now", "all", "then", "since"].contains(word(j)) { j += 1 }
            if Self.doneParticiples.contains(word(j)) && !Lexicon.upcomingCues.contains(word(j)) {
                if isHeldCaptive(at: j) { return nil }
                return .completed
            }
            if w == "back" && word(i + 1) == "home" { return .completed }
            return nil
        }
        if Lexicon.upcomingCues.contains(w) { return .upcoming }
        // "would be released" is still to come; "had been released" is done.
        if Lexicon.completedCues.contains(w) { return word(i - 1) == "be" ? nil : .completed }
        return nil
    }

    /// "held captive", "held hostage", "held in captivity" say nothing about a swap.
    private func isHeldCaptive(at i: Int) -> Bool {
        word(i) == "held" && ["captive", "hostage", "in", "by", "prisoner"].contains(word(i + 1))
    }

    private func isHistorical(_ clause: Clause) -> Bool {
        for i in clause.first..<clause.end {
            let w = word(i)
            if w == "last" {
                // "last week/month/year/time", "the last swap"; not "at last"
                if word(i - 1) == "at" { continue }
                return true
            }
            if w == "recent" && word(i - 1) == "most" { return true }
            // "had been planned on a 160-for-160 basis": a plan overtaken by events.
            if w == "had", Lexicon.planningVerbs.contains(word(word(i + 1) == "been" ? i + 2 : i + 1)) { return true }
            // "since 2022", "since February 2022", "since the full-scale invasion": cumulative background.
            if w == "since", let next = tokens.indices.contains(i + 1) ? tokens[i + 1] : nil,
               next.kind == .number || next.lower == "the" || Lexicon.months[next.lower] != nil { return true }
            // "said earlier that …" and "earlier in the day" date the statement, not the swap.
            if w == "earlier", Lexicon.speechVerbs.contains(word(i - 1)) || ["in", "today", "this", "on"].contains(word(i + 1)) { continue }
            if ["previous", "previously", "earlier", "ago", "prior", "former"].contains(w) { return true }
        }
        return false
    }

    /// "ready to swap", "would be happy to exchange", "willing to release": readiness before the event.
    private func isHypothetical(_ clause: Clause) -> Bool {
        for i in clause.first..<clause.end where Lexicon.willingnessWords.contains(word(i)) {
            if word(i + 1) == "to" || word(i + 2) == "to" && word(i + 1) != "," { return true }
        }
        return false
    }

    private func isProgressive(_ clause: Clause) -> Bool {
        for i in clause.first..<clause.end {
            let w = word(i)
            if (w == "are" || w == "is") && word(i + 1) == "being" { return true }
            if (w == "are" || w == "is") && (word(i + 1) == "under" && word(i + 2) == "way" || word(i + 1) == "underway") { return true }
            if (w == "are" || w == "is") && word(i + 1) == "taking" && word(i + 2) == "place" { return true }
        }
        return false
    }

    /// Whether the clause says the exchange will not go ahead as planned.
    func isPostponement(_ clause: Clause) -> Bool {
        // "Exchanges are not taking place", "Russia has frozen the exchanges": a standstill of swaps in
        // general calls off no particular exchange.
        let eventWords = (clause.first..<clause.end).filter { isEventWord($0) }
        if !eventWords.isEmpty, eventWords.allSatisfy({ Lexicon.pluralEventNouns.contains(word($0)) }) { return false }
        for i in clause.first..<clause.end {
            let w = word(i)
            // "the delayed exchange … will now take place on Monday" is no new postponement.
            if Lexicon.postponementCues.contains(w), !["the", "a", "an"].contains(word(i - 1)) { return true }
            if w == "called" && word(i + 1) == "off" { return true }
            if w == "on" && (word(i + 1) == "hold" || word(i + 1) == "pause") { return true }
            if w == "not" && (word(i + 1) == "going" && word(i + 2) == "ahead" || word(i + 1) == "taking" && word(i + 2) == "place"
                || word(i + 1) == "take" && word(i + 2) == "place" || word(i + 1) == "happen" || word(i + 1) == "go" && word(i + 2) == "ahead") {
                return true
            }
            if w == "fell" && word(i + 1) == "through" { return true }
        }
        return false
    }

    /// Whether the clause says, in so many words, that an exchange was carried out: a past form of
    /// an exchange verb ("were swapped", "freed", "came home") or "took place", "happened", "was completed".
    func reportsDone(_ clause: Clause) -> Bool {
        for i in clause.first..<clause.end {
            let w = word(i)
            if Lexicon.doneEventVerbs.contains(w), isEventWord(i) || ["handed", "brought", "came", "got", "went"].contains(w) {
                if word(i - 1) == "be" || word(i - 1) == "are" || word(i - 1) == "is" { continue }  // "to be freed", "are freed"
                return true
            }
            if (w == "took" || w == "taken") && word(i + 1) == "place" { return true }
            if Lexicon.doneOutcomes.contains(w) { return true }
            // "held a 1,000-for-1,000 prisoner exchange", "carried out the swap"
            if Lexicon.conductVerbs.contains(w), !isHeldCaptive(at: i), (i + 1..<clause.end).contains(where: { isEventWord($0) }) { return true }
        }
        return false
    }

    /// Whether the sentence hedges ("could", "reportedly", "expected to").
    func isHedged() -> Bool {
        for (i, token) in tokens.enumerated() {
            if token.lower == "may" && token.capitalized && i > 0 { continue }
            if Lexicon.hedges.contains(token.lower) { return true }
            if token.lower == "according" && word(i + 1) == "to" && ["a", "sources", "source", "media", "reports"].contains(word(i + 2)) {
                return true
            }
        }
        return false
    }

    /// Whether the sentence speaks of one stage of an exchange ("the first stage", "day two",
    /// "got under way", "the first group"), not of the whole deal.
    func speaksOfStages() -> Bool {
        for i in 0..<tokens.count {
            let w = word(i)
            if Lexicon.stageNouns.contains(w) { return true }
            if Lexicon.ordinalWords.contains(w), Lexicon.stageParts.contains(word(i + 1)), word(i + 2) != "of" { return true }
            if w == "day", Lexicon.ordinalWords.contains(word(i + 1)) || Lexicon.numberWords.contains(word(i + 1)) { return true }
            if w == "under", word(i + 1) == "way" { return true }
            if w == "underway" { return true }
        }
        return false
    }

    /// Bodies of the fallen are their own kind of exchange.
    func isAboutBodies() -> Bool {
        tokens.contains { $0.lower == "bodies" || $0.lower == "remains" || $0.lower == "body" }
    }
}
