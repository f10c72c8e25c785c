import Foundation
import SwapWatchMessages

/// Human output: one readable line per alert, claim or exchange, coloured on a terminal.
struct Formatter {
    let colour: Bool

    static var forStandardOutput: Formatter {
        Formatter(colour: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func exchangeName(_ ref: ExchangeRef) -> String { "\(ref.parties.joined(separator: "–")) \(ref.kind.rawValue)" }

    func alertLine(_ alert: Alert) -> String {
        let label = paint(alert.field.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0), alert.field == .size ? "1;33" : "1;36")
        let before = alert.before?.description ?? "none"
        let source = [alert.report.outlet, alert.report.published.map { String($0.prefix(10)) }].compactMap { $0 }.joined(separator: ", ")
        var who = [alert.evidence.speaker, alert.evidence.hedged ? "hedged" : nil].compactMap { $0 }.joined(separator: ", ")
        if !who.isEmpty { who = " (\(who))" }
        let quote = alert.evidence.quote.count > 160 ? String(alert.evidence.quote.prefix(157)) + "…" : alert.evidence.quote
        return
            "#\(alert.seq) \(label) \(exchangeName(alert.exchange))  \(before) → \(paint(alert.after.description, "1"))  · \(source.isEmpty ? alert.report.id : source) · \"\(quote)\"\(who)"
    }

    func claimLine(_ claim: Claim) -> String {
        let value: String
        switch claim.type {
        case .size: value = claim.size?.description ?? ""
        case .date: value = claim.date?.description ?? ""
        case .postponed: value = "date unknown" + (claim.date.flatMap { $0.isUnknown ? nil : " (was due \($0))" } ?? "")
        case .completed, .stage:
            value = [claim.date?.description, claim.size?.description].compactMap { $0 }.joined(separator: ", ")
        }
        var who = [claim.evidence.speaker, claim.evidence.hedged ? "hedged" : nil, claim.dateBasis == .received ? "date from receipt time" : nil]
            .compactMap { $0 }.joined(separator: ", ")
        if !who.isEmpty { who = " (\(who))" }
        return "\(paint(claim.type.rawValue.uppercased(), "1")) \(claim.exchange): \(value)\(who)\n    \"\(claim.evidence.quote)\""
    }

    func summaryLine(_ s: ExchangeSummary) -> String {
        let status = paint(s.status.rawValue, s.status == .closed ? "2" : "1;32")
        return
            "\(s.exchange.id)  [\(status)]  size: \(s.size?.description ?? "—")  date: \(s.date?.description ?? "—")  reports: \(s.supportingReports)  last changed: \(s.lastChanged ?? "—")"
    }
}

enum JSONOutput {
    static func line<T: Encodable>(_ value: T) -> String {
        String(decoding: try! MessageCodec.encoder().encode(value), as: UTF8.self)
    }
}
