/// Finds who a sentence quotes: "X said", "said X", "according to X", "X, head of …, said";
/// "he said" takes the last named speaker.
struct SpeakerFinder {
    let text: ReportText

    func speaker(of reading: SentenceReading, lastSpeaker: String?) -> String? {
        let tokens = reading.tokens
        for i in tokens.indices {
            for pattern in reading.language.patterns(.attribution) {
                guard let range = reading.match(pattern, startingAt: i), range.lowerBound == i else { continue }
                if let name = nameRun(reading, from: range.upperBound) { return name }
            }
        }
        for i in tokens.indices where reading.isSpeechVerb(at: i) {
            var j = i - 1
            while j >= 0, reading.has(.speakerAdverb, at: j) { j -= 1 }
            // "Kyryl Budanov, recently stated" / "Budanov, head of …, said"
            if j >= 0, tokens[j].lower == "," { j -= 1 }
            // "Pushilin, whom the Kremlin appointed to run Donetsk, said": the name before the
            // relative clause, not the last word of it
            if j >= 0, let pronoun = reading.relativeClause(containing: j), pronoun >= 2 { j = pronoun - 2 }
            if reading.has(.personalPronoun, at: j) { return lastSpeaker }
            if let name = nameRun(reading, endingAt: j) { return name }
            if let name = nameRun(reading, from: i + 1), !name.hasSuffix("'s") { return name }
        }
        return nil
    }

    /// A run of capitalized words ending at `end`, without leading titles.
    private func nameRun(_ reading: SentenceReading, endingAt end: Int) -> String? {
        let tokens = reading.tokens
        guard end >= 0, end < tokens.count else { return nil }
        var start = end
        // "A UAE official says", "a GUR spokesman said": a role noun after the name.
        if reading.has(.speakerRole, at: end) { start -= 1 }
        while start >= 0 {
            if tokens[start].capitalized {
                start -= 1
                continue
            }
            // "the Coordination Headquarters for the Treatment of Prisoners of War said": "of",
            // "for" and "of the" inside an organisation's name
            var link = start
            while link >= 0, start - link < 2, reading.has(.nameLink, at: link) { link -= 1 }
            guard link < start, link >= 0, tokens[link].capitalized, !reading.has(.article, at: link + 1) else { break }
            start = link
        }
        guard start + 1 <= end, tokens[start + 1].capitalized else { return nil }
        return name(reading, (start + 1)...end)
    }

    /// A speaker named after the verb, which ends the clause: "…, said Zelensky." / "said Zelensky on Monday".
    private func nameRun(_ reading: SentenceReading, from start: Int) -> String? {
        let tokens = reading.tokens
        var s = start
        while s < tokens.count, reading.has(.article, at: s) { s += 1 }
        var end = s
        while end < tokens.count {
            if tokens[end].capitalized {
                end += 1
                continue
            }
            var link = end
            while link < tokens.count, link - end < 2, reading.has(.nameLink, at: link) { link += 1 }
            guard end > s, link > end, link < tokens.count, tokens[link].capitalized, !reading.has(.article, at: end) else { break }
            end = link
        }
        guard end > s else { return nil }
        if end < tokens.count, !reading.has(.nameEnd, at: end) { return nil }
        return name(reading, s...(end - 1))
    }

    private func name(_ reading: SentenceReading, _ range: ClosedRange<Int>) -> String? {
        guard range.lowerBound >= 0 else { return nil }
        var positions = Array(range)
        // Drop titles in front of a personal name, keep organisation names whole.
        while positions.count > 1, reading.has(.title, at: positions[0]) { positions.removeFirst() }
        guard let first = positions.first, reading.tokens[first].end - reading.tokens[first].start > 1 else { return nil }
        // "… on Friday, said the ministry": a day or a month is no one
        if positions.contains(where: { reading.isWeekday(at: $0) || reading.isMonth(at: $0) }) { return nil }
        if positions.count == 1, reading.has(.notAName, at: first) { return nil }
        return positions.map { text.text(reading.tokens[$0].start, reading.tokens[$0].end) }.joined(separator: " ")
    }
}
