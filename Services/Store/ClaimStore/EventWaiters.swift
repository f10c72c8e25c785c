import Foundation
import ServiceSupport
import SwapWatchMessages

/// Queries for events that the store holds until a commit brings some (long polling, see
/// ``EventsQuery/waitMilliseconds``): the notifier hears of an event as the commit that made it
/// ends, rather than from a hint through the bus and then a question of its own, which waits its
/// turn behind whatever the store is writing.
///
/// Only a sender authenticated as a service (or any sender, on a store without keys) is held,
/// and only ``limit`` of them at once: what anyone else asks is answered at once.
struct EventWaiters {
    /// The most queries held at once.
    static let limit = 16

    /// A held query: where its reply goes, what it asks, and when its wait is over.
    struct Waiting {
        let request: RoutedRequest
        let query: EventsQuery
        let deadline: UInt64
    }

    private var waiting: [Waiting] = []

    /// How many queries are held.
    var count: Int { waiting.count }

    /// Holds `request` when it is a query for events that asks to wait, from a service, and the
    /// store has no event after it (`lastSeq` is the last one committed); whether it did.
    mutating func hold(_ request: RoutedRequest, lastSeq: Int, now: UInt64) -> Bool {
        guard request.header?.type == EventsQuery.messageType, waiting.count < Self.limit,
            request.user == nil || request.user == StackKeys.Role.service.rawValue,
            let query = try? EventsQuery.body(of: request.body), let wait = query.waitMilliseconds, wait > 0, query.after >= lastSeq
        else { return false }
        let milliseconds = UInt64(min(wait, EventsQuery.longestWait))
        waiting.append(Waiting(request: request, query: query, deadline: now + milliseconds * 1_000_000))
        return true
    }

    /// The held queries to answer now, no longer held: those the events committed through
    /// `lastSeq` answer, and those whose wait is over.
    mutating func due(lastSeq: Int, now: UInt64) -> [Waiting] {
        let due = waiting.filter { $0.query.after < lastSeq || $0.deadline <= now }
        waiting.removeAll { $0.query.after < lastSeq || $0.deadline <= now }
        return due
    }

    /// Milliseconds until the first held query's wait is over (nil when none is held).
    func millisecondsToNextDeadline(now: UInt64) -> Int? {
        guard let first = waiting.map(\.deadline).min() else { return nil }
        return first > now ? Int((first - now) / 1_000_000) + 1 : 0
    }

    /// The reply to a held query: the events of `published` (the last ones committed, in order)
    /// after it when they reach back that far, else those the store reads.
    static func reply(
        to query: EventsQuery, published: [ExpectationChangedEvent], lastSeq: Int, reading: (EventsQuery) throws -> EventsReply
    ) throws -> EventsReply {
        guard let first = published.first, first.seq <= query.after + 1 else {
            return query.after < lastSeq ? try reading(query) : EventsReply(events: [], lastSeq: lastSeq)
        }
        let events = published.drop { $0.seq <= query.after }.prefix(max(0, min(query.limit, 5000)))
        return EventsReply(events: MessageLimits.page(Array(events)), lastSeq: lastSeq)
    }
}
