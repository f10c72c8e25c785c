import SwapWatchMessages

/// A size read from a sentence, placed in time by its clause.
struct FoundSize {
    var value: SizeValue
    var tense: Tense
    /// Token index the construction starts at.
    var position: Int
}

/// Reads exchange sizes from a sentence: "N for N", "N each", "up to N people",
/// "N Ukrainians and N Russians", "possibly increased to N". Counts that are not sizes (ages,
/// years, ordinals, totals of both sides, cumulative figures, casualties) match none of them.
struct SizeReader {
    let reading: SentenceReading
    let parties: [String]

    private struct Count {
        let value: Int
        let first: Int
        let next: Int
    }

    private var tokens: [Token] { reading.tokens }

    func read() -> [FoundSize] {
        let counts = findCounts()
        var used = Set<Int>()  // token index of counts already explained
        var found: [FoundSize] = []

        // Increases are read first: their number is a bound, not a size of its own.
        var increases: [(value: Int, position: Int)] = []
        for count in counts where isIncrease(before: count.first) {
            increases.append((count.value, count.first))
            used.insert(count.first)
        }

        // "N for N", "N-for-N", "N to N" (equal), and "A <side> for B <side>".
        for (index, count) in counts.enumerated() where !used.contains(count.first) {
            guard let (other, connector) = forPartner(of: count, in: counts, after: index), !used.contains(other.first) else { continue }
            _ = connector
            let value: SizeValue
            if count.value == other.value {
                value = .perSide(qualified(count.value, at: count.first))
            } else if let a = side(after: count.next, limit: 4), let b = side(after: other.next, limit: 3), a != b {
                value = .sides([a: .exactly(count.value), b: .exactly(other.value)])
            } else {
                continue
            }
            used.insert(count.first)
            used.insert(other.first)
            found.append(FoundSize(value: value, tense: reading.tense(at: count.first), position: count.first))
        }

        // "N prisoners each", "each released N".
        for count in counts where !used.contains(count.first) {
            guard isEach(count) else { continue }
            guard !isExcluded(count) else { continue }
            used.insert(count.first)
            found.append(FoundSize(value: .perSide(qualified(count.value, at: count.first)), tense: reading.tense(at: count.first), position: count.first))
        }

        // "N Ukrainian … and N Russian …": two sides named in one sentence.
        var mentions: [(party: String, count: Count)] = []
        for count in counts where !used.contains(count.first) && !isExcluded(count) {
            guard qualifier(before: count.first) == nil else { continue }
            if let party = side(after: count.next, limit: 3) ?? sideByReleasingParty(before: count.first), parties.contains(party) {
                mentions.append((party, count))
            }
        }
        if let a = mentions.first, let b = mentions.first(where: { $0.party != a.party }),
           reading.clause(containing: a.count.first).first == reading.clause(containing: b.count.first).first || reading.hasEvent() {
            let value: SizeValue = a.count.value == b.count.value
                ? .perSide(.exactly(a.count.value))
                : .sides([a.party: .exactly(a.count.value), b.party: .exactly(b.count.value)])
            used.insert(a.count.first)
            used.insert(b.count.first)
            found.append(FoundSize(value: value, tense: reading.tense(at: a.count.first), position: a.count.first))
        }

        // "up to N people", "at least N prisoners" about an exchange to come.
        for count in counts where !used.contains(count.first) {
            guard let q = qualifier(before: count.first), followedByPeople(count.next), !isExcluded(count) else { continue }
            let clause = reading.clause(containing: count.first)
            let tense = reading.tense(at: count.first)
            guard reading.hasEvent(in: clause) || reading.hasEvent(), tense == .upcoming else { continue }
            used.insert(count.first)
            found.append(FoundSize(value: .perSide(q(count.value)), tense: tense, position: count.first))
        }

        // Attach each increase to the nearest size before it in the sentence.
        for increase in increases {
            if let i = found.lastIndex(where: { $0.position < increase.position }), case .perSide(let base) = found[i].value {
                found[i].value = .perSide(SizeInterval(min: base.min, max: max(base.max ?? 0, increase.value)))
            } else if reading.tense(at: increase.position) == .upcoming, reading.hasEvent() {
                found.append(FoundSize(value: .perSide(SizeInterval(min: nil, max: increase.value)), tense: .upcoming, position: increase.position))
            }
        }
        return found
    }

    // MARK: Counts

    /// Numbers that can be head counts: not days of a date, not years, not ordinals or units.
    private func findCounts() -> [Count] {
        var counts: [Count] = []
        var i = 0
        while i < tokens.count {
            guard let (value, next) = NumberReader.read(tokens, at: i) else { i += 1; continue }
            defer { i = next }
            let after = reading.word(next)
            let before = reading.word(i - 1)
            if tokens[i].kind == .number, tokens[i].lower.count == 4, (1900...2100).contains(value), !tokens[i].lower.contains(",") { continue }
            if Lexicon.months[before] != nil || Lexicon.months[after] != nil && value <= 31 { continue }
            if after == "per" && !["side", "country", "party"].contains(reading.word(next + 1)) { continue }
            if ["%", "percent", "km", "kilometres", "kilometers", "square", "years", "year", "days", "day", "hours",
                "hour", "times", "miles", "minutes", "months", "month", "weeks", "week", "a.m", "p.m", "am", "pm", "gmt", "th"].contains(after) { continue }
            if after == "-", ["day", "year", "month", "week", "hour", "minute"].contains(reading.word(next + 1)) { continue }
            if before == "aged" || before == "ages" || before == "age" || before == "between" && reading.word(i - 2) == "aged" { continue }
            if value < 2 { continue }
            counts.append(Count(value: value, first: i, next: next))
        }
        return counts
    }

