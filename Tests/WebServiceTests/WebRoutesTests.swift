import FeedReading
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwapWatchMessages
import Testing

@testable import WebService

/// The routes through Hummingbird's test client, over an in-memory archive and a fixed store.
@Suite struct WebRoutesTests {
    let archive: AlertArchive
    let broadcast = AlertBroadcast()

    init() throws {
        archive = try AlertArchive(.inMemory)
        for alert in WebFixtures.alerts { try archive.record(alert) }
    }

    func app(_ source: FixedSource = FixedSource(), publicURL: String? = nil) throws -> some ApplicationProtocol {
        Application(router: WebRoutes(source: source, archive: archive, broadcast: broadcast, pages: try Pages(), publicURL: publicURL).router())
    }

    func get(_ path: String, headers: HTTPFields = [:], from app: some ApplicationProtocol) async throws -> (HTTPResponse.Status, HTTPFields, String)
    {
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: headers) { response in
                (response.status, response.headers, String(buffer: response.body))
            }
        }
    }

    @Test func theFrontPageListsOpenExchangesFirstAndTheLatestAlerts() async throws {
        let (status, headers, page) = try await get("/", from: try app())
        #expect(status == .ok)
        #expect(headers[.contentType] == "text/html; charset=utf-8")
        #expect(headers[.contentSecurityPolicy] != nil)
        let armenia = try #require(page.range(of: "data-exchange=\"armenia-azerbaijan-prisoners-1\""))
        let russia = try #require(page.range(of: "data-exchange=\"russia-ukraine-prisoners-1\""))
        #expect(armenia.lowerBound < russia.lowerBound)
        #expect(page.contains("at least 30 per side"))
        #expect(page.contains("<caption>Exchanges and their expected size and date</caption>"))
        // The alerts table resumes live after the newest alert shown.
        #expect(page.contains("data-last-seq=\"5\""))
        #expect(page.contains("new EventSource(\"/events\" + query)"))
    }

    @Test func anExchangePageDrawsTheTimelineAndQuotesEachReport() async throws {
        let (status, _, page) = try await get("/exchanges/russia-ukraine-prisoners-1", from: try app())
        #expect(status == .ok)
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(page.contains("href=\"#report-r2\""))
        #expect(page.contains("<tr id=\"report-r2\" data-report=\"r2\">"))
        #expect(page.contains("<a href=\"https://example.org/r2\" rel=\"noopener\">Reuters</a>"))
        #expect(page.contains("<span class=\"attribution\">Zelensky</span>"))
        #expect(page.contains("<blockquote>It could happen next week.</blockquote><span class=\"attribution\">hedged</span>"))
        #expect(page.contains("reprint of r3"))
        // The quote's markup is text, not markup.
        #expect(page.contains("&lt;b&gt;may&lt;/b&gt;"))
        #expect(page.contains("href=\"/exchanges/russia-ukraine-prisoners-1/alerts.atom\""))
    }

    @Test func unknownExchangesAndAStoreThatDoesNotAnswerSaySo() async throws {
        let (missing, _, page) = try await get("/exchanges/nowhere-1", from: try app())
        #expect(missing == .notFound)
        #expect(page.contains("No such exchange"))
        // What cannot be an exchange id is not even asked of the store.
        let source = FixedSource()
        let tooLong = String(repeating: "a", count: 70_000)
        for id in [tooLong, "x%3Cscript%3E", "a.b"] {
            let (status, _, _) = try await get("/exchanges/\(id)", from: try app(source))
            #expect(status == .notFound)
            let (apiStatus, _, _) = try await get("/api/exchanges/\(id)/history", from: try app(source))
            #expect(apiStatus == .notFound)
        }
        #expect(source.asked.ids.withLock { $0 }.isEmpty)
        let (refused, _, refusal) = try await get("/", from: try app(FixedSource(refusing: true)))
        #expect(refused == .badRequest && refusal.contains("bad request"))
        let (unknownFeed, _, _) = try await get("/exchanges/nowhere-1/alerts.atom", from: try app())
        #expect(unknownFeed == .notFound)
        let quiet = FixedSource(histories: [WebFixtures.openSummary.exchange.id: HistoryReply(exchange: WebFixtures.openSummary, entries: [])])
        let (quietFeed, _, _) = try await get("/exchanges/armenia-azerbaijan-prisoners-1/alerts.atom", from: try app(quiet))
        #expect(quietFeed == .ok)
        let (badResume, _, _) = try await get("/events?after=abc", from: try app())
        #expect(badResume == .badRequest)
        let (down, headers, _) = try await get("/", from: try app(FixedSource(down: true)))
        #expect(down == .serviceUnavailable)
        #expect(headers[.retryAfter] == "5")
        let (apiDown, _, body) = try await get("/api/exchanges", from: try app(FixedSource(down: true)))
        #expect(apiDown == .serviceUnavailable)
        #expect(body.contains("\"error\""))
    }

    @Test func theJSONAPIGivesTheCLIsObjects() async throws {
        let app = try app()
        let (_, headers, exchanges) = try await get("/api/exchanges", from: app)
        #expect(headers[.contentType] == "application/json")
        #expect(try JSONDecoder().decode([ExchangeSummary].self, from: Data(exchanges.utf8)) == FixedSource().summaries)
        let (_, _, history) = try await get("/api/exchanges/russia-ukraine-prisoners-1/history", from: app)
        #expect(try JSONDecoder().decode(HistoryReply.self, from: Data(history.utf8)) == WebFixtures.history)
        let (_, _, alerts) = try await get("/api/alerts?since=2", from: app)
        #expect(try JSONDecoder().decode([Alert].self, from: Data(alerts.utf8)) == Array(WebFixtures.alerts.dropFirst(2)))
        let (_, _, limited) = try await get("/api/alerts?since=0&limit=2", from: app)
        #expect(try JSONDecoder().decode([Alert].self, from: Data(limited.utf8)).map(\.seq) == [1, 2])
        for bad in ["/api/alerts?since=-1", "/api/alerts?since=x", "/api/alerts?limit=0", "/api/alerts?limit=100000"] {
            let (status, _, _) = try await get(bad, from: app)
            #expect(status == .badRequest, "\(bad)")
        }
        let (missing, _, _) = try await get("/api/exchanges/nowhere-1/history", from: app)
        #expect(missing == .notFound)
    }

    @Test func theAtomFeedIsAtom() async throws {
        let (status, headers, text) = try await get("/alerts.atom", from: try app(publicURL: "https://news.example"))
        #expect(status == .ok)
        #expect(headers[.contentType] == "application/atom+xml; charset=utf-8")
        let feed = try Feed.parse(Data(text.utf8))
        #expect(feed.format == .atom)
        #expect(feed.items.count == 5)
        #expect(feed.items.first?.title == "Russia–Ukraine prisoners exchange: expected date postponed, date unknown → 2025-05-24")
        #expect(feed.items.first?.link == "https://news.example/exchanges/russia-ukraine-prisoners-1#report-r5")
        // What RFC 4287 requires of a feed and each entry: id, title, updated; a self link.
        let root = try #require(try MarkupDocument.xml(Data(text.utf8)).root)
        let atom = "http://www.w3.org/2005/Atom"
        for element in [root] + root.children("entry", in: atom) {
            #expect(element.child("id", in: atom)?.text.hasPrefix("urn:uuid:") == true)
            #expect(element.child("title", in: atom) != nil)
            #expect(element.child("updated", in: atom).flatMap { FeedDate.parse($0.text) } != nil)
            #expect(element.child("author", in: atom)?.child("name", in: atom) != nil)
        }
        #expect(
            root.children("link", in: atom).contains { $0.attribute("rel") == "self" && $0.attribute("href") == "https://news.example/alerts.atom" })
        // Entry ids do not change between fetches, nor with the address the feed is read at.
        let (_, _, again) = try await get("/alerts.atom", from: try app())
        let ids = { (text: String) in try MarkupDocument.xml(Data(text.utf8)).root!.children("entry", in: atom).map { $0.child("id", in: atom)!.text }
        }
        #expect(try ids(text) == ids(again))
        #expect(again.contains("/exchanges/russia-ukraine-prisoners-1#report-r5"))
    }

    @Test func anExchangesAtomFeedHoldsOnlyItsAlerts() async throws {
        let other = WebFixtures.change(.size, nil, .size(.perSide(.exactly(30))), quote: "Thirty each.")
        var alert = other.alert(seq: 6, report: WebFixtures.report("x1", "2025-06-01T10:00:00Z"), raisedAt: "2025-06-01T10:00:01Z")
        alert.exchange = WebFixtures.openSummary.exchange
        try archive.record(alert)
        let (_, _, text) = try await get("/exchanges/armenia-azerbaijan-prisoners-1/alerts.atom", from: try app())
        let feed = try Feed.parse(Data(text.utf8))
        #expect(feed.items.count == 1)
        #expect(feed.title == "SwapWatch: Armenia–Azerbaijan prisoners exchange")
    }

    @Test func theEventStreamResumesAfterLastEventIDThenGoesLive() async throws {
        let app = try app()
        let live = WebFixtures.change(.size, WebFixtures.widened, .size(.perSide(.exactly(1200))), quote: "1,200 each.")
            .alert(seq: 6, report: WebFixtures.report("r7", "2025-05-25T10:00:00Z"), raisedAt: "2025-05-25T10:00:01Z")
        let (archive, broadcast) = (archive, broadcast)
        // The stream ends when the broadcast closes; until then it holds the catch-up and the live alert.
        let publisher = Task {
            while broadcast.listenerCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try archive.record(live)
            broadcast.publish(.alert(live))
            broadcast.publish(.keepAlive)
            try await Task.sleep(for: .milliseconds(100))
            broadcast.close()
        }
        let (status, headers, body) = try await get("/events", headers: [HTTPField.Name("Last-Event-ID")!: "3"], from: app)
        try await publisher.value
        #expect(status == .ok)
        #expect(headers[.contentType] == "text/event-stream; charset=utf-8")
        let ids = body.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { Int($0.dropFirst(4))! }
        #expect(ids == [4, 5, 6])
        #expect(body.contains(": keep-alive"))
        let data = body.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { Data($0.dropFirst(6).utf8) }
        #expect(try data.map { try JSONDecoder().decode(Alert.self, from: $0) }.last == live)
    }
}
