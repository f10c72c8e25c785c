import Foundation
import SwapWatchMessages
import SwapWatchTesting

/// A news wire of made-up reports: mostly unrelated stories (economy, weather, sport, politics,
/// full of numbers and dates), some about prisoner exchanges in the phrasings the extractor reads.
struct SyntheticNews {
    /// One generated report: its text and published day.
    struct Item {
        let text: String
        let published: Date
        let aboutExchange: Bool

        /// The report a client would submit.
        func input(id: String) -> ReportInput { ReportInput(id: id, published: Timestamp.format(published), text: text) }
    }

    var generator: SeededGenerator
    /// Share of reports that carry exchange sentences.
    let exchangeShare: Double
    /// Text size range in bytes.
    let sizes: ClosedRange<Int>

    mutating func next() -> Item {
        let target = Int.random(in: sizes, using: &generator)
        let aboutExchange = Double.random(in: 0..<1, using: &generator) < exchangeShare
        var paragraphs: [String] = []
        var paragraph: [String] = []
        var length = 0
        var exchangeSentences = aboutExchange ? Int.random(in: 2...5, using: &generator) : 0
        while length < target {
            let sentence: String
            if exchangeSentences > 0, Int.random(in: 0..<3, using: &generator) == 0 || length > target / 2 {
                sentence = fill(Self.exchangeTemplates.randomElement(using: &generator)!)
                exchangeSentences -= 1
            } else {
                sentence = fill(Self.otherTemplates.randomElement(using: &generator)!)
            }
            paragraph.append(sentence)
            length += sentence.utf8.count + 1
            if paragraph.count >= Int.random(in: 3...6, using: &generator) {
                paragraphs.append(paragraph.joined(separator: " "))
                paragraph = []
            }
        }
        if !paragraph.isEmpty { paragraphs.append(paragraph.joined(separator: " ")) }
        let day = Double(Int.random(in: 0..<700, using: &generator)) * 86_400
        return Item(
            text: paragraphs.joined(separator: "\n\n"), published: Date(timeIntervalSince1970: 1_704_067_200 + day), aboutExchange: aboutExchange)
    }

    /// Replaces each `{slot}` with a random filler of its kind.
    private mutating func fill(_ template: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += filler(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private mutating func filler(_ slot: String) -> String {
        switch slot {
        case "n": return String(Int.random(in: 2...999, using: &generator))
        case "big":
            return Int.random(in: 1_000...99_000, using: &generator).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        case "pct": return String(format: "%.1f", Double.random(in: 0.1...12, using: &generator))
        case "year": return String(Int.random(in: 1990...2025, using: &generator))
        case "size": return String([50, 75, 84, 95, 103, 115, 150, 175, 205, 246, 390, 1000, 1200].randomElement(using: &generator)!)
        case "day": return String(Int.random(in: 1...28, using: &generator))
        default:
            return Self.pools[slot]?.randomElement(using: &generator) ?? slot
        }
    }

    static let pools: [String: [String]] = [
        "city": ["Kyiv", "Lviv", "Berlin", "Warsaw", "Istanbul", "Geneva", "Paris", "Madrid", "Oslo", "Vilnius", "Riga", "Prague"],
        "name": ["Anna Kovalenko", "Marek Nowak", "Elena Petrova", "John Carter", "Sofia Rossi", "Ahmed Hassan", "Lena Berg"],
        "org": [
            "the central bank", "the finance ministry", "the football federation", "the weather service", "the city council", "the energy regulator",
        ],
        "month": ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"],
        "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "team": ["Dynamo", "Shakhtar", "Legia", "Sparta", "Rapid", "Ajax"],
        "official": [
            "President Volodymyr Zelensky", "Kyrylo Budanov", "Dmytro Lubinets", "a source in the coordination headquarters",
            "Russia's defence ministry",
        ],
        "when": ["next week", "in the coming days", "on Friday", "this weekend", "tomorrow", "by the end of the month", "as early as next week"],
    ]

    static let otherTemplates: [String] = [
        "Inflation in the euro area slowed to {pct} percent in {month}, {org} said on {weekday}.",
        "{org} raised its benchmark rate by {n} basis points, citing a {pct} percent rise in food prices.",
        "Shares in {city} closed {pct} percent higher after {big} contracts changed owners in a busy session.",
        "{team} beat {team} 3-1 in front of {big} fans, with the winner coming in the {n}th minute.",
        "Heavy rain is forecast for {city} on {weekday}, with up to {n} millimetres expected by the evening.",
        "The council approved a budget of {big} euros for road repairs, {name} told reporters in {city}.",
        "About {big} people attended the festival in {city}, organisers said, more than in {year}.",
        "A new railway line between {city} and {city} will open on {month} {day}, the operator announced.",
        "{name}, who has led {org} since {year}, said the reform would take at least {n} months.",
        "Electricity demand rose to {big} megawatts on {weekday}, the highest since {month} {year}.",
        "The museum in {city} will reopen next week after a renovation that cost {big} euros.",
        "Police in {city} said {n} people were detained after a protest over rents on {weekday}.",
        "Exports of grain reached {big} tonnes in {month}, up {pct} percent on the year, {org} said.",
        "The match between {team} and {team} was postponed until {month} {day} because of snow.",
        "Researchers in {city} said the trial involved {n} patients aged 18 to 65 over {n} weeks.",
        "Parliament will vote on the bill on {weekday}, {name} said, adding that {n} amendments were filed.",
        "Airport traffic in {city} returned to {big} passengers a day, the operator said.",
        "The company will cut {n} jobs and free up {big} euros for investment, {name} said.",
        "Ticket prices will rise by {pct} percent from {month} {day}, the transport authority said.",
        "Firefighters needed {n} hours to bring the blaze near {city} under control on {weekday} night.",
    ]

    static let exchangeTemplates: [String] = [
        "Ukraine and Russia agreed to exchange {size} prisoners of war each, {official} said.",
        "The next prisoner swap between Russia and Ukraine could happen {when}, {official} said.",
        "Ukraine and Russia will carry out a {size}-for-{size} exchange {when}, according to {official}.",
        "Moscow and Kyiv swapped {size} prisoners each on {weekday}, the {n}th exchange of the war.",
        "{official} said up to {size} people could be brought home in the next exchange with Russia.",
        "The exchange planned for {weekday} has been postponed, {official} said, blaming Moscow.",
        "Since {year}, {big} Ukrainians have returned home from Russian captivity in earlier swaps.",
        "Ukraine received the bodies of {big} fallen soldiers from Russia on {weekday}, officials said.",
        "Kyiv expects the swap of at least {size} POWs per side to start {when}, {official} said.",
        "Among those freed on {weekday} were soldiers aged 20 to 60 and {n} civilians.",
    ]
}
