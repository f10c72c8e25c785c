import Foundation
import SwapWatchMessages
import Synchronization

/// Hands each new alert to every open event stream (`/events`) and the webhook deliverer. A
/// listener that falls more than ``bufferLimit`` items behind is dropped: its stream ends, and the
/// browser reconnects with `Last-Event-ID` and catches up from the archive, so a stalled client
/// costs bounded memory and loses nothing.
public final class AlertBroadcast: Sendable {
    /// What a listener receives.
    public enum Item: Sendable {
        case alert(Alert)
        /// Nothing new: a comment that keeps proxies from closing an idle stream.
        case keepAlive
    }

    public static let bufferLimit = 256
    /// At most this many listeners at once; more are refused.
    public let capacity: Int

    private struct State {
        var listeners: [UInt64: AsyncStream<Item>.Continuation] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }
    private let state = Mutex(State())

    public init(capacity: Int = 1000) { self.capacity = capacity }

    /// A stream of what is broadcast from now on, or `nil` when full or closed.
    public func listen() -> AsyncStream<Item>? {
        let (stream, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(Self.bufferLimit))
        let id: UInt64? = state.withLock { state in
            guard !state.closed, state.listeners.count < capacity else { return nil }
            state.nextID += 1
            state.listeners[state.nextID] = continuation
            return state.nextID
        }
        guard let id else { return nil }
        continuation.onTermination = { [weak self] _ in self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) } }
        return stream
    }

    /// The number of open listeners.
    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    public func publish(_ item: Item) {
        let listeners = state.withLock { Array($0.listeners) }
        for (id, continuation) in listeners {
            if case .dropped = continuation.yield(item) {
                continuation.finish()
                state.withLock { _ = $0.listeners.removeValue(forKey: id) }
            }
        }
    }

    /// Ends every stream and refuses new ones (at shutdown, so open responses end).
    public func close() {
        let listeners = state.withLock { state in
            state.closed = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for continuation in listeners { continuation.finish() }
    }
}
