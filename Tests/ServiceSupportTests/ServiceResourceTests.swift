import ServiceSupport
import Synchronization
import Testing

@Suite struct ServiceResourceTests {
    private final class Counter: ServiceResource {
        let closes = Mutex(0)
        func close() throws { closes.withLock { $0 += 1 } }
    }

    private struct Failure: Error {}

    @Test func aResourceIsClosedWhenTheServiceReturns() async throws {
        let counter = Counter()
        let result = try await using(counter) { _ in 7 }
        #expect(result == 7)
        #expect(counter.closes.withLock { $0 } == 1)
    }

    @Test func aResourceIsClosedWhenTheServiceThrows() async {
        let counter = Counter()
        await #expect(throws: Failure.self) { try await using(counter) { _ in throw Failure() } }
        #expect(counter.closes.withLock { $0 } == 1)
    }
}
