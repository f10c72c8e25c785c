import ClaimExtraction
import ExpectationRules
import FeedReading
import Foundation
import ReportText
import SwapWatchMessages

/// libFuzzer entry point: no input may trap, and what extraction returns must hold together.
///
/// The first byte picks what the rest of the input is (any other first byte means text, so most
/// mutations stay meaningful):
///
/// - `E`: a whole CloudEvents envelope as the ingest worker receives it: header, `SubmitReport`
///   body, `Report(validating:)`, extraction, then the `StoreReports` it would send, encoded and
///   decoded again as the claim store does, and the store's in-memory steps over it.
/// - `J`: one `ReportInput` JSON object as `swapwatch submit`/`replay` read a JSON Lines line.
/// - `S`: a `StoreReports` envelope as the claim store receives it (claims come from the wire, not
///   from extraction), through the store's in-memory steps and the expectation rules.
/// - `F`: a feed as a server sends it (RSS, Atom, JSON Feed, or anything else), read by
///   `Feed.parse`: every date it gives is a timestamp a report may carry.
/// - `H`: an article page, read by `ArticlePage.read` (once as UTF-8 or as the page declares, once
///   as windows-1251): a page read has text, and its date is a timestamp a report may carry.
/// - `L`: a feed list (text or OPML): every feed in it is an http(s) address.
/// - anything else: report text. Bytes 1–4 pick a day between 0001-01-01 and 9999-12-31, byte 5
///   the hour (low 7 bits) and the date basis (high bit); the rest is decoded as UTF-8 with
///   invalid sequences replaced, the way every path that accepts bytes turns them into a String;
///   extraction, then the store's in-memory steps and the expectation rules.
@_cdecl("LLVMFuzzerTestOneInput")
public func swapWatchFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = count > 0 && start != nil ? Array(UnsafeBufferPointer(start: start, count: count)) : []
    switch bytes.first {
    case UInt8(ascii: "E"): ingestEnvelope(Data(bytes.dropFirst()))
    case UInt8(ascii: "J"): reportLine(Data(bytes.dropFirst()))
    case UInt8(ascii: "S"): storeEnvelope(Data(bytes.dropFirst()))
    case UInt8(ascii: "F"): feed(Data(bytes.dropFirst()))
    case UInt8(ascii: "H"): page(Data(bytes.dropFirst()))
    case UInt8(ascii: "L"): feedList(Data(bytes.dropFirst()))
    default: reportText(bytes)
    }
    return 0
}

/// The receipt time of decoded reports (the services use the clock; a fixed time keeps runs reproducible).
let received = Date(timeIntervalSince1970: 1_748_779_200)  // 2025-06-01T12:00:00Z
/// Every built-in pack, those not read by default too: no text may trap any of them.
let extractor = ClaimExtractor(packs: LanguagePack.builtIn)
let storeSeeds = ProcessInfo.processInfo.environment["SWAPWATCH_FUZZ_STORE_SEEDS"]
let firstDay = Day(year: 1, month: 1, day: 1)!
let lastDay = Day(year: 9999, month: 12, day: 31)!

func reportText(_ bytes: [UInt8]) {
    var header = Array(bytes.dropFirst().prefix(5))
    header += repeatElement(0, count: 5 - header.count)
    let dayIndex = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
    let day = firstDay.adding(days: dayIndex % (lastDay.ordinal - firstDay.ordinal + 1))
    let hour = Int(header[4] & 0x7F) % 24
    let basis: DateBasis = header[4] & 0x80 == 0 ? .published : .received
    let reference = Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + Double(hour * 3600))
    let text = String(decoding: bytes.dropFirst(6), as: UTF8.self)

    let input = ReportInput(published: basis == .published ? Timestamp.format(reference) : nil, text: text)
    guard let report = try? Report(validating: input, received: reference) else {
        // Blank or oversized: the services refuse it before extraction, but the API must not trap.
        check(extractor.extract(text: text, reference: reference, basis: basis), in: text)
        return
    }
    let time = report.referenceTime
    guard Timestamp.day(of: time.date) == day, time.basis == basis else {
        fatalError("reference time \(time) of a report stamped \(Timestamp.format(reference)) (\(basis)) is not on \(day)")
    }
    // The wire round trip is the E mode's job; text inputs go straight to the store's steps, which
    // keeps this mode (most inputs) fast.
    let claims = extractor.extract(from: report)
    check(claims, in: report.text)
    store(StoreReport(report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: "fuzz"))
}

func reportLine(_ data: Data) {
    guard String(validating: data, as: UTF8.self) != nil,
        let input = try? JSONDecoder().decode(ReportInput.self, from: data)
    else { return }
    validateAndIngest(input)
}

func ingestEnvelope(_ data: Data) {
    do {
        let header = try MessageCodec.header(of: data)
        guard header.type == SubmitReport.messageType else { throw MessageError.unexpectedType(expected: SubmitReport.messageType, got: header.type) }
        validateAndIngest(try MessageCodec.decode(SubmitReport.self, from: data).data.report)
    } catch {
        reply(to: error)
    }
}

