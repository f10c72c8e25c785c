import Foundation
import Testing

@testable import SwapWatchMessages

@Suite struct MessagesTests {
    /// Envelope ids are random version-4 UUIDs in the usual lowercase form, never repeated.
    @Test func envelopeIDsAreVersion4UUIDs() throws {
        let ids = (0..<1000).map { _ in Envelope<SubmitReport>.newID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "4" && "89ab".contains(Array(id)[19]))
        }
    }

    let alert = Alert(
        id: "russia-ukraine-prisoners-2/size/r1", seq: 17, field: .size,
        exchange: ExchangeRef(key: ExchangeKey(parties: ["Ukraine", "Russia"], kind: .prisoners), serial: 2),
        before: .size(.perSide(.exactly(1000))), after: .size(.perSide(SizeInterval(min: 1000, max: 1200))),
        report: ReportRef(id: "r1", url: "https://example.org/1", outlet: "Outlet", published: "2025-06-02T18:00:00Z", title: "T"),
        evidence: AlertEvidence(quote: "the next exchange…", speaker: "Zelensky", hedged: true), raisedAt: "2025-06-02T18:00:01Z")

    @Test func alertRoundTripsThroughItsEnvelope() throws {
        let data = MessageCodec.encode(alert, source: "/test")
        let decoded = try MessageCodec.decode(Alert.self, from: data)
        #expect(decoded.data == alert)
        #expect(decoded.specversion == "1.0")
        #expect(decoded.type == "org.swapwatch.alert")
        #expect(decoded.schemaversion == MessageCodec.schemaVersion)
    }

    @Test func alertJSONHasThePublicShape() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: MessageCodec.encoder().encode(alert)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "seq", "field", "exchange", "before", "after", "report", "evidence", "raisedAt"])
        let after = try #require(object["after"] as? [String: Any])
        #expect(after["min"] as? Int == 1000 && after["max"] as? Int == 1200)
        let exchange = try #require(object["exchange"] as? [String: Any])
        #expect(exchange["parties"] as? [String] == ["Russia", "Ukraine"])
    }

    @Test func absentValuesAreWrittenAsNullAndReadWhenMissing() throws {
        let report = ReportRef(id: "r1", url: nil, outlet: "Wire", published: nil, title: nil)
        let json = String(decoding: try MessageCodec.encoder().encode(report), as: UTF8.self)
        #expect(json == #"{"id":"r1","outlet":"Wire","published":null,"title":null,"url":null}"#)
        let evidence = String(decoding: try MessageCodec.encoder().encode(AlertEvidence(quote: "q", speaker: nil, hedged: false)), as: UTF8.self)
        #expect(evidence == #"{"hedged":false,"quote":"q","speaker":null}"#)
        // An object from a peer that leaves a field out reads it as nil.
        #expect(
            try JSONDecoder().decode(ReportRef.self, from: Data(#"{"id":"r2"}"#.utf8))
                == ReportRef(id: "r2", url: nil, outlet: nil, published: nil, title: nil))
        #expect(try JSONDecoder().decode(DateWindow.self, from: Data(#"{"latest":"2025-05-25"}"#.utf8)).earliest == nil)
    }

    @Test func unboundedEndsAreNullNotMissing() throws {
        let json = String(decoding: try MessageCodec.encoder().encode(SizeValue.perSide(SizeInterval(min: 1200, max: nil))), as: UTF8.self)
        #expect(json == #"{"max":null,"min":1200}"#)
        let sides = SizeValue.sides(["Israel": .exactly(4), "Hamas": .exactly(200)])
        #expect(try JSONDecoder().decode(SizeValue.self, from: MessageCodec.encoder().encode(sides)) == sides)
        let window = DateWindow(earliest: nil, latest: Day(iso: "2025-05-25"))
        #expect(try JSONDecoder().decode(FieldValue.self, from: MessageCodec.encoder().encode(FieldValue.date(window))) == .date(window))
    }

    @Test func unknownSchemaVersionIsRejected() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: MessageCodec.encode(alert, source: "/t")) as? [String: Any])
        object["schemaversion"] = 99
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: MessageError.unsupportedSchemaVersion(99)) { try MessageCodec.decode(Alert.self, from: data) }
    }

    @Test func malformedAndInvalidInputIsRejectedWithAReason() throws {
        #expect(throws: MessageError.invalidUTF8) { try MessageCodec.header(of: Data([0x7B, 0xFF, 0xFE, 0x7D])) }
        do {
            _ = try MessageCodec.header(of: Data("{\"specversion\": ".utf8))
            Issue.record("accepted truncated JSON")
        } catch {
            guard case .malformed = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        let wrongType = MessageCodec.encode(SubmitReport(report: ReportInput(text: "x")), source: "/t")
        #expect(throws: MessageError.unexpectedType(expected: Alert.messageType, got: SubmitReport.messageType)) {
            try MessageCodec.decode(Alert.self, from: wrongType)
        }
    }

    /// One parse gives the header and, for the type asked for, the whole envelope; other types and
    /// malformed data give the header alone, and what `header(of:)` refuses is refused.
    @Test func aHeaderIsReadWithItsWholeEnvelopeOnlyForTheTypeAskedFor() throws {
        let body = MessageCodec.encode(SubmitReport(report: ReportInput(text: "a report")), source: "/t")
        let read = try MessageCodec.header(of: body, decodingWhole: SubmitReport.self)
        #expect(read.header.type == SubmitReport.messageType && read.envelope?.data.report.text == "a report")
        #expect(read.header.id == (try MessageCodec.header(of: body)).id)
        let other = try MessageCodec.header(of: MessageCodec.encode(alert, source: "/t"), decodingWhole: SubmitReport.self)
        #expect(other.header.type == Alert.messageType && other.envelope == nil)
        var object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        object["data"] = ["report": 42]
        let malformed = try MessageCodec.header(of: JSONSerialization.data(withJSONObject: object), decodingWhole: SubmitReport.self)
        #expect(malformed.header.type == SubmitReport.messageType && malformed.envelope == nil)
        object["schemaversion"] = 99
        let unknownSchema = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: MessageError.unsupportedSchemaVersion(99)) { try MessageCodec.header(of: unknownSchema, decodingWhole: SubmitReport.self) }
        #expect(throws: MessageError.invalidUTF8) { try MessageCodec.header(of: Data([0x7B, 0xFF, 0xFE, 0x7D]), decodingWhole: SubmitReport.self) }
    }

    @Test func dayArithmetic() throws {
        let day = try #require(Day(iso: "2025-05-18"))
        #expect(day.isoWeekday == 7)
        #expect(day.adding(days: 1).description == "2025-05-19")
        #expect(Day(year: 2024, month: 2, day: 30) == nil)
        #expect(Day(iso: "2024-02-29")?.adding(days: 1).description == "2024-03-01")
    }

    @Test(arguments: [
        ("2025-06-02T18:00:00Z", 1_748_887_200.0),
        ("2025-06-02t18:00:00z", 1_748_887_200.0),
        ("2025-06-02T21:00:00+03:00", 1_748_887_200.0),
        ("2025-06-02T13:30:00-0430", 1_748_887_200.0),
        ("2025-06-02T18:00:00.250Z", 1_748_887_200.25),
        ("2025-06-02", 1_748_822_400.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func timestampsParseAsRFC3339(text: String, seconds: Double) {
        #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
    }

    @Test(arguments: [
        "", "2025-06-02T18:00:00", "2025-13-02T18:00:00Z", "2025-02-30", "2025-06-02T25:00:00Z", "June 2, 2025", "2025-06-02T18:00:00Zjunk",
        "2025-06-02T18:00:00.Z",
    ])
    func malformedTimestampsAreRefused(text: String) {
        #expect(Timestamp.parse(text) == nil, "\(text)")
    }

    @Test func timestampsFormatInUTCAndRoundTrip() {
        // 951,782,400 is 2000-02-29, a leap day of a century year.
        for seconds in [0.0, -1.0, 1_748_887_200.0, 951_782_400.0, 4_102_444_799.0] {
            let text = Timestamp.format(Date(timeIntervalSince1970: seconds))
            #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_748_887_200.9)) == "2025-06-02T18:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}

@Suite struct MessageLimitTests {
    @Test func aPageHoldsWhatFitsAndNeverLessThanOneItem() {
        let items = (0..<10).map { String(repeating: "x", count: 100 * ($0 + 1)) }
        #expect(MessageLimits.page(items, within: 1_000_000) == items)
        let page = MessageLimits.page(items, within: 700)
        #expect(page.count == 3, "103 + 203 + 303 bytes fit in 700; the fourth would not")
        #expect(MessageLimits.page(items, within: 10) == [items[0]])
        #expect(MessageLimits.page([String](), within: 10).isEmpty)
    }
}
