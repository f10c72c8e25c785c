/// Asks the web service (`swapwatch-web`) to change or list its webhooks (`swapwatch webhooks`).
public struct WebhooksRequest: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.webhooks"

    public enum Action: String, Codable, Sendable, Hashable {
        /// Register `url` (for the alerts whose topic starts with `topic`); the reply holds its secret.
        case add
        case list
        /// Remove the webhook `id`, and what was queued for it.
        case remove
    }

    public var action: Action
    public var url: String?
    public var topic: String?
    public var id: String?

    public init(action: Action, url: String? = nil, topic: String? = nil, id: String? = nil) {
        (self.action, self.url, self.topic, self.id) = (action, url, topic, id)
    }
}

/// The webhooks after the request: all of them for `list`, the new one (with its secret) for `add`,
/// the removed one for `remove`.
public struct WebhooksReply: MessagePayload, Hashable {
    public static let messageType = "org.swapwatch.webhooks.result"
    public var webhooks: [WebhookStatus]

    public init(webhooks: [WebhookStatus]) { self.webhooks = webhooks }
}

/// One registered webhook and how its deliveries are going.
public struct WebhookStatus: Codable, Sendable, Hashable {
    public var id: String
    public var url: String
    /// Only alerts whose topic starts with this are sent (`alert.` for all).
    public var topic: String
    /// The HMAC-SHA256 key of `X-SwapWatch-Signature`: shown once, in the reply to `add`.
    public var secret: String?
    public var created: String
    /// The newest alert delivered, and when.
    public var lastDeliveredSeq: Int?
    public var lastDelivery: String?
    /// Why the last attempt failed, if it did.
    public var lastError: String?
    /// Alerts waiting to be delivered.
    public var pending: Int

    public init(
        id: String, url: String, topic: String, secret: String? = nil, created: String, lastDeliveredSeq: Int? = nil, lastDelivery: String? = nil,
        lastError: String? = nil, pending: Int = 0
    ) {
        (self.id, self.url, self.topic, self.secret, self.created) = (id, url, topic, secret, created)
        (self.lastDeliveredSeq, self.lastDelivery, self.lastError, self.pending) = (lastDeliveredSeq, lastDelivery, lastError, pending)
    }
}
