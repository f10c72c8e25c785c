import ExpectationRules
import Foundation
import PropertyBased
import ReportText
import SwapWatchMessages
import SwapWatchTesting
import Testing

private let key = Fixtures.russiaUkraine
private func day(_ iso: String) -> Day { Day(iso: iso)! }
private func size(_ min: Int?, _ max: Int?) -> FieldValue { .size(.perSide(SizeInterval(min: min, max: max))) }
private func date(_ a: String?, _ b: String?) -> FieldValue { .date(DateWindow(earliest: a.map(day), latest: b.map(day))) }
private func claim(_ type: ClaimType, size: SizeValue? = nil, date: DateWindow? = nil, key: ExchangeKey = key) -> Claim {
    Fixtures.claim(type, size: size, date: date, key: key)
}

@Suite struct ChangeRuleTests {
    @Test func firstValueIsAChange() { #expect(ChangeRule.isChange(from: nil, to: size(1000, 1000))) }
    @Test func repeatIsNoChange() { #expect(!ChangeRule.isChange(from: size(1000, 1000), to: size(1000, 1000))) }
    @Test func narrowerIsAChange() {
        #expect(ChangeRule.isChange(from: size(1200, nil), to: size(1200, 1200)))
        #expect(ChangeRule.isChange(from: date("2025-05-19", "2025-05-25"), to: date("2025-05-23", "2025-05-23")))
    }
    @Test func vaguerRestatementIsNoChange() {
        #expect(!ChangeRule.isChange(from: size(1000, 1200), to: size(1000, nil)))
        #expect(!ChangeRule.isChange(from: date("2025-05-24", "2025-05-25"), to: date("2025-05-19", "2025-05-25")))
    }
    @Test func movedOrDisjointIsAChange() {
        #expect(ChangeRule.isChange(from: size(1000, 1000), to: size(1200, 1200)))
        #expect(!ChangeRule.isChange(from: size(1000, 1000), to: size(1000, 1200)), "contains the current value: a vaguer restatement")
        #expect(ChangeRule.isChange(from: date("2025-05-23", "2025-05-23"), to: date("2025-05-30", "2025-05-30")))
    }
    @Test func unboundedEnds() {
        #expect(ChangeRule.isChange(from: date(nil, "2025-05-31"), to: date(nil, "2025-05-25")))
        #expect(!ChangeRule.isChange(from: date(nil, "2025-05-25"), to: date(nil, "2025-05-31")))
    }
}

@Suite struct ExpectationBookTests {
    @Test func firstClaimsOpenAnExchangeAndChangeBothFields() {
        var book = ExpectationBook()
        let outcome = book.apply(
            [claim(.size, size: .perSide(.exactly(1000))), claim(.date, date: .on(day("2025-05-23")))], reportID: "r1", day: day("2025-05-18"))
        #expect(outcome.changes.map(\.field) == [.size, .date])
        #expect(outcome.changes.allSatisfy { $0.before == nil && $0.exchange.id == "russia-ukraine-prisoners-1" })
    }

    @Test func postponementMakesTheDateUnknown() {
        var book = ExpectationBook()
        _ = book.apply([claim(.date, date: .on(day("2025-05-23")))], reportID: "r1", day: day("2025-05-18"))
        let outcome = book.apply([claim(.postponed, date: .unknown)], reportID: "r2", day: day("2025-05-22"))
        #expect(outcome.changes.map(\.after) == [.date(.unknown)])
        let again = book.apply([claim(.postponed, date: .unknown)], reportID: "r3", day: day("2025-05-22"))
        #expect(again.changes.isEmpty)
    }

    @Test func callingOffAnExchangeWithoutADateStillMakesItUnknown() {
        var book = ExpectationBook()
        _ = book.apply([claim(.size, size: .perSide(SizeInterval(min: 40, max: nil)))], reportID: "r1", day: day("2023-01-11"))
        let outcome = book.apply([claim(.postponed, date: .unknown)], reportID: "r2", day: day("2023-01-14"))
        #expect(outcome.changes.map(\.after) == [.date(.unknown)])
        #expect(outcome.changes.map(\.before) == [nil])
        // With no exchange open and no day it was due, there is nothing to call off.
        var empty = ExpectationBook()
        #expect(empty.apply([claim(.postponed, date: .unknown)], reportID: "r1", day: day("2023-01-14")).changes.isEmpty)
    }

    /// "The exchange planned for today is not happening", with no earlier report of it: the report
    /// itself says one was due, so it opens with its date unknown.
    @Test func aPostponementThatNamesTheDayItWasDueOpensTheExchange() {
        var book = ExpectationBook()
        let outcome = book.apply([claim(.postponed, date: .on(day("2024-01-24")))], reportID: "r1", day: day("2024-01-24"))
        #expect(outcome.changes.map(\.after) == [.date(.unknown)])
        #expect(outcome.changes.map(\.before) == [nil])
        // One long past ("the exchange planned for January 24 was cancelled", in March) opens nothing.
        var later = ExpectationBook()
        #expect(later.apply([claim(.postponed, date: .on(day("2024-01-24")))], reportID: "r1", day: day("2024-03-29")).changes.isEmpty)
    }

    @Test func completionClosesAndTheNextClaimsOpenANewExchange() {
        var book = ExpectationBook()
        _ = book.apply([claim(.size, size: .perSide(.exactly(1000)))], reportID: "r1", day: day("2025-05-18"))
        let outcome = book.apply(
            [
                claim(.completed, date: DateWindow(earliest: day("2025-05-23"), latest: day("2025-05-25"))),
                claim(.size, size: .perSide(SizeInterval(min: 1000, max: 1200))),
            ],
            reportID: "r2", day: day("2025-06-02"))
        #expect(outcome.changes.count == 1)
        #expect(outcome.changes[0].before == nil)
        #expect(outcome.changes[0].exchange.id == "russia-ukraine-prisoners-2")
    }

    @Test func oldCompletionsCloseNothing() {
        var book = ExpectationBook()
        _ = book.apply([claim(.size, size: .perSide(.exactly(300)))], reportID: "r1", day: day("2025-06-01"))
        _ = book.apply([claim(.completed, date: .on(day("2025-02-08")))], reportID: "r2", day: day("2025-06-02"))
        #expect(book.open[key] != nil)
    }

    @Test func stagesChangeNothingByThemselves() {
        var book = ExpectationBook()
        _ = book.apply([claim(.size, size: .perSide(.exactly(1000)))], reportID: "r1", day: day("2025-05-18"))
        let outcome = book.apply([claim(.stage, size: .perSide(.exactly(390)), date: .on(day("2025-05-23")))], reportID: "r2", day: day("2025-05-23"))
        #expect(outcome.changes.isEmpty)
        #expect(book.open[key]?.status == .underWay)
    }

    @Test func otherKeysNeverTouchEachOther() {
        var book = ExpectationBook()
        let bodies = ExchangeKey(parties: ["Russia", "Ukraine"], kind: .bodies)
        _ = book.apply([claim(.size, size: .perSide(.exactly(1000)))], reportID: "r1", day: day("2025-05-18"))
        let outcome = book.apply([claim(.size, size: .perSide(.exactly(6000)), key: bodies)], reportID: "r2", day: day("2025-05-19"))
        #expect(outcome.changes.first?.exchange.id == "russia-ukraine-bodies-1")
        #expect(book.open[key]?.size == .perSide(.exactly(1000)))
    }

    /// Property: once the expectation is 1,000–1,200 per side on June 7–8, any sequence of
    /// restatements that contain it (vaguer sizes, wider windows, repeats) changes nothing.
    @Test func restatementsNeverChangeAnything() async {
        let restatement = zip(
            Gen.int(in: 0...1000).optional, Gen.int(in: 1200...5000).optional,
            Gen.int(in: 0...3).optional, Gen.int(in: 0...9).optional)
        await propertyCheck(count: 300, input: restatement.array(of: 1...12)) { sequence in
            var book = ExpectationBook()
            _ = book.apply(
                [
                    claim(.size, size: .perSide(SizeInterval(min: 1000, max: 1200))),
                    claim(.date, date: DateWindow(earliest: day("2025-06-07"), latest: day("2025-06-08"))),
                ],
                reportID: "r0", day: day("2025-06-02"))
            let before = book
            for (n, (low, high, earlier, later)) in sequence.enumerated() {
                let window = DateWindow(
                    earliest: earlier.map { day("2025-06-07").adding(days: -$0) },
                    latest: day("2025-06-08").adding(days: later ?? 22))
                let outcome = book.apply(
                    [claim(.size, size: .perSide(SizeInterval(min: low, max: high))), claim(.date, date: window)],
                    reportID: "r\(n + 1)", day: day("2025-06-03"))
                #expect(outcome.changes.isEmpty)
            }
            #expect(book.open == before.open)
        }
    }
}

@Suite struct ReprintRuleTests {
    private let original = """
        Ukraine and Russia have agreed to exchange 1,000 prisoners of war each, Zelensky said. \
        "We expect the exchange to take place next week," he said. Families were asked to wait for official confirmation.
        """

    private func quoted(_ quote: String) -> Claim {
        Claim(type: .size, exchange: key, size: .perSide(.exactly(1000)), evidence: Evidence(quote: quote))
    }

    @Test func quotesFoundInTheEarlierTextSayNothingNew() {
        let earlier = ContentHash.normalized(original)
        #expect(ReprintRule.quotesAppear(of: [quoted("\u{201C}We expect the exchange to take  place next week,\u{201D} he said.")], in: earlier))
        #expect(
            !ReprintRule.quotesAppear(
                of: [quoted("Ukraine and Russia have agreed to exchange 1,200 prisoners of war each, Zelensky said.")], in: earlier))
        #expect(!ReprintRule.quotesAppear(of: [], in: earlier), "a report without claims corroborates nothing")
    }

    @Test func anOutletsLeadInNeedNotBeInTheEarlierText() {
        let earlier = ContentHash.normalized(original)
        let claim = "Ukraine and Russia have agreed to exchange 1,000 prisoners of war each, Zelensky said."
        #expect(ReprintRule.quotesAppear(of: [quoted("Echo News \u{2014} " + claim)], in: earlier))
        #expect(ReprintRule.quotesAppear(of: [quoted("BREAKING: " + claim)], in: earlier))
        #expect(!ReprintRule.quotesAppear(of: [quoted("Update 2 - " + claim)], in: earlier), "a lead-in with a number is not skipped")
        #expect(!ReprintRule.quotesAppear(of: [quoted("Echo News - " + claim.replacingOccurrences(of: "1,000", with: "1,200"))], in: earlier))
    }

    @Test func theWindowIsThreeDaysEitherWay() {
        let window = ReprintRule.window(around: day("2025-05-19"))
        #expect(window.contains(day("2025-05-16")) && window.contains(day("2025-05-22")))
        #expect(!window.contains(day("2025-05-15")) && !window.contains(day("2025-05-23")))
    }

    @Test func nearIdenticalMeansTheThreshold() {
        let fingerprint = TextFingerprint(text: original)
        #expect(ReprintRule.areNearIdentical(fingerprint, TextFingerprint(text: "LONDON - " + original + " Editing by staff.")))
        #expect(
            !ReprintRule.areNearIdentical(fingerprint, TextFingerprint(text: "Kyiv and Moscow swapped prisoners; families waited at the border.")))
    }
}

