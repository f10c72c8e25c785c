import SwapWatchMessages

/// The brief's rule for whether a new value changes an expectation field.
public enum ChangeRule {
    /// A new value changes the field when the field had no value, or the new value differs and
    /// does not contain the current one (narrower, moved or disjoint). A vaguer restatement
    /// (containing the current value) and a repeat change nothing.
    public static func isChange(from current: FieldValue?, to new: FieldValue) -> Bool {
        guard let current else { return true }
        if current == new { return false }
        switch (current, new) {
        case (.size(let a), .size(let b)): return !b.contains(a)
        case (.date(let a), .date(let b)):
            // An unknown date (after a postponement) is no value: any window is news.
            if a.isUnknown { return !b.isUnknown }
            return !b.contains(a)
        default: return true
        }
    }
}

/// Folds the several values one report gives for one field into one: their overlap when they
/// agree, else the value of the last unhedged claim (else the last claim).
enum ClaimCombiner {
    static func combine<Value>(
        _ claims: [Claim], value: (Claim) -> Value?, intersect: (Value, Value) -> Value?, contains: (Value, Value) -> Bool
    ) -> (value: Value, evidence: Evidence)? where Value: Equatable {
        let valued = claims.compactMap { claim in value(claim).map { (claim, $0) } }
        guard let first = valued.first else { return nil }
        var overlap: Value? = first.1
        for (_, v) in valued.dropFirst() { overlap = overlap.flatMap { intersect($0, v) } }
        if let overlap {
            // The evidence is the claim that says it best: the one equal to the overlap, else the narrowest.
            let best =
                valued.first { $0.1 == overlap }
                ?? valued.min { a, b in contains(b.1, a.1) && !contains(a.1, b.1) }!
            return (overlap, best.0.evidence)
        }
        let chosen = valued.last { !$0.0.evidence.hedged } ?? valued.last!
        return (chosen.1, chosen.0.evidence)
    }

    static func size(_ claims: [Claim]) -> (value: SizeValue, evidence: Evidence)? {
        combine(claims, value: { $0.size }, intersect: intersect, contains: { $0.contains($1) })
    }

    static func date(_ claims: [Claim]) -> (value: DateWindow, evidence: Evidence)? {
        combine(claims, value: { $0.date }, intersect: { $0.intersection($1) }, contains: { $0.contains($1) })
    }

    private static func intersect(_ a: SizeValue, _ b: SizeValue) -> SizeValue? {
        switch (a, b) {
        case (.perSide(let x), .perSide(let y)): return x.intersection(y).map(SizeValue.perSide)
        case (.sides(let x), .sides(let y)) where x.keys == y.keys:
            var out: [String: SizeInterval] = [:]
            for (key, interval) in x {
                guard let both = interval.intersection(y[key]!) else { return nil }
                out[key] = both
            }
            return .sides(out)
        default: return nil
        }
    }
}
