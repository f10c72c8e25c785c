import Foundation
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Where the pages get exchanges and their histories: the claim store, or a fixed set in tests.
public protocol ExchangeSource: Sendable {
    /// Every exchange, open ones first (as the store orders them).
    func exchanges() async throws -> [ExchangeSummary]
    /// The exchange's story, or `nil` when the store knows no exchange of that id.
    func history(of exchangeID: String) async throws -> HistoryReply?
}

/// The claim store's read-only queries, asked over one request socket that lives on a serial queue
/// (a ZeroMQ socket is used by one thread at a time), so request handlers never block the event loop.
public final class StoreQueries: ExchangeSource, @unchecked Sendable {
    private let queue = DispatchQueue(label: "swapwatch-web.store")
    private let client: RequestClient

    public init(context: ZMQContext, endpoint: String, keys: ClientKeys?, timeout: Duration = .seconds(5)) {
        client = RequestClient(context: context, endpoint: endpoint, source: "/swapwatch/web", timeout: timeout, attempts: 2, keys: keys)
    }

    public func exchanges() async throws -> [ExchangeSummary] {
        try await call { try $0.call(ExchangesQuery(includeClosed: true), expecting: ExchangesReply.self).exchanges }
    }

    public func history(of exchangeID: String) async throws -> HistoryReply? {
        try await call { client in
            do { return try client.call(HistoryQuery(exchangeID: exchangeID), expecting: HistoryReply.self) } catch RequestError.refused(let error)
                where error.code == "unknown-exchange"
            {
                return nil
            }
        }
    }

    /// Closes the socket (on the queue, after any request in flight).
    public func close() { queue.sync { client.close() } }

    private func call<T: Sendable>(_ body: @escaping @Sendable (RequestClient) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.client) }) }
        }
    }
}
