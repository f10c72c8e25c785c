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
/// - A single start day in a report that says how many days the exchange lasts ("will release
///   24 hostages over four days … starting on Thursday", "during a four-day truce") becomes a
///   window of that many days; in a report of stages the days count from the first stage, so the
///   window is what remains of them.
/// - A floor and a deadline ("not before Friday", "by Monday") make one window.
/// - A day and named days from that day or the next ("the list for Saturday"; "releases
///   continue on Saturday, Sunday and Monday"; "tonight, and on Sunday and Monday") make one window.
/// - A report that the exchange is put off dates it only with a new, later day, or the day it
///   was due if it says that still holds ("is still expected later on Sunday"); it says so once.
/// - A size told before the report says the whole exchange is done (that day or the day
///   before), in a report that expects no date, is the terms of that exchange.
/// - A size dated to one day of an exchange over several days, after its first day or in a
///   sentence of stages ("the second group"), is that day's group, not the size of the deal.
struct ReportReading {
    /// One claim read from one sentence, with where that sentence sits in the report.
    struct Finding {
        let claim: Claim
        /// The sentence's position among the report's prose sentences (furniture excluded).
        let order: Int
        /// Whether its sentence speaks of stages, groups or days of the exchange.
        let speaksOfStages: Bool
        /// Which stage or day of the exchange its sentence reports or dates ("the third exchange"), if it says.
        var stageNumber: Int? = nil
        /// Whether its sentence reports a statement made before the report's day ("the Kremlin
        /// said on Monday that …").
        var statedEarlier = false
        /// Whether it is a new date that replaces the old ("moved to Tuesday").
        var replacesDate = false
        /// Whether it is a date that names its days ("on Saturday, Sunday and Monday").
        var namesDays = false
        /// Whether its sentence says the plan still holds ("is still expected later on Sunday").
        var stillHolds = false
        /// Whether it is a size or date of the exchange said to be under way ("сьогодні відбувається обмін").
        var underWay = false
        /// Whether it is a completion that names the exchange itself ("провели обмін"), not one side's release.
        var wholeExchange = false
        /// Whether it is a size whose clause says nothing of time ("повідомило про обмін «150 на 150»").
        var untimed = false
    }

    /// How many prose sentences open a report: the lede, where a report of a swap done says so.
    static let ledeLength = 3

    let findings: [Finding]
    /// The day the report counts from.
    let reportDay: Day
    /// How many days the report says the exchange lasts ("over four days", "a four-day truce").
    var durationInDays: Int? = nil