/// The admission the claim store and `swapwatch replay` share, over the in-memory ledger.
@Suite struct ReportAdmissionTests {
    private func report(_ id: String, _ text: String) throws -> Report {
        try Fixtures.report(id, text: text, outlet: nil)
    }

    private let sizeClaim = Claim(
        type: .size, exchange: key, size: .perSide(.exactly(1000)),
        evidence: Evidence(quote: "Russia and Ukraine agreed to exchange 1,000 prisoners each."))

    @Test func aReportIsStoredOnceAndItsChangesRaised() throws {
        var ledger = InMemoryAdmissionLedger()
        let text = "Russia and Ukraine agreed to exchange 1,000 prisoners each. Talks went on in Istanbul."
        let first = try ReportAdmission.admit(try report("r1", text), claims: [sizeClaim], into: &ledger)
        #expect(first.status == .stored)
        #expect(first.outcome.changes.count == 1)
        // The same id, or the same content under another id, is a duplicate and changes nothing.
        let again = try ReportAdmission.admit(try report("r1", "Other text"), claims: [], into: &ledger)
        #expect(again.status == .duplicate && again.existingReportID == "r1")
        let copy = try ReportAdmission.admit(try report("r2", text + "  "), claims: [sizeClaim], into: &ledger)
        #expect(copy.status == .duplicate && copy.existingReportID == "r1")
        #expect(ledger.book.open[key]?.size == .perSide(.exactly(1000)))
    }

    @Test func aReprintOfTheSameDayCorroboratesAndRaisesNothing() throws {
        var ledger = InMemoryAdmissionLedger()
        _ = try ReportAdmission.admit(
            try report("r1", "Russia and Ukraine agreed to exchange 1,000 prisoners each, officials said."), claims: [sizeClaim], into: &ledger)
        let reprint = try ReportAdmission.admit(
            try report("r2", "Echo News - Russia and Ukraine agreed to exchange 1,000 prisoners each."), claims: [sizeClaim], into: &ledger)
        #expect(reprint.status == .corroboration && reprint.existingReportID == "r1")
        #expect(reprint.outcome.changes.isEmpty)
    }

    @Test func aReportWithoutTextIsRefusedAndNothingIsRecorded() throws {
        var ledger = InMemoryAdmissionLedger()
        let blank = Report(
            id: "r1", published: "2025-05-18T08:00:00Z", received: "2025-05-18T08:00:00Z", outlet: nil, url: nil,
            title: nil, language: nil, text: " \n ")
        #expect(throws: ReportError.missingText) { try ReportAdmission.admit(blank, claims: [], into: &ledger) }
        #expect(ledger.reportID(id: "r1", contentHash: "") == nil)
    }
}
