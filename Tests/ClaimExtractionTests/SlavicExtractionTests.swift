import Foundation
import SwapWatchMessages
import Testing

@testable import ClaimExtraction

/// The Ukrainian and Russian packs read the constructions their news use for a size, a date, a
/// speaker, a postponement and an exchange carried out.
@Suite struct SlavicExtractionTests {
    let extractor = ClaimExtractor(packs: LanguagePack.builtIn)
    static let published = Timestamp.parse("2025-05-21T09:00:00Z")!  // a Wednesday
    static let key = ExchangeKey(parties: ["Russia", "Ukraine"], kind: .prisoners)
    static let nextWeek = DateWindow(earliest: Day(iso: "2025-05-26")!, latest: Day(iso: "2025-06-01")!)

    func claims(_ text: String, _ language: String? = nil) -> [Claim] {
        extractor.extract(text: text, language: language, reference: Self.published, basis: .published)
    }

    @Test(arguments: [
        "Україна та Росія обміняються 1000 полоненими з кожного боку наступного тижня, заявив Зеленський.",
        "Россия и Украина обменяются 1000 военнопленными с каждой стороны на следующей неделе, заявил Зеленский.",
    ])
    func aSizeAWindowAndTheSpeaker(_ text: String) {
        let claims = claims(text)
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(1000)))
        #expect(claims.first { $0.type == .date }?.date == Self.nextWeek)
        #expect(claims.allSatisfy { $0.exchange == Self.key && $0.evidence.speaker == "Зеленський" || $0.evidence.speaker == "Зеленский" })
        // The quote is the text as written.
        #expect(claims.allSatisfy { $0.evidence.quote == text })
    }

    /// "ув'язнених" is typed with ', ’ or ʼ: a report that names its captives only so is read all the same.
    /// A text that names captives or a swap in no language read yields no claims, whatever it is
    /// read as: ingest workers store such reports without reading them. One that names them in any
    /// language may yield some.
    @Test func aTextThatNamesNoCaptivesInAnyLanguageYieldsNoClaims() {
        let none = [
            "Heavy snow closed roads around Lviv on Friday, the regional administration said; 500 homes were left without electricity.",
            "Ціни на квитки зростуть на 11,7% з 27 грудня, повідомив перевізник.",
            "Цены на билеты вырастут на 11,7% с 27 декабря, сообщил перевозчик.",
            "",
        ]
        for text in none {
            #expect(!extractor.mayYieldClaims(text), "\(text)")
            for language in [nil, "en", "uk", "ru"] { #expect(claims(text, language).isEmpty, "\(text)") }
        }
        let some = [
            "Ukraine and Russia will exchange 500 prisoners each on Friday.",
            "Наступного тижня Україна та Росія передадуть по 50 ув’язнених.",
            "Россия и Украина в среду проведут обмен пленными.",
        ]
        for text in some { #expect(extractor.mayYieldClaims(text), "\(text)") }
        #expect(some.contains { !claims($0).isEmpty })
    }

    @Test(arguments: ["'", "’", "ʼ"])
    func anApostropheTypedAnyWay(_ apostrophe: String) {
        let claims = claims("Наступного тижня Україна та Росія передадуть по 50 ув\(apostrophe)язнених, повідомив омбудсман.")
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(50)))
        #expect(claims.first { $0.type == .date }?.date == Self.nextWeek)
    }

    @Test(arguments: [
        ("Обмін полоненими між Україною та Росією за формулою 1000 на 1000 відбудеться 23 травня.", "uk"),
        ("Обмен пленными между Россией и Украиной по формуле 1000 на 1000 состоится 23 мая.", "ru"),
    ])
    func nForNAndAGenitiveMonth(_ text: String, _ language: String) {
        let claims = claims(text, language)
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(1000)))
        #expect(claims.first { $0.type == .date }?.date == .on(Day(iso: "2025-05-23")!))
    }

    @Test(arguments: [
        "Україна та Росія обміняються щонайменше тисячею полонених з кожного боку.",
        "Россия и Украина обменяются не менее чем тысячей пленных с каждой стороны.",
    ])
    func aQualifierAndANumberWord(_ text: String) {
        #expect(claims(text).first { $0.type == .size }?.size == .perSide(SizeInterval(min: 1000, max: nil)))
    }

    @Test(arguments: [
        "Обмін полоненими між Україною та Росією відклали, повідомили в Коордштабі.",
        "Обмен пленными между Россией и Украиной отложили, сообщила Москалькова.",
    ])
    func aPostponement(_ text: String) {
        #expect(claims(text).contains { $0.type == .postponed })
    }

    @Test(arguments: [
        "Учора Україна та Росія провели обмін полоненими.",
        "Вчера Россия и Украина провели обмен пленными.",
    ])
    func anExchangeCarriedOut(_ text: String) {
        #expect(claims(text).contains { $0.type == .completed && $0.date == .on(Day(iso: "2025-05-20")!) })
    }

    /// An exchange done today, and a quote that it is under way today: one exchange, done.
    @Test(arguments: [
        "Сьогодні Україна та Росія провели обмін полоненими. За словами Пушиліна, сьогодні відбувається обмін за формулою «50 на 50».",
        "Сегодня Россия и Украина провели обмен пленными. По словам Пушилина, сегодня проходит обмен по формуле «50 на 50».",
    ])
    func anExchangeDoneIsTheOneUnderWayThatDay(_ text: String) {
        let claims = claims(text)
        #expect(claims.map(\.type) == [.completed])
        #expect(claims.first?.date == .on(Day(iso: "2025-05-21")!))
    }

    /// Those a plan brings home are often all a side announces; a return reported by a noun is no plan.
    @Test(arguments: [
        ("Україна та Росія домовилися про новий обмін. Уже сьогодні додому мають повернутися 30 українців.", 30),
        ("Украина и Россия договорились о новом обмене. Уже сегодня домой должны вернуться 30 украинцев.", 30),
        ("Украина и Россия провели обмен. Минобороны заявило о возвращении 90 российских военнослужащих.", nil),
    ])
    func oneSideComingHome(_ text: String, _ count: Int?) {
        let size = claims(text).first { $0.type == .size }?.size
        #expect(size == count.map { .sides(["Ukraine": .exactly($0)]) })
    }

    /// A date right after the parties dates the exchange the clause goes on to name.
    @Test(arguments: [
        "Россия и Украина в пятницу утром могут провести очередной обмен военнопленными.",
        "Україна та Росія в п'ятницю вранці можуть провести черговий обмін полоненими.",
    ])
    func aDateAfterTheParties(_ text: String) {
        #expect(claims(text).first { $0.type == .date }?.date == .on(Day(iso: "2025-05-23")!))
    }

    /// Put off on the day it was due: the claim keeps that day, so the exchange opens even when no
    /// report announced it before.
    @Test(arguments: [
        "Запланований на сьогодні обмін полоненими між Україною та Росією наразі не відбувається.",
        "Запланированный на сегодня обмен пленными между Россией и Украиной сейчас не происходит.",
    ])
    func aPostponementKeepsTheDayItWasDue(_ text: String) {
        let claims = claims(text)
        #expect(claims.map(\.type) == [.postponed])
        #expect(claims.first?.date == .on(Day(iso: "2025-05-21")!))
    }

    /// In a report of an exchange done that day, a size told without a word of time, or one that
    /// was to be, is the exchange's own (Moscow's count, the morning's scoop), not one to come.
    @Test(arguments: [
        "Сьогодні Україна повернула з полону 189 людей. Міноборони РФ своєю чергою повідомило про обмін «150 на 150».",
        "Сегодня Россия вернула из плена 95 военнослужащих. Утром сообщалось, что стороны должны были освободить по 90 человек.",
    ])
    func sizesInAReportOfAnExchangeDone(_ text: String) {
        #expect(claims(text).map(\.type) == [.completed])
    }

    /// "…, але зрештою був зірваний": a clause that leaves out its subject puts off the exchange before it.
    @Test(arguments: [
        "За даними джерела, обмін між Україною та Росією мав пройти за формулою «192 на 192», але зрештою був зірваний.",
        "По данным источника, обмен между Россией и Украиной мог пройти по формуле «192 на 192», но в итоге оказался сорван.",
    ])
    func aPostponementWithItsSubjectLeftOut(_ text: String) {
        let claims = claims(text)
        #expect(claims.contains { $0.type == .postponed })
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(192)))
    }

    /// What a relative clause says happened describes the one it is about: "призначив" (appointed)
    /// neither makes the exchange done nor names the speaker.
    @Test(arguments: [
        "Пушилін, якого Кремль призначив керувати окупованою Донеччиною, повідомив про обмін полоненими з Україною за формулою 107 на 107.",
        "Pushilin, whom the Kremlin appointed to run occupied Donetsk, said Russia and Ukraine will exchange 107 prisoners each.",
    ])
    func aRelativeClauseDescribesItsAntecedent(_ text: String) {
        let claims = claims(text)
        #expect(claims.first { $0.type == .size }?.size == .perSide(.exactly(107)))
        #expect(claims.allSatisfy { $0.evidence.speaker == "Пушилін" || $0.evidence.speaker == "Pushilin" })
    }
}
