import ReportText
import SwapWatchMessages

/// When a new report is a reprint of one already stored, so that it is kept and linked as
/// corroboration and never alerts. Two tests, either suffices:
///
/// - **Same claims, same day**: its claims resolve exactly as those of a report of the same day.
/// - **Near-identical text**: its text is near-identical to a report published within
///   `windowDays` (estimated shingle similarity at least `similarityThreshold`), and every quote
///   its claims rest on appears word for word in that report. An updated wire copy whose new
///   sentence moves a number is therefore not a reprint: the changed quote is not in the
///   earlier text, and the rules judge it.
public enum ReprintRule {
    /// How far apart (in days, either way) a reprint and its original may be published.
    public static let windowDays = 3
    /// The least estimated similarity of two texts for one to be a reprint of the other.
    public static let similarityThreshold = 0.6

    /// The earliest and latest day an original of a report of `day` may have.
    public static func window(around day: Day) -> ClosedRange<Day> {
        day.adding(days: -windowDays)...day.adding(days: windowDays)
    }

    /// The report that a new one with `claims` and `fingerprint` reprints, among earlier reports
    /// from its window: the most similar near-identical candidate whose text holds every quote,
    /// or rather that candidate's own original if it is a reprint itself. `normalizedText` is
    /// asked only for near-identical candidates, most similar first.
    public static func original(
        of claims: [Claim], fingerprint: TextFingerprint, among candidates: [ReprintCandidate],
        normalizedText: (ReprintCandidate) throws -> String
    ) rethrows -> String? {
        let ranked = candidates.filter { areNearIdentical(fingerprint, $0.fingerprint) }
            .map { (candidate: $0, similarity: fingerprint.similarity(to: $0.fingerprint)) }
            .sorted { $0.similarity > $1.similarity }
        for (candidate, _) in ranked where quotesAppear(of: claims, in: try normalizedText(candidate)) {
            return candidate.original ?? candidate.id
        }
        return nil
    }

    /// Whether two texts are near-identical by their fingerprints.
    public static func areNearIdentical(_ fingerprint: TextFingerprint, _ other: TextFingerprint) -> Bool {
        fingerprint.similarity(to: other) >= similarityThreshold
    }

    /// Whether every quote `claims` rest on appears in `earlierNormalizedText` (a text normalised
    /// by `ContentHash`), that is, the new report says nothing the earlier one did not. A quote may
    /// open with the reprinting outlet's own lead-in ("Echo News - …", "BREAKING: …"): a short
    /// prefix without digits before a dash or colon, which need not be in the earlier text.
    public static func quotesAppear(of claims: [Claim], in earlierNormalizedText: String) -> Bool {
        !claims.isEmpty
            && claims.allSatisfy { claim in
                let quote = ContentHash.normalized(claim.evidence.quote)
                return earlierNormalizedText.contains(quote) || leadInRemoved(quote).map(earlierNormalizedText.contains) == true
            }
    }

    /// The longest lead-in this rule skips, in characters.
    static let maximumLeadInLength = 60

    /// `quote` without a lead-in of at most `maximumLeadInLength` characters and no digits that
    /// ends in " - ", " -- " or ": ", or nil when it has none.
    static func leadInRemoved(_ quote: String) -> String? {
        let head = quote.prefix(maximumLeadInLength + 4)
        for separator in [" - ", " -- ", ": "] {
            guard let range = head.range(of: separator),
                quote.distance(from: quote.startIndex, to: range.lowerBound) <= maximumLeadInLength,
                !quote[..<range.lowerBound].contains(where: \.isNumber)
            else { continue }
            return String(quote[range.upperBound...])
        }
        return nil
    }
}

/// An earlier report that a new one may reprint.
public struct ReprintCandidate: Sendable {
    public var id: String
    /// The report this one reprints, if it is a reprint itself.
    public var original: String?
    public var fingerprint: TextFingerprint

    public init(id: String, original: String?, fingerprint: TextFingerprint) {
        self.id = id
        self.original = original
        self.fingerprint = fingerprint
    }
}
