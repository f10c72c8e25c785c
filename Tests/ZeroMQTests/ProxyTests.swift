import Foundation
import Synchronization
import Testing
import ZeroMQ

/// The CPU time one thread has used, read from another.
private func cpuSeconds(of thread: pthread_t) -> Double {
    var clock = clockid_t()
    guard pthread_getcpuclockid(thread, &clock) == 0 else { return .nan }
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

@Suite struct ProxyTests {
    /// libzmq's own proxy spins a core while messages wait for a backend with no peer; this one
    /// sleeps until a worker connects, then hands over everything that waited and carries replies.
    @Test(.timeLimit(.minutes(1))) func queuedMessagesWaitWithoutSpinningForAWorker() async throws {
        let context = ZMQContext()
        let id = UUID().uuidString
        let front = "inproc://proxy-front-\(id)"
        let back = "inproc://proxy-back-\(id)"
        let proxyThread = Mutex<pthread_t?>(nil)
        async let proxy: Void? = SocketThread.run(name: "proxy", context: context) {
            let frontend = try ZMQSocket(context: context, type: .router)
            let backend = try ZMQSocket(context: context, type: .dealer)
            try frontend.bind(front)
            try backend.bind(back)
            proxyThread.withLock { $0 = pthread_self() }
            try Proxy.run(frontend: frontend, backend: backend)
        }
        while proxyThread.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let thread = try #require(proxyThread.withLock { $0 })

        let client = try ZMQSocket(context: context, type: .dealer)
        try client.connect(front)
        for n in 0..<100 { try client.send([Data(), Data("report \(n)".utf8)]) }
        try await Task.sleep(for: .milliseconds(300))
        let before = cpuSeconds(of: thread)
        try await Task.sleep(for: .seconds(1))
        let spent = cpuSeconds(of: thread) - before
        // A spinning proxy spends the whole second; a waiting one next to nothing.
        #expect(spent < 0.1, "the proxy used \(spent) s of CPU in 1 s with no worker connected")

        let worker = try ZMQSocket(context: context, type: .dealer)
        try worker.connect(back)
        var received: [String] = []
        while received.count < 100, try worker.waitReadable(timeoutMilliseconds: 5000) {
            let frames = try #require(try worker.receive())
            received.append(String(decoding: frames.last!, as: UTF8.self))
            try worker.send(Array(frames.dropLast()) + [Data("ok".utf8)])
        }
        #expect(received == (0..<100).map { "report \($0)" })
        var replies = 0
        while replies < 100, try client.waitReadable(timeoutMilliseconds: 5000) {
            #expect(try client.receive() == [Data(), Data("ok".utf8)])
            replies += 1
        }
        #expect(replies == 100)

        client.close()
        worker.close()
        context.shutdown()
        // The proxy ends on the shutdown, without an error of its own.
        _ = try await proxy
    }
}
