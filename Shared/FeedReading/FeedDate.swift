import Foundation
import SwapWatchMessages

/// The dates feeds carry: RFC 822 in RSS (`Tue, 20 May 2025 09:15:00 +0300`, named zones such as
/// GMT or EST, with or without the weekday or seconds) and RFC 3339 in Atom and JSON Feed (with or
/// without fractional seconds). Each becomes `yyyy-MM-ddTHH:mm:ssZ` in UTC, as reports carry it.
/// A date outside the years reports may carry (``Report/plausiblePublished``) is a publisher's
/// mistake, not a date, and reads as none.
public enum FeedDate {
    public static func parse(_ text: String) -> String? {
        date(text).map(Timestamp.format)
    }

    /// The moment `text` names, in either form (HTTP dates, as in `Retry-After`, are RFC 822 too).
    public static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let date = rfc3339(trimmed) ?? rfc822(trimmed), Report.plausiblePublished.contains(date) else { return nil }
        return date
    }

    static func rfc3339(_ text: String) -> Date? {
        for formatter in iso where formatter.date(from: text) != nil { return formatter.date(from: text) }
        return nil
    }

    static func rfc822(_ text: String) -> Date? {
        // Obsolete zone names (RFC 822 section 5) that DateFormatter does not know as offsets.
        let zones = [
            "UT": "+0000", "EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500", "MST": "-0700", "MDT": "-0600", "PST": "-0800",
            "PDT": "-0700",
        ]
        var words = text.split(separator: " ").map(String.init)
        if let last = words.last, let offset = zones[last.uppercased()] { words[words.count - 1] = offset }
        let normalized = words.joined(separator: " ")
        for format in rfc822Formats {
            let formatter = posix(format)
            if let date = formatter.date(from: normalized) { return date }
        }
        return nil
    }

    static let rfc822Formats = [
        "EEE, d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss zzz", "EEE, d MMM yyyy HH:mm Z",
        "EEE, d MMM yyyy HH:mm zzz", "d MMM yyyy HH:mm Z", "EEE, d MMM yy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss",
    ]

    nonisolated(unsafe) static let iso: [ISO8601DateFormatter] = [ISO8601DateFormatter.Options]([
        [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
    ]).map { options in
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = options
        return formatter
    }

    static func posix(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }
}
