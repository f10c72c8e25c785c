import Foundation
import ServiceSupport
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import ClaimStore

/// The store applies a client's reports in the order the client sent them.
@Suite struct SubmissionOrderTests {
    func request(_ stream: String?, _ number: Int) throws -> RoutedRequest {
        let store = try Fixtures.storeRequest("r\(number)", text: "report \(number)", published: "2025-05-18T10:00:00Z", claims: [])
        let body = MessageCodec.encode(Envelope(source: "/test", data: StoreReports(items: [store]), sequence: stream.map { "\($0):\(number)" }))
        return RoutedRequest(routing: [Data("\(number)".utf8), Data()], body: body, user: nil, header: try MessageCodec.header(of: body))
    }

    func numbers(_ requests: [RoutedRequest]) -> [Int] { requests.map { Int(String(decoding: $0.routing[0], as: UTF8.self))! } }

    @Test func reportsThatOvertakeWaitForThoseBeforeThem() throws {
        var order = SubmissionOrder()
        #expect(numbers(order.admit(try request("a", 0))) == [0])
        #expect(numbers(order.admit(try request("a", 2))).isEmpty)
        #expect(numbers(order.admit(try request("a", 3))).isEmpty)
        #expect(numbers(order.admit(try request("b", 0))) == [0], "streams are apart")
        #expect(numbers(order.admit(try request("a", 1))) == [1, 2, 3])
        #expect(numbers(order.admit(try request("a", 1))) == [1], "a resend goes on at once")
        #expect(numbers(order.admit(try request(nil, 7))) == [7], "so does a report outside any stream")
        #expect(order.millisecondsToNextDeadline() == nil)
    }

    /// A report the store already has is answered at its start: its number is passed over.
    @Test func aNumberAnsweredAtTheStartIsPassedOver() throws {
        var order = SubmissionOrder()
        func begin(_ number: Int) -> RoutedRequest {
            let begin = BeginExtractions(items: [BeginExtraction(reportID: "r\(number)", contentHash: "h\(number)", worker: "w")])
            let body = MessageCodec.encode(Envelope(source: "/test", data: begin, sequence: "a:\(number)"))
            return RoutedRequest(routing: [Data("\(number)".utf8), Data()], body: body, user: nil, header: try? MessageCodec.header(of: body))
        }
        let answered = MessageCodec.encode(ExtractionPlans(plans: [ExtractionPlan(.answered)]), source: "/test")
        let proceed = MessageCodec.encode(ExtractionPlans(plans: [ExtractionPlan(.answered), ExtractionPlan(.proceed)]), source: "/test")
        #expect(numbers(order.admit(try request("a", 2))).isEmpty)
        #expect(order.settled(begin(1), reply: answered).isEmpty, "0 is still to come")
        #expect(numbers(order.admit(begin(0))) == [0], "a begin request is never held")
        #expect(order.settled(begin(0), reply: proceed).isEmpty)
        #expect(numbers(order.admit(try request("a", 0))) == [0, 2], "1 is passed over")
    }

    @Test func aGapIsGivenUpOnAfterThePatience() throws {
        var order = SubmissionOrder(patience: .seconds(2))
        let start: UInt64 = 1_000_000_000
        #expect(numbers(order.admit(try request("a", 1), now: start)).isEmpty)
        #expect(numbers(order.admit(try request("a", 2), now: start)).isEmpty)
        #expect(numbers(order.overdue(now: start + 1_000_000_000)).isEmpty)
        #expect(numbers(order.overdue(now: start + 2_000_000_000)) == [1, 2])
        // The missing report, come at last, goes on; so do the next ones.
        #expect(numbers(order.admit(try request("a", 0), now: start + 3_000_000_000)) == [0])
        #expect(numbers(order.admit(try request("a", 3), now: start + 3_000_000_000)) == [3])
    }

    @Test func pastItsCapacityTheLongestWaitIsGivenUpOn() throws {
        var order = SubmissionOrder(capacity: 2)
        #expect(order.admit(try request("a", 5), now: 1).isEmpty)
        #expect(order.admit(try request("b", 5), now: 2).isEmpty)
        #expect(numbers(order.admit(try request("b", 6), now: 3)) == [5])
        // When the longest wait is the stream's own, what it releases is released once.
        var own = SubmissionOrder(capacity: 1)
        #expect(own.admit(try request("a", 5), now: 1).isEmpty)
        #expect(numbers(own.admit(try request("a", 6), now: 2)) == [5, 6])
        #expect(numbers(own.admit(try request("a", 7), now: 3)) == [7])
        #expect(own.overdue(now: 60_000_000_000).isEmpty)
    }
}
