import FeedReading
import Foundation
import Testing

@testable import FeedsService

@Suite struct FeedShardTests {
    /// N instances with shares 1/N … N/N follow every feed of a list exactly once between them.
    @Test(arguments: [1, 2, 3, 5])
    func sharesSplitTheListWithoutOverlap(count: Int) throws {
        let urls = (0..<200).map { URL(string: "https://outlet-\($0).example/feed.xml")! }
        let shards = try (1...count).map { try #require(FeedShard("\($0)/\(count)")) }
        for url in urls {
            #expect(shards.filter { $0.includes(url) }.count == 1, "\(url)")
        }
        if count > 1 {
            #expect(shards.allSatisfy { shard in urls.contains(where: shard.includes) }, "every share has work")
        }
    }

    @Test func badSharesAreRefused() {
        for text in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", ""] { #expect(FeedShard(text) == nil, "\(text)") }
    }
}

@Suite struct FeedPollerRulesTests {
    @Test func anItemIsANewVersionWhenItsContentChanges() {
        let item = FeedItem(guid: "a", link: "https://x.example/a", title: "T", published: "2025-05-20T06:15:00Z", content: "Text")
        var changed = item
        changed.content = "Text, corrected"
        #expect(FeedPoller.versionHash(of: item) == FeedPoller.versionHash(of: item))
        #expect(FeedPoller.versionHash(of: item) != FeedPoller.versionHash(of: changed))
    }

    @Test func clippingKeepsWholeCharacters() {
        let text = "Обмін 1000 на 1000"
        let clipped = text.clipped(to: 5)
        #expect(clipped.utf8.count <= 5)
        #expect(text.hasPrefix(clipped))
        #expect("short".clipped(to: 100) == "short")
    }

    @Test func retryAfterInSecondsOrAsADate() {
        #expect(PageFetcher.retryAfter("120") == .seconds(120))
        let later = Date().addingTimeInterval(600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let seconds = PageFetcher.retryAfter(formatter.string(from: later))?.components.seconds ?? 0
        #expect((590...600).contains(seconds))
        #expect(PageFetcher.retryAfter("soon") == nil)
    }

    @Test func charsetOfAContentType() {
        #expect(PageFetcher.charset(ofContentType: "text/html; charset=windows-1251") == "windows-1251")
        #expect(PageFetcher.charset(ofContentType: "text/html;Charset=\"KOI8-R\"") == "KOI8-R")
        #expect(PageFetcher.charset(ofContentType: "application/rss+xml") == nil)
    }
}
