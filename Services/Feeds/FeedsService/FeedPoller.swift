import Crypto
import FeedReading
import Foundation
import Logging
import ReportText
import ServiceSupport
import SwapWatchMessages

/// Follows one feed: polls it at its interval (jittered), conditionally; turns each new or changed
/// item into a report (reading the article's page when the feed carries only a summary) and
/// submits it; backs off exponentially on errors and waits as long as a 429 or 503 asks.
struct FeedPoller: Sendable {
    /// The feed, and how often it is polled when all is well.
    let source: FeedSource, interval: Duration
    /// What it reads with, remembers in, submits through and logs to.
    let fetcher: PageFetcher, state: FeedState, sender: ReportSender, logger: Logger

    /// The longest a failing feed waits between attempts.
    static let longestBackoff: Duration = .seconds(6 * 3600)

    /// Polls until cancelled.
    func run() async {
        var wait = initialWait()
        while !Task.isCancelled {
            do { try await Task.sleep(for: wait) } catch { return }
            wait = await poll()
        }
    }

    /// A restarted service resumes the schedule it left (never waiting longer than an interval).
    func initialWait() -> Duration {
        guard let record = try? state.feed(source.url), let next = record.nextPoll.flatMap(Timestamp.parse) else { return .zero }
        let seconds = min(max(0, next.timeIntervalSinceNow), Double(interval.components.seconds))
        return .milliseconds(Int(seconds * 1000))
    }

