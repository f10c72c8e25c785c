import Crypto
import Foundation
import SwapWatchMessages

/// An Atom 1.0 feed (RFC 4287) of alerts, newest first, for any feed reader.
public struct AtomFeed {
    public let title: String
    /// The feed's own address, and the page it mirrors (absolute URLs).
    public let selfURL: String
    public let pageURL: String
    /// The pages' base address, for each entry's link to its exchange page.
    public let baseURL: String
    /// A stable name of what the feed holds ("alerts", "exchange:<id>"), for its id.
    public let scope: String

    public init(title: String, selfURL: String, pageURL: String, baseURL: String, scope: String) {
        (self.title, self.selfURL, self.pageURL, self.baseURL, self.scope) = (title, selfURL, pageURL, baseURL, scope)
    }

    public func render(_ alerts: [Alert]) -> String {
        var xml = XMLWriter()
        xml.open("feed", [("xmlns", "http://www.w3.org/2005/Atom")])
        xml.element("id", [], text: Self.urn("swapwatch:" + scope))
        xml.element("title", [], text: title)
        // A feed with no entry yet is as old as the epoch of the alerts it will hold.
        xml.element("updated", [], text: alerts.map(\.raisedAt).max() ?? "1970-01-01T00:00:00Z")
        xml.element("link", [("rel", "self"), ("type", "application/atom+xml"), ("href", selfURL)])
        xml.element("link", [("rel", "alternate"), ("type", "text/html"), ("href", pageURL)])
        xml.open("author", [])
        xml.element("name", [], text: "SwapWatch")
        xml.close()
        xml.element("generator", [], text: "SwapWatch")
        for alert in alerts { entry(alert, into: &xml) }
        xml.close()
        return #"<?xml version="1.0" encoding="utf-8"?>"# + "\n" + xml.text + "\n"
    }

    func entry(_ alert: Alert, into xml: inout XMLWriter) {
        xml.open("entry", [])
        xml.element("id", [], text: Self.urn("swapwatch:alert:" + alert.id))
        xml.element("title", [], text: AlertWording.headline(alert))
        xml.element("updated", [], text: alert.raisedAt)
        // RFC 3339, as Atom requires: a report's time is written again, or left out if it does not parse.
        if let published = alert.report.published.flatMap(Timestamp.parse) { xml.element("published", [], text: Timestamp.format(published)) }
        xml.element("link", [("rel", "alternate"), ("type", "text/html"), ("href", baseURL + Pages.reportPath(alert))])
        if let url = alert.report.url, Pages.isWebAddress(url) { xml.element("link", [("rel", "related"), ("href", url)]) }
        xml.open("author", [])
        xml.element("name", [], text: alert.report.outlet ?? "SwapWatch")
        xml.close()
        xml.element("category", [("term", alert.field.rawValue)])
        let who = AlertWording.attribution(alert.evidence).map { " (\($0))" } ?? ""
        xml.element("summary", [("type", "text")], text: "“\(alert.evidence.quote)”\(who) · \(AlertWording.source(alert.report))")
        xml.close()
    }

    /// A stable `urn:uuid:` made from `name` (SHA-256, as a version 8 UUID): Atom ids must be IRIs
    /// that never change.
    static func urn(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return "urn:uuid:" + parts.joined(separator: "-")
    }
}
