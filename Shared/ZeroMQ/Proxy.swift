import CZeroMQ

/// A queue between two sockets, as libzmq's `zmq_proxy`, that waits instead of spinning when a
/// side cannot take what the other holds: `zmq_proxy` polls a readable socket whose partner has
/// no room (a DEALER with no worker connected) in a busy loop, a core at 100% for as long as
/// reports wait (zeromq/libzmq#4071). Here a side is read only while the other can take a
/// message; until then the proxy sleeps in `zmq_poll` on the other becoming writable.
public enum Proxy {
    /// How many messages one direction forwards before the other gets its turn.
    static let batch = 256

    /// Shuttles whole multipart messages both ways between `frontend` and `backend` until the
    /// context is shut down. Blocks the calling thread; returns normally on context termination.
    public static func run(frontend: ZMQSocket, backend: ZMQSocket) throws(ZMQError) {
        guard let front = frontend.handle, let back = backend.handle else {
            throw ZMQError.system(code: ENOTSOCK, message: "socket is closed")
        }
        do throws(ZMQError) {
            var items = [
                zmq_pollitem_t(socket: front, fd: 0, events: 0, revents: 0),
                zmq_pollitem_t(socket: back, fd: 0, events: 0, revents: 0),
            ]
            while true {
                try forward(from: front, to: back)
                try forward(from: back, to: front)
                // Per direction: wait for input while the other side has room, else for room.
                let frontEvents = try events(front)
                let backEvents = try events(back)
                items[0].events =
                    want(source: frontEvents, destination: backEvents, asSource: true)
                    | want(source: backEvents, destination: frontEvents, asSource: false)
                items[1].events =
                    want(source: backEvents, destination: frontEvents, asSource: true)
                    | want(source: frontEvents, destination: backEvents, asSource: false)
                let count = Int32(items.count)
                _ = try items.withUnsafeMutableBufferPointer { (buffer) throws(ZMQError) in
                    try zmqCall { zmq_poll(buffer.baseAddress, count, -1) }
                }
            }
        } catch .contextTerminated {
            return
        }
    }

    /// The poll events one direction asks of one of its sockets: the source is polled for input
    /// when the destination has room or holds nothing back; the destination for room when the
    /// source holds a message it cannot take.
    private static func want(source: Int16, destination: Int16, asSource: Bool) -> Int16 {
        let pending = source & Int16(ZMQ_POLLIN) != 0
        let room = destination & Int16(ZMQ_POLLOUT) != 0
        if asSource { return room || !pending ? Int16(ZMQ_POLLIN) : 0 }
        return pending && !room ? Int16(ZMQ_POLLOUT) : 0
    }

    /// Forwards whole messages while `source` has one and `destination` has room (a batch at most).
    private static func forward(from source: UnsafeMutableRawPointer, to destination: UnsafeMutableRawPointer) throws(ZMQError) {
        for _ in 0..<batch {
            let input = try events(source) & Int16(ZMQ_POLLIN) != 0
            guard input, try events(destination) & Int16(ZMQ_POLLOUT) != 0 else { return }
            try forwardMessage(from: source, to: destination)
        }
    }

    /// Moves one multipart message, frame by frame, without copying its bytes.
    private static func forwardMessage(from source: UnsafeMutableRawPointer, to destination: UnsafeMutableRawPointer) throws(ZMQError) {
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        var more = true
        while more {
            guard try zmqCall({ zmq_msg_recv(&message, source, ZMQ_DONTWAIT) }) != nil else { return }
            more = zmq_msg_more(&message) != 0
            // The destination had room for the first frame; libzmq queues the rest with it.
            _ = try zmqCall { zmq_msg_send(&message, destination, more ? ZMQ_SNDMORE : 0) }
        }
    }

    /// `ZMQ_EVENTS`: whether a socket holds input (`ZMQ_POLLIN`) and has room (`ZMQ_POLLOUT`) now.
    private static func events(_ socket: UnsafeMutableRawPointer) throws(ZMQError) -> Int16 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        _ = try zmqCall { zmq_getsockopt(socket, ZMQ_EVENTS, &value, &size) }
        return Int16(truncatingIfNeeded: value)
    }
}