    /// One poll; returns how long to wait before the next.
    func poll() async -> Duration {
        var record: FeedRecord
        do { record = try state.feed(source.url) } catch {
            logger.error("feed state unreadable", metadata: ["feed": "\(source.url)", "error": "\(error)"])
            return interval
        }
        record.lastPoll = Timestamp.format(Date())
        var wait = jittered(interval)
        do {
            let response = try await fetcher.get(
                source.url, etag: record.etag, lastModified: record.lastModified,
                accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
            record.httpStatus = response.status
            switch response.status {
            case 304:
                record.lastError = nil
                record.failures = 0
                logger.debug("feed unchanged", metadata: ["feed": "\(source.url)"])
            case 200..<300:
                let feed = try parse(response)
                record.title = feed.title ?? record.title
                let unacknowledged = await submitItems(of: feed)
                record.failures = 0
                record.lastError = unacknowledged.isEmpty ? nil : unacknowledged.joined(separator: "; ")
                // Validators only once every item is acknowledged: otherwise the next poll must see them all again.
                if unacknowledged.isEmpty { (record.etag, record.lastModified) = (response.etag, response.lastModified) }
                logger.debug("feed polled", metadata: ["feed": "\(source.url)", "items": "\(feed.items.count)"])
            default:
                throw FetchError("HTTP \(response.status)" + (response.retryAfter.map { ", retry after \($0.components.seconds) s" } ?? ""))
                    .waiting(response.retryAfter)
            }
        } catch {
            record.failures += 1
            record.lastError = "\(error)"
            wait = backoff(failures: record.failures)
            if let asked = (error as? WaitingError)?.retryAfter { wait = max(wait, asked) }
            logger.warning("feed poll failed", metadata: ["feed": "\(source.url)", "error": "\(error)", "retryIn": "\(wait.components.seconds) s"])
        }
        record.nextPoll = Timestamp.format(Date().addingTimeInterval(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18))
        do { try state.save(record) } catch { logger.error("feed state not saved", metadata: ["feed": "\(source.url)", "error": "\(error)"]) }
        return wait
    }

    func parse(_ response: PageFetcher.Response) throws -> Feed {
        do { return try Feed.parse(response.body) } catch {
            throw FetchError("\(error)" + (response.contentType.map { " (Content-Type \($0))" } ?? ""))
        }
    }

    /// Submits every item the store has not acknowledged in this version.
    /// - Returns: why items were left unacknowledged (empty when all were).
    func submitItems(of feed: Feed) async -> [String] {
        var problems: [String] = []
        // The items' reports first (summary-only items' pages are read here), then all of them at once.
        var pending: [(key: String, hash: String, report: ReportInput)] = []
        for item in feed.items {
            guard let key = item.key else { continue }
            let hash = Self.versionHash(of: item)
            do {
                if try state.acknowledgedHash(feed: source.url, key: key) == hash { continue }
            } catch {
                problems.append("item \(key) not acknowledged: \(error)")
                continue
            }
            guard let report = await report(for: item, key: key, hash: hash, in: feed) else { continue }
            pending.append((key, hash, report))
        }
        let outcomes: [Result<SubmitResult, RequestError>]
        do { outcomes = try await sender.submit(pending.map(\.report)) } catch {
            return problems + pending.map { "item \($0.key) not acknowledged: \(error)" }
        }
        for (entry, outcome) in zip(pending, outcomes) {
            let key = entry.key
            do {
                let result = try outcome.get()
                try state.acknowledge(feed: source.url, key: key, contentHash: entry.hash, reportID: result.reportID)
                logger.info(
                    "submitted an item",
                    metadata: ["feed": "\(source.url)", "item": "\(key)", "report": "\(result.reportID)", "status": "\(result.status)"])
            } catch let error as RequestError where !error.mayPass {
                // Refused for what it is (not for the stack being down): resending will not help.
                try? state.acknowledge(feed: source.url, key: key, contentHash: entry.hash, reportID: "refused")
                problems.append("item \(key) refused: \(error)")
                logger.warning("item refused", metadata: ["feed": "\(source.url)", "item": "\(key)", "error": "\(error)"])
            } catch {
                problems.append("item \(key) not acknowledged: \(error)")
                logger.warning("item not acknowledged", metadata: ["feed": "\(source.url)", "item": "\(key)", "error": "\(error)"])
            }
        }
        return problems
    }

    /// The report of an item: the feed's full text, else the article page's, else the summary.
    func report(for item: FeedItem, key: String, hash: String, in feed: Feed) async -> ReportInput? {
        var page: ArticlePage?
        if item.needsPage, let link = item.link.flatMap(URL.init(string:)) {
            do {
                let response = try await fetcher.get(link, accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
                guard (200..<300).contains(response.status) else { throw FetchError("HTTP \(response.status)") }
                page = ArticlePage.read(response.body, charset: response.charset)
                if page == nil { throw FetchError("no article text on the page") }
            } catch {
                logger.notice("article page not read; using the feed's summary", metadata: ["page": "\(link)", "error": "\(error)"])
            }
        }
        let fullText = item.needsPage ? nil : item.content
        guard let text = [fullText, page?.text, item.content, item.summary].compactMap({ $0 }).first(where: { !$0.isEmpty }) ?? item.title else {
            return nil
        }
        let idSource = "\(source.url.absoluteString)\n\(key)\n\(hash)"
        let id = "feed-" + SHA256.hash(data: Data(idSource.utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
        return ReportInput(
            id: id, published: item.published ?? page?.published,
            outlet: (feed.title ?? page?.siteName ?? source.title ?? source.url.host)?.clipped(to: 200),
            url: (page?.canonicalURL ?? item.link).flatMap { $0.utf8.count <= 2048 ? $0 : nil },
            title: (item.title ?? page?.title)?.clipped(to: 1000),
            text: text.clipped(to: Report.maximumTextBytes),
            language: (item.language ?? feed.language ?? page?.language).flatMap { $0.count <= 35 ? $0 : nil })
    }

    /// What makes an item a new version: its title, text, summary, date and link.
    static func versionHash(of item: FeedItem) -> String {
        let fields = [item.title, item.content, item.summary, item.published, item.link].map { $0 ?? "" }.joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(fields.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    func jittered(_ duration: Duration) -> Duration {
        let seconds = Double(duration.components.seconds) * Double.random(in: 0.9...1.1)
        return .milliseconds(Int(seconds * 1000))
    }

    /// interval × 2^failures, at most ``longestBackoff``.
    func backoff(failures: Int) -> Duration {
        let seconds = Double(interval.components.seconds) * pow(2, Double(min(failures, 20)))
        return jittered(.seconds(min(seconds, Double(Self.longestBackoff.components.seconds))))
    }
}

/// A failure after which the server asked to wait (`Retry-After`).
struct WaitingError: Error, CustomStringConvertible {
    let underlying: FetchError
    let retryAfter: Duration
    var description: String { underlying.description }
}

extension FetchError {
    /// This error, carrying the wait the server asked for, if it did.
    func waiting(_ retryAfter: Duration?) -> any Error {
        retryAfter.map { WaitingError(underlying: self, retryAfter: $0) } ?? self
    }
}

extension String {
    /// The longest prefix of at most `bytes` UTF-8 bytes that ends on a character boundary.
    func clipped(to bytes: Int) -> String {
        guard utf8.count > bytes else { return self }
        var end = utf8.index(utf8.startIndex, offsetBy: bytes)
        while end > startIndex, !(end == endIndex || String.Index(end, within: self) != nil) { end = utf8.index(before: end) }
        return String(self[..<end])
    }
}
