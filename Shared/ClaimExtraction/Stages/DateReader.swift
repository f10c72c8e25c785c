import SwapWatchMessages

/// A date expression found in a clause, resolved to a window.
struct DateMention {
    var window: DateWindow
    /// Token range of the expression.
    var first: Int
    var last: Int
    /// Resolved against the reference time (relative), rather than written out.
    var relative: Bool
    /// A month named without a day ("in December").
    var wholeMonth = false
    /// A relative phrase ("next week", "in the coming days") rather than named days.
    var phrase = false
}

/// Finds date expressions and resolves them against the report's reference day: ISO dates,
/// month-day and day-month dates and ranges, weekdays, and the language's relative expressions.
///
/// `past` says the clause reports something done: a bare weekday then means the latest such
/// day on or before the reference day instead of the next one after it.
struct DateReader {
    let reference: Day
    let reading: SentenceReading

    private var tokens: [Token] { reading.tokens }
    private var language: Language { reading.language }

    func mentions(from start: Int, to end: Int, past: Bool, sameDay: Bool = false) -> [DateMention] {
        var found: [DateMention] = []
        var i = start
        while i < end {
            if var mention = read(at: i, end: end, past: past, sameDay: sameDay) {
                // A mention may reach back to a word before it ("later on Friday", "from May 5"), but
                // never before the range read nor into the mention before it ("today Friday").
                mention.first = max(mention.first, start, (found.last?.last ?? start - 1) + 1)
                // "Monday, December 27, or Tuesday, December 28": alternatives make one window.
                if let previous = found.last, isAlternative(from: previous.last + 1, to: mention.first),
                    let a = previous.window.earliest, let b = mention.window.latest, a <= b
                {
                    found[found.count - 1].window = DateWindow(earliest: a, latest: b)
                    found[found.count - 1].last = mention.last
                    found[found.count - 1].relative = previous.relative || mention.relative
                } else {
                    found.append(applyBound(mention, start: start))
                }
                i = mention.last + 1
            } else {
                i += 1
            }
        }
        return found
    }

    /// Whether only an alternative joiner (and commas) lies between two dates.
    private func isAlternative(from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        let between = (start..<end).filter { tokens[$0].lower != "," }
        return between.count == 1 && reading.has(.alternativeJoiner, at: between[0])
    }

    /// "by Friday", "not before May 25": the language's bounds keep one end of the window.
    private func applyBound(_ mention: DateMention, start: Int) -> DateMention {
        for (pattern, keeps) in language.dateBounds {
            guard let range = reading.match(pattern, endingBefore: mention.first, limit: start..<mention.first) else { continue }
            var bounded = mention
            bounded.window =
                keeps == .earliest
                ? DateWindow(earliest: mention.window.earliest, latest: nil)
                : DateWindow(earliest: nil, latest: mention.window.latest)
            bounded.first = range.lowerBound
            return bounded
        }
        return mention
    }

    private func dayNumber(_ i: Int, _ end: Int) -> Int? {
        guard i >= 0, i < end else { return nil }
        var digits = Substring(tokens[i].lower)
        if tokens[i].kind != .number {
            // "22nd", "25th"
            guard let ending = language.pack.dayOrdinalEndings.first(where: { digits.hasSuffix($0) }) else { return nil }
            digits = digits.dropLast(ending.count)
        }
        guard digits.count <= 2, digits.allSatisfy(\.isASCII), let n = Int(digits), (1...31).contains(n) else { return nil }
        return n
    }

    /// An ordinal day ("23rd").
    private func isOrdinalDay(_ i: Int, _ end: Int) -> Bool { i < end && tokens[i].kind != .number && dayNumber(i, end) != nil }

    private func yearNumber(_ i: Int, _ end: Int) -> Int? {
        guard i >= 0, i < end, tokens[i].kind == .number, tokens[i].lower.count == 4, let n = Int(tokens[i].lower), (1990...2100).contains(n)
        else { return nil }
        return n
    }

