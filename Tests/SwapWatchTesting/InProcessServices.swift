import Logging
import ServiceLifecycle
import ServiceSupport
import Synchronization

/// Services run inside the test process under one `ServiceGroup`, for tests that talk to a
/// service through its real sockets without starting an executable. Give them `ipc://` endpoints
/// in a test directory: unique by construction, and a client that connects before the service
/// binds simply waits. `stop()` shuts them down gracefully, as SIGTERM would, and waits for it.
public final class InProcessServices: Sendable {
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    public init(_ services: [any Service]) {
        let group = ServiceGroup(configuration: .init(services: services, logger: Logger(label: "swapwatch.test")))
        self.group = group
        running = Task { try await group.run() }
    }

    /// Graceful shutdown; rethrows what a service threw.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}

/// A clock a test moves by hand, for the timers of service loops.
public final class ManualClock: MonotonicClock {
    private let time = Mutex(Duration.seconds(1000))

    public init() {}

    public var now: Duration { time.withLock { $0 } }

    public func advance(by interval: Duration) {
        time.withLock { $0 += interval }
    }
}

extension ServiceSettings {
    /// Settings from these flags alone (no environment), as a test sets them.
    public init(flags: [String]) {
        self.init(reader: SettingsReader(arguments: [Self.command] + flags, environment: [:]))
    }
}