    /// Cumulative figures, totals of both sides, rates, casualties and ages.
    private func isExcluded(_ count: Count) -> Bool {
        let clause = reading.clause(containing: count.first)
        let before1 = reading.word(count.first - 1)
        let before2 = reading.word(count.first - 2)
        if before1 == "of" && before2 == "total" { return true }
        if before2 == "ages" || before2 == "aged" { return true }
        for i in count.next..<min(count.next + 5, tokens.count) {
            let w = reading.word(i)
            if Lexicon.casualtyWords.contains(w) { return true }
            if w == "in" && (reading.word(i + 1) == "all" || reading.word(i + 1) == "total") { return true }
            if ["total", "combined", "altogether", "overall", "every"].contains(w) { return true }
            if w == "," || w == "." { break }
        }
        for i in max(0, count.first - 4)..<count.first where Lexicon.casualtyWords.contains(reading.word(i)) { return true }
        // "4,552 returned since 2022", "so far", "to date"
        for i in clause.first..<clause.end {
            let w = reading.word(i)
            if w == "since" || (w == "so" && reading.word(i + 1) == "far") || (w == "to" && reading.word(i + 1) == "date") { return true }
        }
        return false
    }

    // MARK: Constructions

    /// The second number of "N for N", "N-for-N", "N in return for M", "N to N".
    private func forPartner(of count: Count, in counts: [Count], after index: Int) -> (Count, String)? {
        guard index + 1 < counts.count else { return nil }
        let other = counts[index + 1]
        var words: [String] = []
        for i in count.next..<other.first { words.append(reading.word(i)) }
        let meaningful = words.filter { !["-", "–", "\"", "“", "”", "'", "(", ")"].contains($0) }
        guard let forIndex = meaningful.firstIndex(of: "for") ?? (meaningful == ["to"] ? 0 : nil) else { return nil }
        if meaningful[forIndex] == "to" && count.value != other.value { return nil }
        // Up to four words on either side of "for", none of them a clause word or a rate.
        let stop: Set<String> = ["every", "each", "per", ",", ".", "and", "while", "but", "were", "was", "is", "are", "said", "the"]
        let left = meaningful[..<forIndex].filter { !["in", "return", "exchange"].contains($0) }
        let right = meaningful[(forIndex + 1)...]
        guard left.count <= 4, right.count <= 3, !left.contains(where: stop.contains), !right.contains(where: stop.contains) else { return nil }
        return (other, meaningful[forIndex])
    }

    /// "N each", "N apiece", "N (people) from each side", "each (side) released N".
    private func isEach(_ count: Count) -> Bool {
        // After the number: skip people words, then an "each" phrase.
        var i = count.next
        var skipped = 0
        while i < tokens.count, skipped < 6 {
            let w = reading.word(i)
            if Lexicon.peopleNouns.contains(w) || Lexicon.demonyms[w] != nil || ["of", "(", ")", "more", "wounded", "injured"].contains(w) || w == "service" {
                i += 1
                skipped += 1
                continue
            }
            break
        }
        let w = reading.word(i)
        let w1 = reading.word(i + 1)
        if w == "each" || w == "apiece" { return true }
        if w == "per" && w1 == "side" { return true }
        if w == "a" && w1 == "side" { return true }
        if ["on", "from", "for"].contains(w) && ["each", "both", "either"].contains(w1) && ["side", "sides"].contains(reading.word(i + 2)) { return true }
        if w == "to" && w1 == "each" && reading.word(i + 2) == "side" { return true }
        // Before the number: "each (country|side) VERB (over|back)? N"
        var j = count.first - 1
        if qualifier(before: count.first) != nil { j -= qualifierLength(before: count.first) }
        var sawVerb = false
        var steps = 0
        while j >= 0, steps < 5 {
            let word = reading.word(j)
            if word == "each" {
                return sawVerb
            }
            if reading.isEventWord(j) || ["got", "get", "handed", "hand", "free", "released", "release", "swap", "exchange"].contains(word) { sawVerb = true }
            if [",", ".", "and"].contains(word) { break }
            j -= 1
            steps += 1
        }
        return false
    }

    /// Whether people words follow the number ("prisoners", "POWs", "people", "Ukrainian soldiers").
    private func followedByPeople(_ next: Int) -> Bool {
        for i in next..<min(next + 4, tokens.count) {
            let w = reading.word(i)
            if Lexicon.peopleNouns.contains(w) || Lexicon.demonyms[w] != nil { return true }
        }
        return false
    }

