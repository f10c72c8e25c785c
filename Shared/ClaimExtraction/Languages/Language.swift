/// A set of ``WordRole``s as bits: a token's roles are looked up once, then tested by a mask.
struct RoleSet: Sendable, Equatable {
    private(set) var bits: UInt128 = 0

    init() {}

    init(_ role: WordRole) { insert(role) }

    mutating func insert(_ role: WordRole) { bits |= 1 << UInt128(role.index) }

    mutating func formUnion(_ other: RoleSet) { bits |= other.bits }

    func contains(_ role: WordRole) -> Bool { bits & (1 << UInt128(role.index)) != 0 }

    var isEmpty: Bool { bits == 0 }
}

extension WordRole {
    /// The role's bit in a ``RoleSet``: its position among the cases. A case without payload is
    /// stored as that position in one byte (a test checks it for every case), which keeps a role
    /// test a shift and a mask instead of a hash lookup.
    var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}

/// What the stages know about a word of the language: its number in the vocabulary and its roles.
struct WordInfo: Sendable {
    /// Index into the vocabulary; `-1` for a word the pack does not list.
    var id: Int32
    /// The party the word names, by ``Language/party(of:)``: 1 + its index among the parties, 0 for none.
    var party: UInt16 = 0
    /// The party a demonym ties a head count to, by ``Language/demonym(of:)``; 0 for none.
    var demonym: UInt16 = 0
    /// Whether the word can begin a party name of two words ("united" of "united states").
    var beginsPartyName = false
    var roles: RoleSet

    static let unknown = WordInfo(id: -1, roles: RoleSet())
}

/// A ``LanguagePack`` compiled for the stages: a vocabulary of every word the pack names (in roles
/// and in constructions), with the roles of each, and constructions parsed into token tests.
final class Language: Sendable {
    let pack: LanguagePack
    /// What is known of each word: the vocabulary, and the party names and demonyms outside it.
    private let words: WordTable
    /// Stems ("exchang*") by their first UTF-8 byte, with the roles a word they begin plays.
    private let stems: [[(stem: [UInt8], roles: RoleSet)]]
    /// The parties the pack names, which ``WordInfo/party`` and ``WordInfo/demonym`` count from 1.
    private let parties: [String]
    /// Party names and demonyms given as stems ("україн*") by their first UTF-8 byte, longest
    /// first: a word that is no name itself names the party of the longest it begins with.
    private let partyStems: [[(stem: [UInt8], party: UInt16)]]
    private let demonymStems: [[(stem: [UInt8], party: UInt16)]]
    let sentenceNeedles: NeedleSet
    /// The beginnings of every word that names captives or a swap: a report none of whose read
    /// sentences has one is dropped before it is tokenized.
    let captiveNeedles: NeedleSet
    /// Furniture openers, case-folded, as UTF-8.
    let furnitureOpeners: [[UInt8]]
    let abbreviations: Set<String>
    let monthsOnlyCapitalized: Set<String>
    let partiesOnlyInCapitals: Set<String>
    private let constructions: [[CompiledPattern]]
    /// Per construction, whether every pattern's anchor needs a word of the vocabulary.
    private let anchorsNeedKnownWord: [Bool]
    /// Per word of the vocabulary (by id), the constructions (bits by index) every match of which
    /// needs one of a set of words this is among: a sentence without any of them is settled
    /// without matching.
    private let constructionsNeedingWord: [UInt64]
    /// The constructions no word is known to be needed for.
    private let constructionsNeedingNoWord: UInt64
    /// The tense cues whose anchor may be a word outside the vocabulary ("<past>"), in order.
    let tenseCuesForUnknownWords: [(pattern: CompiledPattern, reading: TenseCue.Reading)]
    /// Words that end an event phrase: event words only where such a phrase matches.
    let eventPhraseHeads: Set<Int32>
    /// Event phrases that end in a number ("the remaining 2,000"), tried at number tokens.
    let eventPhrasesEndingInNumber: [CompiledPattern]
    let tenseCues: [(pattern: CompiledPattern, reading: TenseCue.Reading)]
    /// The tense cues that can anchor on each word of the vocabulary (by id), in priority order.
    private let tenseCuesByWord: [[(pattern: CompiledPattern, reading: TenseCue.Reading)]]
    let qualifiers: [(pattern: CompiledPattern, bound: Qualifier.Bound)]
    let dateBounds: [(pattern: CompiledPattern, keeps: DateBound.Kept)]
    let relativeDates: [(pattern: CompiledPattern, window: RelativeDate.Window)]
    /// The words a relative date can start with (`nil`: any token may start one).
    let relativeDateStarters: Set<Int32>?