    /// A month at `i` and the token after it (and after its abbreviation's period).
    private func month(_ i: Int, _ end: Int) -> (month: Int, next: Int)? {
        guard i < end, reading.isMonth(at: i), let m = language.pack.months[tokens[i].lower] else { return nil }
        var next = i + 1
        if next < end, tokens[next].lower == "." { next += 1 }
        return (m, next)
    }

    private func isRangeJoiner(_ i: Int, _ end: Int) -> Bool { i < end && reading.has(.rangeJoiner, at: i) }

    /// The year that puts month/day closest to the reference day.
    private func closest(month: Int, day: Int, year: Int?) -> Day? {
        if let year { return Day(year: year, month: month, day: day) }
        let candidates = [reference.year - 1, reference.year, reference.year + 1].compactMap { Day(year: $0, month: month, day: day) }
        return candidates.min { abs($0.ordinal - reference.ordinal) < abs($1.ordinal - reference.ordinal) }
    }

    /// The date expression starting at `i`, if one does.
    func mention(at i: Int, past: Bool) -> DateMention? {
        read(at: i, end: tokens.count, past: past, sameDay: false)
    }

    private func read(at i: Int, end: Int, past: Bool, sameDay: Bool) -> DateMention? {
        guard i < end, i < tokens.count else { return nil }
        // Most tokens start no date: not a number, month, weekday or the start of a relative date.
        let token = tokens[i]
        if token.kind != .number, token.lower.utf8.first.map({ $0 < 0x30 || $0 > 0x39 }) ?? true, !reading.isMonth(at: i),
            language.pack.weekdays[token.lower] == nil, let starters = language.relativeDateStarters, !starters.contains(token.info.id)
        {
            return nil
        }
        return readISO(at: i, end: end) ?? readMonthDay(at: i, end: end) ?? readDayMonth(at: i, end: end)
            ?? readWeekday(at: i, end: end, past: past, sameDay: sameDay) ?? readRelative(at: i, end: end)
    }

    /// 2025-05-23
    private func readISO(at i: Int, end: Int) -> DateMention? {
        guard let year = yearNumber(i, end), i + 4 < end, tokens[i + 1].lower == "-", tokens[i + 3].lower == "-",
            let month = Int(tokens[i + 2].lower), let day = Int(tokens[i + 4].lower),
            let date = Day(year: year, month: month, day: day)
        else { return nil }
        return DateMention(window: .on(date), first: i, last: i + 4, relative: false)
    }

    /// May 23 / May 23-25 / May 23 to June 2 / May 23, 2025 (with "from" before it).
    private func readMonthDay(at i: Int, end: Int) -> DateMention? {
        guard let (startMonth, next) = month(i, end), let startDay = dayNumber(next, end) else { return nil }
        var last = next
        var endDay: Int?
        var endMonth = startMonth
        if isRangeJoiner(next + 1, end) {
            if let day = dayNumber(next + 2, end) {
                endDay = day
                last = next + 2
            } else if let (month, afterMonth) = month(next + 2, end), let day = dayNumber(afterMonth, end) {
                endDay = day
                endMonth = month
                last = afterMonth
            }
        }
        var year: Int?
        if last + 1 < end, tokens[last + 1].lower == ",", let y = yearNumber(last + 2, end) {
            year = y
            last += 2
        } else if let y = yearNumber(last + 1, end) {
            year = y
            last += 1
        }
        guard let first = closest(month: startMonth, day: startDay, year: year) else { return nil }
        let opening = reading.has(.rangeOpener, at: i - 1) ? i - 1 : i
        if let endDay, let final = closest(month: endMonth, day: endDay, year: year ?? first.year), final >= first {
            return DateMention(window: DateWindow(earliest: first, latest: final), first: opening, last: last, relative: false)
        }
        return DateMention(window: .on(first), first: opening, last: last, relative: false)
    }

