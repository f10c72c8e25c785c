import Foundation
import ServiceSupport
import SwapWatchMessages

/// Puts each client's submissions back in the order it sent them. A client that keeps many
/// submissions (a report, or a batch of them) in flight numbers them in a stream (the envelope's
/// `sequence`, `<stream>:<number>`); ingest workers read them side by side and finish in any
/// order, and the expectation rules must see them as sent (a later report read first would raise an
/// alert the earlier one then undoes). So a ``StoreReports`` that comes before those numbered ahead
/// of it is held until they are in.
///
/// A number the store answers at the start (reports it already has: no ``StoreReports`` will
/// come) is passed over (``settled(_:reply:)``). A gap still open after `patience` (a submission
/// lost with a worker that died, to be resent) is given up on: what waits goes on in order, and the
/// missing reports are applied when they come. A request without a sequence, or with one from
/// before (a resend), goes on at once.
struct SubmissionOrder {
    private struct Stream {
        var next = 0
        /// Reports waiting, by number; `nil` marks a number that will not come (passed over).
        var held: [Int: RoutedRequest?] = [:]
        /// When the oldest report now held arrived.
        var waitingSince: UInt64?
        var lastSeen: UInt64
    }

    /// How long a gap is waited on, in nanoseconds.
    private let patience: UInt64
    /// The most reports held at once, over all streams; past it, the longest wait is given up on.
    let capacity: Int
    private var streams: [String: Stream] = [:]
    private var heldCount = 0

    init(patience: Duration = .seconds(3), capacity: Int = 4096) {
        self.patience = patience.nanoseconds
        self.capacity = capacity
    }

    /// The requests that can go on now that `request` has come, in order: none (it waits), it,
    /// or it and those it was holding back.
    mutating func admit(_ request: RoutedRequest, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> [RoutedRequest] {
        guard let (type, name, number) = Self.position(of: request), type == StoreReports.messageType else { return [request] }
        var stream = streams[name] ?? Stream(lastSeen: now)
        stream.lastSeen = now
        guard number >= stream.next else {  // a resend of one already on its way
            streams[name] = stream
            return [request]
        }
        guard number == stream.next else {
            // Counted unless it takes the place of a request already held under its number.
            if (stream.held.updateValue(request, forKey: number) ?? nil) == nil { heldCount += 1 }
            if stream.waitingSince == nil { stream.waitingSince = now }
            streams[name] = stream
            return heldCount > capacity ? giveUp(on: longestWaiting() ?? name) : []
        }
        stream.next += 1
        let ready = [request] + release(&stream)
        streams[name] = stream
        return ready
    }

    /// Passes over the number of a submission the store answered at its start (every report already
    /// stored, or quarantined): its ``StoreReports`` will not come. Returns what that releases, in order.
    mutating func settled(_ request: RoutedRequest, reply: Data) -> [RoutedRequest] {
        guard let (type, name, number) = Self.position(of: request), type == BeginExtractions.messageType,
            let plans = try? MessageCodec.decode(ExtractionPlans.self, from: reply).data, plans.plans.allSatisfy({ $0.decision == .answered })
        else { return [] }
        var stream = streams[name] ?? Stream(lastSeen: DispatchTime.now().uptimeNanoseconds)
        guard number >= stream.next else { return [] }
        defer { streams[name] = stream }
        guard number == stream.next else {
            if stream.held[number] == nil { stream.held[number] = .some(nil) }
            return []
        }
        stream.next += 1
        return release(&stream)
    }

    /// The requests whose gap has been waited on for longer than `patience`, in order; streams
    /// quiet for a minute with nothing held are forgotten.
    mutating func overdue(now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> [RoutedRequest] {
        var ready: [RoutedRequest] = []
        for name in streams.keys {
            guard let since = streams[name]?.waitingSince, now - since >= patience else { continue }
            ready += giveUp(on: name)
        }
        streams = streams.filter { !$0.value.held.isEmpty || now - $0.value.lastSeen < 60_000_000_000 }
        return ready
    }

    /// Milliseconds until the first gap is given up on (nil when nothing is held).
    func millisecondsToNextDeadline(now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Int? {
        guard let oldest = streams.values.compactMap(\.waitingSince).min() else { return nil }
        let due = oldest + patience
        return due > now ? Int((due - now) / 1_000_000) + 1 : 0
    }

    /// Skips the gap of stream `name`: what it holds goes on in order.
    private mutating func giveUp(on name: String) -> [RoutedRequest] {
        guard var stream = streams[name], let first = stream.held.keys.min() else { return [] }
        stream.next = first
        let ready = release(&stream)
        streams[name] = stream
        return ready
    }

    /// The held requests that follow on from `stream.next`, taken out of the hold.
    private mutating func release(_ stream: inout Stream) -> [RoutedRequest] {
        var ready: [RoutedRequest] = []
        while let waiting = stream.held.removeValue(forKey: stream.next) {
            if let request = waiting {
                ready.append(request)
                heldCount -= 1
            }
            stream.next += 1
        }
        stream.waitingSince = stream.held.isEmpty ? nil : (stream.waitingSince ?? DispatchTime.now().uptimeNanoseconds)
        return ready
    }

    private func longestWaiting() -> String? {
        streams.filter { $0.value.waitingSince != nil }.min { $0.value.waitingSince! < $1.value.waitingSince! }?.key
    }

    /// The type, stream and number of a request, from its envelope's `sequence`.
    static func position(of request: RoutedRequest) -> (type: String, stream: String, number: Int)? {
        guard let header = request.header, let sequence = header.sequence, let colon = sequence.lastIndex(of: ":"),
            let number = Int(sequence[sequence.index(after: colon)...]), number >= 0
        else { return nil }
        return (header.type, String(sequence[..<colon]), number)
    }
}
