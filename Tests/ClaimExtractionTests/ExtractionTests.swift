import Foundation
import SwapWatchMessages
import Testing

@testable import ClaimExtraction

private func claims(_ text: String, published: String) -> [Claim] {
    ClaimExtractor().extract(text: text, reference: Timestamp.parse(published)!, basis: .published)
}

private func day(_ iso: String) -> Day { Day(iso: iso)! }

@Suite struct ExtractionTests {
    @Test(arguments: [
        ("the 1000 for 1000 exchange with Russia will go ahead, Kyiv said", 1000),
        ("Ukraine and Russia will swap 1,000-for-1,000 prisoners, officials said", 1000),
        ("Ukraine and Russia will exchange 1 000 prisoners each", 1000),
        ("Ukraine and Russia agreed to swap a thousand prisoners each", 1000),
        ("Russia and Ukraine will exchange one thousand two hundred prisoners each", 1200),
        ("Moscow and Kyiv will swap 115 prisoners of war apiece", 115),
        ("the swap will involve 246 POWs from each side, Ukraine's ombudsman said of the talks with Russia", 246),
    ])
    func sizesPerSide(text: String, size: Int) {
        let found = claims(text, published: "2025-06-02T12:00:00Z").filter { $0.type == .size }
        #expect(found.map(\.size) == [.perSide(.exactly(size))], "\(text)")
    }

    @Test func qualifiersMakeIntervals() {
        let upTo = claims("Ukraine hopes to bring back up to 1,200 prisoners in the next swap with Russia.", published: "2025-06-02T12:00:00Z")
        #expect(upTo.first { $0.type == .size }?.size == .perSide(SizeInterval(min: nil, max: 1200)))
        let atLeast = claims("Russia and Ukraine will exchange at least 500 prisoners each.", published: "2025-06-02T12:00:00Z")
        #expect(atLeast.first { $0.type == .size }?.size == .perSide(SizeInterval(min: 500, max: nil)))
        let bounded = claims(
            "Zelensky said Ukraine and Russia would hold another exchange of at least 1,000 prisoners, possibly up to 1,200 per side.",
            published: "2025-06-02T12:00:00Z")
        #expect(bounded.first { $0.type == .size }?.size == .perSide(SizeInterval(min: 1000, max: 1200)))
        // "hand over 100" is a verb and its particle, not "more than 100".
        let handOver = claims(
            "Each side would hand over 100 captives, a source in Kyiv said of the swap with Russia.", published: "2025-06-02T12:00:00Z")
        #expect(handOver.first { $0.type == .size }?.size == .perSide(.exactly(100)))
        let over = claims("Russia and Ukraine will exchange over 300 prisoners each.", published: "2025-06-02T12:00:00Z")
        #expect(over.first { $0.type == .size }?.size == .perSide(SizeInterval(min: 300, max: nil)))
    }

    @Test func theReleasingPartyTellsWhosePeopleACountNames() {
        let found = claims(
            "Under the deal, Hamas will free the 20 hostages still alive and Israel will release 1,950 Palestinians, including 250 serving life terms.",
            published: "2025-10-09T09:00:00Z")
        #expect(found.filter { $0.type == .size }.map(\.size) == [.sides(["Israel": .exactly(20), "Hamas": .exactly(1950)])])
        let asymmetric = claims(
            "Hamas is due to hand over three Israeli women held hostage on Sunday, when the truce takes effect, in exchange for 90 Palestinian prisoners.",
            published: "2025-01-18T19:00:00Z")
        #expect(asymmetric.filter { $0.type == .size }.map(\.size) == [.sides(["Israel": .exactly(3), "Hamas": .exactly(90)])])
    }

    @Test(arguments: ["KYIV, May 16 - ", "KYIV, Ukraine, May 16 (Wire) \u{2014} ", "TEL AVIV (AP) \u{2013} ", "WASHINGTON -- "])
    func aDatelineIsNeitherQuotedNorADate(dateline: String) {
        let found = claims(
            dateline + "Ukraine and Russia have agreed to exchange 1,000 prisoners of war each next week.", published: "2025-05-16T18:00:00Z")
        #expect(found.map(\.type) == [.size, .date], "\(dateline)")
        #expect(found.allSatisfy { $0.evidence.quote.hasPrefix("Ukraine and Russia") })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2025-05-19"), latest: day("2025-05-25")))
    }

    @Test func capitalisedOpeningsThatAreNotDatelines() {
        for text in [
            "US and Russia - each will free 2 prisoners in a swap next week.",
            "UN officials - who mediated - expect Russia and Ukraine to swap 100 prisoners each next week.",
        ] {
            #expect(claims(text, published: "2025-05-16T18:00:00Z").first?.evidence.quote == text)
        }
    }

    @Test func aColonElaboratesTheClauseBeforeIt() {
        let found = claims(
            "The exchange between Russia and Ukraine happened on Friday: 95 Ukrainians for 95 Russians.", published: "2024-10-18T12:00:00Z")
        #expect(!found.contains { $0.type == .size })
        #expect(found.contains { $0.type == .completed && $0.date == DateWindow(earliest: day("2024-10-18"), latest: day("2024-10-18")) })
    }

    @Test func numbersThatAreNotSizes() {
        let text = """
            Ukraine and Russia will swap prisoners soon. The list includes soldiers aged 18 to 25. \
            Since 2022 Ukraine has brought home 4,552 people in the 64th exchange. \
            The strike killed at least 54 prisoners of war.
            """
        #expect(claims(text, published: "2025-06-02T12:00:00Z").filter { $0.type == .size }.isEmpty)
    }

