import CZeroMQ

/// A libzmq context. Thread-safe, as libzmq contexts are; sockets keep it alive.
///
/// Call ``shutdown()`` to make every blocking call on its sockets return
/// ``ZMQError/contextTerminated`` so the threads that own them can close them and end.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) {
        guard let handle = zmq_ctx_new() else { fatalError("zmq_ctx_new failed: out of memory") }
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        self.handle = handle
    }

    /// Interrupts every blocking call on this context's sockets (`zmq_ctx_shutdown`).
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        // Every socket holds a reference to its context, so by now all are closed
        // and, with linger set on each, termination does not block.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The libzmq version linked at run time, as "major.minor.patch".
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
