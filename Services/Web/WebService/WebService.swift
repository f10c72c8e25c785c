import AlertFollowing
import AlertSigning
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// `swapwatch-web`: the pages people open. A Hummingbird application whose routes
/// (``WebRoutes``) read exchanges from the claim store and alerts from the service's own archive,
/// with four services beside the HTTP server: the alert relay (follows the stack's alerts into the
/// archive and out to open event streams), the webhook deliverer, the webhook registry socket
/// (`swapwatch webhooks`), and a keep-alive for event streams. At shutdown the event streams end
/// first, so the server's graceful shutdown does not wait on them.
public struct WebService: Service {
    public let settings: WebSettings
    let address: (host: String, port: Int)
    let publicURL: String?
    let retryPolicy: RetryPolicy
    /// Its own keys (`web.curve`: a subscriber's rights), when the stack has keys.
    let keys: StackKeys?
    /// Checks the alerts' signatures, with the keys folder's `alert-signing.pub`.
    let verifier: AlertVerifier?

    /// Checks the settings and reads the keys.
    /// - Throws: ``SettingsError`` for an address that is not host:port, a public address that is
    ///   not http(s), or keys that cannot be read.
    public init(settings: WebSettings) throws {
        self.settings = settings
        address = try settings.address()
        publicURL = try settings.publicBaseURL()
        retryPolicy = try settings.retryPolicy()
        do {
            keys = try settings.stackKeys(holder: .web)
            let alertKey = settings.keysDirectory.map { ($0 as NSString).appendingPathComponent(AlertKeys.publicFile) }
            verifier = try alertKey.flatMap { FileManager.default.fileExists(atPath: $0) ? try AlertVerifier(key: $0) : nil }
        } catch {
            throw SettingsError(description: "\(error)")
        }
    }

    public func run() async throws {
        let (settings, logger, keys, verifier) = (settings, settings.logger, keys, verifier)
        try await using(try AlertArchive(.file(settings.databasePath))) { archive in
            let context = ZMQContext()
            let store = StoreQueries(context: context, endpoint: settings.storeEndpoint, keys: keys?.asClient, timeout: .seconds(3))
            let broadcast = AlertBroadcast()
            let routes = WebRoutes(source: store, archive: archive, broadcast: broadcast, pages: try Pages(), publicURL: publicURL)
            let follower = AlertFollower.Settings(
                subscribeEndpoint: settings.subscribeEndpoint, notifierEndpoint: settings.notifierEndpoint, keys: keys?.asClient, verifier: verifier,
                source: "/swapwatch/web")
            let (host, port) = address
            let app = Application(
                router: routes.router(),
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "SwapWatch"),
                services: [
                    RelayService(settings: follower, archive: archive, broadcast: broadcast, logger: logger),
                    RegistryService(endpoint: settings.webhooksEndpoint, archive: archive, keys: keys, logger: logger),
                    DeliveryService(deliverer: WebhookDeliverer(archive: archive, policy: retryPolicy, logger: logger)),
                    KeepAliveService(broadcast: broadcast),
                ],
                onServerRunning: { channel in
                    logger.info("listening", metadata: ["socket": "http", "endpoint": "http://\(host):\(channel.localAddress?.port ?? port)"])
                },
                logger: logger)
            // Open event streams end at once, so the server's graceful shutdown does not wait on them.
            try await withGracefulShutdownHandler {
                try await app.run()
            } onGracefulShutdown: {
                broadcast.close()
            }
            context.shutdown()
            store.close()
        }
    }
}

/// Follows the stack's alerts into the archive (``AlertRelay``) on a thread of its own.
struct RelayService: Service {
    let settings: AlertFollower.Settings
    let archive: AlertArchive
    let broadcast: AlertBroadcast
    let logger: Logger

    func run() async throws {
        let (settings, archive, broadcast, logger) = (settings, archive, broadcast, logger)
        let start = try await archive.lastSeq()
        try await SocketServiceRunner.run("alert relay", logger: logger) { context in
            let follower = AlertFollower(context: context, settings: settings)
            try AlertRelay(follower: follower, start: start, archive: archive, broadcast: broadcast, logger: logger).run()
        }
    }
}

/// Answers `swapwatch webhooks` on a socket only submitters (the operator's `swapwatch`) may use.
struct RegistryService: Service {
    let endpoint: String
    let archive: AlertArchive
    let keys: StackKeys?
    let logger: Logger

    func run() async throws {
        let (endpoint, archive, keys, logger) = (endpoint, archive, keys, logger)
        try await SocketServiceRunner.run("webhook registry", logger: logger, keys: keys) { context in
            let socket = try ZMQSocket(context: context, type: .router)
            defer { socket.close() }
            try socket.setMaximumMessageSize(Int64(MessageLimits.query))
            try socket.serve(.webhooks, with: keys)
            try socket.bind(endpoint, as: "webhooks", logger: logger)
            let responder = Responder(source: "/swapwatch/web", logger: logger)
            var requests = MessageRouter(service: "web service")
            requests.on(WebhooksRequest.self) { request in try Self.handle(request, archive: archive, logger: logger) }
            var poller = Poller()
            poller.add(socket)
            while true {
                if try poller.poll(timeoutMilliseconds: 500)[0] { try responder.serveOne(from: socket, routing: requests) }
            }
        }
    }

    static func handle(_ request: WebhooksRequest, archive: AlertArchive, logger: Logger) throws -> WebhooksReply {
        switch request.action {
        case .add:
            guard let url = request.url, url.utf8.count <= 2048, let parsed = URL(string: url),
                ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host?.isEmpty == false
            else {
                throw ErrorReply(code: "bad-webhook", message: "a webhook needs an http(s) URL of at most 2048 bytes, not \(request.url ?? "none")")
            }
            let topic = request.topic ?? Topics.alerts
            guard topic.hasPrefix(Topics.alerts), topic.utf8.count <= 300 else {
                throw ErrorReply(code: "bad-webhook", message: "a webhook's topic must start with \(Topics.alerts), not \(topic)")
            }
            let webhook = try archive.addWebhook(url: url, topic: topic)
            // The address alone can be a secret (chat tools' hooks): the log names only its host.
            logger.info("webhook added", metadata: ["id": "\(webhook.id)", "host": "\(parsed.host ?? "?")", "topic": "\(topic)"])
            return WebhooksReply(webhooks: [webhook])
        case .list:
            return WebhooksReply(webhooks: try archive.webhooks())
        case .remove:
            guard let id = request.id, let removed = try archive.removeWebhook(id: id) else {
                throw ErrorReply(code: "unknown-webhook", message: "no webhook with id \"\(request.id ?? "")\"")
            }
            logger.info("webhook removed", metadata: ["id": "\(id)"])
            return WebhooksReply(webhooks: [removed])
        }
    }
}

/// Runs the webhook deliverer until shutdown.
struct DeliveryService: Service {
    let deliverer: WebhookDeliverer

    func run() async throws {
        await cancelWhenGracefulShutdown { await deliverer.run() }
    }
}

/// Sends a keep-alive comment down every event stream each 15 s, so proxies keep idle streams open.
struct KeepAliveService: Service {
    let broadcast: AlertBroadcast

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(15))
                broadcast.publish(.keepAlive)
            }
        }
    }
}
