import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// The claim store process: answers requests on its ROUTER socket (one writer, one thread) and
/// publishes outbox events to the bus, republishing whatever a crash left unpublished. It opens
/// its database when it starts and checkpoints and closes it when it stops, however it stops.
public struct ClaimStoreService: Service {
    public let databasePath: String
    public let requestEndpoint: String
    public let publishEndpoint: String
    let logger: Logger

    public init(settings: StoreSettings, logger: Logger = Logger(label: "swapwatch.store")) {
        self.databasePath = settings.databasePath
        self.requestEndpoint = settings.requestEndpoint
        self.publishEndpoint = settings.publishEndpoint
        self.logger = logger
    }

    public func run() async throws {
        try await using(try StoreDatabase(path: databasePath)) { database in
            let context = ZMQContext()
            let loop = StoreLoop(
                store: ClaimStore(database: database), requestEndpoint: requestEndpoint, publishEndpoint: publishEndpoint, logger: logger)
            logger.info("claim store up", metadata: ["requests": "\(requestEndpoint)", "publish": "\(publishEndpoint)"])
            try await SocketServiceRunner.run(name: "store", context: context) {
                try loop.run(context: context)
            }
            logger.info("claim store stopped")
        }
    }
}

/// The store's socket loop, on its own thread.
private struct StoreLoop: Sendable {
    let store: ClaimStore
    let requestEndpoint: String
    let publishEndpoint: String
    let logger: Logger

    func run(context: ZMQContext) throws {
        let router = try ZMQSocket(context: context, type: .router)
        try router.setMaximumMessageSize(Int64(MessageCodec.maximumMessageBytes))
        try router.bind(requestEndpoint, as: "requests", logger: logger)
        let publisher = try ZMQSocket(context: context, type: .publisher)
        try publisher.connect(publishEndpoint)
        let responder = Responder(source: "/swapwatch/store", logger: logger)
        let requests = routes()
        var poller = Poller()
        poller.add(router)
        while true {
            if try poller.poll(timeoutMilliseconds: 1000).first == true {
                try responder.serveOne(from: router, routing: requests)
            }
            try publishOutbox(publisher)
        }
    }

    /// The requests the store answers: reports to store, and queries.
    private func routes() -> MessageRouter {
        var router = MessageRouter(service: "claim store")
        router.on(StoreReport.self) { [store] in try store.store($0) }
        router.on(ExchangesQuery.self) { [store] in try store.exchanges($0) }
        router.on(HistoryQuery.self) { [store] in try store.history($0) }
        router.on(EventsQuery.self) { [store] in try store.events($0) }
        return router
    }

    /// Publishes committed events not yet published, in order, then marks them.
    private func publishOutbox(_ publisher: ZMQSocket) throws {
        let events = try store.unpublishedEvents()
        guard let last = events.last else { return }
        for event in events {
            let envelope = MessageCodec.encode(event, source: "/swapwatch/store")
            try publisher.send([Data(Topics.expectationChanged(exchangeID: event.change.exchange.id).utf8), envelope])
        }
        try store.markPublished(through: last.seq)
        logger.debug("published events", metadata: ["through": "\(last.seq)"])
    }
}