func validateAndIngest(_ input: ReportInput) {
    do {
        ingest(try Report(validating: input, received: received))
    } catch {
        reply(to: error)
    }
}

/// The worker's error reply.
func reply(to error: any Error) {
    let reply =
        switch error {
        case let error as MessageError: ErrorReply(error)
        case let error as ReportError: ErrorReply(error)
        default: ErrorReply(code: "internal", message: "\(error)")
        }
    _ = MessageCodec.encode(reply, source: "/fuzz")
}

/// What the ingest worker does with a valid report, then what the store does with its message.
func ingest(_ report: Report) {
    let claims = extractor.extract(from: report)
    check(claims, in: report.text)
    let request = StoreReport(report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: "fuzz")
    let wire = MessageCodec.encode(StoreReports(items: [request]), source: "/fuzz")
    let decoded: StoreReport
    do {
        decoded = try MessageCodec.decode(StoreReports.self, from: wire).data.items[0]
    } catch {
        fatalError("the store refuses what the ingest worker sends: \(error)")
    }
    guard decoded == request else { fatalError("a StoreReport does not survive the wire: \(request) became \(decoded)") }
    if let storeSeeds {
        // `Fuzzing/make-seeds` runs the E seeds once with this set, to seed S with real claims.
        try? (Data("S".utf8) + wire).write(to: URL(fileURLWithPath: storeSeeds).appendingPathComponent("s-" + ContentHash.of(report.text).prefix(16)))
    }
    store(decoded)
}

func storeEnvelope(_ data: Data) {
    guard let requests = try? MessageCodec.decode(StoreReports.self, from: data).data else { return }
    requests.items.forEach(store)
}

/// The claim store's work on a report before its database transaction, and the expectation rules.
func store(_ request: StoreReport) {
    let report = request.report
    guard report.text.utf8.count <= Report.maximumTextBytes, report.text.contains(where: { !$0.isWhitespace }) else { return }
    let normalizedText = ContentHash.normalized(report.text)
    _ = ContentHash.of(normalizedText)
    let day = Timestamp.day(of: report.referenceTime.date)
    _ = ClaimSignature.of(request.claims)
    if !request.claims.isEmpty {
        let fingerprint = TextFingerprint(normalizedText: normalizedText)
        guard TextFingerprint(bytes: fingerprint.bytes) == fingerprint else { fatalError("a text fingerprint does not survive its bytes") }
        _ = ReprintRule.areNearIdentical(fingerprint, fingerprint)
        _ = ReprintRule.quotesAppear(of: request.claims, in: normalizedText)
    }
    var book = ExpectationBook()
    _ = book.apply(request.claims, reportID: report.id, day: day)
    // Once more, against the state the first pass left (a reprint, or a later report restating it).
    _ = book.apply(request.claims, reportID: report.id + "-again", day: day.adding(days: 1))
}

/// Every claim's evidence span lies within the text (Unicode scalar offsets) and quotes it exactly.
func check(_ claims: [Claim], in text: String) {
    guard !claims.isEmpty else { return }
    let scalars = Array(text.unicodeScalars)
    for claim in claims {
        guard let span = claim.evidence.span else { fatalError("a claim without a span: \(claim)") }
        guard 0 <= span.start, span.start <= span.end, span.end <= scalars.count else {
            fatalError("span \(span.start)..<\(span.end) outside a text of \(scalars.count) scalars")
        }
        var quoted = String.UnicodeScalarView()
        quoted.append(contentsOf: scalars[span.start..<span.end])
        guard claim.evidence.quote.unicodeScalars.elementsEqual(quoted) else {
            fatalError(
                "span \(span.start)..<\(span.end) reads \(String(quoted).debugDescription), the quote is \(claim.evidence.quote.debugDescription)")
        }
    }
}

func feed(_ data: Data) {
    guard let feed = try? Feed.parse(data) else { return }
    for item in feed.items {
        if let published = item.published, Timestamp.parse(published).map(Report.plausiblePublished.contains) != true {
            fatalError("feed item date \(published) is not a timestamp a report may carry")
        }
    }
}

func page(_ data: Data) {
    for charset in [nil, "windows-1251"] {
        guard let page = ArticlePage.read(data, charset: charset) else { continue }
        if page.text.isEmpty { fatalError("an article page read without text") }
        if let published = page.published, Timestamp.parse(published).map(Report.plausiblePublished.contains) != true {
            fatalError("page date \(published) is not a timestamp a report may carry")
        }
    }
}

func feedList(_ data: Data) {
    guard let list = try? FeedList.parse(data) else { return }
    for source in list.feeds where !["http", "https"].contains(source.url.scheme?.lowercased() ?? "") {
        fatalError("feed list entry \(source.url) is not http(s)")
    }
}
