import ServiceSupport
import SwapWatchTesting
import Testing

@Suite struct PeriodicTests {
    private func due(_ periodic: inout Periodic) -> Bool { periodic.isDue() }

    @Test func dueAtOnceThenOncePerInterval() {
        let clock = ManualClock()
        var heartbeat = Periodic(every: .seconds(1), clock: clock)
        #expect(due(&heartbeat))
        #expect(!due(&heartbeat))
        clock.advance(by: .milliseconds(999))
        #expect(!due(&heartbeat))
        clock.advance(by: .milliseconds(1))
        #expect(due(&heartbeat))
        clock.advance(by: .seconds(5))
        #expect(due(&heartbeat))
        #expect(!due(&heartbeat), "a long pause gives one beat, not one per missed interval")
    }

    @Test func aRestartPutsTheNextOneAFullIntervalAway() {
        let clock = ManualClock()
        var catchUp = Periodic(every: .seconds(2), clock: clock)
        #expect(due(&catchUp))
        clock.advance(by: .milliseconds(1500))
        catchUp.restart()  // caught up for another reason (a gap in events)
        clock.advance(by: .milliseconds(1500))
        #expect(!due(&catchUp))
        clock.advance(by: .milliseconds(500))
        #expect(due(&catchUp))
    }
}