    /// The party whose people a count names: "200 Palestinian prisoners" → Hamas.
    private func side(after next: Int, limit: Int) -> String? {
        var i = next
        while i < min(next + limit, tokens.count) {
            let w = reading.word(i)
            if let party = Lexicon.demonyms[w] { return party }
            if !(Lexicon.peopleNouns.contains(w) || ["more", "of", "female", "male", "women", "woman", "young", "other", "-", "severely", "badly"].contains(w)) {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// "possibly increased to N", "with the possibility of increasing the number to N", "could rise to N",
    /// and "at least 1,000, possibly up to 1,200".
    private func isIncrease(before first: Int) -> Bool {
        let to = first - 1
        guard reading.word(to) == "to" else { return false }
        let hasUp = reading.word(to - 1) == "up"
        if hasUp, ["possibly", "perhaps", "potentially", "maybe"].contains(reading.word(to - 2)) { return true }
        let start = hasUp ? to - 2 : to - 1
        for j in stride(from: start, through: max(0, start - 3), by: -1) {
            let w = reading.word(j)
            if w.hasPrefix("increas") || w.hasPrefix("expand") || w.hasPrefix("rais") || w.hasPrefix("rise") || w.hasPrefix("rising")
                || w.hasPrefix("grow") || w.hasPrefix("extend") || w.hasPrefix("boost") || w == "rose" || w == "raised" {
                return true
            }
        }
        return false
    }

    /// "over" as in "more than", not as in "hand over 100".
    private func isOverQualifier(at index: Int) -> Bool {
        reading.word(index) == "over" && !Self.overVerbs.contains(reading.word(index - 1))
    }

    private static let overVerbs: Set<String> = [
        "hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "pass", "passed", "passing", "sign", "signed",
    ]

    /// The party whose people a released count names when the sentence says who releases them:
    /// "Israel will release 1,950 …" → Hamas's people, "Hamas will free the 20 hostages" → Israel's.
    private func sideByReleasingParty(before first: Int) -> String? {
        guard parties.count == 2 else { return nil }
        var i = first - 1
        if qualifier(before: first) != nil { i -= qualifierLength(before: first) }
        if reading.word(i) == "the" { i -= 1 }
        if reading.word(i) == "over" || reading.word(i) == "back" { i -= 1 }
        guard Self.releaseVerbs.contains(reading.word(i)) else { return nil }
        for j in stride(from: i - 1, through: max(0, i - 4), by: -1) {
            let w = reading.word(j)
            if let party = Lexicon.partyWords[w], parties.contains(party) {
                return parties.first { $0 != party }
            }
            guard Self.releaseAuxiliaries.contains(w) else { return nil }
        }
        return nil
    }

    private static let releaseVerbs: Set<String> = [
        "free", "frees", "release", "releases", "hand", "hands", "return", "returns",
    ]

    /// Words allowed between the releasing party and its verb: "Israel is due to release".
    private static let releaseAuxiliaries: Set<String> = [
        "will", "would", "is", "are", "to", "due", "set", "agreed", "expected", "plans", "shall", "must", "should", "also", "then",
    ]

    private func qualifierLength(before first: Int) -> Int {
        let w1 = reading.word(first - 1), w2 = reading.word(first - 2), w3 = reading.word(first - 3)
        if (w3 == "no" || w3 == "not") && (w2 == "fewer" || w2 == "less") && w1 == "than" { return 3 }
        if w3 == "as" && w2 == "many" && w1 == "as" { return 3 }
        if w2 == "up" && w1 == "to" || w2 == "at" && w1 == "least" || w2 == "more" && w1 == "than" { return 2 }
        if (w2 == "upwards" && w1 == "of") || (w3 == "a" && (w2 == "minimum" || w2 == "maximum") && w1 == "of") { return w3 == "a" ? 3 : 2 }
        if isOverQualifier(at: first - 1) { return 1 }
        return 0
    }

    /// The interval a qualifier in front of a number makes of it.
    private func qualifier(before first: Int) -> ((Int) -> SizeInterval)? {
        let w1 = reading.word(first - 1), w2 = reading.word(first - 2), w3 = reading.word(first - 3)
        if w2 == "up" && w1 == "to" { return { SizeInterval(min: nil, max: $0) } }
        if w3 == "as" && w2 == "many" && w1 == "as" { return { SizeInterval(min: nil, max: $0) } }
        if w2 == "maximum" && w1 == "of" { return { SizeInterval(min: nil, max: $0) } }
        if w2 == "at" && w1 == "least" { return { SizeInterval(min: $0, max: nil) } }
        if (w3 == "no" || w3 == "not") && (w2 == "fewer" || w2 == "less") && w1 == "than" { return { SizeInterval(min: $0, max: nil) } }
        if w2 == "more" && w1 == "than" { return { SizeInterval(min: $0, max: nil) } }
        if isOverQualifier(at: first - 1) || (w2 == "upwards" && w1 == "of") || (w2 == "minimum" && w1 == "of") { return { SizeInterval(min: $0, max: nil) } }
        return nil
    }

    private func qualified(_ value: Int, at first: Int) -> SizeInterval {
        qualifier(before: first)?(value) ?? .exactly(value)
    }
}
