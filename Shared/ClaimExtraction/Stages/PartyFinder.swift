/// Finds the two parties of the exchange a report is about.
struct PartyFinder {
    let text: ReportText
    let language: Language

    /// The two parties (sorted), or `nil` when the report names no pair. Israel and Hamas, or
    /// Russia and Ukraine, named anywhere make the pair; a report that names only Ukraine or only
    /// Russia (or Russia and Belarus, the venue) is about the war between them; otherwise the two
    /// parties named most often.
    func pair(in sentences: [[Token]]) -> [String]? {
        var counts: [String: Int] = [:]
        for tokens in sentences {
            // Names of two words ("United States", "White House").
            for (first, second) in zip(tokens, tokens.dropFirst())
            where first.info.beginsPartyName && second.start - first.end == 1 {
                if let party = language.party(named: first.lower + " " + second.lower) { counts[party, default: 0] += 1 }
            }
            for token in tokens {
                guard let party = language.party(of: token.info) else { continue }
                let written = text.text(token.start, token.end)
                if language.partiesOnlyInCapitals.contains(token.lower), written.uppercased() != written { continue }
                counts[party, default: 0] += 1
            }
        }
        let has = { (p: String) in counts[p, default: 0] > 0 }
        if has("Israel") && has("Hamas") { return ["Hamas", "Israel"] }
        if has("Ukraine") && has("Russia") { return ["Russia", "Ukraine"] }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if ranked.count == 1, ranked[0].key == "Ukraine" || ranked[0].key == "Russia" { return ["Russia", "Ukraine"] }
        guard ranked.count >= 2 else { return nil }
        let pair = [ranked[0].key, ranked[1].key].sorted()
        // Belarus is where Russia and Ukraine swap prisoners, never Russia's counterpart in a swap.
        if pair == ["Belarus", "Russia"] { return ["Russia", "Ukraine"] }
        return pair
    }
}
