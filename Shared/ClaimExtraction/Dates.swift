import SwapWatchMessages

/// A date expression found in a clause, resolved to a window.
struct DateMention {
    var window: DateWindow
    /// Token range of the expression.
    var first: Int
    var last: Int
    /// Resolved against the reference time (relative), rather than written out.
    var relative: Bool
}

/// Finds date expressions and resolves them against the report's reference day.
///
/// `past` says the clause reports something done: a bare weekday then means the latest such
/// day on or before the reference day instead of the next one after it.
struct DateReader {
    let reference: Day

    func mentions(in tokens: [Token], from start: Int, to end: Int, past: Bool, sameDay: Bool = false) -> [DateMention] {
        var found: [DateMention] = []
        var i = start
        while i < end {
            if let mention = read(tokens, at: i, end: end, past: past, sameDay: sameDay) {
                found.append(applyBound(mention, tokens, start: start))
                i = mention.last + 1
            } else {
                i += 1
            }
        }
        return found
    }

    /// "by Friday", "before May 25", "until the end of the month": only an upper bound.
    private func applyBound(_ mention: DateMention, _ tokens: [Token], start: Int) -> DateMention {
        var m = mention
        var p = m.first - 1
        if p >= start, tokens[p].lower == "the" { p -= 1 }
        // "not before Friday", "no earlier than May 3", "from Monday on": only a lower bound.
        if p >= start, tokens[p].lower == "before", p - 1 >= start, tokens[p - 1].lower == "not" {
            m.window = DateWindow(earliest: m.window.earliest, latest: nil)
            m.first = p - 1
            return m
        }
        if p >= start, tokens[p].lower == "than", p - 2 >= start, tokens[p - 1].lower == "earlier", tokens[p - 2].lower == "no" {
            m.window = DateWindow(earliest: m.window.earliest, latest: nil)
            m.first = p - 2
            return m
        }
        if p >= start, ["by", "before", "until", "till"].contains(tokens[p].lower) {
            m.window = DateWindow(earliest: nil, latest: m.window.latest)
            m.first = p
        }
        return m
    }

    private func word(_ tokens: [Token], _ i: Int, _ end: Int) -> String? { i < end ? tokens[i].lower : nil }

    private func dayNumber(_ tokens: [Token], _ i: Int, _ end: Int) -> Int? {
        guard i < end, tokens[i].kind == .number, tokens[i].lower.count <= 2, let n = Int(tokens[i].lower), (1...31).contains(n)
        else { return nil }
        return n
    }

    private func yearNumber(_ tokens: [Token], _ i: Int, _ end: Int) -> Int? {
        guard i < end, tokens[i].kind == .number, tokens[i].lower.count == 4, let n = Int(tokens[i].lower), (1990...2100).contains(n)
        else { return nil }
        return n
    }

    private func month(_ tokens: [Token], _ i: Int, _ end: Int) -> (month: Int, next: Int)? {
        guard i < end, let m = Lexicon.months[tokens[i].lower] else { return nil }
        // "may" and "mar" are months only when written with a capital.
        if (tokens[i].lower == "may" || tokens[i].lower == "mar") && !tokens[i].capitalized { return nil }
        var next = i + 1
        if next < end, tokens[next].lower == "." { next += 1 }
        return (m, next)
    }

    private func isRangeJoiner(_ w: String?) -> Bool { w == "-" || w == "–" || w == "—" || w == "to" || w == "and" || w == "through" }

    /// The year that puts month/day closest to the reference day.
    private func closest(month: Int, day: Int, year: Int?) -> Day? {
        if let year { return Day(year: year, month: month, day: day) }
        let candidates = [reference.year - 1, reference.year, reference.year + 1].compactMap { Day(year: $0, month: month, day: day) }
        return candidates.min { abs($0.ordinal - reference.ordinal) < abs($1.ordinal - reference.ordinal) }
    }

