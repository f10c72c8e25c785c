import SwapWatchMessages

/// One exchange as the rules track it.
public struct TrackedExchange: Hashable, Sendable, Codable {
    public var ref: ExchangeRef
    public var status: ExchangeStatus
    public var size: SizeValue?
    public var date: DateWindow?
    /// The day of the report that opened it: completions dated before it are about older swaps.
    public var openedOn: Day
    public var stages: [CompletedStage]

    public init(ref: ExchangeRef, status: ExchangeStatus, size: SizeValue?, date: DateWindow?, openedOn: Day, stages: [CompletedStage]) {
        self.ref = ref
        self.status = status
        self.size = size
        self.date = date
        self.openedOn = openedOn
        self.stages = stages
    }

    /// The day the exchange was carried out in full, if it was.
    var completedOn: Day? {
        stages.last { $0.final }.flatMap { $0.date?.latest ?? $0.date?.earliest }
    }
}

/// What one report did to the book.
public struct ReportOutcome: Sendable, Hashable {
    /// Field changes, in the order raised: these become events and alerts.
    public var changes: [ExpectationChange] = []
    /// Every exchange the report touched, with the claims that touched it and their effect.
    public var touched: [TouchedExchange] = []

    public init() {}
}

/// One exchange a report touched.
public struct TouchedExchange: Sendable, Hashable {
    public var exchange: TrackedExchange
    public var claims: [Claim]
    /// "opened", "changed", "restated", "stage", "completed", "corroboration".
    public var effect: String
    /// The field changes this entry made (only an expectation entry makes any).
    public var changes: [ExpectationChange] = []
}

/// The expectation rules over all keys: at most one open exchange per key, its expected size
/// and date, closures, stages. A value type: the claim store loads it for the keys a report
/// touches and saves it back in the same transaction; `swapwatch replay` keeps one in memory.
public struct ExpectationBook: Sendable, Hashable {
    /// The open (or under way) exchange per key.
    public var open: [ExchangeKey: TrackedExchange]
    /// The most recently closed exchange per key, to recognise later reports of the same swap.
    public var lastClosed: [ExchangeKey: TrackedExchange]
    /// How many exchanges each key has had, for the next id.
    public var serials: [ExchangeKey: Int]

    public init(open: [ExchangeKey: TrackedExchange] = [:], lastClosed: [ExchangeKey: TrackedExchange] = [:], serials: [ExchangeKey: Int] = [:]) {
        self.open = open
        self.lastClosed = lastClosed
        self.serials = serials
    }

    /// Applies one report's claims, published (or received) on `day`.
    public mutating func apply(_ claims: [Claim], reportID: String, day: Day) -> ReportOutcome {
        var outcome = ReportOutcome()
        var keys: [ExchangeKey] = []
        for claim in claims where !keys.contains(claim.exchange) { keys.append(claim.exchange) }
        for key in keys {
            apply(claims.filter { $0.exchange == key }, key: key, reportID: reportID, day: day, into: &outcome)
        }
        return outcome
    }

    private mutating func newExchange(_ key: ExchangeKey, day: Day, status: ExchangeStatus) -> TrackedExchange {
        let serial = serials[key, default: 0] + 1
        serials[key] = serial
        return TrackedExchange(ref: ExchangeRef(key: key, serial: serial), status: status, size: nil, date: nil, openedOn: day, stages: [])
    }