    /// 23 May / 23-25 May / between 23 and 25 May 2025 / between the 22nd and 24th of December /
    /// between the 23rd and 25th (of this month, or the next once those days are past).
    private func readDayMonth(at i: Int, end: Int) -> DateMention? {
        guard let startDay = dayNumber(i, end) else { return nil }
        var j = i + 1
        var endDay: Int?
        if isRangeJoiner(j, end) {
            var k = j + 1
            if k < end, reading.has(.dayMonthLink, at: k), isOrdinalDay(k + 1, end) { k += 1 }
            if let day = dayNumber(k, end) {
                endDay = day
                j = k + 1
            }
        }
        let opening =
            reading.has(.rangeOpener, at: i - 1) ? i - 1 : reading.has(.rangeOpener, at: i - 2) && reading.has(.dayMonthLink, at: i - 1) ? i - 2 : i
        if j < end, reading.has(.dayMonthLink, at: j), month(j + 1, end) != nil { j += 1 }
        guard let (month, next) = month(j, end) else {
            // Ordinal days without a month: the range of this month (or the next).
            guard let endDay, isOrdinalDay(i, end), opening < i, endDay > startDay else { return nil }
            var c = reference.components
            if startDay < c.day { c = c.month == 12 ? (c.year + 1, 1, 1) : (c.year, c.month + 1, 1) }
            guard let first = Day(year: c.year, month: c.month, day: startDay), let final = Day(year: c.year, month: c.month, day: endDay) else {
                return nil
            }
            return DateMention(window: DateWindow(earliest: first, latest: final), first: opening, last: j - 1, relative: true)
        }
        var last = next - 1
        var year: Int?
        if let y = yearNumber(next, end) {
            year = y
            last = next
        }
        guard let first = closest(month: month, day: startDay, year: year) else { return nil }
        if let endDay, let final = Day(year: first.year, month: month, day: endDay), final >= first {
            return DateMention(window: DateWindow(earliest: first, latest: final), first: opening, last: last, relative: false)
        }
        return DateMention(window: .on(first), first: opening, last: last, relative: false)
    }

    /// Saturday, 24 August / Sunday, Jan. 26 (the written date wins) / later on Wednesday / next
    /// Sunday / Saturday and Sunday.
    private func readWeekday(at i: Int, end: Int, past: Bool, sameDay: Bool) -> DateMention? {
        guard let weekday = language.pack.weekdays[tokens[i].lower] else { return nil }
        var j = i + 1
        if j < end, tokens[j].lower == "," { j += 1 }
        if j < end, let written = readMonthDay(at: j, end: end) ?? readDayMonth(at: j, end: end) {
            return DateMention(window: written.window, first: i, last: written.last, relative: false)
        }
        let sameDayModifier = language.patterns(.sameDayWeekday).lazy.compactMap { reading.match($0, anchoredAt: i) }.first
        let nextModifier = language.patterns(.nextWeekday).lazy.compactMap { reading.match($0, anchoredAt: i) }.first
        let sameDayAllowed = sameDay || past || sameDayModifier != nil
        // "Saturday and Sunday", "Friday to Sunday", "on Saturday, Sunday and Monday": one window,
        // from the first day to the last.
        var last = i
        var lastWeekday = weekday
        while last + 2 < end, tokens[last + 1].lower == "," || isRangeJoiner(last + 1, end) {
            var next = last + 2
            // ", and Monday"
            if tokens[last + 1].lower == ",", isRangeJoiner(next, end), next + 1 < end { next += 1 }
            guard let following = language.pack.weekdays[tokens[next].lower] else { break }
            last = next
            lastWeekday = following
        }
        if last > i {
            let a = resolve(weekday: weekday, past: past, sameDay: sameDayAllowed)
            var b = resolve(weekday: lastWeekday, past: past, sameDay: sameDayAllowed)
            if b < a { b = b.adding(days: 7) }
            return DateMention(window: DateWindow(earliest: a, latest: b), first: i, last: last, relative: true)
        }
        let day = resolve(weekday: weekday, past: past, sameDay: sameDayAllowed, bareMeansToday: nextModifier == nil)
        let first = min(sameDayModifier?.lowerBound ?? i, nextModifier?.lowerBound ?? i)
        return DateMention(window: .on(day), first: first, last: i, relative: true)
    }

