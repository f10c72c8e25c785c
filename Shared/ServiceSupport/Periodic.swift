import Dispatch

/// The clock service loops measure intervals by: monotonic time since an arbitrary origin. The
/// system's in services; tests drive a manual one.
public protocol MonotonicClock: Sendable {
    var now: Duration { get }
}

/// The system's monotonic clock (uptime).
public struct SystemClock: MonotonicClock {
    public init() {}
    public var now: Duration { .nanoseconds(DispatchTime.now().uptimeNanoseconds) }
}

/// Something a loop does every `interval` (a heartbeat, a catch-up): due at once, then again
/// once `interval` has passed since it was last done. A loop can also `restart` it when it did
/// the thing for another reason.
public struct Periodic: Sendable {
    public let interval: Duration
    private let clock: any MonotonicClock
    private var last: Duration?

    public init(every interval: Duration, clock: any MonotonicClock = SystemClock()) {
        self.interval = interval
        self.clock = clock
    }

    /// Whether it is due now; if so, the interval starts again from now.
    public mutating func isDue() -> Bool {
        let now = clock.now
        if let last, now - last < interval { return false }
        last = now
        return true
    }

    /// Starts the interval again from now: it was just done.
    public mutating func restart() {
        last = clock.now
    }
}