    private mutating func apply(_ claims: [Claim], key: ExchangeKey, reportID: String, day: Day, into outcome: inout ReportOutcome) {
        // 1. Completions: close the open exchange, or corroborate the one just closed.
        let completions = claims.filter { $0.type == .completed }
        for completion in completions {
            guard let when = completion.date, let doneDay = when.latest ?? when.earliest else { continue }
            let stage = CompletedStage(date: when, size: completion.size, reportID: reportID, final: true)
            if var exchange = open[key], doneDay >= exchange.openedOn.adding(days: -1), doneDay <= day.adding(days: 1) {
                exchange.status = .closed
                exchange.stages.append(stage)
                open[key] = nil
                lastClosed[key] = exchange
                outcome.touched.append(TouchedExchange(exchange: exchange, claims: [completion], effect: "completed"))
            } else if open[key] == nil, doneDay >= day.adding(days: -3) {
                if let closed = lastClosed[key], let closedOn = closed.completedOn, abs(closedOn.ordinal - doneDay.ordinal) <= 2 {
                    outcome.touched.append(TouchedExchange(exchange: closed, claims: [completion], effect: "corroboration"))
                } else {
                    var exchange = newExchange(key, day: day, status: .closed)
                    exchange.stages.append(stage)
                    lastClosed[key] = exchange
                    outcome.touched.append(TouchedExchange(exchange: exchange, claims: [completion], effect: "completed"))
                }
            }
        }
        let completedHere = !completions.isEmpty

        // 2. Stages of a swap under way: recorded, no change by themselves.
        for stageClaim in claims where stageClaim.type == .stage {
            guard var exchange = open[key] else { continue }
            exchange.status = .underWay
            exchange.stages.append(CompletedStage(date: stageClaim.date, size: stageClaim.size, reportID: reportID, final: false))
            open[key] = exchange
            outcome.touched.append(TouchedExchange(exchange: exchange, claims: [stageClaim], effect: "stage"))
        }

        // 3. The expectation of the open exchange.
        let sizeClaims = claims.filter { $0.type == .size }
        let dateClaims = claims.filter { $0.type == .date && ($0.date?.latest.map { $0 >= day } ?? true) }
        let postponements = completedHere ? [] : claims.filter { $0.type == .postponed }
        guard !sizeClaims.isEmpty || !dateClaims.isEmpty || !postponements.isEmpty else { return }
        var exchange: TrackedExchange
        var opened = false
        if let current = open[key] {
            exchange = current
        } else {
            // A report that an exchange due about now, on a day it names, is put off opens it, date
            // unknown; one with no day to clear ("another exchange is being derailed") or long past
            // ("the exchange planned for January 24 was cancelled", in March) opens nothing.
            let dueAboutNow = postponements.contains { $0.date?.latest.map { $0 >= day.adding(days: -1) } ?? false }
            guard !sizeClaims.isEmpty || !dateClaims.isEmpty || dueAboutNow else { return }
            exchange = newExchange(key, day: day, status: .open)
            opened = true
        }
        var changes: [ExpectationChange] = []
        if let (size, evidence) = ClaimCombiner.size(sizeClaims) {
            let before = exchange.size.map(FieldValue.size)
            if ChangeRule.isChange(from: before, to: .size(size)) {
                changes.append(ExpectationChange(exchange: exchange.ref, field: .size, before: before, after: .size(size), evidence: evidence))
                exchange.size = size
            }
        }
        if let (date, evidence) = ClaimCombiner.date(dateClaims) {
            let before = exchange.date.map(FieldValue.date)
            if ChangeRule.isChange(from: before, to: .date(date)) {
                changes.append(ExpectationChange(exchange: exchange.ref, field: .date, before: before, after: .date(date), evidence: evidence))
                exchange.date = date
            }
        } else if let postponement = postponements.first, exchange.date?.isUnknown != true {
            // Put off or called off: the date becomes unknown, a change even when none was known.
            changes.append(
                ExpectationChange(
                    exchange: exchange.ref, field: .date, before: exchange.date.map(FieldValue.date), after: .date(.unknown),
                    evidence: postponement.evidence))
            exchange.date = .unknown
        }
        open[key] = exchange
        outcome.changes += changes
        let effect = opened ? "opened" : changes.isEmpty ? "restated" : "changed"
        outcome.touched.append(TouchedExchange(exchange: exchange, claims: sizeClaims + dateClaims + postponements, effect: effect, changes: changes))
    }
}