    init(_ pack: LanguagePack) {
        self.pack = pack
        var vocabulary: [String: WordInfo] = [:]
        var stems = [[(stem: [UInt8], roles: RoleSet)]](repeating: [], count: 256)
        func intern(_ word: String) -> Int32 {
            if let info = vocabulary[word] { return info.id }
            let id = Int32(vocabulary.count)
            vocabulary[word] = WordInfo(id: id, roles: RoleSet())
            return id
        }
        for role in WordRole.allCases {
            for entry in pack.words[role] ?? [] {
                let word = entry.lowercased()
                if word.count > 1, word.hasSuffix("*") {
                    let stem = Array(word.utf8.dropLast())
                    let first = Int(stem[0])
                    if let index = stems[first].firstIndex(where: { $0.stem == stem }) {
                        stems[first][index].roles.insert(role)
                    } else {
                        stems[first].append((stem, RoleSet(role)))
                    }
                } else {
                    _ = intern(word)
                    vocabulary[word]!.roles.insert(role)
                }
            }
        }
        let compile = { (pattern: Pattern) in CompiledPattern(pattern, intern: intern) }
        constructions = Construction.allCases.map { (pack.constructions[$0] ?? []).filter(Self.isUsable).map(compile) }
        tenseCues = pack.tenseCues.filter { Self.isUsable($0.pattern) }.map { (compile($0.pattern), $0.reading) }
        anchorsNeedKnownWord = constructions.map { $0.allSatisfy(\.anchorNeedsKnownWord) }
        let spelling = Dictionary(uniqueKeysWithValues: vocabulary.map { ($0.value.id, $0.key) })
        let shortest = { (ids: [Int32]) in ids.map { spelling[$0]?.count ?? 0 }.min() ?? 0 }
        let requiredWords = constructions.map { patterns -> Set<Int32>? in
            var words = Set<Int32>()
            for pattern in patterns {
                // Of the required word items, the one of longest words: content words are rarer.
                let required = pattern.items.compactMap { item -> [Int32]? in
                    guard !item.optional, !item.negated, !item.isRun, case .words(let ids) = item.test else { return nil }
                    return ids
                }.max { shortest($0) < shortest($1) }
                guard let required else { return nil }
                words.formUnion(required)
            }
            return words
        }
        tenseCuesForUnknownWords = tenseCues.filter { !$0.pattern.anchorNeedsKnownWord }
        qualifiers = pack.qualifiers.filter { Self.isUsable($0.pattern) }.map { (compile($0.pattern), $0.bound) }
        dateBounds = pack.dateBounds.filter { Self.isUsable($0.pattern) }.map { (compile($0.pattern), $0.keeps) }
        relativeDates = pack.relativeDates.filter { Self.isUsable($0.pattern) }.map { (compile($0.pattern), $0.window) }
        relativeDateStarters = Self.starters(of: relativeDates.map(\.pattern))
        eventPhraseHeads = Set(constructions[Construction.eventPhrase.index].flatMap { $0.lastWords })
        eventPhrasesEndingInNumber = constructions[Construction.eventPhrase.index].filter {
            if case .number = $0.items.last?.test { return true } else { return false }
        }
        // Each word of the vocabulary tries only the cues that can anchor on it, in their order.
        var cuesByWord = [[(pattern: CompiledPattern, reading: TenseCue.Reading)]](repeating: [], count: vocabulary.count)
        for (word, var info) in vocabulary {
            // A word gets the roles of the stems it starts with too (as `info(_:)` gives them).
            Self.addStemRoles(of: word, to: &info, stems: stems)
            cuesByWord[Int(info.id)] = tenseCues.filter { Self.mayPass($0.pattern.items[$0.pattern.anchor], info) }
        }
        tenseCuesByWord = cuesByWord
        assert(Construction.allCases.count <= 64, "a set of constructions is one UInt64")
        var needing = [UInt64](repeating: 0, count: vocabulary.count)
        var needingNoWord: UInt64 = 0
        for (index, words) in requiredWords.enumerated() {
            guard let words else {
                needingNoWord |= 1 << UInt64(index)
                continue
            }
            for id in words { needing[Int(id)] |= 1 << UInt64(index) }
        }
        constructionsNeedingWord = needing
        constructionsNeedingNoWord = needingNoWord
        self.stems = stems
        // Party names and demonyms join what is known of a word, so a token carries its party.
        parties = Array(Set(pack.parties.values).union(pack.demonyms.values)).sorted()
        let partyNumber = Dictionary(uniqueKeysWithValues: parties.enumerated().map { ($0.element, UInt16($0.offset + 1)) })
        var words = vocabulary
        for (name, party) in pack.parties where !Self.isStem(name) { words[name, default: .unknown].party = partyNumber[party]! }
        for (name, party) in pack.demonyms where !Self.isStem(name) { words[name, default: .unknown].demonym = partyNumber[party]! }
        for name in pack.parties.keys {
            let parts = name.split(separator: " ")
            if parts.count == 2 { words[String(parts[0]), default: .unknown].beginsPartyName = true }
        }
        self.words = WordTable(words)
        partyStems = Self.stemTable(pack.parties, numbers: partyNumber)
        demonymStems = Self.stemTable(pack.demonyms, numbers: partyNumber)
        sentenceNeedles = NeedleSet(pack.sentenceNeedles)
        captiveNeedles = NeedleSet(Self.captiveNeedleWords(of: pack))
        furnitureOpeners = pack.furnitureOpeners.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        abbreviations = Set(pack.abbreviations.map { $0.lowercased() })
        monthsOnlyCapitalized = Set(pack.monthsOnlyCapitalized.map { $0.lowercased() })
        partiesOnlyInCapitals = Set(pack.partiesOnlyInCapitals.map { $0.lowercased() })
    }

