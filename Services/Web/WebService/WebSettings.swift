import Foundation
import ServiceSupport

/// The settings of `swapwatch-web`: where it serves pages, where it keeps its copy of the alerts
/// and its webhooks, and the stack it reads.
public struct WebSettings: ServiceSettings {
    public static let command = "swapwatch-web"
    public static let abstract = "The SwapWatch web service: exchange pages with drawn timelines, live alerts, Atom feeds, a JSON API and webhooks."
    /// `host:port` the HTTP server listens on.
    public static let bind = SettingKey("web.bind", default: "127.0.0.1:8080", help: "host:port the web server listens on.")
    /// The address people reach the pages at, for the links in Atom feeds.
    public static let publicURL = SettingKey(
        "web.public.url", default: nil,
        help: "The pages' public address (https://swapwatch.example.org), for Atom links; default: the request's Host.")
    public static let database = SettingKey(
        "web.database", default: "swapwatch-web.sqlite",
        help: "Path of the SQLite file of the alerts received, the webhooks and their delivery queue.")
    public static let webhooksBind = SettingKey.bind(
        "webhooks", like: EndpointSettings.webhooks, help: "Bind address for the webhook registry (swapwatch webhooks).")
    public static let retryFor = SettingKey(
        "webhooks.retry.for", default: "86400", help: "Seconds a webhook delivery is retried (with exponential backoff) before it is given up.")
    public static let firstRetry = SettingKey(
        "webhooks.first.retry", default: "1",
        help: "Seconds before the first retry of a failed webhook delivery; each next wait doubles, up to an hour.")
    public static let keys = [
        bind, publicURL, database, webhooksBind, retryFor, firstRetry, EndpointSettings.store, EndpointSettings.subscribe, EndpointSettings.notifier,
        CommonSettings.keysDirectory, CommonSettings.logLevel,
    ]

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    public var databasePath: String { reader.value(Self.database) }
    public var storeEndpoint: String { reader.value(EndpointSettings.store) }
    public var subscribeEndpoint: String { reader.value(EndpointSettings.subscribe) }
    public var notifierEndpoint: String { reader.value(EndpointSettings.notifier) }
    public var webhooksEndpoint: String { reader.value(Self.webhooksBind) }
    public var keysDirectory: String? { reader.optionalValue(CommonSettings.keysDirectory) }

    /// The host and port to listen on.
    /// - Throws: ``SettingsError`` when the setting is not `host:port`.
    public func address() throws -> (host: String, port: Int) {
        let text = reader.value(Self.bind)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
            colon > text.startIndex
        else { throw SettingsError(description: "\(Self.bind.flag) must be host:port, not \(text)") }
        return (String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    /// The public address, without a trailing slash.
    /// - Throws: ``SettingsError`` when it is not an http(s) URL.
    public func publicBaseURL() throws -> String? {
        guard let text = reader.optionalValue(Self.publicURL) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw SettingsError(description: "\(Self.publicURL.flag) must be an http(s) address, not \(text)")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// How webhook deliveries are retried.
    /// - Throws: ``SettingsError`` when a setting is not a number of seconds in its range.
    public func retryPolicy() throws -> RetryPolicy {
        func seconds(_ key: SettingKey, in range: ClosedRange<Double>) throws -> Duration {
            let text = reader.value(key)
            guard let value = Double(text), range.contains(value) else {
                throw SettingsError(
                    description: "\(key.flag) must be a number of seconds from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            return .milliseconds(Int64(value * 1000))
        }
        // Up to a day before the first retry, up to 30 days of retrying.
        return RetryPolicy(firstDelay: try seconds(Self.firstRetry, in: 0.05...86_400), giveUpAfter: try seconds(Self.retryFor, in: 1...2_592_000))
    }
}

/// Exponential backoff for webhook deliveries: `firstDelay`, doubling up to an hour, until
/// `giveUpAfter` has passed since the alert was queued.
public struct RetryPolicy: Sendable, Hashable {
    public var firstDelay: Duration
    public var giveUpAfter: Duration
    public static let longestDelay = Duration.seconds(3600)

    public init(firstDelay: Duration = .seconds(1), giveUpAfter: Duration = .seconds(86_400)) {
        (self.firstDelay, self.giveUpAfter) = (firstDelay, giveUpAfter)
    }

    /// The wait after the `attempts`-th failed attempt.
    public func delay(afterAttempts attempts: Int) -> Duration {
        let doubled = firstDelay * (1 << min(max(attempts - 1, 0), 30))
        return min(doubled, Self.longestDelay)
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