    /// "tomorrow", "next week", "in the coming days", "by the end of the month", "end of June".
    private func readRelative(at i: Int, end: Int) -> DateMention? {
        for (pattern, window) in language.relativeDates {
            guard let range = reading.match(pattern, startingAt: i, limit: i..<end), range.lowerBound == i, range.upperBound > i else { continue }
            guard let resolved = resolve(window, range) else { continue }
            var last = range.upperBound - 1
            if window == .namedMonth, yearNumber(last + 1, end) != nil { last += 1 }
            return DateMention(
                window: resolved, first: i, last: last, relative: window != .endOfNamedMonth && window != .namedMonth,
                wholeMonth: window == .namedMonth, phrase: true)
        }
        return nil
    }

    private func resolve(_ window: RelativeDate.Window, _ range: Range<Int>) -> DateWindow? {
        let r = reference
        let mondayThisWeek = r.adding(days: 1 - r.isoWeekday)
        let saturday = mondayThisWeek.adding(days: 5)
        switch window {
        case .today: return .on(r)
        case .tomorrow: return .on(r.adding(days: 1))
        case .yesterday: return .on(r.adding(days: -1))
        case .thisWeek: return DateWindow(earliest: r, latest: mondayThisWeek.adding(days: 6))
        case .nextWeek: return DateWindow(earliest: mondayThisWeek.adding(days: 7), latest: mondayThisWeek.adding(days: 13))
        case .thisWeekend: return DateWindow(earliest: max(saturday, r), latest: saturday.adding(days: 1))  // on a Sunday, today
        case .nextWeekend: return DateWindow(earliest: saturday.adding(days: 7), latest: saturday.adding(days: 8))
        case .comingDays: return DateWindow(earliest: r.adding(days: 1), latest: r.adding(days: 7))
        case .endOfWeek: return DateWindow(earliest: nil, latest: r.adding(days: 7 - r.isoWeekday))
        case .endOfMonth:
            let c = r.components
            return DateWindow(earliest: nil, latest: Day(year: c.year, month: c.month, day: Day.daysIn(month: c.month, year: c.year)))
        case .endOfYear:
            return DateWindow(earliest: nil, latest: Day(year: r.components.year, month: 12, day: 31))
        case .namedMonth:
            guard let index = range.first(where: { reading.isMonth(at: $0) }),
                let month = language.pack.months[tokens[index].lower]
            else { return nil }
            let year = yearNumber(range.upperBound, tokens.count) ?? (r.month > month ? r.year + 1 : r.year)
            return DateWindow(
                earliest: Day(year: year, month: month, day: 1), latest: Day(year: year, month: month, day: Day.daysIn(month: month, year: year)))
        case .endOfNamedMonth:
            guard let index = range.first(where: { reading.isMonth(at: $0) }),
                let month = language.pack.months[tokens[index].lower]
            else { return nil }
            let year = r.month > month ? r.year + 1 : r.year
            return DateWindow(earliest: nil, latest: Day(year: year, month: month, day: Day.daysIn(month: month, year: year)))
        }
    }

    /// A weekday resolved against the reference day.
    func resolve(weekday: Int, past: Bool, sameDay: Bool, bareMeansToday: Bool = false) -> Day {
        let r = reference
        if past {
            var back = r.isoWeekday - weekday
            if back < 0 { back += 7 }
            return r.adding(days: -back)
        }
        var ahead = weekday - r.isoWeekday
        if ahead < 0 { ahead += 7 }
        // A news report's bare "on Thursday", written on a Thursday, is that day; "next Thursday" is not bare.
        if ahead == 0 && !sameDay && !bareMeansToday { ahead = 7 }
        return r.adding(days: ahead)
    }
}
