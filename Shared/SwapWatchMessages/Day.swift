import Foundation

/// A calendar day (proleptic Gregorian), coded as "YYYY-MM-DD". Supports day arithmetic.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146097 + doe - 719468
    }

    /// Parses "YYYY-MM-DD" (the first ten characters of an ISO 8601 timestamp also work).
    public init?(iso: String) {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (ordinal + 3) % 7  // 1970-01-01 was a Thursday (ISO 4)
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        let c = components
        return "\(zeroPadded(c.year, 4))-\(zeroPadded(c.month, 2))-\(zeroPadded(c.day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text), text.count == 10 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Parsing and formatting of the RFC 3339 timestamps used on the wire ("2025-06-02T18:00:00Z",
/// "2025-06-02T21:00:00.250+03:00"), by hand: Foundation's formatters cost more than extracting
/// the claims of a whole report.
public enum Timestamp {
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<at + count {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard b.count >= 10, let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let dayOfMonth = digits(8, 2),
            let day = Day(year: year, month: month, day: dayOfMonth)
        else { return nil }
        var seconds = Double(day.ordinal) * 86_400
        // A bare day is accepted as midnight UTC.
        if b.count == 10 { return Date(timeIntervalSince1970: seconds) }
        guard [0x54, 0x74, 0x20].contains(b[10]), let hour = digits(11, 2), b.count > 13, b[13] == 0x3A, let minute = digits(14, 2),
            b.count > 16, b[16] == 0x3A, let second = digits(17, 2), hour < 24, minute < 60, second <= 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60 + second)
        var i = 19
        if i < b.count, b[i] == 0x2E {
            var scale = 0.1
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                seconds += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }  // RFC 3339 requires a zone
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard let offsetHours = digits(i + 1, 2) else { return nil }
            var next = i + 3
            if next < b.count, b[next] == 0x3A { next += 1 }
            guard let offsetMinutes = digits(next, 2), next + 2 == b.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
            let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
            seconds += b[i] == 0x2B ? -offset : offset
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// "YYYY-MM-DDTHH:MM:SSZ", whole seconds, UTC.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let dayOrdinal = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - dayOrdinal * 86_400
        return
            "\(Day(ordinal: dayOrdinal))T\(zeroPadded(secondOfDay / 3600, 2)):\(zeroPadded(secondOfDay / 60 % 60, 2)):\(zeroPadded(secondOfDay % 60, 2))Z"
    }

    /// The UTC calendar day of an instant.
    public static func day(of date: Date) -> Day {
        Day(ordinal: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// `n` in decimal, left-padded with zeros to `width` digits.
private func zeroPadded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
