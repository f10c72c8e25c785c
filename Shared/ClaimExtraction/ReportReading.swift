import SwapWatchMessages

/// The report-level reading: what one report claims, decided over all its sentences at once, the
/// way an analyst reads it rather than sentence by sentence.
///
/// - A swap carried out is news only in the report's lede, or where the report dates it to the
///   day ("held a 1,000-for-1,000 exchange from May 23 to 25"); one mentioned further down without
///   a date is background ("some of them were freed after …", "Ukraine got back 1,600 POWs in 2022").
/// - A report that speaks of stages, groups or days of the exchange reports a stage: only a
///   report that the whole deal is done closes it.
/// - Among several dates for the next exchange, the most specific one is the claim; among
///   several sizes, the claim combiner of the expectation rules joins them.
/// - A date that replaces another ("has been moved to Tuesday") is the report's date.
/// - A size stated before the report's day ("the Kremlin said on Monday that …") yields to what
///   the report says now about the same size.
/// - A single start day in a sentence that says how many days the exchange lasts ("will release
///   24 hostages over four days … starting on Thursday") becomes a window of that many days (not
///   in a report of stages, whose remaining days the report gives).
struct ReportReading {
    /// One claim read from one sentence, with where that sentence sits in the report.
    struct Finding {
        let claim: Claim
        /// The sentence's position among the report's prose sentences (furniture excluded).
        let order: Int
        /// Whether its sentence speaks of stages, groups or days of the exchange.
        let speaksOfStages: Bool
        /// How many days its sentence says the exchange lasts ("over four days").
        var durationInDays: Int? = nil
        /// Whether its sentence reports a statement made before the report's day ("the Kremlin
        /// said on Monday that …").
        var statedEarlier = false
        /// Whether it is a new date that replaces the old ("moved to Tuesday").
        var replacesDate = false
    }

    /// How many prose sentences open a report: the lede, where a report of a swap done says so.
    static let ledeLength = 3

    let findings: [Finding]

    func claims() -> [Claim] {
        let reportsStages = findings.contains { $0.speaksOfStages }
        var claims: [Claim] = []
        var seen = Set<Claim>()
        var keysWithCompletion = Set<ExchangeKey>()
        let bestDates = mostSpecificDates()
        let completions = chosenCompletions()
        for (index, finding) in findings.enumerated() {
            var claim = finding.claim
            let key = claim.exchange
            // An earlier statement of a size yields to what the report says now (an earlier
            // statement's dates already count from the day it was made).
            if finding.statedEarlier, claim.type == .size,
               findings.contains(where: { !$0.statedEarlier && $0.claim.type == claim.type && $0.claim.exchange == key }) {
                continue
            }
            switch claim.type {
            case .completed, .stage:
                guard completions[key] == index, keysWithCompletion.insert(key).inserted else { continue }
                if reportsStages { claim.type = .stage }
            case .size:
                break
            case .date:
                guard bestDates[key] == index else { continue }
                // "over four days … on Thursday": the exchange runs from Thursday for four days.
                if let days = finding.durationInDays, !reportsStages, let start = claim.date?.earliest, claim.date?.latest == start {
                    claim.date = DateWindow(earliest: start, latest: start.adding(days: days - 1))
                }
            case .postponed:
                break
            }
            if seen.insert(claim).inserted { claims.append(claim) }
        }
        return claims
    }

    /// Per exchange, the completion the lede reports: one with a written date before one dated by the report's day.
    private func chosenCompletions() -> [ExchangeKey: Int] {
        var chosen: [ExchangeKey: Int] = [:]
        for (index, finding) in findings.enumerated()
        where (finding.claim.type == .completed || finding.claim.type == .stage)
            && (finding.order < Self.ledeLength || Self.isDatedToTheDay(finding.claim)) {
            let claim = finding.claim
            if let current = chosen[claim.exchange], findings[current].claim.dateBasis == nil || claim.dateBasis != nil { continue }
            chosen[claim.exchange] = index
        }
        return chosen
    }

    /// A completion with a written date of at most a week ("on May 7", "from May 23 to 25").
    private static func isDatedToTheDay(_ claim: Claim) -> Bool {
        claim.dateBasis == nil && width(of: claim.date) < 7
    }

    /// Per exchange, the date claim with the narrowest window (the first of equals); a date that
    /// replaces another ("moved to Tuesday") before any that does not.
    private func mostSpecificDates() -> [ExchangeKey: Int] {
        var best: [ExchangeKey: Int] = [:]
        for (index, finding) in findings.enumerated() where finding.claim.type == .date {
            let claim = finding.claim
            guard let current = best[claim.exchange] else {
                best[claim.exchange] = index
                continue
            }
            let incumbent = findings[current]
            if finding.replacesDate != incumbent.replacesDate {
                if finding.replacesDate { best[claim.exchange] = index }
            } else if Self.width(of: claim.date) < Self.width(of: incumbent.claim.date) {
                best[claim.exchange] = index
            }
        }
        return best
    }

    /// Days a window spans; open-ended windows are the vaguest.
    private static func width(of window: DateWindow?) -> Int {
        guard let earliest = window?.earliest, let latest = window?.latest else { return Int.max }
        return latest.ordinal - earliest.ordinal
    }
}
