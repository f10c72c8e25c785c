import Foundation
import ReportText
import SwapWatchMessages
import Testing

@Suite struct ReportValidationTests {
    @Test func reportValidation() throws {
        #expect(throws: ReportError.missingText) { try Report(validating: ReportInput(text: "  \n "), received: Date()) }
        #expect(throws: ReportError.missingText) { try Report(validating: ReportInput(text: nil), received: Date()) }
        let huge = String(repeating: "a", count: Report.maximumTextBytes + 1)
        #expect(throws: ReportError.self) { try Report(validating: ReportInput(text: huge), received: Date()) }
        #expect(throws: ReportError.badPublishedTime("yesterday")) {
            try Report(validating: ReportInput(published: "yesterday", text: "x"), received: Date())
        }
        let a = try Report(validating: ReportInput(text: "Same  text"), received: Date())
        let b = try Report(validating: ReportInput(text: "same text"), received: Date())
        #expect(a.id == b.id)
    }
}

/// The byte-level normalisation gives exactly what its definition does (lowercase the whole text,
/// fold quotes and dashes, collapse white space), so stored hashes keep matching.
@Suite struct ContentHashNormalizationTests {
    @Test func theHashIsLowercaseHexSHA256() {
        #expect(ContentHash.of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// The definition, written plainly.
    private func reference(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}": out.append("'")
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": out.append("\"")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": out.append("-")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    @Test(arguments: [
        "", "   ", "ABC def", "  Leading and trailing \n\t ", "ÀÉÎ ÕÜ İstanbul ΣΟΦΟΣ Straße", "Україна і РОСІЯ",
        "\u{2018}Quote\u{2019} \u{201C}x\u{201D} \u{2014} \u{00A0}nbsp\u{2028}line\u{3000}wide", "ǅ ǈ Ǌ ﬁ ẞ", "😀 🇺🇦 a\u{0301}",
        "İİİİİİİİ",  // the scalar whose lowercase mapping grows most (2 bytes to 3)
        // Eight ASCII bytes at a time: spaces at either end of eight, two together, controls, the
        // bytes on either side of "A" to "Z".
        "Hello World, this is A TEST of the EIGHT-byte path.", "abcdefgh ijklmnop", "abcdefg  hijklmno", " abcdefghijklmnop",
        "abcdefgh abcdefg ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{", "a\u{7F}bcdefghIJ\u{01}KLMNOP", "Seven c\tEight by\nNine\r\nTen",
    ])
    func edgeCases(text: String) {
        #expect(ContentHash.normalized(text) == reference(text))
    }

    @Test func randomTextFromManyScripts() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let ranges: [ClosedRange<UInt32>] = [
            0x09...0x0D, 0x20...0x7E, 0xA0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x1E00...0x1FFF, 0x2000...0x206F, 0x3000...0x3000,
            0x1F300...0x1F64F,
        ]
        for _ in 0..<2000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 80) {
                let range = ranges[Int(next() % UInt64(ranges.count))]
                if let scalar = Unicode.Scalar(range.lowerBound + UInt32(next() % UInt64(range.count))) { scalars.append(scalar) }
            }
            let text = String(scalars)
            #expect(ContentHash.normalized(text) == reference(text), "\(text.debugDescription)")
        }
    }

    /// Text that is mostly ASCII, as news in English is, so that most of it goes eight bytes at a
    /// time and the rest meets those eights at every offset.
    @Test func randomTextMostlyASCII() {
        var state: UInt64 = 0xA5C11
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pieces = [
            "a", "z", "M", "A", "Z", "@", "[", "`", "{", "0", "9", ".", ",", "'", "-", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u{7F}", "\u{01}",
            "É", "’",
        ]
        for _ in 0..<3000 {
            let text = (0..<Int(next() % 120)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            #expect(ContentHash.normalized(text) == reference(text), "\(text.debugDescription)")
        }
    }
}

@Suite struct ReportLimitTests {
    private let received = Timestamp.parse("2025-06-01T12:00:00Z")!

    private func validate(_ input: ReportInput) throws(ReportError) -> Report {
        try Report(validating: input, received: received)
    }

    @Test func aFieldOverItsLimitIsRefusedByName() {
        let title = String(repeating: "t", count: 4 << 20)
        #expect(throws: ReportError.fieldTooLong("title", bytes: 4 << 20, limit: 1000)) {
            try validate(ReportInput(title: title, text: "Text."))
        }
        #expect(throws: ReportError.fieldTooLong("outlet", bytes: 201, limit: 200)) {
            try validate(ReportInput(outlet: String(repeating: "o", count: 201), text: "Text."))
        }
        #expect(throws: ReportError.fieldTooLong("url", bytes: 3000, limit: 2048)) {
            try validate(ReportInput(url: String(repeating: "u", count: 3000), text: "Text."))
        }
        #expect(throws: ReportError.fieldTooLong("id", bytes: 201, limit: 200)) {
            try validate(ReportInput(id: String(repeating: "i", count: 201), text: "Text."))
        }
        #expect(throws: ReportError.fieldTooLong("language", bytes: 36, limit: 35)) {
            try validate(ReportInput(text: "Text.", language: String(repeating: "l", count: 36)))
        }
        #expect(ReportError.fieldTooLong("title", bytes: 4 << 20, limit: 1000).description.contains("title"))
        #expect(throws: Never.self) { try validate(ReportInput(title: String(repeating: "t", count: 1000), text: "Text.")) }
    }

    @Test func aPublishedTimeOutsideThePlausibleRangeIsRefusedNamingTheField() throws {
        for raw in ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2100-01-01T00:00:00Z"] {
            #expect(throws: ReportError.implausiblePublishedTime(raw)) { try validate(ReportInput(published: raw, text: "Text.")) }
        }
        #expect(ReportError.implausiblePublishedTime("9999-12-31T23:59:59Z").description.hasPrefix("published time"))
        // A stream set in a later year than the clock's reads the same on any day.
        #expect(try validate(ReportInput(published: "2027-01-08T10:00:00Z", text: "Text.")).published == "2027-01-08T10:00:00Z")
        #expect(try validate(ReportInput(published: "1950-07-27T00:00:00Z", text: "Text.")).published == "1950-07-27T00:00:00Z")
    }

    @Test func aReportBuiltByHandIsCheckedAgainstTheSameLimits() {
        let report = Report(
            id: "r", published: nil, received: "2025-06-01T12:00:00Z", outlet: nil, url: nil, title: String(repeating: "t", count: 1001),
            language: nil, text: "Text.")
        #expect(throws: ReportError.fieldTooLong("title", bytes: 1001, limit: 1000)) { try report.checkLimits() }
    }
}
