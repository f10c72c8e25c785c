import CZeroMQ

/// `zmq_poll` over a fixed set of sockets, for readability.
public struct Poller {
    private var sockets: [ZMQSocket] = []

    public init() {}

    public mutating func add(_ socket: ZMQSocket) {
        sockets.append(socket)
    }

    /// Waits until at least one socket is readable or the timeout passes (-1: forever).
    /// - Returns: for each socket, in the order added, whether it is readable.
    public func poll(timeoutMilliseconds: Int) throws(ZMQError) -> [Bool] {
        var items = try sockets.map { (socket) throws(ZMQError) in
            guard let handle = socket.handle else {
                throw ZMQError.system(code: ENOTSOCK, message: "socket is closed")
            }
            return zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        }
        let count = Int32(items.count)
        let ready = try items.withUnsafeMutableBufferPointer { (buffer) throws(ZMQError) in
            try zmqCall { zmq_poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
        guard (ready ?? 0) > 0 else { return Array(repeating: false, count: items.count) }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
