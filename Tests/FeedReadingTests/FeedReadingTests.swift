import Foundation
import Testing

@testable import FeedReading

/// A fixture written for the project (see Fixtures/README.md).
private func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

@Suite struct FeedParsingTests {
    @Test func rss2ItemsWithFullContentSummariesAndDates() throws {
        let feed = try Feed.parse(fixture("rss2.xml"))
        #expect(feed.format == .rss)
        #expect(feed.title == "Kyiv Daily Wire")
        #expect(feed.language == "en")
        #expect(feed.items.map(\.key) == ["kdw-1001", "kdw-1002", "https://kyiv-wire.example/news/1003", "kdw-1004"])
        let full = feed.items[0]
        #expect(full.published == "2025-05-20T06:15:00Z")
        #expect(full.content?.contains("The exchange of 300 for 300 is expected next week, the Coordination Headquarters said.") == true)
        #expect(full.content?.contains("<") == false, "markup is gone: \(full.content ?? "")")
        #expect(full.content?.components(separatedBy: "\n\n").count ?? 0 >= 4)
        #expect(!full.needsPage)
        let teaser = feed.items[1]
        #expect(teaser.content == nil)
        #expect(teaser.summary?.hasPrefix("The Red Cross said on Wednesday") == true)
        #expect(teaser.needsPage)
        #expect(teaser.published == "2025-05-21T18:40:00Z")
        #expect(feed.items[2].title == "Families wait & hope as lists are checked")
        #expect(feed.items[2].published == "2025-05-22T07:00:00Z")
        #expect(feed.items[3].published == "2025-05-22T17:00:00Z", "EST is UTC-5")
    }

    @Test func atomEntriesOfEveryContentType() throws {
        let feed = try Feed.parse(fixture("atom.xml"))
        #expect(feed.format == .atom)
        #expect(feed.title == "Caspian Herald")
        #expect(feed.link == "https://caspian-herald.example/")
        #expect(feed.language == "en")
        #expect(feed.items.map(\.guid) == ["urn:caspian-herald:2201", "urn:caspian-herald:2202", "urn:caspian-herald:2203"])
        #expect(
            feed.items.map(\.link) == [
                "https://caspian-herald.example/2201", "https://caspian-herald.example/2202", "https://caspian-herald.example/2203",
            ])
        #expect(feed.items[0].published == "2024-01-17T06:30:00Z", "published, not updated, in UTC")
        #expect(feed.items[0].content?.contains("Azerbaijan freed 32 Armenian servicemen on Wednesday") == true)
        #expect(feed.items[1].published == "2024-01-18T08:00:00Z", "updated when there is no published")
        #expect(feed.items[1].content?.components(separatedBy: "\n\n").count == 2)
        #expect(feed.items[1].content?.contains("<p") == false)
        #expect(feed.items[2].content == nil)
        #expect(feed.items[2].summary?.hasPrefix("Diplomats say") == true)
        #expect(feed.items[2].needsPage)
    }

    @Test func jsonFeedItems() throws {
        let feed = try Feed.parse(fixture("feed.json"))
        #expect(feed.format == .jsonFeed)
        #expect(feed.title == "Andes Monitor")
        #expect(feed.items.map(\.guid) == ["am-77", "am-78", "am-79"])
        #expect(feed.items[0].published == "2025-07-19T02:05:00Z")
        #expect(feed.items[0].content?.contains("<") == false)
        #expect(feed.items[1].content?.components(separatedBy: "\n\n").count == 2)
        #expect(feed.items[2].published == "2025-07-19T14:30:00Z", "date_modified when there is no date_published")
        #expect(feed.items[2].needsPage)
    }

    @Test func brokenFeedsSayWhatIsWrong() throws {
        #expect(throws: FeedError.self) { try Feed.parse(fixture("malformed.xml")) }
        do {
            _ = try Feed.parse(fixture("malformed.xml"))
        } catch {
            #expect("\(error)".hasPrefix("malformed XML at line"), "\(error)")
        }
        do {
            _ = try Feed.parse(fixture("error-page.html"))
            Issue.record("an error page parsed as a feed")
        } catch {
            #expect("\(error)" == "an HTML page, not a feed")
        }
        #expect(throws: FeedError.self) { try Feed.parse(Data("{\"hello\": 1}".utf8)) }
        #expect(throws: FeedError.self) { try Feed.parse(Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) }
        #expect(throws: FeedError.self) { try Feed.parse(Data()) }
    }

    /// No external entity is ever read, and entity expansion does not blow up.
    @Test func entitiesAreNotFollowed() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("swapwatch-xxe-\(UUID().uuidString)")
        try Data("SECRET-CONTENT".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
            <rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>&leak;</title><description>x</description></item></channel></rss>
            """
        if let feed = try? Feed.parse(Data(xxe.utf8)) {
            let title = feed.items.first?.title ?? ""
            #expect(!title.contains("SECRET"))
        }
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
            <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
            <rss version="2.0"><channel><item><guid>1</guid><title>&h;</title></item></channel></rss>
            """
        if let feed = try? Feed.parse(Data(laughs.utf8)) {
            #expect((feed.items.first?.title ?? "").count < 10_000_000)
        }
    }

    @Test(arguments: [
        ("Tue, 20 May 2025 09:15:00 +0300", "2025-05-20T06:15:00Z"), ("Wed, 21 May 2025 18:40:00 GMT", "2025-05-21T18:40:00Z"),
        ("21 May 2025 18:40:00 +0000", "2025-05-21T18:40:00Z"), ("Wed, 21 May 2025 18:40 +0000", "2025-05-21T18:40:00Z"),
        ("Thu, 22 May 2025 12:00:00 PDT", "2025-05-22T19:00:00Z"), ("2024-01-17T10:30:00+04:00", "2024-01-17T06:30:00Z"),
        ("2024-01-17T10:30:00.123Z", "2024-01-17T10:30:00Z"), ("2024-01-17", "2024-01-17T00:00:00Z"),
    ])
    func feedDates(_ text: String, _ expected: String) {
        #expect(FeedDate.parse(text) == expected)
    }

    @Test func nonsenseIsNoDate() {
        #expect(FeedDate.parse("yesterday") == nil)
        #expect(FeedDate.parse("") == nil)
    }

    /// A date no report may carry is a publisher's mistake: it reads as none, so the report gets
    /// the fetch time instead of being refused by the store.
    @Test(arguments: [
        "3317960-03-15T18:40:00Z", "Sat, 15 Mar 33179 18:40:00 +0000", "9999-12-31T23:59:59Z", "0001-01-01", "Mon, 01 Jan 1800 00:00:00 GMT",
        "2100-01-01T00:00:00Z",
    ])
    func implausibleYearsAreNoDate(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }
}

