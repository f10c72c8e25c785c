import Foundation
import Mustache
import SwapWatchMessages

/// The server-rendered pages: Mustache templates (HTML-escaped by default) over plain view
/// models. Every page reads without JavaScript; a small script only adds live alerts.
public struct Pages: Sendable {
    let library: MustacheLibrary

    public init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates { try library.register(text, named: name) }
        self.library = library
    }

    func render(_ template: String, title: String, _ model: [String: Any]) -> String {
        let content = library.render(model, withTemplate: template) ?? ""
        return library.render(["title": title, "content": content, "alertsFeed": model["alertsFeed"] ?? "/alerts.atom"], withTemplate: "layout") ?? ""
    }

    // MARK: Pages

    /// `/`: the exchanges, open ones first, and the latest alerts, live.
    public func index(exchanges: [ExchangeSummary], alerts: [Alert]) -> String {
        let ordered = exchanges.enumerated().sorted { a, b in
            let (openA, openB) = (a.element.status != .closed, b.element.status != .closed)
            if openA != openB { return openA }
            let (changedA, changedB) = (a.element.lastChanged ?? "", b.element.lastChanged ?? "")
            return changedA != changedB ? changedA > changedB : a.offset < b.offset
        }.map(\.element)
        return render(
            "index", title: "Prisoner exchanges",
            ["exchanges": ordered.map(Self.summaryModel), "hasExchanges": !ordered.isEmpty, "alerts": Self.alertsModel(alerts)])
    }

    /// `/exchanges/{id}`: the drawn timeline and the story, report by report.
    public func exchange(_ history: HistoryReply, alerts: [Alert]) -> String {
        let timeline = Timeline(history)
        let id = history.exchange.exchange.id
        let rows: [[String: Any]] = history.entries.reversed().map { entry in
            // Each distinct quote of the report's changes (else of its first claim), with who said it and how.
            var quotes: [[String: Any]] = []
            for evidence in entry.changes.map(\.evidence) + (entry.changes.isEmpty ? entry.claims.prefix(1).map(\.evidence) : [])
            where !quotes.contains(where: { $0["quote"] as? String == evidence.quote }) {
                quotes.append(["quote": evidence.quote, "attribution": AlertWording.attribution(AlertEvidence(evidence)) ?? false])
            }
            return [
                "anchor": "report-\(entry.report.id)", "reportID": entry.report.id, "published": entry.report.published.map(Self.readableTime) ?? "—",
                "outlet": entry.report.outlet ?? "—", "url": entry.report.url.flatMap { Self.isWebAddress($0) ? $0 : nil } ?? false,
                "title": entry.report.title ?? false, "effect": Self.effectWording(entry), "quotes": quotes,
                "changes": entry.changes.map { change in
                    [
                        "field": change.field == .size ? "Size" : "Date", "before": AlertWording.value(change.before),
                        "after": AlertWording.value(change.after),
                    ]
                },
            ]
        }
        var model = Self.summaryModel(history.exchange)
        model["svg"] = timeline.svg
        model["summary"] = timeline.summary
        model["entries"] = rows
        model["alerts"] = Self.alertsModel(alerts, exchangeID: id)
        model["alertsFeed"] = "/exchanges/\(Self.pathComponent(id))/alerts.atom"
        return render("exchange", title: history.exchange.exchange.key.description.capitalizedFirst + " exchange", model)
    }

    /// `/alerts`: the latest alerts, live.
    public func alerts(_ alerts: [Alert]) -> String {
        render("alerts", title: "Latest alerts", ["alerts": Self.alertsModel(alerts)])
    }

    /// A page that says what went wrong, for a status that is not 200.
    public func problem(title: String, message: String) -> String {
        render("problem", title: title, ["heading": title, "message": message])
    }

    // MARK: View models

    static func summaryModel(_ summary: ExchangeSummary) -> [String: Any] {
        [
            "id": summary.exchange.id, "path": "/exchanges/\(pathComponent(summary.exchange.id))",
            "name": summary.exchange.key.description.capitalizedFirst,
            "status": statusWording(summary.status), "statusClass": summary.status.rawValue,
            "size": summary.size?.description ?? "not yet reported", "date": summary.date.map { AlertWording.value(.date($0)) } ?? "not yet reported",
            "lastChanged": summary.lastChanged.map(readableTime) ?? "—", "reports": summary.supportingReports,
        ]
    }

    /// The alerts table: its rows, and the newest number, where the live script resumes.
    static func alertsModel(_ alerts: [Alert], exchangeID: String? = nil) -> [String: Any] {
        [
            "rows": alerts.map(alertRow), "lastSeq": alerts.map(\.seq).max() ?? 0, "empty": alerts.isEmpty,
            "exchange": exchangeID ?? "",
        ]
    }

    static func alertRow(_ alert: Alert) -> [String: Any] {
        [
            "seq": alert.seq, "raised": readableTime(alert.raisedAt), "exchange": alert.exchange.key.description.capitalizedFirst,
            "exchangePath": reportPath(alert),
            "field": alert.field == .size ? "Size" : "Date", "before": AlertWording.value(alert.before), "after": AlertWording.value(alert.after),
            "quote": alert.evidence.quote,
            "attribution": AlertWording.attribution(alert.evidence) ?? false, "source": AlertWording.source(alert.report),
            "url": alert.report.url.flatMap { isWebAddress($0) ? $0 : nil } ?? false,
        ]
    }

    static func statusWording(_ status: ExchangeStatus) -> String {
        switch status {
        case .open: "expected"
        case .underWay: "under way"
        case .closed: "carried out"
        }
    }

    static func effectWording(_ entry: HistoryEntry) -> String {
        switch entry.effect {
        case "corroboration": "reprint" + (entry.corroborates.map { " of \($0)" } ?? "")
        default: entry.effect
        }
    }

    /// "2025-05-20 09:15 UTC" from an RFC 3339 time; the text as given when it does not parse.
    static func readableTime(_ text: String) -> String {
        guard let date = Timestamp.parse(text) else { return text }
        let formatted = Timestamp.format(date)
        return "\(formatted.prefix(10)) \(formatted.dropFirst(11).prefix(5)) UTC"
    }

    /// Only http(s) addresses become links (never `javascript:`).
    static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && url.host != nil
    }

    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    /// The row of an alert's report on its exchange's page: `/exchanges/<id>#report-<report id>`.
    static func reportPath(_ alert: Alert) -> String {
        "/exchanges/\(pathComponent(alert.exchange.id))#report-"
            + (alert.report.id.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? alert.report.id)
    }
}

extension String {
    /// "Russia–Ukraine prisoners" stays as it is; "russia–ukraine" becomes "Russia–ukraine".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