    /// The beginnings of the words of `pack` that name captives or a swap (its ``captiveNeedles``).
    static func captiveNeedleWords(of pack: LanguagePack) -> [String] {
        ((pack.words[.captive] ?? []) + (pack.words[.exchangeWord] ?? [])).map { $0.hasSuffix("*") ? String($0.dropLast()) : $0 }
    }

    /// Whether a name table's key is a stem ("україн*") rather than a word.
    private static func isStem(_ key: String) -> Bool { key.count > 2 && key.hasSuffix("*") }

    /// The stems of a name table ("україн*"), by first byte, longest first, with their party's number.
    private static func stemTable(_ table: [String: String], numbers: [String: UInt16]) -> [[(stem: [UInt8], party: UInt16)]] {
        var byFirstByte = [[(stem: [UInt8], party: UInt16)]](repeating: [], count: 256)
        let stems = table.compactMap { key, party in isStem(key) ? (stem: Array(key.utf8.dropLast()), party: numbers[party]!) : nil }
            .sorted { $0.stem.count != $1.stem.count ? $0.stem.count > $1.stem.count : $0.stem.lexicographicallyPrecedes($1.stem) }
        for entry in stems { byFirstByte[Int(entry.stem[0])].append(entry) }
        return byFirstByte
    }

    /// The party a word names (its ``WordInfo``): the pack's entry for it, else for the longest
    /// stem it begins with (every case of "Україна": україна, україни, україні, …).
    func party(of word: WordInfo) -> String? { word.party == 0 ? nil : parties[Int(word.party) - 1] }

    /// The party a demonym ties a head count to ("українських", "российских"), stems included.
    func demonym(of word: WordInfo) -> String? { word.demonym == 0 ? nil : parties[Int(word.demonym) - 1] }

    /// The party a two-word name ("white house") names.
    func party(named twoWords: String) -> String? { pack.parties[twoWords] }

