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

/// The cues of a sentence: tense, postponement, completion, hedges and stages, each read from the
/// constructions of the sentence's language.
extension SentenceReading {
    /// The tense at a position: the nearest cue before it in its clause wins, then the nearest after.
    func tense(at index: Int) -> Tense {
        guard let clauseIndex = clauses.firstIndex(where: { index >= $0.first && index < $0.end }) else { return .upcoming }
        precondition(clauseTenses.count == clauses.count, "readTime() first")
        let clause = clauses[clauseIndex]
        if let tense = clauseTenses[clauseIndex] { return tense }
        var best: (distance: Int, tense: Tense)?
        // "Pushilin, whom the Kremlin appointed to run Donetsk, announced …": what a relative clause
        // says happened describes its antecedent, not the clause around it.
        let aside = relativeClause(containing: index)
        for i in clause.range {
            guard let cue = cues[i] else { continue }
            if relativeClause(containing: i) != aside { continue }
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

    /// Whether the clause at a position says anything about time itself, or is upcoming only
    /// because nothing says otherwise ("повідомило про обмін «150 на 150»").
    func isTimed(at index: Int) -> Bool {
        guard let clauseIndex = clauses.firstIndex(where: { index >= $0.first && index < $0.end }) else { return false }
        return clauseTenses[clauseIndex] != nil || clauses[clauseIndex].range.contains { cues[$0] != nil }
    }

    /// The relative clause set off by commas that `index` is in (", which …,", ", якого …,"), by
    /// the position of its pronoun; `nil` outside one.
    func relativeClause(containing index: Int) -> Int? {
        var i = index
        while i > 0 {
            if word(i) == "," { return nil }
            if has(.relativePronoun, at: i), word(i - 1) == "," { return i }
            i -= 1
        }
        return nil
    }

    /// A tense that holds for the whole clause: background, readiness, or under way.
    func readClauseTense(_ clause: Clause) -> Tense? {
        // "will exchange … under the deal reached last week": a future auxiliary outweighs a past
        // detail; "the last swap" alone is background.
        if isHistorical(clause), !clause.range.contains(where: { has(.futureAuxiliary, at: $0) }) { return .historical }
        if contains(.hypothetical, in: clause.range) { return .hypothetical }
        if contains(.progressive, in: clause.range) { return .progressive }
        return nil
    }

    /// What the token at `i` says about time: the first tense cue anchored there decides.
    func readCue(at i: Int) -> Tense? {
        // A month name is no cue ("May").
        if i > 0, isMonth(at: i) { return nil }
        // Each word tries only the cues that can anchor on it.
        for (pattern, reading) in language.tenseCues(anchoringOn: tokens[i].info) where match(pattern, anchoredAt: i) != nil {
            switch reading {
            case .upcoming: return .upcoming
            case .completed: return .completed
            case .none: return nil
            }
        }
        return nil
    }

    private func isHistorical(_ clause: Clause) -> Bool {
        clause.range.contains { matches(.historical, at: $0) && !matches(.notHistorical, at: $0) }
    }

    /// Whether the clause says the exchange will not go ahead as planned. A standstill of swaps in
    /// general ("exchanges are not taking place") calls off no particular exchange.
    func isPostponement(_ clause: Clause) -> Bool {
        let events = clause.range.filter { isEventWord($0) }
        if !events.isEmpty, events.allSatisfy({ has(.pluralEvent, at: $0) }) { return false }
        return contains(.postponement, in: clause.range)
    }

    /// Whether the clause says, in so many words, that an exchange was carried out.
    func reportsDone(_ clause: Clause) -> Bool {
        contains(.reportsDone, in: clause.range, limit: clause.range)
    }

    /// Whether the sentence hedges ("could", "reportedly", "according to sources").
    func isHedged() -> Bool {
        tokens.indices.contains { i in
            if has(.hedge, at: i), !(i > 0 && isMonth(at: i)) { return true }
            return matches(.hedgePhrase, at: i)
        }
    }

    /// Whether the sentence speaks of one stage of an exchange ("the first stage", "day two",
    /// "got under way", "the first group"), not of the whole deal.
    func speaksOfStages() -> Bool { contains(.stage, in: tokens.indices) }

    /// Which stage of the exchange the sentence reports ("the third exchange" 3, "day two" 2).
    func stageNumber() -> Int? {
        for i in tokens.indices where matches(.stageNumber, at: i) {
            if let place = language.pack.numbers.ordinals[tokens[i].lower] { return place }
            if let (place, _) = NumberReader(reading: self).read(at: i) { return place }
        }
        return nil
    }
}
