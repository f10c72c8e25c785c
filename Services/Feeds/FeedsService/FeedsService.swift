import FeedReading
import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// `swapwatch-feeds`: reads the news by itself. One poller per feed of the list (or of this
/// instance's share of it), an inbox folder, and a status socket for `swapwatch feeds`; reports go
/// to the bus like `swapwatch submit`'s, each acknowledged by the claim store before its item
/// counts as handled.
public struct FeedsService: Service {
    public let settings: FeedsSettings
    /// The feeds this instance follows (its share of the list).
    let sources: [FeedSource]
    /// Its own keys (`feeds.curve`: a submitter's rights), when the stack has keys.
    let keys: StackKeys?

    /// Reads the feed list and checks the settings.
    /// - Throws: ``SettingsError`` when there is nothing to follow, the list cannot be read or the
    ///   shard is not K/N.
    public init(settings: FeedsSettings) throws {
        self.settings = settings
        sources = try Self.followedFeeds(settings)
        do { keys = try settings.stackKeys(holder: .feeds) } catch { throw SettingsError(description: "\(error)") }
    }

    public func run() async throws {
        let (logger, keys) = (settings.logger, keys)
        try await using(try FeedState(.file(settings.databasePath))) { state in
            let sender = try ReportSender(
                endpoint: settings.submitEndpoint, keys: keys?.asClient, retryFor: settings.submitRetrySeconds, logger: logger)
            let fetcher = PageFetcher(timeout: settings.requestTimeout, maximumBytes: settings.maximumBytes)
            let inbox = try settings.inboxDirectory.map { try Inbox(directory: URL(fileURLWithPath: $0), sender: sender, logger: logger) }
            let report = inbox?.report
            logger.info(
                "following",
                metadata: ["feeds": "\(sources.count)", "inbox": "\(settings.inboxDirectory ?? "none")", "interval": "\(settings.pollInterval)"])
            do {
                try await cancelWhenGracefulShutdown {
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask {
                            try await SocketServiceRunner.run(FeedsSettings.command, logger: logger, keys: keys) { context in
                                try serveStatus(context: context, state: state, feeds: sources.map(\.url), inbox: report, keys: keys, logger: logger)
                            }
                        }
                        for source in sources {
                            let poller = FeedPoller(
                                source: source, interval: source.interval ?? settings.pollInterval, fetcher: fetcher, state: state, sender: sender,
                                logger: logger)
                            group.addTask { await poller.run() }
                        }
                        if let inbox { group.addTask { await inbox.run() } }
                    }
                }
            } catch is CancellationError {}
            sender.close()
            try await fetcher.shutdown()
        }
    }

    /// The feeds of the list this instance follows.
    static func followedFeeds(_ settings: FeedsSettings) throws -> [FeedSource] {
        let shard = try settings.feedShard()
        guard let path = settings.feedList else {
            guard settings.inboxDirectory != nil else {
                throw SettingsError(description: "nothing to follow: give a feed list (--feeds) or an inbox folder (--inbox)")
            }
            return []
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw SettingsError(description: "cannot read the feed list \(path)") }
        let list: FeedList
        do { list = try FeedList.parse(data) } catch { throw SettingsError(description: "the feed list \(path): \(error)") }
        let logger = settings.logger
        for line in list.skipped { logger.warning("feed list: skipped", metadata: ["entry": "\(line)"]) }
        guard let shard else { return list.feeds }
        let share = list.feeds.filter { shard.includes($0.url) }
        logger.info("following share \(shard.index)/\(shard.count) of the feed list", metadata: ["feeds": "\(share.count) of \(list.feeds.count)"])
        return share
    }

    /// Answers `swapwatch feeds` until the context is shut down.
    func serveStatus(context: ZMQContext, state: FeedState, feeds: [URL], inbox: InboxReport?, keys: StackKeys?, logger: Logger) throws {
        let socket = try ZMQSocket(context: context, type: .router)
        defer { socket.close() }
        try socket.setMaximumMessageSize(Int64(MessageLimits.query))
        try socket.serve(.store, with: keys)
        try socket.bind(settings.statusEndpoint, as: "status", logger: logger)
        let responder = Responder(source: "/swapwatch/feeds", logger: logger)
        var requests = MessageRouter(service: "feeds service")
        requests.on(FeedsQuery.self) { _ in FeedsReply(feeds: try state.statuses(of: feeds), inbox: inbox?.current) }
        var poller = Poller()
        poller.add(socket)
        while true {
            if try poller.poll(timeoutMilliseconds: 500)[0] { try responder.serveOne(from: socket, routing: requests) }
        }
    }
}
