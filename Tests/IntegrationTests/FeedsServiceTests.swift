import Foundation
import GRDB
import SwapWatchMessages
import SwapWatchTesting
import Testing

/// A fixture of the feed reader's unit tests (Tests/FeedReadingTests/Fixtures).
private func feedFixture(_ name: String) throws -> Data {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    return try Data(contentsOf: folder.appendingPathComponent("FeedReadingTests/Fixtures/\(name)"))
}

/// Polls `condition` every 100 ms until it holds, for up to `seconds`.
private func eventually(within seconds: Double = 20, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw HarnessError("not within \(seconds) s: \(what)")
}

/// A report as the claim store keeps it.
private struct StoredReport: Decodable, FetchableRecord {
    var id: String
    var url: String?
    var title: String?
    var outlet: String?
    var published: String?
    var language: String?
    var text: String
}

extension TestStack {
    /// `swapwatch feeds --json`.
    fileprivate func feedsStatus() throws -> FeedsReply {
        let run = try cli(["feeds", "--json", "--feeds-endpoint", endpoint("feeds.status")] + clientFlags)
        guard run.status == 0 else { throw HarnessError("swapwatch feeds failed: \(run.output)") }
        return try JSONDecoder().decode(FeedsReply.self, from: Data(run.output.utf8))
    }

    fileprivate func feedStatus(_ url: String) throws -> FeedStatus {
        guard let status = try feedsStatus().feeds.first(where: { $0.url == url }) else { throw HarnessError("no status for \(url)") }
        return status
    }

    /// The reports in the claim store's database.
    fileprivate func storedReports() throws -> [StoredReport] {
        let database = try DatabaseQueue(
            path: path("store.sqlite"),
            configuration: {
                var c = Configuration()
                c.readonly = true
                return c
            }())
        defer { try? database.close() }
        return try database.read { try StoredReport.fetchAll($0, sql: "SELECT id, url, title, outlet, published, language, text FROM report") }
    }

    /// Writes a feed list into the stack's folder and returns its path.
    fileprivate func feedList(_ urls: [String]) throws -> String {
        let list = path("feeds.txt")
        try Data(("# written by the test\n" + urls.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: list))
        return list
    }
}

/// A fixture feed with its links pointing at the local site (where an unknown page is a 404).
private func localFeed(_ name: String, on site: FeedSite) throws -> String {
    var text = String(decoding: try feedFixture(name), as: UTF8.self)
    for host in ["https://kyiv-wire.example/", "https://caspian-herald.example/", "https://andes-monitor.example/"] {
        text = text.replacingOccurrences(of: host, with: site.url("/"))
    }
    return text
}

extension IntegrationTests {
    /// First poll: every item once, the summary-only item through its page (without the page's
    /// furniture); then 304s and nothing more; a new item is submitted on the next poll.
    @Test func aFeedIsReadOnceThenConditionallyAndNewItemsFollow() async throws {
        let site = try await FeedSite.start()
        defer { site.stop() }
        var rss = try localFeed("rss2.xml", on: site)
        site.set("/rss.xml", .document(Data(rss.utf8), contentType: "application/rss+xml"))
        site.set("/news/1002", .document(try feedFixture("article-1002.html"), contentType: "text/html; charset=utf-8"))
        let stack = try TestStack(workers: 1)
        let feed = site.url("/rss.xml")
        try stack.startFeeds(["--feeds", try stack.feedList([feed]), "--feeds-interval", "1"])

        try eventually("four reports acknowledged") { try stack.feedStatus(feed).reportsSubmitted == 4 }
        let reports = try stack.storedReports()
        #expect(reports.count == 4)
        // The page's canonical address is the report's.
        let fromPage = try #require(reports.first { $0.url == "https://kyiv-wire.example/news/1002" })
        #expect(
            fromPage.text.contains(
                "A spokesperson said the next exchange, expected to involve about 500 prisoners from each side, could slip to early June."))
        for furniture in ["cookies", "Share on", "Related stories", "newsletter", "keep reading"] {
            #expect(!fromPage.text.contains(furniture), "\(furniture)")
        }
        #expect(fromPage.title == "Red Cross says next swap may slip to June")
        #expect(fromPage.outlet == "Kyiv Daily Wire")
        #expect(fromPage.published == "2025-05-21T18:40:00Z")
        #expect(fromPage.language == "en")
        #expect(reports.contains { $0.text.contains("The exchange of 300 for 300 is expected next week") })