    @Test(arguments: [
        // published on Sunday 2025-05-18
        ("Ukraine and Russia will exchange prisoners next week.", "2025-05-19", "2025-05-25"),
        ("Ukraine and Russia will exchange prisoners in the coming days.", "2025-05-19", "2025-05-25"),
        ("Ukraine and Russia will exchange prisoners on Friday.", "2025-05-23", "2025-05-23"),
        ("Ukraine and Russia will exchange prisoners tomorrow.", "2025-05-19", "2025-05-19"),
        ("Ukraine and Russia will exchange prisoners from May 23 to 25.", "2025-05-23", "2025-05-25"),
        ("Ukraine and Russia will exchange prisoners between 23 and 25 May.", "2025-05-23", "2025-05-25"),
        ("Ukraine and Russia will exchange prisoners this weekend.", "2025-05-18", "2025-05-18"),
    ])
    func relativeAndAbsoluteDates(text: String, earliest: String, latest: String) {
        let dates = claims(text, published: "2025-05-18T08:00:00Z").filter { $0.type == .date }
        #expect(dates.map(\.date) == [DateWindow(earliest: day(earliest), latest: day(latest))], "\(text)")
    }

    @Test func laterOnTheSameWeekdayIsToday() {
        // Published on Sunday 2025-01-19.
        let dates = claims(
            "The release of the three Israeli hostages held by Hamas is still expected later on Sunday.", published: "2025-01-19T12:00:00Z")
        #expect(dates.first { $0.type == .date }?.date == DateWindow(earliest: day("2025-01-19"), latest: day("2025-01-19")))
    }

    @Test func byADayIsAnUpperBound() {
        let dates = claims("Russia and Ukraine are expected to swap prisoners by the end of the month.", published: "2025-05-18T08:00:00Z")
        #expect(dates.first { $0.type == .date }?.date == DateWindow(earliest: nil, latest: day("2025-05-31")))
    }

    @Test func sameWeekdayMeansTodayWhenThePlainSenseIsToday() {
        let later = claims("The swap between Russia and Ukraine was scheduled to take place later Wednesday.", published: "2024-01-24T10:00:00Z")
        #expect(later.first { $0.type == .date }?.date == .on(day("2024-01-24")))
        // News usage: a bare "on Wednesday" in a Wednesday story is that day; "next Wednesday" is a week on.
        let bare = claims("Russia and Ukraine will exchange prisoners on Wednesday.", published: "2024-01-24T10:00:00Z")
        #expect(bare.first { $0.type == .date }?.date == .on(day("2024-01-24")))
        let next = claims("Russia and Ukraine will exchange prisoners next Wednesday.", published: "2024-01-24T10:00:00Z")
        #expect(next.first { $0.type == .date }?.date == .on(day("2024-01-31")))
    }

    @Test func pastSwapsAreCompletionsNotExpectations() {
        let found = claims("Ukraine and Russia held a 1,000-for-1,000 prisoner exchange from May 23 to 25.", published: "2025-06-02T12:00:00Z")
        #expect(found.map(\.type) == [.completed])
        #expect(found.first?.date == DateWindow(earliest: day("2025-05-23"), latest: day("2025-05-25")))
    }

    @Test func speakerAndHedge() throws {
        let found = claims("The exchange with Russia could happen as early as next week, Kyrylo Budanov said.", published: "2025-05-18T08:00:00Z")
        let date = try #require(found.first { $0.type == .date })
        #expect(date.evidence.speaker == "Kyrylo Budanov")
        #expect(date.evidence.hedged)
        #expect(date.evidence.quote.hasPrefix("The exchange with Russia"))
    }

    @Test func speakersAreWholeNamesNotDays() {
        let speaker = { (text: String) in claims(text, published: "2027-10-14T11:00:00Z").first?.evidence.speaker }
        #expect(
            speaker(
                "The exchange of prisoners with Russia will take place on Friday, the Coordination Headquarters for the Treatment of Prisoners of War said."
            )
                == "Coordination Headquarters for the Treatment of Prisoners of War")
        #expect(
            speaker("The exchange of prisoners with Russia will take place on Friday, said the Ministry of Defence of Ukraine.")
                == "Ministry of Defence of Ukraine")
        #expect(speaker("The exchange of prisoners between Russia and Ukraine will take place on Friday, said the ministry.") == nil)
    }

    @Test func otherPartiesAndBodiesHaveTheirOwnKeys() {
        let hostages = claims(
            "Hamas will free four Israeli soldiers and Israel will release 200 Palestinian prisoners next Sunday.", published: "2025-01-20T12:00:00Z")
        #expect(hostages.first { $0.type == .size }?.size == .sides(["Israel": .exactly(4), "Hamas": .exactly(200)]))
        #expect(hostages.allSatisfy { $0.exchange == ExchangeKey(parties: ["Israel", "Hamas"], kind: .prisoners) })
        let bodies = claims("Russia will hand over the bodies of 6,000 fallen Ukrainian soldiers next week.", published: "2025-06-02T12:00:00Z")
        #expect(bodies.allSatisfy { $0.exchange.kind == .bodies })
    }

    @Test func badInputYieldsNoClaimsAndNoCrash() {
        #expect(claims("", published: "2025-06-02T12:00:00Z").isEmpty)
        #expect(claims("Обмін полоненими 1000 на 1000 відбудеться наступного тижня.", published: "2025-06-02T12:00:00Z").isEmpty)
        let junk = String(decoding: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        _ = claims(junk, published: "2025-06-02T12:00:00Z")
        let big = String(repeating: "Ukraine and Russia discussed a prisoner swap. ", count: 110_000)  // about 5 MB
        #expect(claims(big, published: "2025-06-02T12:00:00Z").filter { $0.type != .completed }.isEmpty)
    }

    @Test func pageFurnitureIsIgnored() {
        let text = "0 out of 25,000\n\nHelp us reach 25,000 members by the end of 2025.\n\nRead more\nNews Feed\n2 min read\n"
        #expect(claims(text, published: "2025-06-02T12:00:00Z").isEmpty)
    }
}

