import AlertSigning
import Foundation
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Follows the stack's alerts with no gap and no duplicate, as `swapwatch alerts` and the web
/// service do: the ZeroMQ guide's Clone pattern. It subscribes first, then fetches the notifier's
/// snapshot of what was missed and drops live alerts the snapshot already covered; a live alert
/// that skips a sequence number, or a heartbeat announcing a higher one, triggers a fresh snapshot.
/// With a verifier, an alert not signed by the notifier is refused, and the real alert of that
/// number is taken from the snapshot. Use it on one thread.
public final class AlertFollower {
    /// Where the alerts come from, and which.
    public struct Settings: Sendable {
        public var subscribeEndpoint: String
        public var notifierEndpoint: String
        public var keys: ClientKeys?
        /// Only alerts whose topic starts with this.
        public var topic: String
        /// Checks each alert's signature; `nil` takes every alert as the notifier's.
        public var verifier: AlertVerifier?
        public var timeout: Duration
        /// The CloudEvents source of the snapshot requests (`/swapwatch/cli/alerts`, `/swapwatch/web`).
        public var source: String

        public init(
            subscribeEndpoint: String, notifierEndpoint: String, keys: ClientKeys?, topic: String = Topics.alerts, verifier: AlertVerifier?,
            timeout: Duration = .seconds(5), source: String
        ) {
            self.subscribeEndpoint = subscribeEndpoint
            self.notifierEndpoint = notifierEndpoint
            self.keys = keys
            self.topic = topic
            self.verifier = verifier
            self.timeout = timeout
            self.source = source
        }
    }

    /// What happened on the way, besides alerts.
    public enum Event {
        /// The subscription reached the bus (its first heartbeat arrived).
        case live
        /// An alert that is not the notifier's was dropped.
        case refused(Alert, source: String, reason: String)
        /// The notifier did not answer a snapshot request; the follower asks again later.
        case snapshotDeferred(RequestError)
    }

    /// Whether to go on after an alert or a quiet moment.
    public enum Decision { case proceed, stop }

    private let settings: Settings
    private let context: ZMQContext

    public init(context: ZMQContext, settings: Settings) {
        self.context = context
        self.settings = settings
    }

    /// The sequence number of the newest alert the notifier keeps (0 when none).
    /// - Throws: ``RequestError`` when the notifier does not answer.
    public func lastSeq() throws -> Int {
        let client = snapshotClient(attempts: 2)
        defer { client.close() }
        return try client.call(AlertsQuery(after: 0, topicPrefix: settings.topic, limit: 0), expecting: AlertsReply.self).lastSeq
    }

    /// Delivers every matching alert numbered above `covered` in order, then each new one as it is
    /// raised, until `deliver` or `idle` says stop, or the context is shut down
    /// (``ZMQError/contextTerminated``). `idle` is called after each message and at least every 200 ms.
    public func follow(
        after covered: Int, events: (Event) -> Void = { _ in }, idle: () throws -> Decision = { .proceed }, deliver: (Alert) throws -> Decision
    )
        throws
    {
        let subscriber = try ZMQSocket(context: context, type: .subscriber)
        defer { subscriber.close() }
        try subscriber.setMaximumMessageSize(Int64(MessageLimits.publication))
        try subscriber.connect(settings.subscribeEndpoint, with: settings.keys)
        try subscriber.subscribe(settings.topic)
        try subscriber.subscribe(Topics.alertsHeartbeat)
        let snapshots = snapshotClient(attempts: 2)
        defer { snapshots.close() }

        struct Stop: Error {}
        var covered = covered
        func isAuthentic(_ alert: Alert, from source: String) -> Bool {
            guard let verifier = settings.verifier, !verifier.isAuthentic(alert) else { return true }
            let reason = alert.signature == nil ? "it is not signed" : "its signature does not match the notifier's key"
            events(.refused(alert, source: source, reason: reason))
            return false
        }
        func hand(_ alert: Alert) throws {
            covered = alert.seq
            if try deliver(alert) == .stop { throw Stop() }
        }
        // Where the follower stands: every alert up to `covered` was delivered or did not match.
        func fill() throws {
            do {
                while true {
                    let reply = try snapshots.call(AlertsQuery(after: covered, topicPrefix: settings.topic), expecting: AlertsReply.self)
                    for alert in reply.alerts where alert.seq > covered {
                        if isAuthentic(alert, from: "the snapshot") { try hand(alert) } else { covered = alert.seq }
                    }
                    covered = max(covered, reply.coveredThrough)
                    if covered >= reply.lastSeq { return }
                }
            } catch let error as RequestError {
                events(.snapshotDeferred(error))
            }
        }

        do {
            try fill()
            var live = false
            while true {
                if try subscriber.waitReadable(timeoutMilliseconds: 200), let frames = try subscriber.receive(dontWait: true), frames.count == 2 {
                    if String(decoding: frames[0], as: UTF8.self) == Topics.alertsHeartbeat {
                        if !live {
                            live = true
                            events(.live)
                        }
                        if let beat = try? MessageCodec.decode(AlertsHeartbeat.self, from: frames[1]).data, beat.lastSeq > covered { try fill() }
                    } else if let alert = try? MessageCodec.decode(Alert.self, from: frames[1]).data, alert.seq > covered {
                        if !isAuthentic(alert, from: "the bus") {
                            try fill()  // the real alert of that number, if there is one, is in the snapshot
                        } else if alert.seq == covered + 1 {
                            try hand(alert)
                        } else {
                            try fill()  // something was missed (or filtered): the snapshot says which
                        }
                    }
                }
                if try idle() == .stop { return }
            }
        } catch is Stop {
            return
        }
    }

    private func snapshotClient(attempts: Int) -> RequestClient {
        RequestClient(
            context: context, endpoint: settings.notifierEndpoint, source: settings.source, timeout: settings.timeout, attempts: attempts,
            keys: settings.keys)
    }
}