        // The next polls are conditional and answered 304; nothing is submitted again.
        try eventually("a 304") { site.requests(to: "/rss.xml").contains { $0.status == 304 } }
        #expect(try stack.feedStatus(feed).httpStatus == 304)
        #expect(site.requests(to: "/rss.xml").allSatisfy { $0.userAgent?.hasPrefix("SwapWatch/") == true })
        #expect(try stack.storedReports().count == 4)

        // A new item appears: submitted within an interval or two.
        let item = """
            <item><guid>kdw-1005</guid><title>Second swap confirmed</title><link>\(site.url("/news/1005"))</link>
            <pubDate>Fri, 23 May 2025 10:00:00 GMT</pubDate><content:encoded><![CDATA[<p>\(String(repeating: "Ukraine and Russia confirmed that the second stage of the exchange will take place on Saturday. ", count: 6))</p>]]></content:encoded></item>
            """
        rss = rss.replacingOccurrences(of: "</channel>", with: item + "</channel>")
        site.set("/rss.xml", .document(Data(rss.utf8), contentType: "application/rss+xml"))
        try eventually("the new item acknowledged") { try stack.feedStatus(feed).reportsSubmitted == 5 }
        #expect(try stack.storedReports().count == 5)
        #expect(try stack.feedStatus(feed).itemsSeen == 5)