    /// Whether a pack's pattern can be matched as written. A pattern that could match no token at
    /// all (empty, or optional throughout) would match everywhere and nowhere; the items before its
    /// anchor (`^`) must each take one token, since a match counts back from the anchor. A pack's
    /// patterns are data, so one that breaks these rules is dropped.
    static func isUsable(_ pattern: Pattern) -> Bool {
        guard pattern.contains(where: { !$0.hasSuffix("?") && !$0.hasPrefix("!") && $0 != "**" && $0 != "^**" }) else { return false }
        guard let anchor = pattern.firstIndex(where: { $0.hasPrefix("^") }) else { return true }
        return pattern[..<anchor].allSatisfy { !($0.count > 1 && $0.hasSuffix("?")) && $0 != "**" }
    }

    /// The words the patterns can start with, when each starts with a required word test or a
    /// month (which the date reader checks on its own); `nil` when one may start with anything.
    private static func starters(of patterns: [CompiledPattern]) -> Set<Int32>? {
        var words = Set<Int32>()
        for pattern in patterns {
            guard let first = pattern.items.first, !first.optional, !first.negated, !first.isRun else { return nil }
            switch first.test {
            case .words(let ids): words.formUnion(ids)
            case .month: continue
            default: return nil
            }
        }
        return words
    }

    /// What is known of a lowercased word: its vocabulary entry, with the roles of any stem it
    /// begins with, and the party it names.
    func info(_ word: String) -> WordInfo {
        var info = words[word] ?? .unknown
        Self.addStemRoles(of: word, to: &info, stems: stems)
        guard let first = word.utf8.first.map(Int.init) else { return info }
        if info.party == 0, let stem = partyStems[first].first(where: { word.utf8.starts(with: $0.stem) }) { info.party = stem.party }
        if info.demonym == 0, let stem = demonymStems[first].first(where: { word.utf8.starts(with: $0.stem) }) { info.demonym = stem.party }
        return info
    }

    /// Adds the roles of the stems a word starts with ("обмін*") to what it is known as.
    private static func addStemRoles(of word: String, to info: inout WordInfo, stems: [[(stem: [UInt8], roles: RoleSet)]]) {
        guard let first = word.utf8.first else { return }
        for (stem, roles) in stems[Int(first)] where word.utf8.starts(with: stem) { info.roles.formUnion(roles) }
    }

    /// Whether a lowercased word plays a role.
    func word(_ word: String, is role: WordRole) -> Bool { info(word).roles.contains(role) }

    func patterns(_ construction: Construction) -> [CompiledPattern] { constructions[construction.index] }

    /// The tense cues, in priority order, that can anchor on a token.
    func tenseCues(anchoringOn info: WordInfo) -> [(pattern: CompiledPattern, reading: TenseCue.Reading)] {
        if info.id >= 0 { return tenseCuesByWord[Int(info.id)] }
        return info.roles.isEmpty ? tenseCuesForUnknownWords : tenseCues
    }

    /// Whether an anchor item could pass a word of the vocabulary (true when it does not depend on
    /// the word alone).
    private static func mayPass(_ item: CompiledPattern.Item, _ info: WordInfo) -> Bool {
        if item.optional || item.negated || item.isRun { return true }
        func passes(_ test: TokenTest) -> Bool {
            switch test {
            case .words(let ids): return ids.contains(info.id)
            case .role(let role): return info.roles.contains(role)
            case .anyOf(let tests): return tests.contains(where: passes)
            case .all(let tests): return tests.allSatisfy(passes)
            case .stems, .number, .month, .weekday, .event, .past, .any: return true
            }
        }
        return passes(item.test)
    }

    /// The constructions (bits by index) some pattern of which could match the tokens: not those
    /// every pattern of which needs a word none of the tokens is.
    func possibleConstructions(in tokens: [Token]) -> UInt64 {
        var possible = constructionsNeedingNoWord
        for token in tokens where token.info.id >= 0 { possible |= constructionsNeedingWord[Int(token.info.id)] }
        return possible
    }

    /// Whether only a word of the vocabulary can anchor a pattern of `construction`.
    func anchorsNeedKnownWord(_ construction: Construction) -> Bool { anchorsNeedKnownWord[construction.index] }
}

extension Construction {
    /// The construction's position among the cases (stored so in one byte, like ``WordRole``).
    var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The construction's bit in a set of constructions (there are fewer than 64).
    var bit: UInt64 { 1 << UInt64(index) }
}
