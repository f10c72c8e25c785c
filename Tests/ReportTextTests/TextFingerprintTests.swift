import Foundation
import ReportText
import SwapWatchMessages
import Testing

private let article = """
    Ukraine and Russia have agreed to exchange 1,000 prisoners of war each, President Volodymyr Zelensky said on Friday \
    after talks in Istanbul. "We expect the exchange to take place next week," Zelensky said in his evening address. \
    Officials in Kyiv said lists of names were still being checked by both sides and that families had been asked to wait \
    for official confirmation before travelling. The coordination headquarters for prisoners of war said it was working \
    with mediators so that the exchange goes ahead as planned.
    """

@Suite struct TextFingerprintTests {
    @Test func reflowedAndRequotedCopiesAgreeFully() {
        let reflowed = article.replacingOccurrences(of: ". ", with: ".\n\n").replacingOccurrences(of: "\"", with: "\u{201C}")
        #expect(TextFingerprint(text: reflowed).similarity(to: TextFingerprint(text: article)) == 1)
        #expect(TextFingerprint(text: article.uppercased()) == TextFingerprint(text: article))
    }

    @Test func aReprintWithItsOwnDatelineAndFooterIsNearIdentical() {
        let original = TextFingerprint(text: "KYIV, May 16 - " + article)
        let reprint = TextFingerprint(text: "LONDON (Wire Mirror) - " + article + " Reporting by the Wire Mirror desk; editing by staff.")
        #expect(original.similarity(to: reprint) >= 0.6)
        #expect(!Set(original.bandBuckets).isDisjoint(with: reprint.bandBuckets))
    }

    @Test func unrelatedTextsAreFarApart() {
        let other = TextFingerprint(
            text: """
                The city council approved a new budget for road repairs on Tuesday, after a long debate about the cost of \
                resurfacing the ring road and the bridges over the river. Work will begin in the spring.
                """)
        let original = TextFingerprint(text: article)
        #expect(original.similarity(to: other) < 0.1)
        #expect(Set(original.bandBuckets).isDisjoint(with: other.bandBuckets))
    }

    @Test func similarityFallsAsTheTextsDiverge() {
        let words = article.split(separator: " ")
        let halfRewritten = (words.prefix(words.count / 2) + words.dropFirst(words.count / 2).map { "x" + $0 }).joined(separator: " ")
        let similarity = TextFingerprint(text: article).similarity(to: TextFingerprint(text: halfRewritten))
        #expect(similarity > 0.2 && similarity < 0.6, "half the shingles are shared: about a third of the union (\(similarity))")
    }

    @Test func bytesRoundTrip() {
        let fingerprint = TextFingerprint(text: article)
        #expect(fingerprint.bytes.count == TextFingerprint.hashCount * 8)
        #expect(TextFingerprint(bytes: fingerprint.bytes) == fingerprint)
        #expect(TextFingerprint(bytes: fingerprint.bytes.dropLast()) == nil)
    }

    @Test func shortTextsStillHaveAFingerprint() {
        #expect(TextFingerprint(text: "Swap done.") == TextFingerprint(text: "swap   DONE"))
        #expect(TextFingerprint(text: "Swap done.") != TextFingerprint(text: "Swap delayed."))
    }
}