/// Rules of English that real reports taught (each a construction, not a report).
@Suite struct EnglishConstructionTests {
    @Test func aSizeOnEachSideNeedsNoExchangeWordInItsSentence() {
        let text = """
            Armenia and Azerbaijan agreed on Tuesday to swap all wounded detainees. \
            "It will be at least 40, perhaps up to 60 on each side," the mediator said.
            """
        #expect(
            claims(text, published: "2026-05-05T12:00:00Z").first { $0.type == .size }?.size
                == .perSide(SizeInterval(min: 40, max: 60)))
    }

    @Test func oneSideInEachOfTwoSentencesMakesBothSides() {
        let statement = """
            Armenia and Azerbaijan issued a joint statement on prisoners. As a gesture of goodwill, Azerbaijan releases 30 Armenian \
            servicemen. In its turn, Armenia releases 4 Azerbaijani servicemen.
            """
        let found = claims(statement, published: "2026-12-08T08:00:00Z")
        #expect(found.filter { $0.type == .size }.map(\.size) == [.sides(["Armenia": .exactly(30), "Azerbaijan": .exactly(4)])])
        // One side alone is no size: it may be a stage, a list or a stock.
        let alone = claims(
            "Armenia and Azerbaijan issued a joint statement on prisoners. Azerbaijan releases 30 Armenian servicemen.",
            published: "2026-12-08T08:00:00Z")
        #expect(alone.allSatisfy { $0.type != .size })
    }

    @Test func theTermsOfAnExchangeReportedDoneAreNoNewSize() {
        let text = """
            As previously reported, Armenia and Azerbaijan agreed that Azerbaijan would release 32 Armenian prisoners and Armenia \
            2 Azerbaijani prisoners. The prisoners were handed over on December 13 at the border.
            """
        let found = claims(text, published: "2023-12-13T12:00:00Z")
        #expect(found.map(\.type) == [.completed])
    }

    @Test func aHomecomingUnderWayIsASwapDone() {
        let text = "Ukraine's ombudsman announced a further exchange with Russia. \"Today we are returning 40 defenders home,\" he said."
        let found = claims(text, published: "2026-05-05T12:00:00Z")
        #expect(found.map(\.type) == [.completed])
        #expect(found.first?.date == .on(day("2026-05-05")))
    }

    @Test func aPlanForADayThatHasComeIsBackground() {
        // Said on the day the exchange was to be, or of a day before the report: no date to come.
        let cancelled = "\"An exchange of prisoners with Russia was planned today,\" Kyiv said, adding that Moscow cancelled it."
        #expect(claims(cancelled, published: "2026-05-05T12:00:00Z").allSatisfy { $0.type != .date })
        let overtaken = "Kyiv acknowledged that a prisoner exchange with Russia had been due to take place on Wednesday."
        #expect(claims(overtaken, published: "2026-05-08T12:00:00Z").allSatisfy { $0.type != .date })
    }

    @Test func whatAPastCauseBroughtAboutIsDone() {
        for text in [
            "Last year a deal led Hamas to free 105 hostages in exchange for the release of 240 Palestinian prisoners.",
            "A deal led Hamas to free 105 hostages in exchange for the release of 240 Palestinian prisoners from Israeli jails.",
        ] {
            #expect(claims(text, published: "2026-05-05T12:00:00Z").allSatisfy { $0.type != .size }, "\(text)")
        }
        let plan = "Israel and Hamas agreed to free 30 hostages in exchange for the release of 90 Palestinian prisoners."
        #expect(claims(plan, published: "2026-05-05T12:00:00Z").contains { $0.type == .size })
    }

    @Test func anExchangeTakingPlaceWithoutADayIsToday() {
        let text = "Pushilin said another exchange of prisoners with Kyiv is taking place, with each side handing over 50 people."
        #expect(claims(text, published: "2026-10-29T08:40:00Z").first { $0.type == .date }?.date == .on(day("2026-10-29")))
        // Its preparation under way dates nothing.
        let preparing = "Russia and Ukraine said preparations for the next prisoner exchange are under way."
        #expect(claims(preparing, published: "2026-10-29T08:40:00Z").allSatisfy { $0.type != .date })
    }

    @Test func theNextGroupIsTheExchangeToCome() {
        let text = "Ukraine brought home another 200 prisoners of war from Russia on Saturday. The next group is due on Monday, Kyiv said."
        #expect(claims(text, published: "2026-04-25T12:00:00Z").first { $0.type == .date }?.date == .on(day("2026-04-27")))
        let stages = "Ukraine and Russia carried out the first stage of the prisoner exchange. Further stages would follow this weekend."
        #expect(
            claims(stages, published: "2026-04-22T12:00:00Z").first { $0.type == .date }?.date
                == DateWindow(earliest: day("2026-04-25"), latest: day("2026-04-26")))
    }

    @Test func aReportOfAPostponementDatesOnlyWithALaterDay() {
        let heldBack = """
            Hamas is holding back the release of the second group of hostages, its armed wing said. \
            An Israeli official said the hostages "should be released today, as agreed" in exchange for Palestinian prisoners.
            """
        let found = claims(heldBack, published: "2027-09-11T12:00:00Z")
        #expect(found.map(\.type) == [.postponed])
        let moved = "The prisoner exchange between Russia and Ukraine planned for today has been postponed to Monday, Kyiv said."
        #expect(claims(moved, published: "2027-09-09T12:00:00Z").first { $0.type == .date }?.date == .on(day("2027-09-13")))
    }

    @Test func anEarlierSwapDoneLeavesTheNextOnesSizeStanding() {
        // The swap done is weeks old: the size before it is the next exchange's.
        let text = """
            Zelensky said the next exchange with Russia would follow the 500-for-500 format. \
            Ukraine and Russia held a 300-for-300 prisoner exchange on May 3.
            """
        #expect(claims(text, published: "2026-06-02T18:00:00Z").contains { $0.type == .size })
    }

    @Test func aDelayOfHoursLeavesTheDayThatStillHolds() {
        let text = """
            The truce was delayed by three hours on Sunday morning as Israel waited for Hamas to name the hostages. \
            The release of the three women in exchange for Palestinian prisoners is still expected later on Sunday.
            """
        let found = claims(text, published: "2026-01-18T12:00:00Z")
        #expect(found.first { $0.type == .date }?.date == .on(day("2026-01-18")))
    }

    @Test func aStockHeldIsNoSize() {
        let text = "Russia says it holds more than 3,000 Ukrainian prisoners and will exchange them once Kyiv confirms a date."
        #expect(claims(text, published: "2026-05-05T12:00:00Z").allSatisfy { $0.type != .size })
        let bodies = "Ukraine says Russia has about 900 bodies ready for repatriation and is waiting for a date for the handover."
        #expect(claims(bodies, published: "2026-05-05T12:00:00Z").allSatisfy { $0.type != .size })
    }

    private let wednesday = "2027-04-14T15:00:00Z"

    private func dates(_ text: String, published: String) -> [DateWindow?] {
        claims(text, published: published).filter { $0.type == .date }.map(\.date)
    }

    @Test func oneForOneIsOnePerSide() {
        let found = claims("The US and Belarus are close to a straight one-for-one trade of prisoners.", published: wednesday)
        #expect(found.first { $0.type == .size }?.size == .perSide(.exactly(1)))
        // A lone "one" is still no count.
        #expect(claims("One of the officials said Ukraine and Russia would swap prisoners.", published: wednesday).allSatisfy { $0.type != .size })
    }

    @Test func aNameIsNoVerb() {
        // "States" in "the United States" is no speech verb that would make Friday the day of a statement.
        let text = "A prisoner exchange between the United States and Belarus could take place later on Friday."
        #expect(dates(text, published: "2027-02-19T10:00:00Z") == [.on(day("2027-02-19"))])
    }

    @Test func notVerbBeforeADayIsAFloor() {
        let text = "The release of hostages by Hamas in exchange for Israeli-held prisoners will not start before Friday."
        #expect(dates(text, published: "2027-09-09T05:00:00Z") == [DateWindow(earliest: day("2027-09-10"), latest: nil)])
    }

    @Test func aPostponementAdjectiveIsNoPostponement() {
        let text = "The long-delayed exchange of 1,200 prisoners per side between Russia and Ukraine is set to run from 23 to 25 April."
        let found = claims(text, published: "2027-04-22T06:00:00Z")
        #expect(!found.contains { $0.type == .postponed })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2027-04-23"), latest: day("2027-04-25")))
        #expect(claims("Russia said the prisoner exchange with Ukraine was delayed.", published: wednesday).contains { $0.type == .postponed })
    }

    @Test func theDayOfAnAgreementIsNotTheDayOfTheSwap() {
        let text = "The Russia-Ukraine exchange agreed in Abu Dhabi on Friday could take place as early as next week."
        #expect(dates(text, published: "2027-04-10T11:00:00Z") == [DateWindow(earliest: day("2027-04-12"), latest: day("2027-04-18"))])
        let opening = "On Monday the Kremlin said the exchange with Ukraine would involve at least 1,000 people from each side."
        #expect(dates(opening, published: wednesday).isEmpty)
    }

    @Test func relativeDatesCountFromTheDayTheyWereSaid() {
        // Said on Sunday April 18, read on Tuesday April 20: "next week" is April 19-25.
        let text = "Ukraine's negotiator said on Sunday the stalled prisoner exchange with Russia would take place next week."
        #expect(dates(text, published: "2027-04-20T08:00:00Z") == [DateWindow(earliest: day("2027-04-19"), latest: day("2027-04-25"))])
    }

    @Test func compoundsOfLastAreNotThePast() {
        let text = "\"The Russia-Ukraine swap could happen on Friday,\" he said, cautioning that \"there are always last-minute questions.\""
        #expect(dates(text, published: wednesday) == [.on(day("2027-04-16"))])
        // "exchanged lists" reports no swap: the size to come stays a size to come.
        let lists = "Ukraine and Russia have exchanged lists for the prisoner swap, and the number has been fixed at 1,200 for 1,200."
        #expect(claims(lists, published: wednesday).first { $0.type == .size }?.size == .perSide(.exactly(1200)))
    }

    @Test func clausesJoinedByAndAreReadApart() {
        // "…, and the final stage … is expected on Monday": a stage done, then a date to come.
        let stage =
            "A third group of Ukrainian prisoners of war came home on Thursday under the agreement with Russia, "
            + "and the final stage of the exchange is expected on Monday, Ukraine said."
        #expect(claims(stage, published: "2027-06-24T16:00:00Z").first { $0.type == .date }?.date == .on(day("2027-06-28")))
        // "… and that Moscow was ready to start …": readiness in one clause leaves the plan in the other.
        let ready = "Lebedev said the exchange with Ukraine would take place \"in the coming days\" and that Moscow was \"ready to start.\""
        #expect(
            claims(ready, published: "2027-04-09T19:30:00Z").first { $0.type == .date }?.date
                == DateWindow(earliest: day("2027-04-10"), latest: day("2027-04-16")))
        // "could be concluded by the end of the month": a passive, not a past act dated by its date.
        let passive = "The US and Belarus are working on a one-for-one prisoner trade that could be concluded by the end of the month."
        #expect(
            claims(passive, published: "2027-03-15T14:00:00Z").first { $0.type == .date }?.date
                == DateWindow(earliest: nil, latest: day("2027-03-31")))
    }

    @Test func aFutureAuxiliaryOutweighsAPastDetail() {
        let text = "Ukraine and Russia will exchange 1,200 prisoners each under the deal reached in Abu Dhabi last week."
        #expect(claims(text, published: "2027-04-14T20:10:00Z").first { $0.type == .size }?.size == .perSide(.exactly(1200)))
        // Handing over lists is no swap.
        let lists = "Ukraine said the figure for the prisoner exchange with Russia had been confirmed after lists were handed over."
        #expect(claims(lists, published: "2027-04-14T20:10:00Z").allSatisfy { $0.type != .completed })
    }

    @Test func aPostponementWithANewDate() {
        let text =
            "The prisoner exchange between Ukraine and Russia will not take place this week as had been expected, "
            + "and is now planned for Monday, December 27, or Tuesday, December 28."
        let found = claims(text, published: "2027-12-21T12:00:00Z")
        #expect(found.contains { $0.type == .postponed })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2027-12-27"), latest: day("2027-12-28")))
        // "freed prisoners" is an adjective, no report of a swap.
        let adjective = "The hospital that receives freed prisoners from the Russia-Ukraine exchanges has hung a sign."
        #expect(claims(adjective, published: "2027-12-24T09:00:00Z").allSatisfy { $0.type != .completed })
    }

    @Test func tradeInGoodsAndTheFreedAreNoSwap() {
        let market = "The US Treasury has imposed sanctions on the Moscow Exchange, which will stop trading in dollars on 13 June."
        #expect(claims(market, published: "2024-06-12T16:09:00Z").isEmpty)
        let those = "No Palestinian convicted of killing Israelis will be among those freed in the hostage deal with Hamas."
        #expect(claims(those, published: "2023-11-22T06:30:00Z").allSatisfy { $0.type != .completed })
        let each = "Iran and the United States will each grant amnesty and release five prisoners in the swap."
        #expect(claims(each, published: "2023-08-11T09:00:00Z").first { $0.type == .size }?.size == .perSide(.exactly(5)))
    }

    @Test func aPastVerbReportsWhatHappened() {
        // A size in a clause told in the past is no size to come…
        let confirmed = "On September 14, Zelenskiy confirmed a new exchange of prisoners of war with Russia - 103 on each side."
        #expect(claims(confirmed, published: "2024-09-14T18:00:00Z").allSatisfy { $0.type != .size })
        let back = "Russia said 150 Russian soldiers are back from Ukrainian captivity, with 150 Ukrainian prisoners handed over in return."
        #expect(claims(back, published: "2024-12-30T14:45:00Z").allSatisfy { $0.type != .size })
        // …but the size of an exchange called off is the plan's.
        let disrupted = "Russia says the downing of the plane disrupted a 192-for-192 exchange of prisoners with Ukraine."
        #expect(claims(disrupted, published: "2024-01-24T15:00:00Z").first { $0.type == .size }?.size == .perSide(.exactly(192)))
    }

    @Test func datesOfOtherThingsAndNewDates() {
        // A date in a relative clause about something else dates that thing.
        let easter = "Kyiv wants the prisoner exchange with Russia done before Easter, which Orthodox Christians celebrate on May 2."
        #expect(claims(easter, published: "2027-04-20T08:00:00Z").allSatisfy { $0.type != .date })
        // A date moved to replaces the date it was expected on.
        let moved = "The final stage of the prisoner exchange with Russia, which was expected today, has been moved to Tuesday, Ukraine said."
        #expect(claims(moved, published: "2027-04-25T10:00:00Z").first { $0.type == .date }?.date == .on(day("2027-04-27")))
        // "… and is now expected in December": a new clause about the same exchange.
        let december =
            "The exchange of prisoners agreed with Ukraine will not take place in November and is now expected in December, the Kremlin said."
        let found = claims(december, published: "2027-11-26T13:00:00Z")
        #expect(found.contains { $0.type == .postponed })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2027-12-01"), latest: day("2027-12-31")))
    }

    @Test func boundsAndOneWaySizes() {
        let raised = "Russia and Ukraine agreed to swap badly wounded prisoners, no fewer than 600, possibly up to 800 on each side."
        #expect(
            claims(raised, published: "2027-06-07T18:00:00Z").first { $0.type == .size }?.size
                == .perSide(SizeInterval(min: 600, max: 800)))
        let bodies = "Moscow is ready to hand over the bodies of 3,000 Ukrainian soldiers next week, Russia said."
        #expect(claims(bodies, published: "2027-05-13T12:00:00Z").first { $0.type == .size }?.size == .sides(["Ukraine": .exactly(3000)]))
    }

    @Test func agreedAsAParticipleIsNoPlan() {
        let text = "Today the final stage of the Russia-Ukraine repatriation of bodies agreed in Abu Dhabi took place."
        #expect(claims(text, published: "2027-05-22T18:00:00Z").allSatisfy { $0.type != .date })
    }
}

