import CZeroMQ

/// libzmq's built-in proxy (`zmq_proxy`) between two sockets.
public enum Proxy {
    /// Shuttles messages between `frontend` and `backend` until the context is shut down.
    /// Blocks the calling thread; returns normally on context termination.
    public static func run(frontend: ZMQSocket, backend: ZMQSocket) throws(ZMQError) {
        guard let front = frontend.handle, let back = backend.handle else {
            throw ZMQError.system(code: ENOTSOCK, message: "socket is closed")
        }
        while true {
            if zmq_proxy(front, back, nil) == 0 { return }
            let error = ZMQError.current()
            if error == .contextTerminated { return }
            if case .system(let code, _) = error, code == EINTR { continue }
            throw error
        }
    }
}
