import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import SwapWatchMessages
import Synchronization

/// What a webhook receives: the alert's JSON object as `swapwatch alerts --json` prints it, with a
/// `text` field beside it holding the alert in one line, which chat tools (Slack, Mattermost,
/// Discord-compatible bridges) show as it is.
public struct WebhookPayload: Encodable {
    public let alert: Alert

    public init(_ alert: Alert) { self.alert = alert }

    enum CodingKeys: String, CodingKey { case text }

    public func encode(to encoder: Encoder) throws {
        try alert.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.chatText(alert), forKey: .text)
    }

    /// The body as sent.
    public func body() throws -> Data { try MessageCodec.encoder().encode(self) }

    /// The one-line text, escaped as Slack and Mattermost require (`&`, `<`, `>`), so a quote from a
    /// page cannot become a mention (`<!channel>`) or a link (`<https://…|…>`) in a chat.
    static func chatText(_ alert: Alert) -> String {
        AlertWording.line(alert).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `sha256=<hex>`: the HMAC-SHA256 of `body`, keyed with the UTF-8 bytes of the webhook's secret.
    public static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}

/// POSTs queued alerts to their webhooks: per endpoint one at a time, in seq order, endpoints side by
/// side (a slow one holds up only itself); a failure (no answer, a status other than 2xx) is retried
/// with exponential backoff until the retry period since the alert was queued is over, then given
/// up, with whatever else of that endpoint's is as old, and recorded as the webhook's last error. The queue is the archive's, so
/// a restart resumes where it stopped; an alert an endpoint took is never sent to it again, but one
/// whose answer was lost is, with the same `Idempotency-Key` (the alert id).
final class WebhookDeliverer: Sendable {
    static let userAgent = "SwapWatch/1.0 (prisoner-exchange alerts; swapwatch-web webhooks)"
    let archive: AlertArchive
    let policy: RetryPolicy
    let logger: Logger
    let client: HTTPClient
    /// The webhooks with an attempt under way.
    private let busy = Mutex<Set<String>>([])

    init(archive: AlertArchive, policy: RetryPolicy, logger: Logger) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        (self.archive, self.policy, self.logger) = (archive, policy, logger)
    }

    /// Delivers until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                do {
                    let due = try await archive.dueDeliveries(now: Date())
                    for delivery in due where busy.withLock({ $0.insert(delivery.webhookID).inserted }) {
                        group.addTask {
                            // `due` may have been read while this webhook's last delivery was being
                            // recorded: the queue is asked again now that no other is in progress.
                            if (try? await self.archive.isQueued(delivery)) == true { await self.deliver(delivery) }
                            _ = self.busy.withLock { $0.remove(delivery.webhookID) }
                        }
                    }
                    // A new alert is queued within a poll; a retry falls due at its time.
                    let wait = min(max(try await archive.nextDue()?.timeIntervalSinceNow ?? 0.1, 0.02), 0.1)
                    try await Task.sleep(for: .seconds(wait))
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("webhook queue unreadable", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        try? await client.shutdown()
    }

    func deliver(_ delivery: AlertArchive.Delivery) async {
        let alert = delivery.alert
        let failure: String
        do {
            let body = try WebhookPayload(alert).body()
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: Self.userAgent)
            request.headers.add(name: "X-SwapWatch-Signature", value: WebhookPayload.signature(of: body, secret: delivery.secret))
            request.headers.add(name: "X-SwapWatch-Alert-Seq", value: "\(alert.seq)")
            request.headers.add(name: "Idempotency-Key", value: alert.id)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(15))
            _ = try? await response.body.collect(upTo: 64 << 10)
            if (200..<300).contains(response.status.code) {
                try await archive.delivered(delivery, at: Date())
                logger.debug("webhook delivered", metadata: ["webhook": "\(delivery.webhookID)", "seq": "\(alert.seq)"])
                return
            }
            failure = "HTTP \(response.status.code) for alert #\(alert.seq)"
        } catch {
            // Shutting down is no failure of the endpoint's: the attempt is made again after the restart.
            if Task.isCancelled { return }
            failure = "alert #\(alert.seq): \(error)"
        }
        let now = Date()
        do {
            if now.timeIntervalSince(delivery.queuedAt) >= policy.giveUpAfter.seconds {
                let count = try await archive.giveUp(delivery, error: failure, queuedBefore: now.addingTimeInterval(-policy.giveUpAfter.seconds))
                logger.warning(
                    "webhook delivery given up", metadata: ["webhook": "\(delivery.webhookID)", "alerts": "\(count)", "error": "\(failure)"])
            } else {
                let delay = policy.delay(afterAttempts: delivery.attempts + 1).seconds
                try await archive.failed(delivery, error: failure, retryAt: now.addingTimeInterval(delay))
                logger.warning(
                    "webhook delivery failed", metadata: ["webhook": "\(delivery.webhookID)", "error": "\(failure)", "retry.in": "\(delay) s"])
            }
        } catch {
            logger.error("webhook queue unwritable", metadata: ["error": "\(error)"])
        }
    }
}
