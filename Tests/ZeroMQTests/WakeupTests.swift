import Foundation
import Testing
import ZeroMQ

/// A thread polling sockets is woken by another thread through a ``Wakeup``.
@Suite struct WakeupTests {
    @Test func aSignalFromAnotherThreadWakesThePollUntilCleared() throws {
        let context = ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        defer { socket.close() }
        try socket.bind("inproc://wakeup-test")
        let wakeup = try Wakeup()
        var poller = Poller()
        poller.add(socket)
        poller.add(wakeup)
        #expect(try poller.poll(timeoutMilliseconds: 0) == [false, false])
        let done = DispatchSemaphore(value: 0)
        Thread {
            wakeup.signal()
            wakeup.signal()
            done.signal()
        }.start()
        #expect(try poller.poll(timeoutMilliseconds: 10_000) == [false, true], "woken long before the timeout")
        done.wait()
        #expect(try poller.poll(timeoutMilliseconds: 0) == [false, true], "readable until cleared")
        wakeup.clear()
        #expect(try poller.poll(timeoutMilliseconds: 0) == [false, false], "two signals before a clear count as one")
    }
}
