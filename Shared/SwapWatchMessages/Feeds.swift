/// Asks the feeds service (`swapwatch-feeds`) how its feeds and inbox are doing (`swapwatch feeds`).
public struct FeedsQuery: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.feeds"
    public init() {}
}

/// The feeds service's state: one entry per feed it follows, and its inbox folder.
public struct FeedsReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.query.feeds.result"
    public var feeds: [FeedStatus]
    public var inbox: InboxStatus?

    public init(feeds: [FeedStatus], inbox: InboxStatus?) { (self.feeds, self.inbox) = (feeds, inbox) }
}

/// How one feed is doing.
public struct FeedStatus: Codable, Sendable, Hashable {
    public var url: String
    /// The feed's own title, once read.
    public var title: String?
    /// When it was last polled, and the HTTP status of that poll (304: nothing new).
    public var lastPoll: String?
    public var httpStatus: Int?
    /// Distinct items seen in the feed, and reports submitted from them (a changed item again).
    public var itemsSeen: Int
    public var reportsSubmitted: Int
    /// Why the last poll failed, if it did; `failures` in a row.
    public var lastError: String?
    public var failures: Int
    /// When it is polled next.
    public var nextPoll: String?

    public init(
        url: String, title: String? = nil, lastPoll: String? = nil, httpStatus: Int? = nil, itemsSeen: Int = 0, reportsSubmitted: Int = 0,
        lastError: String? = nil, failures: Int = 0, nextPoll: String? = nil
    ) {
        (self.url, self.title, self.lastPoll, self.httpStatus) = (url, title, lastPoll, httpStatus)
        (self.itemsSeen, self.reportsSubmitted, self.lastError, self.failures, self.nextPoll) = (
            itemsSeen, reportsSubmitted, lastError, failures, nextPoll
        )
    }
}

/// How the inbox folder is doing.
public struct InboxStatus: Codable, Sendable, Hashable {
    public var directory: String
    /// Files submitted and moved to `done/`, and files moved to `failed/`, since the service started.
    public var done: Int
    public var failed: Int
    public var lastError: String?

    public init(directory: String, done: Int = 0, failed: Int = 0, lastError: String? = nil) {
        (self.directory, self.done, self.failed, self.lastError) = (directory, done, failed, lastError)
    }
}
