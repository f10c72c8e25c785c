import Foundation
import ReportText
import SwapWatchMessages

/// Builders for the values tests need again and again: reports, claims, requests, alerts and
/// streams, with sensible defaults so a test names only what it is about.
public enum Fixtures {
    /// The exchange most tests are about: prisoners between Russia and Ukraine.
    public static let russiaUkraine = ExchangeKey(parties: ["Russia", "Ukraine"], kind: .prisoners)

    /// A fixed receiving time, after every published time the fixtures use, so a test's output
    /// never depends on the hour it runs.
    public static let received = Timestamp.parse("2026-01-01T12:00:00Z")!

    /// A validated report.
    public static func report(
        _ id: String, text: String, published: String = "2025-05-18T08:00:00Z", outlet: String? = "Fixture"
    ) throws -> Report {
        try Report(validating: ReportInput(id: id, published: published, outlet: outlet, text: text), received: received)
    }

    /// A claim about `key` with a placeholder quote unless one is given.
    public static func claim(
        _ type: ClaimType, size: SizeValue? = nil, date: DateWindow? = nil, quote: String = "q", key: ExchangeKey = russiaUkraine
    ) -> Claim {
        Claim(type: type, exchange: key, size: size, date: date, evidence: Evidence(quote: quote))
    }

    /// "`n` for `n`": a claim that `n` are expected per side.
    public static func sizeClaim(_ n: Int, key: ExchangeKey = russiaUkraine) -> Claim {
        claim(.size, size: .perSide(.exactly(n)), quote: "\(n) for \(n)", key: key)
    }

    /// What an ingest worker asks the claim store to commit.
    public static func storeRequest(_ id: String, text: String, published: String, claims: [Claim]) throws -> StoreReport {
        StoreReport(report: try report(id, text: text, published: published, outlet: "O"), claims: claims, extractorVersion: "test", worker: "w1")
    }

    /// Alert number `seq`, a size alert on the first Russia–Ukraine exchange.
    public static func alert(_ seq: Int) -> Alert {
        Alert(
            id: "russia-ukraine-prisoners-1/size/r\(seq)", seq: seq, field: .size,
            exchange: ExchangeRef(key: ExchangeKey(parties: ["Ukraine", "Russia"], kind: .prisoners), serial: 1),
            before: nil, after: .size(.perSide(.exactly(100 + seq))),
            report: ReportRef(id: "r\(seq)", url: nil, outlet: nil, published: "2025-05-18T12:00:00Z", title: nil),
            evidence: AlertEvidence(quote: "q", speaker: nil, hedged: false),
            raisedAt: "2025-05-18T12:00:01Z")
    }

    /// Store event number `seq`: a size change to `size` per side on `exchange` by report `r<seq>`.
    public static func event(_ seq: Int, size: Int, exchange: ExchangeRef = ExchangeRef(key: russiaUkraine, serial: 1)) -> ExpectationChangedEvent {
        let change = ExpectationChange(
            exchange: exchange, field: .size, before: nil, after: .size(.perSide(.exactly(size))), evidence: Evidence(quote: "\(size) for \(size)"))
        let report = ReportRef(id: "r\(seq)", url: nil, outlet: "Fixture", published: "2025-05-18T12:00:00Z", title: nil)
        return ExpectationChangedEvent(seq: seq, change: change, report: report, committedAt: "2025-05-18T12:00:01Z")
    }

    /// A path for a new SQLite file in the temporary directory.
    public static func temporaryDatabasePath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
    }

    /// A JSON Lines stream of `count` Russia–Ukraine reports, a day apart, each announcing a new
    /// size (so each raises at least one alert), with every tenth a resubmission and every seventh
    /// unrelated news.
    public static func changingStream(count: Int) -> Data {
        var lines: [String] = []
        let start = Day(iso: "2024-01-01")!
        for i in 0..<count {
            let text: String
            if i % 10 == 9 {
                text = "Ukraine and Russia will exchange \(100 + i - 1) prisoners each next week, officials in Kyiv said."
            } else if i % 7 == 6 {
                text = "Heavy snow closed \(i) roads around Lviv on day \(i), the regional administration said."
            } else {
                text = "Ukraine and Russia will exchange \(100 + i) prisoners each next week, officials in Kyiv said."
            }
            let published = i % 10 == 9 ? start.adding(days: i - 1) : start.adding(days: i)
            let report: [String: String] = ["published": "\(published)T12:00:00Z", "outlet": "Stream \(i % 3)", "text": text]
            lines.append(String(decoding: try! JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The alerts in JSON Lines output (`swapwatch alerts --json`, the alert sink).
    public static func alerts(in output: Data) throws -> [Alert] {
        try output.split(separator: 0x0A).map { try JSONDecoder().decode(Alert.self, from: Data($0)) }
    }
}