/// Inputs that used to trap: each returns, whatever it extracts.
@Suite struct ExtractionNeverTrapsTests {
    @Test(arguments: [
        "The next exchange between Russia and Ukraine is expected on Saturday, Sunday",
        "Prisoners of Russia and Ukraine will be swapped on Friday,",
        "Ukraine and Russia will exchange prisoners on Monday Monday Monday Monday Tuesday, Wednesday, Thursday",
        "Ukraine and Russia will swap 99,999,999,999,999,999,999 prisoners each next week.",
        "Ukraine and Russia will swap a million million million million million million prisoners each.",
        "KYIV\n16:06 04.06.2025\nRussia and Ukraine exchanged prisoners on Saturday, Sunday",
        // A weekday whose modifier is a date of its own (found by the fuzzer).
        "Russia and Ukraine will swap prisoners today Friday.",
        "Russia and Ukraine will swap prisoners on Friday or later on Saturday, today Sunday, from 5 May between the 6th and 7th.",
    ])
    func returns(text: String) {
        _ = claims(text, published: "2025-06-04T16:06:00Z")
    }

    @Test func aWeekdayListOfAnyLengthIsNoDeepRecursion() {
        let text = "Russia and Ukraine will swap prisoners on " + Array(repeating: "Saturday, ", count: 50_000).joined() + "Sunday."
        _ = claims(text, published: "2025-06-04T16:06:00Z")
    }
}

