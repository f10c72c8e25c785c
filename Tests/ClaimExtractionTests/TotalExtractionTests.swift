import ClaimExtraction
import Foundation
import SwapWatchMessages
import SwapWatchTesting
import Testing

/// Extraction is total: any Unicode text of any length, against any reference date from year 1 to
/// 9999, returns, and every claim's evidence quotes the text exactly where its span says.
///
/// The cases come from a fixed seed, so a failure names the case that reproduces it:
/// `SWAPWATCH_TOTAL_SEED=<seed> SWAPWATCH_TOTAL_CASE=<n> swift test --filter TotalExtraction`.
/// A trap kills the test process before it can report; rerun with `SWAPWATCH_TOTAL_TRACE=1` to
/// print each case number to standard error first. Fuzzing covers the same ground for longer (`make fuzz`).
@Suite struct TotalExtractionTests {
    static let defaultSeed: UInt64 = 0x5357_4150_5741_5443
    static let caseCount = 1500

    @Test func anyTextReturnsAndEvidenceQuotesItsSpan() {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["SWAPWATCH_TOTAL_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let only = environment["SWAPWATCH_TOTAL_CASE"].flatMap { Int($0) }
        let trace = environment["SWAPWATCH_TOTAL_TRACE"] != nil
        let extractor = ClaimExtractor()
        var claimCount = 0
        for index in only.map({ [$0] }) ?? Array(0..<Self.caseCount) {
            var rng = SeededGenerator(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            let text = RandomText.make(using: &rng)
            let (reference, basis) = RandomText.reference(using: &rng)
            if trace { FileHandle.standardError.write(Data("TotalExtraction: case \(index), \(text.unicodeScalars.count) scalars\n".utf8)) }
            let claims = extractor.extract(text: text, reference: reference, basis: basis)
            claimCount += claims.count
            let scalars = Array(text.unicodeScalars)
            for claim in claims {
                let context = "seed \(seed) case \(index), reference \(Timestamp.format(reference)) (\(basis)), text \(RandomText.excerpt(text))"
                guard let span = claim.evidence.span else {
                    Issue.record("a claim without a span: \(claim) — \(context)")
                    continue
                }
                guard 0 <= span.start, span.start <= span.end, span.end <= scalars.count else {
                    Issue.record("span \(span.start)..<\(span.end) outside a text of \(scalars.count) scalars — \(context)")
                    continue
                }
                var quoted = String.UnicodeScalarView()
                quoted.append(contentsOf: scalars[span.start..<span.end])
                #expect(
                    claim.evidence.quote.unicodeScalars.elementsEqual(quoted),
                    "span \(span.start)..<\(span.end) reads \(String(quoted).debugDescription), the quote is \(claim.evidence.quote.debugDescription) — \(context)"
                )
            }
        }
        // The phrases spliced in are meant to reach the size and date readers, not only the sentence scan.
        if only == nil { #expect(claimCount > 0, "no case produced a claim: the generator no longer reaches the rules") }
    }
}

/// Random text: scalars from many scripts and classes, runs of digits and separators, and
/// splices of phrases the rules read, at lengths from empty to tens of thousands of scalars.
private enum RandomText {
    static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E,  // ASCII
        0x00...0x1F, 0x7F...0x9F,  // C0 and C1 controls
        0xA0...0xFF,  // Latin-1
        0x400...0x4FF,  // Cyrillic
        0x4E00...0x9FFF,  // CJK
        0x300...0x36F,  // combining marks
        0x1F300...0x1FAFF, 0x1F1E6...0x1F1FF,  // emoji, regional indicators
        0x660...0x669, 0xFF10...0xFF19,  // Arabic-Indic and fullwidth digits
        0x2000...0x206F,  // general punctuation: spaces, dashes, quotes, separators, invisible marks
        0x0...0x10FFFF,  // anything (surrogates are skipped)
    ]
    static let pieces: [String] = [
        " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u{00A0}", "\u{202F}", "\u{2028}", "\u{2029}", "\u{0085}",
        ",", ".", "-", "–", "—", "'", "’", "\"", "«", "»", "“", "”", ":", ";", "!", "?", "…", "(", ")", "/",
        "\u{200D}", "\u{FE0F}", "\u{FEFF}", "\u{0301}", "0", "1", "9", "00", "1,000", "999,999", "0.5", "12",
    ]
    static let phrases: [String] = [
        "1,000 for 1,000", "1,000-for-1,000", "on Saturday, Sunday", "16:06 04.06.2025", "99,999,999,999,999,999,999 prisoners",
        "Russia and Ukraine", "Ukraine and Russia will exchange", "exchanged", "prisoners of war", "a prisoner swap", "the swap",
        "next week", "this weekend", "tomorrow", "on Friday", "Monday, Tuesday and Wednesday", "from May 23 to 25",
        "between June 7 and 9", "by the end of the month", "on Dec. 31", "Feb 29", "2025-06-02", "in the coming days",
        "up to 1,200 people each side", "at least 500 each", "84 for 84", "a thousand prisoners each", "bodies",
        "Zelensky said", "the Kremlin said", "reportedly", "was postponed", "has been completed", "the first stage",
        "Israel and Hamas", "hostages for 150 Palestinian prisoners", "Kyiv's", "обмен пленными", "в субботу", "交換",
        "Ukraine’s ombudsman", "9223372036854775807", "-1", "0 for 0", "1 000 000", "one thousand two hundred",
    ]

    static func make(using rng: inout SeededGenerator) -> String {
        // Mostly short and medium texts; a few long ones, and now and then an empty one.
        let target =
            switch rng.below(100) {
            case 0..<3: 0
            case 3..<40: rng.below(60)
            case 40..<85: rng.below(600)
            case 85..<98: rng.below(5000)
            default: 10_000 + rng.below(30_000)
            }
        // Some texts favour one kind of material, so long runs of digits or of one script happen.
        let bias = rng.below(5)
        var text = String.UnicodeScalarView()
        var count = 0  // the view's count is O(n)
        while count < target {
            var choice = rng.below(10)
            if bias == 0 && choice < 8 { choice = 0 }  // mostly phrases
            switch choice {
            case 0, 1, 2:
                let phrase = phrases[rng.below(phrases.count)].unicodeScalars
                text.append(contentsOf: phrase)
                count += phrase.count
            case 3, 4, 5:
                let piece = pieces[rng.below(pieces.count)].unicodeScalars
                text.append(contentsOf: piece)
                count += piece.count
            default:
                let range = bias == 1 ? ranges[0] : bias == 2 ? ranges[4] : ranges[rng.below(ranges.count)]
                let run = 1 + rng.below(bias == 3 ? 40 : 8)
                for _ in 0..<run {
                    if let scalar = Unicode.Scalar(range.lowerBound + UInt32(rng.below(Int(range.upperBound - range.lowerBound) + 1))) {
                        text.append(scalar)
                        count += 1
                    }
                }
            }
        }
        return String(text)
    }

    /// A reference time between 0001-01-01 and 9999-12-31, with both ends and nearby days on purpose.
    static func reference(using rng: inout SeededGenerator) -> (Date, DateBasis) {
        let first = Day(year: 1, month: 1, day: 1)!.ordinal
        let last = Day(year: 9999, month: 12, day: 31)!.ordinal
        let ordinal =
            switch rng.below(10) {
            case 0: first + rng.below(3)
            case 1: last - rng.below(3)
            case 2, 3: Day(year: 2025, month: 1, day: 1)!.ordinal + rng.below(730)
            default: first + rng.below(last - first + 1)
            }
        let second = rng.below(10) == 0 ? [0, 86_399][rng.below(2)] : rng.below(86_400)
        let date = Date(timeIntervalSince1970: Double(ordinal) * 86_400 + Double(second))
        return (date, rng.below(2) == 0 ? .published : .received)
    }

    /// The text for a failure message: short texts whole, long ones by their ends.
    static func excerpt(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 400 else { return text.debugDescription }
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: slice)
            return String(v)
        }
        return "(\(scalars.count) scalars) \(string(scalars.prefix(200)).debugDescription) … \(string(scalars.suffix(200)).debugDescription)"
    }
}
