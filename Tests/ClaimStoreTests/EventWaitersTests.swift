import Foundation
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import ClaimStore

/// The store holds a query for events it has none for until a commit brings some.
@Suite struct EventWaitersTests {
    let second: UInt64 = 1_000_000_000

    func query(after: Int, wait: Int?, user: String? = nil, type: String = EventsQuery.messageType) -> RoutedRequest {
        let body = MessageCodec.encode(Envelope(source: "/test", data: EventsQuery(after: after, waitMilliseconds: wait)))
        var header = try? MessageCodec.header(of: body)
        header?.type = type
        return RoutedRequest(routing: [Data("after-\(after)".utf8), Data()], body: body, user: user, header: header)
    }

    @Test func onlyAQueryThatAsksToWaitAndHasNothingToReadIsHeld() {
        var waiters = EventWaiters()
        let refused = [
            query(after: 3, wait: nil),  // it did not ask to wait
            query(after: 3, wait: 0),  // it asked for no wait
            query(after: 2, wait: 1000),  // event 3 answers it now
            query(after: 3, wait: 1000, user: StackKeys.Role.subscriber.rawValue),  // not a service
            query(after: 3, wait: 1000, type: ExchangesQuery.messageType),  // another request
        ].map { waiters.hold($0, lastSeq: 3, now: 0) }
        #expect(refused == [false, false, false, false, false])
        let service = waiters.hold(query(after: 3, wait: 1000, user: StackKeys.Role.service.rawValue), lastSeq: 3, now: 0)
        let withoutKeys = waiters.hold(query(after: 3, wait: 1000), lastSeq: 3, now: 0)
        #expect(service && withoutKeys, "a store without keys knows no roles")
        #expect(waiters.count == 2)
    }

    @Test func aHeldQueryIsDueWhenAnEventIsCommittedOrItsWaitIsOver() {
        var waiters = EventWaiters()
        _ = waiters.hold(query(after: 3, wait: 1000), lastSeq: 3, now: 0)
        _ = waiters.hold(query(after: 3, wait: 60_000), lastSeq: 3, now: 0)
        #expect(waiters.count == 2)
        #expect(waiters.millisecondsToNextDeadline(now: second / 2) == 501)
        let early = waiters.due(lastSeq: 3, now: second / 2)
        #expect(early.isEmpty)
        let waitOver = waiters.due(lastSeq: 3, now: second)
        #expect(waitOver.map(\.query.waitMilliseconds) == [1000])
        #expect(waiters.millisecondsToNextDeadline(now: second) == 4001, "no wait is longer than EventsQuery.longestWait")
        let committed = waiters.due(lastSeq: 4, now: second)
        #expect(committed.count == 1, "event 4 was committed")
        #expect(waiters.count == 0 && waiters.millisecondsToNextDeadline(now: second) == nil)
    }

    @Test func nothingPastTheLimitIsHeld() {
        var waiters = EventWaiters()
        let held = (0...EventWaiters.limit).map { _ in waiters.hold(query(after: 0, wait: 1000), lastSeq: 0, now: 0) }
        #expect(held == Array(repeating: true, count: EventWaiters.limit) + [false], "the one past the limit is answered at once")
    }

    /// A held query is answered from the events just published when they reach back to it, and
    /// from the outbox when they do not.
    @Test func aHeldQueryIsAnsweredFromWhatWasJustPublished() throws {
        let published = (4...6).map { Fixtures.event($0, size: 100 + $0) }
        var read: [Int] = []
        let reading = { (query: EventsQuery) in
            read.append(query.after)
            return EventsReply(events: [Fixtures.event(2, size: 1)], lastSeq: 6)
        }
        let fromPublished = try EventWaiters.reply(to: EventsQuery(after: 4, limit: 1), published: published, lastSeq: 6, reading: reading)
        #expect(fromPublished.events.map(\.seq) == [5] && fromPublished.lastSeq == 6)
        #expect(try EventWaiters.reply(to: EventsQuery(after: 3), published: published, lastSeq: 6, reading: reading).events.map(\.seq) == [4, 5, 6])
        #expect(read.isEmpty)
        #expect(try EventWaiters.reply(to: EventsQuery(after: 1), published: published, lastSeq: 6, reading: reading).events.map(\.seq) == [2])
        let late = try EventWaiters.reply(to: EventsQuery(after: 6), published: [], lastSeq: 6, reading: reading)
        #expect(late.events.isEmpty && late.lastSeq == 6, "a wait that ran out is answered with no events")
        #expect(read == [1])
    }
}