@Suite struct FeedListTests {
    @Test func plainListSkipsCommentsAndSaysWhatItSkipped() throws {
        let list = try FeedList.parse(fixture("feeds.txt"))
        #expect(
            list.feeds.map(\.url.absoluteString) == [
                "https://kyiv-wire.example/rss.xml", "https://caspian-herald.example/atom.xml", "https://andes-monitor.example/feed.json",
            ])
        #expect(list.skipped.count == 1)
        #expect(list.skipped.first?.contains("not a url") == true)
    }

    @Test func opmlFoldersAndDuplicates() throws {
        let list = try FeedList.parse(fixture("feeds.opml"))
        #expect(
            list.feeds.map(\.url.absoluteString) == [
                "https://kyiv-wire.example/rss.xml", "https://caspian-herald.example/atom.xml", "https://andes-monitor.example/feed.json",
            ])
        #expect(list.feeds.first?.title == "Kyiv Daily Wire")
    }

    @Test func perFeedInterval() throws {
        let list = try FeedList.parse(Data("https://a.example/feed every=90\nftp://b.example/feed\n".utf8))
        #expect(list.feeds.map(\.interval) == [.seconds(90)])
        #expect(list.skipped.count == 1)
    }
}

@Suite struct ArticlePageTests {
    @Test func theStoryWithoutTheFurniture() throws {
        let page = try #require(ArticlePage.read(fixture("article-1002.html")))
        #expect(page.title == "Red Cross says next swap may slip to June")
        #expect(page.published == "2025-05-21T18:40:00Z")
        #expect(page.siteName == "Kyiv Daily Wire")
        #expect(page.canonicalURL == "https://kyiv-wire.example/news/1002")
        #expect(page.language == "en")
        #expect(
            page.text.contains(
                "A spokesperson said the next exchange, expected to involve about 500 prisoners from each side, could slip to early June."))
        for furniture in ["cookies", "Share on", "Related stories", "newsletter", "keep reading", "By Olena Marchenko", "Politics", "©"] {
            #expect(!page.text.contains(furniture), "\(furniture) is furniture: \(page.text)")
        }
        #expect(page.text.components(separatedBy: "\n\n").count >= 6)
    }

    @Test func aPageWithoutArticleMarkup() throws {
        let page = try #require(ArticlePage.read(fixture("article-no-article-tag.html")))
        #expect(page.text.contains("Officials said 120 detainees would be handed over on Saturday."))
        #expect(page.canonicalURL == "https://plain-news.example/story/55")
        #expect(page.published == nil)
        #expect(!page.text.localizedCaseInsensitiveContains("most read"))
        #expect(page.text.components(separatedBy: "\n\n").count <= 6, "\(page.text)")
    }

    @Test func windows1251DeclaredInThePage() throws {
        let page = try #require(ArticlePage.read(fixture("article-cp1251.html")))
        #expect(page.text.contains("Україна повернула додому 95 захисників, повідомив Координаційний штаб."))
        #expect(page.title == "Україна повернула додому 95 захисників")
        #expect(page.language == "uk")
    }

    @Test func koi8rDeclaredByMetaCharset() throws {
        let page = try #require(ArticlePage.read(fixture("article-koi8r.html")))
        #expect(page.text.contains("Стороны обменялись пленными в формате 84 на 84."))
    }

    @Test func theServersCharsetWins() throws {
        let html = "<html><body><article><p>Обмін полоненими відбувся сьогодні, повідомили в штабі.</p></article></body></html>"
        let bytes = try #require(html.data(using: .windowsCP1251))
        let page = try #require(ArticlePage.read(bytes, charset: "windows-1251"))
        #expect(page.text == "Обмін полоненими відбувся сьогодні, повідомили в штабі.")
        let utf8 = try #require(ArticlePage.read(Data(html.utf8)))
        #expect(utf8.text == "Обмін полоненими відбувся сьогодні, повідомили в штабі.", "undeclared: UTF-8")
    }

    @Test func nothingReadableIsNoArticle() {
        #expect(ArticlePage.read(Data()) == nil)
        #expect(ArticlePage.read(Data("<html><body><nav><a href=/>Home</a></nav></body></html>".utf8)) == nil)
    }
}
