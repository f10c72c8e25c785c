import Foundation
import Logging
import ReportText
import ServiceSupport
import SwapWatchMessages
import Testing
import ZeroMQ

@Suite struct MessageRouterTests {
    private let responder = Responder(source: "/test", logger: Logger(label: "test"))

    private func router() -> MessageRouter {
        var router = MessageRouter(service: "test service")
        router.on(AlertsQuery.self) { query in EventsReply(events: [], lastSeq: query.after) }
        return router
    }

    private func decode<Payload: MessagePayload>(_ type: Payload.Type, _ data: Data) throws -> Payload {
        try MessageCodec.decode(Payload.self, from: data).data
    }

    @Test func aRequestGoesToTheHandlerOfItsType() throws {
        let request = MessageCodec.encode(AlertsQuery(after: 41), source: "/client")
        let reply = try decode(EventsReply.self, responder.reply(to: request, routing: router()))
        #expect(reply.lastSeq == 41)
    }

    @Test func aTypeNoHandlerTakesIsRefusedByName() throws {
        let request = MessageCodec.encode(HistoryQuery(exchangeID: "x"), source: "/client")
        let reply = try decode(ErrorReply.self, responder.reply(to: request, routing: router()))
        #expect(reply.code == "unknown-type")
        #expect(reply.message.contains("the test service does not handle"))
    }

    @Test func everyReplyErrorBecomesAReplyOnceAtTheBoundary() throws {
        struct Crash: Error {}
        var router = MessageRouter(service: "test service")
        router.on(AlertsQuery.self) { query in
            if query.after == 1 { throw ReportError.missingText }
            if query.after == 2 { throw ErrorReply(code: "busy", message: "try later") }
            throw Crash()
        }
        let codes = try [1, 2, 3].map { after in
            let request = MessageCodec.encode(AlertsQuery(after: after), source: "/client")
            let reply = try MessageCodec.decode(ErrorReply.self, from: responder.reply(to: request, routing: router))
            #expect(reply.correlationid == (try MessageCodec.header(of: request)).id)
            return reply.data.code
        }
        #expect(codes == ["bad-report", "busy", "internal"])
    }

    @Test func aBodyThatDoesNotDecodeIsRefused() throws {
        let request = Data(
            #"{"specversion":"1.0","id":"r1","source":"/c","type":"org.swapwatch.query.alerts","schemaversion":1,"data":{"after":"x"}}"#.utf8)
        let reply = try decode(ErrorReply.self, responder.reply(to: request, routing: router()))
        #expect(reply.code != "unknown-type")
    }
}

@Suite struct RequestClientLimitTests {
    @Test func aRequestOverTheLimitIsNotSentAndSaysWhy() throws {
        let context = ZMQContext()
        let client = RequestClient(context: context, endpoint: "tcp://127.0.0.1:1", source: "/test", timeout: .milliseconds(100), attempts: 1)
        defer { client.close() }
        let huge = SubmitReport(report: ReportInput(text: String(repeating: "a", count: MessageLimits.request)))
        #expect {
            try client.call(huge, expecting: SubmitResult.self)
        } throws: { error in
            guard case .tooLarge(let bytes, let limit)? = error as? RequestError else { return false }
            return bytes > limit && limit == MessageLimits.request && (error as? RequestError)?.mayPass == false
        }
    }
}
