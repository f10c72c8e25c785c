import Foundation
import ReportText
import SwapWatchMessages
import Testing

@testable import ClaimExtraction

/// A second language is a pack and nothing else: these tests load one from JSON and read reports
/// in it through the same stages as English.
@Suite struct LanguagePackTests {
    /// A toy German pack: just enough words and constructions for a size and a date.
    static let toyGerman = """
        {
          "code": "de",
          "words": {
            "event": ["austausch", "übergabe"],
            "captive": ["gefangene", "gefangenen"],
            "person": ["gefangene", "gefangenen"],
            "upcomingCue": ["wird", "werden", "geplant"],
            "datePreposition": ["am", "für"]
          },
          "sentenceNeedles": ["austausch", "übergabe", "gefangen"],
          "weekdays": {"montag": 1, "samstag": 6, "sonntag": 7},
          "parties": {"russland": "Russia", "ukraine": "Ukraine"},
          "qualifiers": [{"pattern": ["bis", "zu"], "bound": "atMost"}],
          "relativeDates": [{"pattern": ["nächste|kommende", "woche"], "window": "nextWeek"}],
          "tenseCues": [{"pattern": ["@upcomingCue"], "reading": "upcoming"}]
        }
        """

    static let published = Timestamp.parse("2025-05-21T09:00:00Z")!  // a Wednesday

    static func extractor() throws -> ClaimExtractor {
        let german = try JSONDecoder().decode(LanguagePack.self, from: Data(toyGerman.utf8))
        return ClaimExtractor(packs: [.english, german])
    }

    @Test func aToyPackReadsASizeAndADate() throws {
        let text = "Die ÜBERGABE von bis zu 500 Gefangenen zwischen Russland und der Ukraine wird am Samstag stattfinden."
        let claims = try Self.extractor().extract(text: text, language: "de-DE", reference: Self.published, basis: .published)
        let key = ExchangeKey(parties: ["Russia", "Ukraine"], kind: .prisoners)
        #expect(claims.first { $0.type == .size }?.size == .perSide(SizeInterval(min: nil, max: 500)))
        #expect(claims.first { $0.type == .size }?.exchange == key)
        #expect(claims.first { $0.type == .date }?.date == .on(Day(iso: "2025-05-24")!))
        #expect(claims.allSatisfy { $0.evidence.quote == text })
    }

    @Test func aToyPackReadsItsRelativeDates() throws {
        let text = "Ein weiterer Austausch von Gefangenen zwischen Russland und der Ukraine ist für nächste Woche geplant."
        let claims = try Self.extractor().extract(text: text, language: "de", reference: Self.published, basis: .published)
        #expect(claims.map(\.type) == [.date])
        #expect(claims.first?.date == DateWindow(earliest: Day(iso: "2025-05-26")!, latest: Day(iso: "2025-06-01")!))
    }

    @Test func reportsAreReadInTheirOwnLanguage() throws {
        let german = "Die Übergabe von bis zu 500 Gefangenen zwischen Russland und der Ukraine wird am Samstag stattfinden."
        let english = "Russia and Ukraine will exchange up to 500 prisoners each on Saturday."
        let extractor = try Self.extractor()
        // The English pack finds nothing in German, the German one nothing in English.
        #expect(extractor.extract(text: german, language: "en", reference: Self.published, basis: .published).isEmpty)
        #expect(extractor.extract(text: english, language: "de", reference: Self.published, basis: .published).isEmpty)
        // No language named: English.
        #expect(!extractor.extract(text: english, reference: Self.published, basis: .published).isEmpty)
        // A language without a pack yields nothing rather than a guess.
        #expect(extractor.extract(text: english, language: "uk", reference: Self.published, basis: .published).isEmpty)
        // Report.language picks the pack.
        let report = try Report(validating: ReportInput(published: "2025-05-21T09:00:00Z", text: german, language: "de"), received: Self.published)
        #expect(extractor.extract(from: report).contains { $0.type == .size })
    }

    @Test func theEnglishPackSurvivesJSON() throws {
        let data = try JSONEncoder().encode(LanguagePack.english)
        let decoded = try JSONDecoder().decode(LanguagePack.self, from: data)
        let text = """
            KYIV, May 20 - Russia and Ukraine will exchange up to 1,000 prisoners each on Saturday, Zelensky said.
            The swap could be postponed, officials warned.
            """
        let original = ClaimExtractor().extract(text: text, reference: Self.published, basis: .published)
        let reloaded = ClaimExtractor(packs: [decoded]).extract(text: text, reference: Self.published, basis: .published)
        #expect(!original.isEmpty)
        #expect(original == reloaded)
    }

