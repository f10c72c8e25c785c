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
    private var language: Language { reading.language }

    func read() -> [FoundSize] {
        // A lone "one" is rarely a head count ("one of the officials"); in "one-for-one" it is.
        let all = findCounts()
        let counts = all.filter { $0.value >= 2 }
        var used = Set<Int>()  // token index of counts already explained
        var found: [FoundSize] = []

        // Increases are read first: their number is a bound, not a size of its own.
        var increases: [(value: Int, position: Int)] = []
        for count in counts where reading.start(of: .increaseBefore, endingBefore: count.first) != nil {
            increases.append((count.value, count.first))
            used.insert(count.first)
        }

        // "N for N", "N-for-N", "N to N" (equal), and "A <side> for B <side>".
        for (index, count) in all.enumerated() where !used.contains(count.first) {
            guard let other = forPartner(of: count, in: all, after: index), !used.contains(other.first) else { continue }
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

        // "N prisoners each", "each released N", "no fewer than N, possibly up to M on each side".
        for count in counts where !used.contains(count.first) {
            let raisedEach =
                increases.first { $0.position > count.next && $0.position - count.next <= 6 }
                .flatMap { increase in counts.first { $0.first == increase.position } }
                .map { isEach($0) } ?? false
            guard isEach(count) || raisedEach, !isExcluded(count) else { continue }
            used.insert(count.first)
            let value = SizeValue.perSide(qualified(count.value, at: count.first))
            found.append(FoundSize(value: value, tense: reading.tense(at: count.first), position: count.first))
        }

        // "N Ukrainian … and N Russian …": two sides named in one sentence.
        let mentions = sideMentions(counts.filter { !used.contains($0.first) })
        if let a = mentions.first, let b = mentions.first(where: { $0.party != a.party }),
            reading.clause(containing: a.count.first).first == reading.clause(containing: b.count.first).first || reading.hasEvent()
        {
            let value: SizeValue =
                a.count.value == b.count.value
                ? .perSide(.exactly(a.count.value))
                : .sides([a.party: .exactly(a.count.value), b.party: .exactly(b.count.value)])
            used.insert(a.count.first)
            used.insert(b.count.first)
            found.append(FoundSize(value: value, tense: reading.tense(at: a.count.first), position: a.count.first))
        } else if let a = mentions.first, mentions.allSatisfy({ $0.party == a.party }), reading.isAboutBodies() || isHomecoming(a.count) {
            // Bodies often go one way: "will hand over 3,000 bodies of Ukrainian soldiers"; and
            // those to come home are often all a side announces: "30 Ukrainians are set to
            // return home", "домой должны вернуться 30 украинцев".
            used.insert(a.count.first)
            found.append(
                FoundSize(value: .sides([a.party: .exactly(a.count.value)]), tense: reading.tense(at: a.count.first), position: a.count.first))
        }

        // "up to N people", "at least N prisoners" about an exchange to come; "up to 150
        // Palestinian prisoners" bounds one side only.
        for count in counts where !used.contains(count.first) {
            guard let q = qualifier(before: count.first), followedByPeople(count.next), side(after: count.next, limit: 3) == nil,
                !isExcluded(count), reading.start(of: .swapTotalBefore, endingBefore: q.start) == nil
            else { continue }
            let clause = reading.clause(containing: count.first)
            let tense = reading.tense(at: count.first)
            guard reading.hasEvent(in: clause) || reading.hasEvent(), tense == .upcoming else { continue }
            used.insert(count.first)
            found.append(FoundSize(value: .perSide(q.interval(count.value)), tense: tense, position: count.first))
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

    /// The count of one side's people that a sentence to come releases: "the Republic of
    /// Azerbaijan releases 32 Armenian servicemen" (a joint statement whose next sentence gives the
    /// other side's). Only for a sentence that gives no size of both sides.
    func oneSide() -> (party: String, count: Int)? {
        guard tokens.indices.contains(where: { reading.isNumber(at: $0) }) else { return nil }
        let mentions = sideMentions(findCounts().filter { $0.value >= 1 })
        guard mentions.count == 1, let mention = mentions.first, reading.tense(at: mention.count.first) == .upcoming,
            reading.hasEvent(in: reading.clause(containing: mention.count.first))
        else { return nil }
        return (mention.party, mention.count.value)
    }

    /// Whether a count is of people a plan brings home: its clause says, by a cue of its own, that
    /// a return is to come ("are set to return", "должны вернуться"; not "заявило о возвращении",
    /// nor "in return").
    private func isHomecoming(_ count: Count) -> Bool {
        let clause = reading.clause(containing: count.first)
        return reading.tense(at: count.first) == .upcoming && clause.range.contains { reading.cues[$0] == .upcoming }
            && clause.range.contains {
                reading.has(.returnWord, at: $0) && reading.isEventWord($0) && !reading.has(.placePreposition, at: $0 - 1)
            }
    }

    /// Counts of one party's people ("200 Palestinian prisoners", "Israel will release 1,950 …").
    private func sideMentions(_ counts: [Count]) -> [(party: String, count: Count)] {
        var mentions: [(party: String, count: Count)] = []
        for count in counts {
            guard
                let party = side(after: count.next, limit: 3) ?? sideByReleasingParty(before: count.first)
                    ?? sideByReceivingParty(before: count.first), parties.contains(party),
                qualifier(before: count.first) == nil, !isExcluded(count)
            else { continue }
            mentions.append((party, count))
        }
        return mentions
    }

    // MARK: Counts

    /// Numbers that can be head counts: not days of a date, not years, not ordinals or units.
    private func findCounts() -> [Count] {
        let numbers = NumberReader(reading: reading)
        var counts: [Count] = []
        var i = 0
        while i < tokens.count {
            guard let (value, next) = numbers.read(at: i) else {
                i += 1
                continue
            }
            defer { i = next }
            if tokens[i].kind == .number, tokens[i].lower.count == 4, (1900...2100).contains(value), !tokens[i].lower.contains(",") { continue }
            if reading.isMonth(at: i - 1) || reading.isMonth(at: next) && value <= 31 { continue }
            if reading.has(.rate, at: next) && !reading.has(.sideNoun, at: next + 1) { continue }
            if reading.has(.unitAfterNumber, at: next) { continue }
            if reading.word(next) == "-", reading.has(.timeUnit, at: next + 1) { continue }
            if reading.has(.ageWord, at: i - 1) || reading.has(.rangeOpener, at: i - 1) && reading.has(.ageWord, at: i - 2) { continue }
            if value < 1 { continue }
            counts.append(Count(value: value, first: i, next: next))
        }
        return counts
    }

    /// Cumulative figures, totals of both sides, rates, casualties, ages and stocks held.
    private func isExcluded(_ count: Count) -> Bool {
        let clause = reading.clause(containing: count.first)
        if reading.start(of: .totalBefore, endingBefore: count.first) != nil { return true }
        if reading.start(of: .partitiveBefore, endingBefore: qualifier(before: count.first)?.start ?? count.first) != nil { return true }
        if reading.has(.ageWord, at: count.first - 2) { return true }
        // "Russia has more than 2,000 bodies ready", "Azerbaijan is holding 55 prisoners": a stock
        if reading.has(.possessionVerb, at: (qualifier(before: count.first)?.start ?? count.first) - 1) { return true }
        for i in count.next..<min(count.next + 5, tokens.count) {
            if reading.has(.casualty, at: i) || reading.matches(.totalAfter, at: i) { return true }
            if reading.word(i) == "," || reading.word(i) == "." { break }
        }
        for i in max(0, count.first - 4)..<count.first where reading.has(.casualty, at: i) { return true }
        // "4,552 returned since 2022", "so far", "to date"; not "the first swap since May"
        return reading.contains(.cumulative, in: clause.range) && !reading.contains(.firstSince, in: clause.range)
    }

    // MARK: Constructions

    /// The second number of "N for N", "N-for-N", "N in return for M", "N to N" (equal numbers).
    private func forPartner(of count: Count, in counts: [Count], after index: Int) -> Count? {
        guard index + 1 < counts.count else { return nil }
        let other = counts[index + 1]
        // The words between the two numbers, without punctuation.
        let between = (count.next..<other.first).filter { tokens[$0].kind != .punctuation }
        let connector: Int
        if let index = between.firstIndex(where: { reading.has(.forConnector, at: $0) }) {
            connector = index
        } else if between.count == 1, reading.has(.equalConnector, at: between[0]), count.value == other.value {
            connector = 0  // "500 to 500"
        } else {
            return nil
        }
        // Up to four words before the connector and three after it, none of them a clause word or a rate.
        let left = between[..<connector].filter { !reading.has(.connectorFiller, at: $0) }
        let right = between[(connector + 1)...]
        guard left.count <= 4, right.count <= 3 else { return nil }
        let isStop = { (i: Int) in reading.has(.connectorStop, at: i) }
        guard !left.contains(where: isStop), !right.contains(where: isStop) else { return nil }
        guard !(count.next..<other.first).contains(where: { tokens[$0].lower == "," || tokens[$0].lower == "." }) else { return nil }
        return other
    }

    /// "N each", "N apiece", "N (people) from each side", "each (side) released N", "по N".
    private func isEach(_ count: Count) -> Bool {
        // After the number: skip people words, then an "each" phrase.
        var i = count.next
        var skipped = 0
        while i < tokens.count, skipped < 6,
            reading.has(.person, at: i) || reading.demonym(at: i) != nil || reading.has(.countFiller, at: i)
        {
            i += 1
            skipped += 1
        }
        if reading.matches(.eachAfter, at: i) { return true }
        if reading.start(of: .eachBefore, endingBefore: qualifier(before: count.first)?.start ?? count.first) != nil { return true }
        // Before the number: "each (country|side) VERB (over|back)? N", "each country will grant amnesty and release five"
        var j = (qualifier(before: count.first)?.start ?? count.first) - 1
        var sawVerb = false
        var steps = 0
        while j >= 0, steps < 8 {
            if reading.has(.eachWord, at: j) { return sawVerb }
            if reading.isEventWord(j) || reading.has(.givingVerb, at: j) { sawVerb = true }
            if reading.has(.listBreak, at: j) { break }
            j -= 1
            steps += 1
        }
        return false
    }

    /// Whether people words follow the number ("prisoners", "POWs", "people", "Ukrainian soldiers").
    private func followedByPeople(_ next: Int) -> Bool {
        (next..<min(next + 4, tokens.count)).contains { reading.has(.person, at: $0) || reading.demonym(at: $0) != nil }
    }

    /// The party whose people a count names: "200 Palestinian prisoners" → Hamas.
    private func side(after next: Int, limit: Int) -> String? {
        for i in next..<min(next + limit, tokens.count) {
            if let party = reading.demonym(at: i) { return party }
            guard reading.has(.person, at: i) || reading.has(.sideFiller, at: i) else { return nil }
        }
        return nil
    }

    /// The party whose people a released count names when the sentence says who releases them:
    /// "Israel will release 1,950 …" → Hamas's people, "Hamas will free the 20 hostages" → Israel's.
    private func sideByReleasingParty(before first: Int) -> String? {
        guard parties.count == 2 else { return nil }
        var i = (qualifier(before: first)?.start ?? first) - 1
        if reading.has(.article, at: i) { i -= 1 }
        if reading.has(.verbParticle, at: i) { i -= 1 }
        guard reading.has(.releaseVerb, at: i) else { return nil }
        for j in stride(from: i - 1, through: max(0, i - 4), by: -1) {
            if let party = reading.party(at: j), parties.contains(party) {
                return parties.first { $0 != party }
            }
            guard reading.has(.releaseAuxiliary, at: j) else { return nil }
        }
        return nil
    }

    /// The party whose people a count names when the sentence says who receives them: "Ukraine
    /// expects to receive the bodies of 1,000 fallen soldiers" → Ukraine's.
    private func sideByReceivingParty(before first: Int) -> String? {
        var i = (qualifier(before: first)?.start ?? first) - 1
        var skipped = 0
        while skipped < 4, reading.has(.receivedFiller, at: i) {
            i -= 1
            skipped += 1
        }
        guard reading.has(.receiveVerb, at: i) else { return nil }
        for j in stride(from: i - 1, through: max(0, i - 4), by: -1) {
            if let party = reading.party(at: j), parties.contains(party) { return party }
            guard reading.has(.releaseAuxiliary, at: j) else { return nil }
        }
        return nil
    }

    /// The qualifier that ends right before a number ("up to", "at least"): where it starts and the
    /// interval it makes of the number.
    /// The qualifier right before a count, or before the "each" word that opens it ("более чем по 40").
    private func qualifier(before first: Int) -> (start: Int, interval: (Int) -> SizeInterval)? {
        let each = reading.start(of: .eachBefore, endingBefore: first)
        for (pattern, bound) in language.qualifiers {
            guard let range = reading.match(pattern, endingBefore: first) ?? each.flatMap({ reading.match(pattern, endingBefore: $0) }) else {
                continue
            }
            switch bound {
            case .atMost: return (range.lowerBound, { SizeInterval(min: nil, max: $0) })
            case .atLeast: return (range.lowerBound, { SizeInterval(min: $0, max: nil) })
            }
        }
        return nil
    }

    private func qualified(_ value: Int, at first: Int) -> SizeInterval {
        qualifier(before: first)?.interval(value) ?? .exactly(value)
    }
}