@Suite struct DateListAndDurationTests {
    @Test func aListOfWeekdaysIsOneWindow() {
        let text = "Releases of Israeli hostages in exchange for Palestinian prisoners will continue on Saturday, Sunday and Monday."
        let found = claims(text, published: "2027-09-10T18:05:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-09-11"), latest: day("2027-09-13"))])
    }

    @Test func aStartDayAndADurationMakeAWindow() {
        let text =
            "Under the deal Hamas is to release 24 Israeli hostages over four days in return for 360 Palestinian prisoners, starting on Thursday."
        let found = claims(text, published: "2027-09-08T06:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-09-09"), latest: day("2027-09-12"))])
    }

    @Test func aDurationElsewhereInTheReportMakesAWindow() {
        let text = """
            Armenia and Azerbaijan agreed a three-day truce to swap detainees. \
            The first detainees are to be handed over on Tuesday, mediators said.
            """
        let found = claims(text, published: "2026-03-01T10:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2026-03-03"), latest: day("2026-03-05"))])
        // A span that has passed ("for three days families waited") is no duration of the exchange.
        let elapsed = """
            For three days families have waited as Armenia and Azerbaijan freed detainees. \
            More detainees are to be freed on Tuesday.
            """
        #expect(claims(elapsed, published: "2026-03-01T10:00:00Z").first { $0.type == .date }?.date == .on(day("2026-03-03")))
    }

    @Test func theDaysOfAnExchangeCountFromItsFirstStage() {
        // Day one reported; a four-day exchange leaves three days.
        let dayOne = """
            Hamas freed twelve Israeli hostages on Monday and Israel released 36 Palestinian prisoners under the four-day truce. \
            More hostages are to be released on Tuesday.
            """
        let found = claims(dayOne, published: "2026-03-02T20:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2026-03-03"), latest: day("2026-03-05"))])
        // "the third exchange" on Wednesday: the four days began on Monday, Thursday is the last.
        let dayThree = """
            Hamas freed ten Israeli hostages on Wednesday and Israel released 30 Palestinian prisoners, the third exchange under the four-day truce. \
            The last hostages are to be released on Thursday.
            """
        let last = claims(dayThree, published: "2026-03-04T20:00:00Z").filter { $0.type == .date }
        #expect(last.map(\.date) == [.on(day("2026-03-05"))])
    }

    @Test func aLaterDaysGroupIsNoSizeOfTheDeal() {
        let text = """
            Israel and Hamas began a four-day truce on Monday. Hamas freed 13 Israeli hostages on Monday in exchange for 39 \
            Palestinian prisoners. Hamas will free 12 Israeli hostages on Tuesday in exchange for 36 Palestinian prisoners, mediators said.
            """
        let found = claims(text, published: "2026-03-03T08:00:00Z")
        #expect(found.allSatisfy { $0.type != .size })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2026-03-03"), latest: day("2026-03-05")))
        // Without a length for the exchange, the same sentence is the size of an exchange on Tuesday.
        let single = "Hamas will free 12 Israeli hostages on Tuesday in exchange for 36 Palestinian prisoners, mediators said."
        #expect(claims(single, published: "2026-03-03T08:00:00Z").contains { $0.type == .size })
    }

    @Test func aCompletionDatedAfterTheReportIsNone() {
        let text = "Ukrainian officials want the prisoner exchange with Russia completed before Easter on May 2."
        #expect(claims(text, published: "2027-04-22T06:00:00Z").allSatisfy { $0.type != .completed && $0.type != .stage })
    }

    @Test func aDayAndNamedDaysFromItMakeOneWindow() {
        let text = """
            Israel received the list of hostages Hamas is to release on Saturday in exchange for Palestinian prisoners. \
            The releases are due to continue on Saturday, Sunday and Monday.
            """
        let found = claims(text, published: "2027-09-10T18:05:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-09-11"), latest: day("2027-09-13"))])
        // A phrase from the same day is vaguer, not longer.
        let weekend = """
            The prisoner exchange between Russia and Ukraine will take place on Saturday. \
            Kyiv expects the prisoner exchange with Russia this weekend.
            """
        #expect(claims(weekend, published: "2027-09-08T10:00:00Z").first { $0.type == .date }?.date == .on(day("2027-09-11")))
    }
}