    private func read(_ t: [Token], at i: Int, end: Int, past: Bool, sameDay: Bool, afterWeekday: Bool = false) -> DateMention? {
        guard i < end, i < t.count else { return nil }
        let w = t[i].lower
        // ISO 2025-05-23
        if let y = yearNumber(t, i, end), word(t, i + 1, end) == "-", i + 4 < end, let m = Int(t[i + 2].lower),
           word(t, i + 3, end) == "-", let d = Int(t[i + 4].lower), let day = Day(year: y, month: m, day: d) {
            return DateMention(window: .on(day), first: i, last: i + 4, relative: false)
        }
        // from May 23 to 25 / May 23-25 / May 23, 2025
        if let (m, next) = month(t, i, end), let d = dayNumber(t, next, end) {
            var last = next
            var d2: Int?
            var m2 = m
            if isRangeJoiner(word(t, next + 1, end)) {
                if let e = dayNumber(t, next + 2, end) { d2 = e; last = next + 2 }
                else if let (mm, n2) = month(t, next + 2, end), let e = dayNumber(t, n2, end) { d2 = e; m2 = mm; last = n2 }
            }
            var year: Int?
            if word(t, last + 1, end) == ",", let y = yearNumber(t, last + 2, end) { year = y; last += 2 }
            else if let y = yearNumber(t, last + 1, end) { year = y; last += 1 }
            guard let a = closest(month: m, day: d, year: year) else { return nil }
            let first = (i > 0 && t[i - 1].lower == "from") ? i - 1 : i
            if let d2, let b = closest(month: m2, day: d2, year: year ?? a.year), b >= a {
                return DateMention(window: DateWindow(earliest: a, latest: b), first: first, last: last, relative: false)
            }
            return DateMention(window: .on(a), first: first, last: last, relative: false)
        }
        // 23 May / 23-25 May / between 23 and 25 May
        if let d = dayNumber(t, i, end) {
            var j = i + 1
            var d2: Int?
            if isRangeJoiner(word(t, j, end)), let e = dayNumber(t, j + 1, end) { d2 = e; j += 2 }
            if let (m, next) = month(t, j, end) {
                var last = next - 1
                var year: Int?
                if let y = yearNumber(t, next, end) { year = y; last = next }
                guard let a = closest(month: m, day: d, year: year) else { return nil }
                let first = (i > 0 && (t[i - 1].lower == "between" || t[i - 1].lower == "from")) ? i - 1 : i
                if let d2, let b = Day(year: a.year, month: m, day: d2), b >= a {
                    return DateMention(window: DateWindow(earliest: a, latest: b), first: first, last: last, relative: false)
                }
                return DateMention(window: .on(a), first: first, last: last, relative: false)
            }
        }
        // Saturday, 24 August / Sunday, Jan. 26 (the written date wins) / later Wednesday / next Sunday
        if let weekday = Lexicon.weekdays[w], !afterWeekday {
            var j = i + 1
            if word(t, j, end) == "," { j += 1 }
            if let written = read(t, at: j, end: end, past: past, sameDay: sameDay, afterWeekday: true), !written.relative {
                return DateMention(window: written.window, first: i, last: written.last, relative: false)
            }
            let before = i > 0 ? t[i - 1].lower : ""
            // "Saturday and Sunday", "Friday to Sunday": one window.
            if isRangeJoiner(word(t, i + 1, end)), i + 2 < end, let weekday2 = Lexicon.weekdays[t[i + 2].lower] {
                let sameDayAllowed = sameDay || before == "this" || past
                let a = resolve(weekday: weekday, past: past, sameDay: sameDayAllowed)
                var b = resolve(weekday: weekday2, past: past, sameDay: sameDayAllowed)
                if b < a { b = b.adding(days: 7) }
                return DateMention(window: DateWindow(earliest: a, latest: b), first: i, last: i + 2, relative: true)
            }
            let laterOn = before == "on" && i > 1 && t[i - 2].lower == "later"
            let sameDayAllowed = sameDay || before == "later" || laterOn || before == "today" || before == "this" || past
                || (i + 1 < end && ["afternoon", "morning", "evening", "night"].contains(t[i + 1].lower) && before == "this")
            let day = resolve(weekday: weekday, past: past, sameDay: sameDayAllowed, bareMeansToday: before != "next" && before != "coming")
            return DateMention(window: .on(day), first: (before == "next" || before == "this" || before == "later") ? i - 1 : i, last: i, relative: true)
        }
        let r = reference
        switch w {
        case "today", "tonight":
            return DateMention(window: .on(r), first: i, last: i, relative: true)
        case "tomorrow":
            return DateMention(window: .on(r.adding(days: 1)), first: i, last: i, relative: true)
        case "yesterday":
            return DateMention(window: .on(r.adding(days: -1)), first: i, last: i, relative: true)
        case "next", "this", "coming":
            let unit = word(t, i + 1, end)
            let mondayThisWeek = r.adding(days: 1 - r.isoWeekday)
            if unit == "week" {
                if w == "this" {
                    return DateMention(window: DateWindow(earliest: r, latest: mondayThisWeek.adding(days: 6)), first: i, last: i + 1, relative: true)
                }
                let monday = mondayThisWeek.adding(days: 7)
                return DateMention(window: DateWindow(earliest: monday, latest: monday.adding(days: 6)), first: i, last: i + 1, relative: true)
            }
            if unit == "weekend" {
                var saturday = mondayThisWeek.adding(days: 5)
                if w == "next" { saturday = saturday.adding(days: 7) }
                // On a Sunday, "this weekend" is today.
                let earliest = max(saturday, r)
                return DateMention(window: DateWindow(earliest: earliest, latest: saturday.adding(days: 1)), first: i, last: i + 1, relative: true)
            }
            if unit == "days" || (unit == "few" && word(t, i + 2, end) == "days") {
                return DateMention(window: DateWindow(earliest: r.adding(days: 1), latest: r.adding(days: 7)), first: i, last: unit == "few" ? i + 2 : i + 1, relative: true)
            }
            return nil
        case "days":
            if word(t, i + 1, end) == "ahead", i > 0, t[i - 1].lower == "the" {
                return DateMention(window: DateWindow(earliest: r.adding(days: 1), latest: r.adding(days: 7)), first: i - 1, last: i + 1, relative: true)
            }
            return nil
        case "end":
            // the end of the week / month
            guard word(t, i + 1, end) == "of" else { return nil }
            var j = i + 2
            if word(t, j, end) == "the" || word(t, j, end) == "this" { j += 1 }
            if word(t, j, end) == "week" {
                let sunday = r.adding(days: 7 - r.isoWeekday)
                return DateMention(window: DateWindow(earliest: nil, latest: sunday), first: i, last: j, relative: true)
            }
            if word(t, j, end) == "month" {
                let c = r.components
                let last = Day(year: c.year, month: c.month, day: Day.daysIn(month: c.month, year: c.year))!
                return DateMention(window: DateWindow(earliest: nil, latest: last), first: i, last: j, relative: true)
            }
            if let (m, next) = month(t, j, end) {
                let year = r.month > m ? r.year + 1 : r.year
                let last = Day(year: year, month: m, day: Day.daysIn(month: m, year: year))!
                return DateMention(window: DateWindow(earliest: nil, latest: last), first: i, last: next - 1, relative: false)
            }
            return nil
        case "weekend":
            if i > 0, t[i - 1].lower == "the" {
                let mondayThisWeek = r.adding(days: 1 - r.isoWeekday)
                let saturday = mondayThisWeek.adding(days: 5)
                return DateMention(window: DateWindow(earliest: max(saturday, r), latest: saturday.adding(days: 1)), first: i - 1, last: i, relative: true)
            }
            return nil
        default:
            return nil
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
