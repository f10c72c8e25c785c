import AlertSigning
import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Turns the claim store's expectation-change events into alerts: one per event, numbered
/// gap-free, kept in the ``AlertLog`` before they are published, and served as snapshots so a
/// late or restarted subscriber catches up (the Clone pattern).
///
/// Alerts are raised only from events the notifier fetched from the store itself, over its own
/// authenticated connection: it keeps a query for the events after its last one waiting at the
/// store (``EventsQuery/waitMilliseconds``), which the store answers as soon as a commit brings
/// some, and after a second without. Events published on the bus are for other subscribers;
/// the notifier does not listen to them, so a forged one changes nothing.
public struct NotifierService: SocketService {
    public let settings: NotifierSettings
    /// The clock its heartbeat and the pause after a failed query run by.
    let clock: any MonotonicClock

    public init(settings: NotifierSettings, clock: any MonotonicClock = SystemClock()) {
        self.settings = settings
        self.clock = clock
    }

    public func open() throws -> AlertLog { try AlertLog(.file(settings.databasePath)) }

    public func serve(_ log: AlertLog, context: ZMQContext) throws {
        let signer = try settings.signingKeyPath.map { try AlertSigner(keyFile: $0, creating: true) }
        try NotifierLoop(log: log, settings: settings, logger: settings.logger, clock: clock, signer: signer).run(context: context)
    }
}

/// The notifier's socket loop, on its own thread.
private struct NotifierLoop: Sendable {
    let log: AlertLog
    let settings: NotifierSettings
    let logger: Logger
    let clock: any MonotonicClock
    /// Signs every alert raised; `nil` leaves them unsigned.
    let signer: AlertSigner?

    /// How long the store holds a query for events with none to answer it.
    static let eventsWait = Duration.seconds(1)
    /// How long the notifier waits after a query that failed before it asks again.
    static let retryPause = Duration.seconds(1)

    func run(context: ZMQContext) throws {
        let keys = try settings.stackKeys()
        let publisher = try ZMQSocket(context: context, type: .publisher)
        try publisher.connect(settings.publish, with: keys?.asClient)
        let snapshots = try ZMQSocket(context: context, type: .router)
        try snapshots.setMaximumMessageSize(Int64(MessageLimits.query))
        try snapshots.serve(.snapshots, with: keys)
        try snapshots.bind(settings.snapshot, as: "snapshots", logger: logger)
        // Immediate: no query waits in the socket while the store is away, to reach it in a burst
        // when it is back; a query lost with a store that went away is asked again after a pause.
        let store = try PipelinedClient(
            context: context, endpoint: settings.store, source: "/swapwatch/notifier", timeout: Self.eventsWait + .seconds(2), keys: keys?.asClient,
            immediate: true)
        let responder = Responder(source: "/swapwatch/notifier", logger: logger)
        var requests = MessageRouter(service: "notifier")
        requests.on(AlertsQuery.self) { [log] in try log.alerts($0) }
        let sink = try settings.sinkPath.map { try AlertFileSink(path: $0) }
        if let signer {
            logger.info(
                "signing alerts",
                metadata: ["publicKey": "\(signer.publicKey)", "publicKeyFile": "\(AlertKeys.publicKeyPath(for: settings.signingKeyPath ?? ""))"])
        } else {
            logger.warning(
                "no alert signing key set (SWAPWATCH_ALERT_SIGNING_KEY): alerts go unsigned and subscribers cannot tell them from forgeries")
        }

        // Whatever a crash left unpublished goes out first (subscribers drop what they hold).
        var unmarked = try publish(try log.unpublished(), on: publisher, sink: sink)
        // Stopping marks what was published, so that a restart publishes none of it again.
        defer { _ = try? unmarked.map(log.markPublished(through:)) }

        var poller = Poller()
        poller.add(store.socket)
        poller.add(snapshots)
        var heartbeatTimer = Periodic(every: .seconds(1), clock: clock)
        var pausedAt: Duration?
        var askedAt = clock.now
        while true {
            if store.count == 0, pausedAt.map({ clock.now - $0 >= Self.retryPause }) ?? true {
                pausedAt = nil
                do {
                    try store.send(EventsQuery(after: try log.lastEventSeq(), waitMilliseconds: Int(Self.eventsWait.nanoseconds / 1_000_000)))
                    askedAt = clock.now
                } catch is RequestError {
                    pausedAt = clock.now  // the store is not connected
                }
            }
            let ready = try poller.poll(timeoutMilliseconds: 250)
            if ready[0] {
                for reply in try store.replies(decodingWhole: EventsReply.self) {
                    let events = raiseAlerts(from: reply, publisher: publisher, sink: sink, unmarked: &unmarked)
                    // A failed query, or one answered with nothing long before its wait was over
                    // (the store held no more queries), is asked again after a pause, not at once.
                    if events.map({ $0 == 0 && clock.now - askedAt < Self.eventsWait / 2 }) ?? true { pausedAt = clock.now }
                }
            }
            if !store.lost().isEmpty { pausedAt = clock.now }
            _ = store.expired()
            if ready[1] {
                try responder.serveOne(from: snapshots, routing: requests)
            }
            if !ready.contains(true), let seq = unmarked {
                try log.markPublished(through: seq)
                unmarked = nil
            }
            if heartbeatTimer.isDue() {
                let beat = MessageCodec.encode(AlertsHeartbeat(lastSeq: try log.lastAlertSeq()), source: "/swapwatch/notifier")
                try publisher.send([Data(Topics.alertsHeartbeat.utf8), beat])
            }
        }
    }