        // An item corrected in place (same guid, new text) is submitted again, as a report of its own.
        rss = rss.replacingOccurrences(of: "Second swap confirmed", with: "Second swap confirmed for Saturday")
        site.set("/rss.xml", .document(Data(rss.utf8), contentType: "application/rss+xml"))
        try eventually("the corrected item acknowledged") { try stack.feedStatus(feed).reportsSubmitted == 6 }
        #expect(try stack.feedStatus(feed).itemsSeen == 5)
        #expect(stack.stop().isEmpty)
    }

    /// A Ukrainian page in windows-1251, as the server declares it, is read as written.
    @Test func aWindows1251PageIsDecoded() async throws {
        let site = try await FeedSite.start()
        defer { site.stop() }
        let rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Укрінформ тест</title><language>uk</language>
            <item><guid>uk-95</guid><title>Обмін</title><link>\(site.url("/uk/95"))</link><pubDate>Tue, 20 May 2025 09:00:00 +0300</pubDate>
            <description>Коротко про обмін.</description></item></channel></rss>
            """
        site.set("/uk.xml", .document(Data(rss.utf8), contentType: "application/rss+xml; charset=utf-8"))
        site.set("/uk/95", .document(try feedFixture("article-cp1251.html"), contentType: "text/html; charset=windows-1251"))
        let stack = try TestStack(workers: 1)
        try stack.startFeeds(["--feeds", try stack.feedList([site.url("/uk.xml")]), "--feeds-interval", "1"])
        try eventually("the item acknowledged") { try stack.feedStatus(site.url("/uk.xml")).reportsSubmitted == 1 }
        let report = try #require(try stack.storedReports().first)
        #expect(report.text.contains("Україна повернула додому 95 захисників, повідомив Координаційний штаб."))
        #expect(report.language == "uk")
        #expect(stack.stop().isEmpty)
    }

    /// Broken feeds and hostile servers each give a clear status, none stops the service, and the
    /// good feed beside them keeps working.
    @Test func brokenFeedsSayWhyAndTheOthersKeepWorking() async throws {
        let site = try await FeedSite.start()
        defer { site.stop() }
        site.set("/good.json", .document(Data(try localFeed("feed.json", on: site).utf8), contentType: "application/feed+json"))
        site.set("/malformed.xml", .document(try feedFixture("malformed.xml"), contentType: "application/rss+xml"))
        site.set("/error.xml", .document(try feedFixture("error-page.html"), contentType: "text/html"))
        site.set("/huge.xml", .huge(bytes: 30 << 20))
        site.set("/hang.xml", .hang)
        site.set("/loop-a.xml", .redirect(to: "/loop-b.xml"))
        site.set("/loop-b.xml", .redirect(to: "/loop-a.xml"))
        site.set("/busy.xml", .status(503, retryAfter: 120, body: "<html><body>busy</body></html>"))
        let stack = try TestStack(workers: 1)
        let broken = ["/malformed.xml", "/error.xml", "/huge.xml", "/hang.xml", "/loop-a.xml", "/busy.xml"].map(site.url)
        try stack.startFeeds([
            "--feeds", try stack.feedList(broken + [site.url("/good.json")]), "--feeds-interval", "1", "--feeds-timeout", "2",
            "--feeds-max-bytes", "\(4 << 20)",
        ])
        try eventually("every feed polled") { try stack.feedsStatus().feeds.allSatisfy { $0.lastPoll != nil } }
        let status = Dictionary(uniqueKeysWithValues: try stack.feedsStatus().feeds.map { ($0.url, $0) })
        let expected = [
            "/malformed.xml": "malformed XML", "/error.xml": "an HTML page, not a feed", "/huge.xml": "over the limit",
            "/hang.xml": "timeout", "/loop-a.xml": "redirect loop", "/busy.xml": "HTTP 503",
        ]
        for (path, words) in expected {
            let feed = try #require(status[site.url(path)])
            #expect(feed.lastError?.contains(words) == true, "\(path): \(feed.lastError ?? "no error")")
            #expect(feed.failures >= 1)
        }
        let busy = try #require(status[site.url("/busy.xml")])
        let next = try #require(busy.nextPoll.flatMap(Timestamp.parse))
        #expect(next.timeIntervalSinceNow > 100, "Retry-After: 120 is respected")
        try eventually("the good feed's items acknowledged") { try stack.feedStatus(site.url("/good.json")).reportsSubmitted == 3 }
        #expect(stack.service("feeds")?.isRunning == true)
        #expect(stack.stop().isEmpty)
    }

    /// A restarted feeds service submits nothing twice, even for a feed without validators.
    @Test func aRestartSubmitsNothingTwice() async throws {
        let site = try await FeedSite.start()
        defer { site.stop() }
        site.set("/plain.json", .document(Data(try localFeed("feed.json", on: site).utf8), contentType: "application/feed+json", validators: false))
        let stack = try TestStack(workers: 1)
        let feed = site.url("/plain.json")
        try stack.startFeeds(["--feeds", try stack.feedList([feed]), "--feeds-interval", "1"])
        try eventually("three reports") { try stack.feedStatus(feed).reportsSubmitted == 3 }
        let before = site.requests(to: "/plain.json").count
        stack.service("feeds")?.terminate()
        #expect(stack.service("feeds")?.waitForExit(within: 5) == true)
        try stack.start("feeds")
        try eventually("two more full polls") { site.requests(to: "/plain.json").count >= before + 2 }
        #expect(try stack.feedStatus(feed).reportsSubmitted == 3)
        #expect(try stack.storedReports().count == 3)
        #expect(stack.stop().isEmpty)
    }

    /// Files dropped in the inbox are submitted and moved to done/, or to failed/ with a reason.
    @Test func theInboxSubmitsGoodFilesAndSetsAsideBadOnes() throws {
        let stack = try TestStack(workers: 1)
        let inbox = URL(fileURLWithPath: stack.path("inbox"))
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try stack.startFeeds(["--inbox", inbox.path])
        let files: [(String, Data)] = [
            ("note.txt", Data("Armenia and Azerbaijan agreed to exchange 40 detainees each next week, officials said.".utf8)),
            (
                "two.jsonl",
                Data(
                    """
                    {"id": "inbox-1", "text": "Mediators said 12 prisoners from each side would be freed on Friday."}
                    {"id": "inbox-2", "text": "The families were told the exchange would happen before the end of the month."}
                    """.utf8)
            ),
            ("page.html", try feedFixture("article-no-article-tag.html")),
            ("broken.json", Data("{\"title\": \"no text here\"".utf8)),
            ("latin1.txt", Data([0x4F, 0x6B, 0xE9, 0x20, 0xFF, 0xFE])),
            ("ignored.pdf", Data("%PDF".utf8)),
        ]
        for (name, data) in files {
            // Written under a hidden name, then renamed: never read half-way.
            let hidden = inbox.appendingPathComponent(".\(name).part")
            try data.write(to: hidden)
            try FileManager.default.moveItem(at: hidden, to: inbox.appendingPathComponent(name))
        }
        let done = inbox.appendingPathComponent("done")
        let failed = inbox.appendingPathComponent("failed")
        try eventually("every file handled") {
            let handled = try FileManager.default.contentsOfDirectory(atPath: done.path).count
            return try handled == 3 && FileManager.default.contentsOfDirectory(atPath: failed.path).count == 4
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: done.path)) == ["note.txt", "two.jsonl", "page.html"])
        let reason = try String(contentsOf: failed.appendingPathComponent("broken.json.error"), encoding: .utf8)
        #expect(reason.contains("not a report object"), "\(reason)")
        let encoding = try String(contentsOf: failed.appendingPathComponent("latin1.txt.error"), encoding: .utf8)
        #expect(encoding.contains("UTF-8"), "\(encoding)")
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("ignored.pdf").path))
        let reports = try stack.storedReports()
        #expect(reports.count == 4)
        #expect(reports.contains { $0.text.contains("Officials said 120 detainees would be handed over on Saturday.") })
        let status = try #require(try stack.feedsStatus().inbox)
        #expect(status.done == 3 && status.failed == 2)
        #expect(stack.stop().isEmpty)
    }

    /// Settings that cannot work end the service at once with one plain line and status 64.
    @Test(arguments: [
        ([String](), "nothing to follow"), (["--feeds", "/nonexistent/feeds.txt"], "cannot read the feed list"),
        (["--inbox", "/tmp", "--feeds-shard", "5/3"], "must be K/N"),
    ])
    func unusableSettingsAreRefused(_ arguments: [String], _ message: String) throws {
        let process = try RunningProcess(
            executable: TestStack.binary("swapwatch-feeds"), arguments: arguments + ["--feeds-bind", "tcp://127.0.0.1:*"])
        #expect(process.waitForExit(within: 10))
        #expect(process.terminationStatus == 64)
        #expect(process.errorLines.contains { $0.contains(message) }, "\(process.errorLines)")
    }

    /// While the bus is down, an inbox file waits where it is, being resent; once the bus is back
    /// it is stored and moved to done/.
    @Test func inboxFilesWaitWhileTheStackIsDown() throws {
        let stack = try TestStack(workers: 1)
        let inbox = URL(fileURLWithPath: stack.path("inbox"))
        try stack.startFeeds(["--inbox", inbox.path])
        stack.kill9("bus")
        try Data("Mediators said 30 prisoners from each side would be exchanged on Monday.".utf8)
            .write(to: inbox.appendingPathComponent("waiting.txt"))
        try eventually("the feeds service resending") { try String(contentsOfFile: stack.path("feeds.log"), encoding: .utf8).contains("resending") }
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("waiting.txt").path))
        try stack.start("bus")
        try eventually(within: 60, "the file stored and moved") {
            FileManager.default.fileExists(atPath: inbox.appendingPathComponent("done/waiting.txt").path)
        }
        #expect(try stack.storedReports().count == 1)
        #expect(stack.stop().isEmpty)
    }

    /// A feed of three reports, served locally, raises the alerts `swapwatch replay` raises for the
    /// same reports.
    @Test func aFeedRaisesTheAlertsAReplayRaises() async throws {
        let site = try await FeedSite.start()
        defer { site.stop() }
        let lines = String(decoding: try Data(contentsOf: fixture("labelled.jsonl")), as: UTF8.self).split(separator: "\n").prefix(3)
        let reports = try lines.map { try JSONDecoder().decode(ReportInput.self, from: Data($0.utf8)) }
        let items = reports.map { report -> [String: String] in
            [
                "id": report.id ?? "", "content_text": report.text ?? "", "date_published": report.published ?? "",
                "url": site.url("/r/\(report.id ?? "")"),
            ]
        }
        let feed = try JSONSerialization.data(withJSONObject: ["version": "https://jsonfeed.org/version/1.1", "title": "Replay Desk", "items": items])
        site.set("/replay.json", .document(feed, contentType: "application/feed+json"))
        let stack = try TestStack(workers: 1)
        try stack.startFeeds(["--feeds", try stack.feedList([site.url("/replay.json")]), "--feeds-interval", "1"])
        try eventually("three reports") { try stack.feedStatus(site.url("/replay.json")).reportsSubmitted == 3 }

        let stream = stack.path("replay.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: stream))
        let replay = try stack.cli(["replay", "--json", stream])
        struct ReplayLine: Decodable { var alerts: [Alert] }
        let expected = try replay.output.split(separator: "\n").flatMap { try JSONDecoder().decode(ReplayLine.self, from: Data($0.utf8)).alerts }
        #expect(!expected.isEmpty)
        let live = try stack.cli(["alerts", "--json", "--since", "0", "--count", "\(expected.count)", "--idle-timeout", "5"] + stack.subscriberFlags)
        let alerts = try Fixtures.alerts(in: Data(live.output.utf8))
        #expect(alerts.map(\.field) == expected.map(\.field))
        #expect(alerts.map(\.after) == expected.map(\.after))
        #expect(alerts.map(\.before) == expected.map(\.before))
        #expect(alerts.map(\.evidence.quote) == expected.map(\.evidence.quote))
        #expect(stack.stop().isEmpty)
    }
}
