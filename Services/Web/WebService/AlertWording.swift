import SwapWatchMessages

/// How an alert reads in one line, for Atom entry titles, webhook `text` fields and page rows.
public enum AlertWording {
    /// "Russia–Ukraine prisoners exchange: expected size 1,000 per side → 1,200 per side".
    public static func headline(_ alert: Alert) -> String {
        let field = alert.field == .size ? "expected size" : "expected date"
        return "\(alert.exchange.key) exchange: \(field) \(value(alert.before)) → \(value(alert.after))"
    }

    /// A size or date as people say it; an unknown date is a postponement.
    public static func value(_ value: FieldValue?) -> String {
        switch value {
        case nil: "none"
        case .date(let window) where window.isUnknown: "postponed, date unknown"
        case let value?: value.description
        }
    }

    /// "Reuters, 2025-05-20", or the report id when the report names neither.
    public static func source(_ report: ReportRef) -> String {
        let parts = [report.outlet, report.published.map { String($0.prefix(10)) }].compactMap { $0 }
        return parts.isEmpty ? report.id : parts.joined(separator: ", ")
    }

    /// Who said it and how: "Zelensky, hedged".
    public static func attribution(_ evidence: AlertEvidence) -> String? {
        let parts = [evidence.speaker, evidence.hedged ? "hedged" : nil].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The whole alert in one line, as a chat tool shows it.
    public static func line(_ alert: Alert) -> String {
        let quote = alert.evidence.quote.count > 200 ? String(alert.evidence.quote.prefix(197)) + "…" : alert.evidence.quote
        let who = attribution(alert.evidence).map { " (\($0))" } ?? ""
        return "SwapWatch #\(alert.seq): \(headline(alert)) · \(source(alert.report)) · “\(quote)”\(who)"
    }
}
