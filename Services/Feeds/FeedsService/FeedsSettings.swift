import Foundation
import ServiceSupport

/// The settings of `swapwatch-feeds`: what it follows (a feed list, an inbox folder), how it
/// polls, and where it submits.
public struct FeedsSettings: ServiceSettings {
    public static let command = "swapwatch-feeds"
    public static let abstract = "The SwapWatch feeds service: news feeds, article pages and an inbox folder, submitted as reports."
    /// The feed list: one URL per line (`# comments`, optional `every=SECONDS`), or OPML.
    public static let feeds = SettingKey(
        "feeds", default: nil, help: "The feed list: a text file of URLs (one per line, # comments) or an OPML file.")
    /// A folder whose files are submitted and moved to done/ or failed/.
    public static let inbox = SettingKey(
        "inbox", default: nil, help: "A folder whose .txt, .json, .jsonl and .html files are submitted, then moved to done/ or failed/.")
    public static let database = SettingKey(
        "feeds.database", default: "swapwatch-feeds.sqlite", help: "Path of the SQLite file of feed and item state.")
    public static let interval = SettingKey(
        "feeds.interval", default: "300",
        help: "Seconds between polls of a feed (jittered by up to a tenth); a feed's own every=SECONDS overrides it.")
    public static let timeout = SettingKey("feeds.timeout", default: "30", help: "Seconds a feed or page request may take in all.")
    public static let maxBytes = SettingKey(
        "feeds.max.bytes", default: "\(8 << 20)", help: "The largest feed or page body read, in bytes; a larger one is refused.")
    public static let shard = SettingKey(
        "feeds.shard", default: nil, help: "K/N: follow only the feeds whose URL hashes to share K of N (several feeds services, one list).")
    public static let bind = SettingKey.bind("feeds", like: EndpointSettings.feeds, help: "Bind address for status requests (swapwatch feeds).")
    public static let retryFor = SettingKey(
        "submit.retry.for", default: "120", help: "Seconds to keep resending a report while the stack does not answer.")
    public static let keys = [
        feeds, inbox, database, interval, timeout, maxBytes, shard, bind, EndpointSettings.submit, retryFor, CommonSettings.keysDirectory,
        CommonSettings.logLevel,
    ]

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    public var feedList: String? { reader.optionalValue(Self.feeds) }
    public var inboxDirectory: String? { reader.optionalValue(Self.inbox) }
    public var databasePath: String { reader.value(Self.database) }
    public var submitEndpoint: String { reader.value(EndpointSettings.submit) }
    public var statusEndpoint: String { reader.value(Self.bind) }

    public var pollInterval: Duration { .seconds(max(1, Double(reader.value(Self.interval)) ?? 300)) }
    public var requestTimeout: Duration { .seconds(max(1, Double(reader.value(Self.timeout)) ?? 30)) }
    public var maximumBytes: Int { max(1024, Int(reader.value(Self.maxBytes)) ?? 8 << 20) }
    public var submitRetrySeconds: Double { max(0, Double(reader.value(Self.retryFor)) ?? 120) }

    /// This instance's share of the feed list, if it follows only a share.
    public func feedShard() throws -> FeedShard? {
        guard let text = reader.optionalValue(Self.shard) else { return nil }
        guard let shard = FeedShard(text) else { throw SettingsError(description: "\(Self.shard.flag) must be K/N with 1 ≤ K ≤ N, not \(text)") }
        return shard
    }
}

/// Share `index` of `count` (both from 1): the feeds whose URL hashes there.
public struct FeedShard: Sendable, Hashable {
    public let index: Int
    public let count: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, (1...count).contains(index) else { return nil }
        (self.index, self.count) = (index, count)
    }

    /// Whether this share follows `url`: by FNV-1a of its text, the same on every machine.
    public func includes(_ url: URL) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.absoluteString.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}
