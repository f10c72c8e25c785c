import Foundation
import SwapWatchMessages
import Synchronization
import WebService

/// A known story: opened with a size and a hedged week, widened, postponed, reprinted, dated
/// again, carried out.
enum WebFixtures {
    static let key = ExchangeKey(parties: ["Russia", "Ukraine"], kind: .prisoners)
    static let exchange = ExchangeRef(key: key, serial: 1)

    static func report(_ id: String, _ published: String?, outlet: String = "Ukrinform") -> ReportRef {
        ReportRef(id: id, url: "https://example.org/\(id)", outlet: outlet, published: published, title: "Report \(id)")
    }

    static func change(
        _ field: ExpectationField, _ before: FieldValue?, _ after: FieldValue, quote: String, speaker: String? = nil, hedged: Bool = false
    )
        -> ExpectationChange
    {
        ExpectationChange(
            exchange: exchange, field: field, before: before, after: after, evidence: Evidence(quote: quote, speaker: speaker, hedged: hedged))
    }

    static let thousand = FieldValue.size(.perSide(.exactly(1000)))
    static let widened = FieldValue.size(.perSide(SizeInterval(min: 1000, max: 1200)))
    static let week = FieldValue.date(DateWindow(earliest: Day(year: 2025, month: 5, day: 19)!, latest: Day(year: 2025, month: 5, day: 25)!))
    static let saturday = FieldValue.date(.on(Day(year: 2025, month: 5, day: 24)!))

    static var history: HistoryReply {
        let entries = [
            HistoryEntry(
                report: report("r1", "2025-05-16T10:00:00Z"), claims: [],
                changes: [
                    change(.size, nil, thousand, quote: "The sides agreed to swap 1,000 prisoners each.", speaker: "Zelensky"),
                    change(.date, nil, week, quote: "It could happen next week.", hedged: true),
                ], effect: "opened"),
            HistoryEntry(
                report: report("r2", "2025-05-18T09:00:00Z", outlet: "Reuters"), claims: [],
                changes: [change(.size, thousand, widened, quote: "Between 1,000 and 1,200 on each side <b>may</b> be freed.")], effect: "changed"),
            HistoryEntry(
                report: report("r3", "2025-05-20T12:00:00Z"), claims: [],
                changes: [change(.date, week, .date(.unknown), quote: "The exchange was postponed.")],
                effect: "changed"),
            HistoryEntry(
                report: report("r4", "2025-05-21T08:00:00Z", outlet: "UNN"), claims: [], changes: [], effect: "corroboration", corroborates: "r3"),
            HistoryEntry(
                report: report("r5", "2025-05-23T07:00:00Z"), claims: [],
                changes: [change(.date, .date(.unknown), saturday, quote: "It will take place on Saturday.")],
                effect: "changed"),
            HistoryEntry(report: report("r6", "2025-05-24T18:00:00Z"), claims: [], changes: [], effect: "completed"),
        ]
        let summary = ExchangeSummary(
            exchange: exchange, status: .closed, size: .perSide(SizeInterval(min: 1000, max: 1200)), date: .on(Day(year: 2025, month: 5, day: 24)!),
            lastChanged: "2025-05-23T07:00:00Z", supportingReports: 6, stages: [])
        return HistoryReply(exchange: summary, entries: entries)
    }

    /// The alerts the story raised, numbered from 1.
    static var alerts: [Alert] {
        var seq = 0
        return history.entries.flatMap { entry in
            entry.changes.map { change in
                seq += 1
                return change.alert(seq: seq, report: entry.report, raisedAt: "2025-05-24T00:00:0\(seq)Z")
            }
        }
    }

    static let openSummary = ExchangeSummary(
        exchange: ExchangeRef(key: ExchangeKey(parties: ["Armenia", "Azerbaijan"], kind: .prisoners), serial: 1), status: .open,
        size: .perSide(SizeInterval(min: 30, max: nil)), date: nil, lastChanged: "2025-06-01T10:00:00Z", supportingReports: 1, stages: [])
}

/// A claim store that answers from memory, or not at all.
struct FixedSource: ExchangeSource {
    var summaries: [ExchangeSummary] = [WebFixtures.history.exchange, WebFixtures.openSummary]
    var histories: [String: HistoryReply] = [WebFixtures.exchange.id: WebFixtures.history]
    var down = false
    /// Asked for anything, it answers that the request itself is wrong.
    var refusing = false
    /// Every exchange id it was asked for.
    let asked = Requests()

    final class Requests: Sendable {
        let ids = Mutex<[String]>([])
    }

    func exchanges() async throws(StoreQueryError) -> [ExchangeSummary] {
        if down { throw .unavailable("no reply") }
        if refusing { throw .refused("bad request") }
        return summaries
    }

    func history(of exchangeID: String) async throws(StoreQueryError) -> HistoryReply? {
        asked.ids.withLock { $0.append(exchangeID) }
        if down { throw .unavailable("no reply") }
        if refusing { throw .refused("bad request") }
        return histories[exchangeID]
    }
}
