import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import Synchronization

/// Services run inside the test process under one `ServiceGroup`, for tests that talk to a
/// service through its real sockets without starting an executable. Give them `ipc://` endpoints
/// in a test directory: unique by construction, and a client that connects before the service
/// binds simply waits. `stop()` shuts them down gracefully, as SIGTERM would, and waits for it.
///
/// The group runs on a thread of its own (a task executor preference), so the services start and
/// answer even while other tests block every thread of the shared cooperative pool.
public final class InProcessServices: Sendable {
    private let group: ServiceGroup
    private let executor = DedicatedThreadExecutor(name: "in-process-services")
    private let running: Task<Void, any Error>

    public init(_ services: [any Service]) {
        let group = ServiceGroup(configuration: .init(services: services, logger: Logger(label: "swapwatch.test")))
        self.group = group
        running = Task(executorPreference: executor) { try await group.run() }
    }

    /// Graceful shutdown; rethrows what a service threw.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        defer { executor.finish() }
        try await running.value
    }
}

/// A task executor that runs every job on one thread of its own.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs queued so far have run.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
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