    func claims() -> [Claim] {
        // "Україна та Росія провели обмін" and "сьогодні відбувається обмін «50 на 50»" in one report
        // of that day: what is under way is the exchange done, not one to come.
        let done = keysOfWholeExchangesDoneToday()
        if findings.contains(where: { $0.underWay && done.contains($0.claim.exchange) }) {
            let rest = findings.filter { !($0.underWay && done.contains($0.claim.exchange)) }
            return ReportReading(findings: rest, reportDay: reportDay, durationInDays: durationInDays).claims()
        }
        let reportsStages = findings.contains { $0.speaksOfStages }
        var claims: [Claim] = []
        var seen = Set<Claim>()
        var keysWithCompletion = Set<ExchangeKey>()
        let bestDates = mostSpecificDates()
        // The window each exchange's chosen date makes with the report's other dates.
        var windows: [ExchangeKey: DateWindow] = [:]
        for (key, index) in bestDates {
            windows[key] = widenedByNamedDays(closedByOtherBound(findings[index].claim.date, key: key), key: key)
        }
        let firstDays = firstDays()
        let postponed = Set(findings.filter { $0.claim.type == .postponed }.map(\.claim.exchange))
        // The day a postponed exchange had been due, as the report tells it ("планувався на сьогодні"):
        // no date any more, but what the postponement clears.
        var wasDue: [ExchangeKey: DateWindow] = [:]
        for (key, index) in bestDates where postponed.contains(key) && isClearedByPostponement(findings[index]) {
            wasDue[key] = findings[index].claim.date
        }
        var keysWithPostponement = Set<ExchangeKey>()
        let completions = chosenCompletions()
        for (index, finding) in findings.enumerated() {
            var claim = finding.claim
            let key = claim.exchange
            // An earlier statement of a size yields to what the report says now (an earlier
            // statement's dates already count from the day it was made).
            if finding.statedEarlier, claim.type == .size,
                findings.contains(where: { !$0.statedEarlier && $0.claim.type == claim.type && $0.claim.exchange == key })
            {
                continue
            }
            switch claim.type {
            case .completed, .stage:
                guard completions[key] == index, keysWithCompletion.insert(key).inserted else { continue }
                if reportsStages || isStillExpected(claim, bestDate: bestDates[key]) { claim.type = .stage }
            case .size:
                // "As previously reported, … would release 32 …" before "were handed over on
                // December 13": the terms of the exchange the report says is done.
                // So is a size told anywhere without a word of time ("Міноборони РФ повідомило про
                // обмін «150 на 150»", after "Україна повернула 189 людей").
                if !reportsStages, let done = completions[key], finding.order < findings[done].order || finding.untimed,
                    bestDates[key] == nil, isFresh(findings[done].claim)
                {
                    continue
                }
                // "will free six hostages on Saturday", in a report of an exchange over several days
                // or of its stages: the day's group, not the size of the deal.
                if isDaysGroup(finding, firstDay: firstDays[key], window: windows[key], reportsStages: reportsStages) { continue }
            case .date:
                guard bestDates[key] == index else { continue }
                // "holding back the release … 'should be released today, as agreed'": put off, the
                // day it was due is no date; a new one is ("moved to Monday", a later day).
                if postponed.contains(key), isClearedByPostponement(finding) { continue }
                claim.date = windows[key] ?? claim.date
                // "over four days … on Thursday": the exchange runs from Thursday for four days;
                // after its first stage, what remains of those days.
                if let days = durationInDays, let start = claim.date?.earliest, let latest = claim.date?.latest {
                    var firstDay = start
                    if let day = firstDays[key], day < start, day.adding(days: days - 1) >= start { firstDay = day }
                    let end = firstDay.adding(days: days - 1)
                    if latest == start || firstDay < start, end > latest { claim.date = DateWindow(earliest: start, latest: end) }
                }
            case .postponed:
                guard keysWithPostponement.insert(key).inserted else { continue }
                if claim.date?.isUnknown != false { claim.date = wasDue[key] ?? .unknown }
            }
            if seen.insert(claim).inserted { claims.append(claim) }
        }
        return claims
    }

    /// Whether a date of an exchange put off is the day it was due, not a new one ("moved to Monday", a later day).
    private func isClearedByPostponement(_ finding: Finding) -> Bool {
        guard !finding.replacesDate, !finding.stillHolds, let earliest = finding.claim.date?.earliest else { return false }
        return earliest <= reportDay
    }

    /// Per exchange, the completion the lede reports: one with a written date before one dated by the report's day.
    private func chosenCompletions() -> [ExchangeKey: Int] {
        var chosen: [ExchangeKey: Int] = [:]
        for (index, finding) in findings.enumerated()
        where (finding.claim.type == .completed || finding.claim.type == .stage)
            && (finding.order < Self.ledeLength || Self.isDatedToTheDay(finding.claim))
        {
            let claim = finding.claim
            if let current = chosen[claim.exchange], findings[current].claim.dateBasis == nil || claim.dateBasis != nil { continue }
            chosen[claim.exchange] = index
        }
        return chosen
    }