    /// A pack is data a user may write badly: no pattern or number in it may trap or hang extraction.
    @Test func aCarelessPackNeitherTrapsNorHangs() throws {
        let careless = """
            {
              "code": "xx",
              "words": {"event": ["swap", "*", ""], "captive": ["prisoners"], "person": ["prisoners"], "eachWord": ["each"]},
              "sentenceNeedles": ["swap", ""],
              "furnitureOpeners": [""],
              "weekdays": {"friday": 99},
              "months": {"may": 13},
              "numbers": {"units": {"one": -5, "huge": 9223372036854775807}, "tens": {}, "scales": {"lots": 9223372036854775807}},
              "parties": {"russia": "Russia", "ukraine": "Ukraine"},
              "qualifiers": [{"pattern": [], "bound": "atMost"}, {"pattern": ["up?"], "bound": "atLeast"}],
              "dateBounds": [{"pattern": ["**"], "keeps": "latest"}],
              "relativeDates": [{"pattern": ["soon?"], "window": "today"}, {"pattern": [], "window": "nextWeek"},
                                {"pattern": ["<month>"], "window": "namedMonth"}, {"pattern": ["end", "<month>"], "window": "endOfNamedMonth"}],
              "constructions": {"eachAfter": [[], ["!x"], ["^**"]], "eventPhrase": [["*"]]},
              "tenseCues": [{"pattern": [], "reading": "upcoming"}, {"pattern": ["**", "^swap"], "reading": "completed"}]
            }
            """
        let pack = try JSONDecoder().decode(LanguagePack.self, from: Data(careless.utf8))
        // Patterns that could match nothing, or that count back from their anchor over an item of
        // no fixed width, are dropped; the rest are kept.
        let language = Language(pack)
        #expect(language.patterns(.eachAfter).isEmpty)
        #expect(language.patterns(.eventPhrase).count == 1)
        #expect(language.qualifiers.isEmpty && language.dateBounds.isEmpty && language.tenseCues.isEmpty)
        #expect(language.relativeDates.count == 2)
        #expect(!Language.isUsable(["<event>", "*?", "^to"]) && Language.isUsable(["<event>", "*", "^to"]))
        let extractor = ClaimExtractor(packs: [pack])
        for text in [
            "Russia and Ukraine will swap huge lots prisoners each on Friday in May.",
            "Russia and Ukraine swap one lots lots lots lots prisoners each, soon, 31 May, May 31.",
            "Russia and Ukraine will swap prisoners in May 2026, by end May, May or Friday.",
            "", "swap", String(repeating: "Russia Ukraine swap prisoners each friday ", count: 200),
        ] {
            _ = extractor.extract(text: text, language: "xx", reference: Self.published, basis: .published)
        }
    }

    /// The needles only pick which sentences are read: a sentence whose one event word no needle
    /// starts is never read at all ("передадут друг другу по 115 военнопленных").
    @Test(arguments: LanguagePack.builtIn.map(\.code)) func everyEventWordStartsWithANeedle(_ code: String) throws {
        let pack = try #require(LanguagePack.builtIn.first { $0.code == code })
        let needles = NeedleSet(pack.sentenceNeedles)
        let events = (pack.words[.event] ?? []) + (pack.words[.captive] ?? [])
        let unfound = events.map { String($0.prefix { $0 != "*" }) }.filter { !needles.occurs(in: Array($0.utf8), 0, $0.utf8.count) }
        #expect(unfound.isEmpty)
    }

    @Test func unicodeCaseFolding() {
        let language = Language(LanguagePack.english)
        let text = ReportText("ÜBERGABE «Обмін» Ärger naïve")
        let tokens = Tokenizer(text: text, language: language).tokens(of: Sentence(start: 0, end: text.bytes.count))
        #expect(tokens.map(\.lower) == ["übergabe", "«", "обмін", "»", "ärger", "naïve"])
        #expect(tokens.map(\.capitalized) == [true, false, true, false, true, false])
        let needles = NeedleSet(["обмін"])
        #expect(needles.occurs(in: Array("Новий Обмін".utf8), 0, "Новий Обмін".utf8.count))
        #expect(needles.occurs(in: Array("ОБМІН".utf8), 0, "ОБМІН".utf8.count))
        #expect(!needles.occurs(in: Array("переобмін".utf8), 0, "переобмін".utf8.count))
    }
}

@Suite struct RoleSetTests {
    /// `WordRole.index` and `Construction.index` read the case's stored position; this holds them to it.
    @Test func indicesAreCasePositions() {
        #expect(MemoryLayout<WordRole>.size == 1)
        #expect(WordRole.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(WordRole.allCases.count <= 128)
        #expect(Construction.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        var roles = RoleSet()
        roles.insert(.tentativeAdverb)
        roles.insert(.event)
        #expect(roles.contains(.tentativeAdverb) && roles.contains(.event) && !roles.contains(.captive))
    }

    /// The word table finds every word it holds by its bytes (Cyrillic and an apostrophe too, and
    /// in a table crowded enough for slots to collide) and none it does not.
    @Test func theWordTableFindsItsWordsAndNoOthers() {
        var words: [String: WordInfo] = [:]
        for (index, word) in (["swap", "prisoners", "обмін", "ув'язнених", "a"] + (0..<500).map { "w\($0)" }).enumerated() {
            words[word] = WordInfo(id: Int32(index), roles: RoleSet())
        }
        let table = WordTable(words)
        for (word, info) in words { #expect(table[word]?.id == info.id, "\(word)") }
        for missing in ["", "swaps", "swa", "обміну", "w500", "prisoner"] { #expect(table[missing] == nil, "\(missing)") }
    }

    /// A token knows the party it names and the party its demonym ties a count to, by the pack's
    /// words and by its stems (every case of "Україна").
    @Test func aWordKnowsItsParty() {
        let english = Language(.english)
        #expect(english.party(of: english.info("kyiv")) == "Ukraine")
        #expect(english.demonym(of: english.info("palestinian")) == "Hamas")
        #expect(english.party(of: english.info("prisoners")) == nil && english.demonym(of: english.info("kyiv")) == nil)
        #expect(english.info("white").beginsPartyName && !english.info("house").beginsPartyName)
        let ukrainian = Language(.ukrainian)
        #expect(ukrainian.party(of: ukrainian.info("україною")) == "Ukraine")
        #expect(ukrainian.demonym(of: ukrainian.info("українських")) == "Ukraine")
        #expect(ukrainian.party(of: ukrainian.info("обмін")) == nil)
    }
}