/// Rules of the report-level reading and of English constructions, each one a test that fails without it.
@Suite struct ReadingRuleTests {
    @Test func theRemainingNumberIsTheRestOfTheExchangeTheSentenceBeforeNamed() {
        let text = """
            The bodies of 1,000 Ukrainian servicemen were returned to Ukraine by Russia on Wednesday. \
            It was the first stage of the repatriation of 3,000 bodies. \
            The remaining 2,000 are expected on Friday and Saturday, the headquarters said.
            """
        let found = claims(text, published: "2027-05-19T15:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.exchange.kind) == [.bodies])
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-05-21"), latest: day("2027-05-22"))])
        // A sentence that names the exchange itself is about prisoners, whatever came before.
        let next = """
            Russia and Ukraine returned 4,000 bodies this year. \
            Officials say the next exchange is expected in January.
            """
        #expect(claims(next, published: "2027-12-30T10:00:00Z").filter { $0.type == .date }.map(\.exchange.kind) == [.prisoners])
    }

    @Test func bodiesAPartyReceivesAreItsOwn() {
        let text = """
            Ukraine expects to receive the bodies of 1,000 fallen soldiers from Russia in the coming days, \
            the headquarters said, in what would be the first repatriation since May.
            """
        let found = claims(text, published: "2027-10-14T11:00:00Z").filter { $0.type == .size }
        #expect(found.map(\.size) == [.sides(["Ukraine": .exactly(1000)])])
        // "since" that counts up a total still makes a count no size.
        let total = "Ukraine has received the bodies of 17,000 soldiers from Russia since 2022 and expects more next week."
        #expect(claims(total, published: "2027-10-14T11:00:00Z").allSatisfy { $0.type != .size })
    }

    @Test func aSwapVerbWithItsObjectReportsTheSwap() {
        let types = { (text: String) in claims(text, published: "2022-09-22T04:30:00Z").map(\.type) }
        #expect(types("Russia and Ukraine exchanged prisoners on Wednesday.") == [.completed])
        #expect(types("Russia and Ukraine have swapped prisoners of war, officials said.") == [.completed])
        // "freed prisoners" after an article is an adjective, and "since the war began on Feb. 24" dates the war.
        #expect(types("The freed prisoners arrived in Kyiv from Russia on Wednesday.").isEmpty)
        #expect(
            types("Ukraine and Russia have exchanged prisoners many times since the war began on Feb. 24, 2022.")
                .allSatisfy { $0 != .completed })
        let text = "Russia and Ukraine have swapped prisoners. Channels report that another 30 people will be delivered to Russia tomorrow."
        let tomorrow = claims(text, published: "2022-09-22T04:30:00Z").filter { $0.type == .date }
        #expect(tomorrow.map(\.date) == [.on(day("2022-09-23"))])
    }

