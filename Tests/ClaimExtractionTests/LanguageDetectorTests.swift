import Foundation
import SwapWatchMessages
import Testing

@testable import ClaimExtraction

@Suite struct LanguageDetectorTests {
    @Test(arguments: [
        ("Russia and Ukraine will exchange 1,000 prisoners each next week, Zelensky said.", "en"),
        ("Україна та Росія обміняються 1000 полоненими з кожного боку наступного тижня, заявив Зеленський.", "uk"),
        ("Россия и Украина обменяются 1000 военнопленными с каждой стороны на следующей неделе, заявил Песков.", "ru"),
        // No letter of one alphabet only: the short words tell.
        ("Обмен пленными, как сообщил омбудсмен, перенесли на среду.", "ru"),
        ("Обмін полоненими, як повідомив омбудсмен, перенесли на середу.", "uk"),
        // The apostrophe inside a word is Ukrainian spelling.
        ("Обмін перенесли на пʼятницю, повідомили в Коордштабі.", "uk"),
        // Mixed: the language of most of the letters.
        ("Peskov told reporters that «обмен продолжится», without giving a date for the next swap of prisoners.", "en"),
        ("Речник Кремля сказав: «обмен продолжится», але дати наступного обміну полоненими не назвав.", "uk"),
    ])
    func theLanguageOfAText(_ text: String, _ expected: String) {
        #expect(LanguageDetector.detect(text) == expected)
    }

    @Test func tooLittleTextNamesNone() {
        #expect(LanguageDetector.detect("1000 на 1000") == nil)
        #expect(LanguageDetector.detect("") == nil)
    }

    /// A toy Ukrainian pack: party names as stems (every case of a name), a weekday written with
    /// an apostrophe, and little else a size and a date need.
    static let toyUkrainian = """
        {
          "code": "uk",
          "words": {
            "event": ["обмін*"],
            "captive": ["полонен*"],
            "person": ["полонен*"],
            "upcomingCue": ["проведуть"],
            "datePreposition": ["у", "в"]
          },
          "sentenceNeedles": ["обмін", "полонен"],
          "weekdays": {"п'ятницю": 5},
          "parties": {"україн*": "Ukraine", "росі*": "Russia"},
          "constructions": {"eachAfter": [["з", "кожного", "боку"]]},
          "tenseCues": [{"pattern": ["@upcomingCue"], "reading": "upcoming"}]
        }
        """

    @Test func aReportWithoutALanguageIsReadInTheOneItIsWrittenIn() throws {
        let pack = try JSONDecoder().decode(LanguagePack.self, from: Data(Self.toyUkrainian.utf8))
        let extractor = ClaimExtractor(packs: [.english, pack])
        let published = Timestamp.parse("2025-05-21T09:00:00Z")!  // a Wednesday
        // "Україною" and "Росією" are cases of the names; "пʼятницю" is typed with U+02BC.
        let text = "Між Україною та Росією проведуть обмін 500 полоненими з кожного боку у пʼятницю."
        let claims = extractor.extract(text: text, reference: published, basis: .published)
        #expect(claims.first?.exchange == ExchangeKey(parties: ["Russia", "Ukraine"], kind: .prisoners))
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(500)))
        #expect(claims.first { $0.type == .date }?.date == .on(Day(iso: "2025-05-23")!))
        // Named English, it is not read as English.
        #expect(extractor.extract(text: text, language: "en", reference: published, basis: .published).isEmpty)
    }
}
