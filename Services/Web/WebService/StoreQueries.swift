import Foundation
import ServiceSupport
import SwapWatchMessages
import Synchronization
import ZeroMQ

/// Where the pages get exchanges and their histories: the claim store, or a fixed set in tests.
public protocol ExchangeSource: Sendable {
    /// Every exchange, open ones first (as the store orders them).
    func exchanges() async throws(StoreQueryError) -> [ExchangeSummary]
    /// The exchange's story, or `nil` when the store knows no exchange of that id.
    func history(of exchangeID: String) async throws(StoreQueryError) -> HistoryReply?
}

/// Why the store gave no answer to show.
public enum StoreQueryError: Error, CustomStringConvertible {
    /// It did not answer in time (down, restarting).
    case unavailable(String)
    /// Too many requests are waiting already; this one was not sent.
    case busy
    /// It refused the request itself (bad input): asking again will not help.
    case refused(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the claim store does not answer: \(reason)"
        case .busy: "too many requests are waiting for the claim store"
        case .refused(let reason): reason
        }
    }
}

/// The claim store's read-only queries, over a few request sockets, each living on a serial queue
/// of its own (a ZeroMQ socket is used by one thread at a time), so request handlers never block
/// the event loop and one slow answer does not hold up every page. At most ``waitingLimit``
/// requests wait at once; more are refused at once rather than queued without end.
public final class StoreQueries: ExchangeSource, @unchecked Sendable {
    public static let waitingLimit = 64
    private let lanes: [(queue: DispatchQueue, client: RequestClient)]
    private let turn = Atomic<Int>(0)
    private let waiting = Mutex(0)

    public init(context: ZMQContext, endpoint: String, keys: ClientKeys?, timeout: Duration = .seconds(3), lanes count: Int = 4) {
        lanes = (0..<max(1, count)).map { index in
            (
                DispatchQueue(label: "swapwatch-web.store.\(index)"),
                RequestClient(context: context, endpoint: endpoint, source: "/swapwatch/web", timeout: timeout, attempts: 1, keys: keys)
            )
        }
    }

    public func exchanges() async throws(StoreQueryError) -> [ExchangeSummary] {
        try await call { try $0.call(ExchangesQuery(includeClosed: true), expecting: ExchangesReply.self).exchanges }
    }

    public func history(of exchangeID: String) async throws(StoreQueryError) -> HistoryReply? {
        try await call { client in
            do { return try client.call(HistoryQuery(exchangeID: exchangeID), expecting: HistoryReply.self) } catch RequestError.refused(let error)
                where error.code == "unknown-exchange"
            {
                return nil
            }
        }
    }

    /// Closes the sockets (call once the context is shut down, so nothing waits on an answer).
    public func close() {
        for lane in lanes { lane.queue.sync { lane.client.close() } }
    }

    private func call<T: Sendable>(_ body: @escaping @Sendable (RequestClient) throws -> T) async throws(StoreQueryError) -> T {
        let admitted = waiting.withLock { count in
            guard count < Self.waitingLimit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw .busy }
        defer { waiting.withLock { $0 -= 1 } }
        let lane = turn.add(1, ordering: .relaxed).oldValue % lanes.count
        let result: Result<T, Error> = await withCheckedContinuation { continuation in
            lanes[lane].queue.async { continuation.resume(returning: Result { try body(self.lanes[lane].client) }) }
        }
        switch result {
        case .success(let value): return value
        case .failure(RequestError.refused(let reply)) where reply.code != ErrorReply.unavailableCode: throw .refused(reply.message)
        case .failure(let error): throw .unavailable("\(error)")
        }
    }
}