    /// The exchanges the report says were done in whole on its own day.
    private func keysOfWholeExchangesDoneToday() -> Set<ExchangeKey> {
        Set(chosenCompletions().filter { findings[$0.value].wholeExchange && findings[$0.value].claim.date == .on(reportDay) }.keys)
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

    /// Whether the report also expects the exchange it says is done on the day it is done ("five
    /// Americans have been freed" and "it will happen today … five Iranians will be released"): one
    /// side's release of a swap under way.
    private func isStillExpected(_ completion: Claim, bestDate: Int?) -> Bool {
        guard let bestDate, let done = completion.date, done.earliest == done.latest,
            let expected = findings[bestDate].claim.date, !findings[bestDate].statedEarlier
        else { return false }
        return expected.earliest == done.earliest && expected.latest == done.latest
    }

    /// Whether a size dated to one day is that day's group of an exchange over several days: one
    /// of known length, after its first day or in a sentence of stages ("the second group"), or one
    /// in stages that the report says goes on after that day ("six hostages later on Saturday … the
    /// exchanges will continue on Sunday and Monday").
    private func isDaysGroup(_ finding: Finding, firstDay: Day?, window: DateWindow?, reportsStages: Bool) -> Bool {
        guard let day = oneDay(of: finding) else { return false }
        if let days = durationInDays, days > 1 {
            if finding.speaksOfStages { return true }
            if let firstDay, firstDay < day, day <= firstDay.adding(days: days - 1) { return true }
        }
        guard reportsStages, let start = window?.earliest, let end = window?.latest else { return false }
        return start < end && day == start
    }

    /// The day a finding's sentence dates what it says to, when it dates it to one day ("will free
    /// six hostages on Saturday"): its first date.
    private func oneDay(of finding: Finding) -> Day? {
        let dates = findings.filter { $0.claim.type == .date && $0.order == finding.order && $0.claim.exchange == finding.claim.exchange }
        guard dates.contains(where: { $0.claim.date?.earliest != nil && $0.claim.date?.earliest == $0.claim.date?.latest }) else { return nil }
        return dates.first?.claim.date?.earliest
    }

    /// Whether a completion is news of the report's day or the day before, not an earlier swap.
    private func isFresh(_ completion: Claim) -> Bool {
        guard let latest = completion.date?.latest else { return false }
        return latest >= reportDay.adding(days: -1)
    }

    /// Per exchange, the first day of the exchange as its stages tell: the earliest stage or
    /// completion the report dates, counted back by its place ("the third exchange, on Sunday"),
    /// or a day to come the report places ("on Sunday, the third day of the exchange").
    private func firstDays() -> [ExchangeKey: Day] {
        var days: [ExchangeKey: Day] = [:]
        for finding in findings
        where finding.claim.type == .completed || finding.claim.type == .stage
            || finding.claim.type == .date && finding.stageNumber != nil
        {
            guard var day = finding.claim.date?.earliest else { continue }
            if let place = finding.stageNumber, (1...31).contains(place) { day = day.adding(days: 1 - place) }
            days[finding.claim.exchange] = days[finding.claim.exchange].map { min($0, day) } ?? day
        }
        return days
    }

    /// A window widened by the named days the report gives from within it or the day after ("the
    /// first group on Saturday"; "releases on Saturday, Sunday and Monday"): a phrase ("this
    /// weekend") is vaguer, not longer.
    private func widenedByNamedDays(_ window: DateWindow?, key: ExchangeKey) -> DateWindow? {
        guard let start = window?.earliest, var latest = window?.latest else { return window }
        var widened = true
        while widened {
            widened = false
            for finding in findings where finding.claim.type == .date && finding.claim.exchange == key && finding.namesDays {
                guard let from = finding.claim.date?.earliest, let to = finding.claim.date?.latest,
                    from >= start, from <= latest.adding(days: 1), to > latest
                else { continue }
                latest = to
                widened = true
            }
        }
        return DateWindow(earliest: start, latest: latest)
    }

    /// A window open at one end closed by a date of the report open at the other: "not before
    /// Friday" and "by Monday all 24 should be free" make Friday to Monday.
    private func closedByOtherBound(_ window: DateWindow?, key: ExchangeKey) -> DateWindow? {
        guard let window, (window.earliest == nil) != (window.latest == nil) else { return window }
        for finding in findings where finding.claim.type == .date && finding.claim.exchange == key {
            guard let other = finding.claim.date, (other.earliest == nil) != (other.latest == nil) else { continue }
            let earliest = window.earliest ?? other.earliest
            let latest = window.latest ?? other.latest
            if let earliest, let latest, earliest <= latest { return DateWindow(earliest: earliest, latest: latest) }
        }
        return window
    }

    /// Days a window spans; open-ended windows are the vaguest.
    private static func width(of window: DateWindow?) -> Int {
        guard let earliest = window?.earliest, let latest = window?.latest else { return Int.max }
        return latest.ordinal - earliest.ordinal
    }
}