    @Test func whatWouldHaveBeenSwappedIsThePlansSize() {
        let found = claims(
            "Before the crash, the swap between Russia and Ukraine could have been carried out under a 192-for-192 formula.",
            published: "2024-01-24T09:40:00Z")
        #expect(found.map(\.type) == [.size])
        #expect(found.first?.size == .perSide(.exactly(192)))
    }

    @Test func captivesWhoLeaveAreLetGo() {
        let text = """
            Tehran describes the arrangement as a prisoner swap with the United States. \
            If everything goes to plan, the Americans could leave Iran in September, one source said.
            """
        let found = claims(text, published: "2023-08-11T09:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2023-09-01"), latest: day("2023-09-30"))])
    }

    @Test func aCollapseOfTheReleasesCallsThemOff() {
        let text =
            "Israel and Hamas blamed each other for the collapse, saying the other had rejected terms for extending the daily release of hostages."
        #expect(claims(text, published: "2023-12-01T22:55:00Z").map(\.type) == [.postponed])
    }

    @Test func oneSideFreedOnTheDayTheSwapIsDueIsAStage() {
        let text = """
            Five Americans held by Iran have been freed in a prisoner swap, the AP reports. \
            The prisoner swap between the United States and Iran will happen today, Kanaani said.
            """
        let found = claims(text, published: "2023-09-18T13:24:00Z")
        #expect(found.contains { $0.type == .stage })
        #expect(!found.contains { $0.type == .completed })
    }

    @Test func thePoolAPartComesFromIsNoSize() {
        let some = "In return, Venezuela will release some, if not all, of the at least 10 U.S. citizens who remain imprisoned, a source said."
        #expect(claims(some, published: "2023-12-20T13:57:00Z").allSatisfy { $0.type != .size })
        let each = "Venezuela and the United States agreed on the exchange of 10 prisoners each."
        #expect(claims(each, published: "2023-12-20T13:57:00Z").first { $0.type == .size }?.size == .perSide(.exactly(10)))
    }

    @Test func theFirstDaysGroupOfStagesGoingOnIsNoSize() {
        let stages = """
            Mediators said Hamas would release six hostages later on Saturday in exchange for 90 Palestinian prisoners held by Israel. \
            "The second group will be released tonight, and the exchanges will continue on Sunday and Monday as planned," the spokesman said.
            """
        let found = claims(stages, published: "2027-09-11T17:30:00Z")
        #expect(found.allSatisfy { $0.type != .size })
        #expect(found.first { $0.type == .date }?.date == DateWindow(earliest: day("2027-09-11"), latest: day("2027-09-13")))
        // Without stages, the size of a swap that may run on is the deal's.
        let deal = "Russia and Ukraine will exchange 1,000 prisoners for 1,000 on Saturday, the ministry said. The exchange could continue on Sunday."
        #expect(claims(deal, published: "2027-09-08T10:00:00Z").first { $0.type == .size }?.size == .perSide(.exactly(1000)))
    }

    @Test func aClauseWithItsVerbLeftOutGoesOnAboutTheExchange() {
        let text = "Israel said the release of hostages by Hamas will begin according to the agreement, and not before Friday."
        #expect(claims(text, published: "2023-11-23T05:00:00Z").map(\.date) == [DateWindow(earliest: day("2023-11-24"), latest: nil)])
    }

    @Test func anExchangeShelvedIsPutOff() {
        let text = "Kiev has shelved the exchange of prisoners of war with Russia indefinitely, the head of the Russian delegation wrote."
        #expect(claims(text, published: "2027-06-12T08:00:00Z").map(\.type) == [.postponed])
    }

    @Test func aBoundOnOneSidesPeopleIsNoSizePerSide() {
        let oneSide = "The deal would see Israel release up to 150 Palestinian prisoners held in its jails, Hamas said."
        #expect(claims(oneSide, published: "2023-11-23T05:00:00Z").allSatisfy { $0.type != .size })
        let both = "The exchange between Israel and Hamas would involve up to 150 prisoners, officials said."
        #expect(claims(both, published: "2023-11-23T05:00:00Z").first { $0.type == .size }?.size == .perSide(SizeInterval(min: nil, max: 150)))
    }

    @Test func aDayNamedADayOfTheExchangeIsItsDate() {
        let text = """
            A plane carrying Houthi prisoners of war left Saudi Arabia for Yemen on Saturday. \
            The flights are part of a three-day exchange of detainees. \
            The brother of one detainee said he expected him to be reunited with the family on Sunday, the third day of the exchange.
            """
        let found = claims(text, published: "2023-04-15T12:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [.on(day("2023-04-16"))])
    }

    @Test func whatASwapExchangesInAllIsNoSizePerSide() {
        let text = "The flights are part of a three-day exchange of nearly 900 detainees between the Houthis and the Yemeni government."
        #expect(claims(text, published: "2023-04-15T12:00:00Z").allSatisfy { $0.type != .size })
    }

    @Test func aFloorAndADeadlineMakeOneWindow() {
        let text = """
            Israel said the releases of hostages by Hamas would not begin before Friday. \
            "A group will come out each day, and by Monday all 24 should be free," the Qatari spokesman said.
            """
        let found = claims(text, published: "2027-09-09T14:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-09-10"), latest: day("2027-09-13"))])
    }
}

