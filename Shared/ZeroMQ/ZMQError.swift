import CZeroMQ
import Foundation

/// An error reported by libzmq, mapped to the cases callers act on.
public enum ZMQError: Error, Equatable, CustomStringConvertible {
    /// The context was shut down (`ETERM`): the owning loop should end.
    case contextTerminated
    /// Any other libzmq error, with its errno and libzmq's own message.
    case system(code: Int32, message: String)

    /// The error for the calling thread's current `zmq_errno()`.
    static func current() -> ZMQError {
        let code = zmq_errno()
        if code == ETERM { return .contextTerminated }
        return .system(code: code, message: String(cString: zmq_strerror(code)))
    }

    public var description: String {
        switch self {
        case .contextTerminated: "ZeroMQ context terminated"
        case .system(let code, let message): "ZeroMQ error \(code): \(message)"
        }
    }
}

/// Runs a libzmq call that returns -1 on error, retrying on `EINTR`.
/// Returns `nil` for `EAGAIN` (would block), the call's result otherwise.
@discardableResult
func zmqCall(_ body: () -> Int32) throws(ZMQError) -> Int32? {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = zmq_errno()
        if code == EINTR { continue }
        if code == EAGAIN { return nil }
        throw ZMQError.current()
    }
}
