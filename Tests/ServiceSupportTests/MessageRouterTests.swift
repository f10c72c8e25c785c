import Foundation
import Logging
import ServiceSupport
import SwapWatchMessages
import Testing

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

    @Test func aBodyThatDoesNotDecodeIsRefused() throws {
        let request = Data(
            #"{"specversion":"1.0","id":"r1","source":"/c","type":"org.swapwatch.query.alerts","schemaversion":1,"data":{"after":"x"}}"#.utf8)
        let reply = try decode(ErrorReply.self, responder.reply(to: request, routing: router()))
        #expect(reply.code != "unknown-type")
    }
}