@Suite struct MonthAndOrdinalDayTests {
    @Test func aMonthAfterTheExchangeIsTheWholeMonth() {
        let text = "The exchange of prisoners agreed with Ukraine is now expected in December, the Kremlin spokesman said."
        let found = claims(text, published: "2027-11-26T13:00:00Z").filter { $0.type == .date }
        #expect(found.map(\.date) == [DateWindow(earliest: day("2027-12-01"), latest: day("2027-12-31"))])
        // A month that is over means next year's; one that sets the scene dates nothing.
        let january = claims("Kyiv expects the next prisoner exchange with Russia in January.", published: "2027-12-28T18:00:00Z")
        #expect(january.first { $0.type == .date }?.date == DateWindow(earliest: day("2028-01-01"), latest: day("2028-01-31")))
        let scene = "In November, a deal led Hamas to free 105 Israeli hostages in exchange for 240 Palestinian prisoners."
        #expect(claims(scene, published: "2024-06-08T16:00:00Z").allSatisfy { $0.type != .date })
    }

    @Test func ordinalDaysMakeARange() {
        let withMonth = "The exchange of prisoners between Russia and Ukraine could take place between the 22nd and 24th of December."
        #expect(
            claims(withMonth, published: "2027-12-17T09:00:00Z").first { $0.type == .date }?.date
                == DateWindow(earliest: day("2027-12-22"), latest: day("2027-12-24")))
        let thisMonth = "The third stage of the Russia-Ukraine prisoner exchange will come between the 23rd and 25th, Budanov said."
        #expect(
            claims(thisMonth, published: "2027-06-21T12:00:00Z").first { $0.type == .date }?.date
                == DateWindow(earliest: day("2027-06-23"), latest: day("2027-06-25")))
    }
}