    /// Raises, records and publishes the alerts of the events in the store's answer. Alerts
    /// published and not yet marked (`unmarked`) are marked with the next answer's alerts, or when
    /// the loop is idle: one lost to a crash is only published again, and subscribers drop what
    /// they hold.
    /// - Returns: how many events the answer held; nil when it was no answer, or they could not be
    ///   recorded.
    private func raiseAlerts(from answer: PipelinedClient.Reply, publisher: ZMQSocket, sink: AlertFileSink?, unmarked: inout Int?) -> Int? {
        do {
            let reply = try answer.decoded(as: EventsReply.self)
            let alerts = try log.record(reply.events, signer: signer, markingPublishedThrough: unmarked)
            unmarked = try publish(alerts, on: publisher, sink: sink)
            for alert in alerts {
                logger.info(
                    "alert raised", metadata: ["seq": "\(alert.seq)", "field": "\(alert.field.rawValue)", "exchange": "\(alert.exchange.id)"])
            }
            return reply.events.count
        } catch {
            logger.debug("catch-up deferred", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// Publishes alerts already recorded, in order, to the bus and the sink.
    /// - Returns: the last one's sequence number, to mark published; nil for none.
    private func publish(_ alerts: [Alert], on publisher: ZMQSocket, sink: AlertFileSink?) throws -> Int? {
        for alert in alerts {
            let envelope = MessageCodec.encode(Envelope(source: "/swapwatch/notifier", data: alert, id: alert.id))
            try publisher.send([Data(alert.topic.utf8), envelope])
            try sink?.append(alert)
        }
        return alerts.last?.seq
    }
}

/// Appends alerts as JSON lines to a file, for people who tail logs: each alert once, in order.
///
/// A notifier killed between writing a line and marking the alert published sends that alert
/// again on restart, so the sink remembers the last sequence number in the file and skips what
/// it already holds; a line torn by the crash is cut off first.
final class AlertFileSink {
    private let handle: FileHandle
    private var lastSeq: Int

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw ErrorReply(code: "sink", message: "cannot open alert sink \(path) for writing")
        }
        let size = try handle.seekToEnd()
        let tailStart = size > 65_536 ? size - 65_536 : 0
        try handle.seek(toOffset: tailStart)
        let tail = try handle.readToEnd() ?? Data()
        var end = tail.count
        if let lastNewline = tail.lastIndex(of: 0x0A) {
            end = lastNewline + 1
        } else if tailStart == 0 {
            end = 0
        }
        if end < tail.count { try handle.truncate(atOffset: tailStart + UInt64(end)) }
        let lines = tail[..<end].split(separator: 0x0A)
        struct Numbered: Decodable { var seq: Int }
        lastSeq = lines.last.flatMap { try? JSONDecoder().decode(Numbered.self, from: Data($0)).seq } ?? 0
        try handle.seekToEnd()
        self.handle = handle
    }

    func append(_ alert: Alert) throws {
        guard alert.seq > lastSeq else { return }
        var line = try MessageCodec.encoder().encode(alert)
        line.append(0x0A)
        try handle.write(contentsOf: line)
        lastSeq = alert.seq
    }
}
