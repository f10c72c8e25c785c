import CZeroMQ
import Glibc

/// `zmq_poll` over a fixed set of sockets (and ``Wakeup``s), for readability.
public struct Poller {
    private enum Item {
        case socket(ZMQSocket)
        case wakeup(Wakeup)
    }

    private var items: [Item] = []

    public init() {}

    public mutating func add(_ socket: ZMQSocket) {
        items.append(.socket(socket))
    }

    /// Polls `wakeup` too: it is readable once another thread has signalled it.
    public mutating func add(_ wakeup: Wakeup) {
        items.append(.wakeup(wakeup))
    }

    /// Waits until at least one item is readable or the timeout passes (-1: forever).
    /// - Returns: for each item, in the order added, whether it is readable.
    public func poll(timeoutMilliseconds: Int) throws(ZMQError) -> [Bool] {
        var polled = try items.map { (item) throws(ZMQError) in
            switch item {
            case .socket(let socket):
                guard let handle = socket.handle else {
                    throw ZMQError.system(code: ENOTSOCK, message: "socket is closed")
                }
                return zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
            case .wakeup(let wakeup):
                return zmq_pollitem_t(socket: nil, fd: wakeup.descriptor, events: Int16(ZMQ_POLLIN), revents: 0)
            }
        }
        let count = Int32(polled.count)
        let ready = try polled.withUnsafeMutableBufferPointer { (buffer) throws(ZMQError) in
            try zmqCall { zmq_poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
        guard (ready ?? 0) > 0 else { return Array(repeating: false, count: polled.count) }
        return polled.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}

/// Wakes a thread that polls it (``Poller/add(_:)-(Wakeup)``) from another thread: an `eventfd`
/// that ``signal()`` makes readable until ``clear()``.
public final class Wakeup: Sendable {
    let descriptor: Int32

    public init() throws(ZMQError) {
        let descriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard descriptor >= 0 else { throw ZMQError.system(code: errno, message: "eventfd: \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
    }

    /// Makes it readable; signals before a ``clear()`` count as one.
    public func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, 8)
    }

    /// Makes it unreadable again, until the next ``signal()``.
    public func clear() {
        var count: UInt64 = 0
        _ = read(descriptor, &count, 8)
    }

    deinit { close(descriptor) }
}
