import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// The claim store process: answers requests on its ROUTER socket (one writer, one thread) and
/// publishes outbox events to the bus, republishing whatever a crash left unpublished. It opens
/// its database when it starts and checkpoints and closes it when it stops, however it stops.
public struct ClaimStoreService: SocketService {
    public let settings: StoreSettings

    public init(settings: StoreSettings) { self.settings = settings }

    /// The store over its database file, migrated.
    public func open() throws -> ClaimStore { try ClaimStore(.file(settings.databasePath)) }

    public func serve(_ store: ClaimStore, context: ZMQContext) throws {
        let logger = settings.logger
        let keys = try settings.stackKeys()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setMaximumMessageSize(Int64(MessageLimits.request))
        try router.serve(.store, with: keys)
        try router.bind(settings.requestEndpoint, as: "requests", logger: logger)
        let publisher = try ZMQSocket(context: context, type: .publisher)
        try publisher.connect(settings.publishEndpoint, with: keys?.asClient)
        let responder = Responder(source: "/swapwatch/store", logger: logger)
        let requests = routes(store)
        var poller = Poller()
        poller.add(router)
        while true {
            if try poller.poll(timeoutMilliseconds: 1000).first == true {
                try responder.serveOne(from: router, routing: requests)
            }
            try publishOutbox(store, publisher)
        }
    }

    /// The requests the store answers: reports to store, and queries.
    private func routes(_ store: ClaimStore) -> MessageRouter {
        var router = MessageRouter(service: "claim store")
        router.on(StoreReport.self, allowed: [.service]) { [store] in try store.store($0) }
        router.on(ExchangesQuery.self) { [store] in try store.exchanges($0) }
        router.on(HistoryQuery.self) { [store] in try store.history($0) }
        router.on(EventsQuery.self, allowed: [.service]) { [store] in try store.events($0) }
        router.on(BeginExtraction.self, allowed: [.service]) { [store] in try store.beginExtraction($0) }
        router.on(QuarantineQuery.self, allowed: [.service, .submitter]) { [store] in try store.quarantined($0) }
        return router
    }

    /// Publishes committed events not yet published, in order, then marks them.
    private func publishOutbox(_ store: ClaimStore, _ publisher: ZMQSocket) throws {
        let events = try store.unpublishedEvents()
        guard let last = events.last else { return }
        for event in events {
            let envelope = MessageCodec.encode(event, source: "/swapwatch/store")
            try publisher.send([Data(Topics.expectationChanged(exchangeID: event.change.exchange.id).utf8), envelope])
        }
        try store.markPublished(through: last.seq)
        settings.logger.debug("published events", metadata: ["through": "\(last.seq)"])
    }
}
