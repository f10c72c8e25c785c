import Crypto
import Foundation

/// Content fingerprints used to recognise a report already stored.
public enum ContentHash {
    /// Lowercased, with typographic quotes and dashes folded and all runs of white space
    /// collapsed, so re-encoded or re-flowed copies of one text compare equal.
    ///
    /// ASCII, most of any news text, is handled eight bytes at a time where it can be (printable,
    /// single spaces) and otherwise byte by byte, without decoding a scalar; other
    /// scalars take the Unicode lowercase mapping and white-space property, which is what
    /// `String.lowercased()` and `Unicode.Scalar.Properties.isWhitespace` give scalar by scalar.
    public static func normalized(_ text: String) -> String {
        var text = text
        return text.withUTF8 { normalized($0) }
    }

    /// Written straight into the new string's storage, which twice the input always holds: no
    /// scalar's lowercase mapping is more than one and a half times its UTF-8 (U+0130 is the
    /// most), a space is only written where white space was, and eight bytes are written at once
    /// only where eight are left to read.
    private static func normalized(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2 + 1) { out in
            var count = 0
            func append(_ byte: UInt8) {
                out[count] = byte
                count += 1
            }
            var pendingSpace = false
            var i = 0
            while i < bytes.count {
                if i + 8 <= bytes.count, let plain = plainASCII(bytes, at: i) {
                    if pendingSpace {
                        append(0x20)
                        pendingSpace = false
                    }
                    UnsafeMutableRawPointer(out.baseAddress! + count).storeBytes(of: plain.littleEndian, as: UInt64.self)
                    count += 8
                    i += 8
                    continue
                }
                let byte = bytes[i]
                if byte < 0x80 {
                    i += 1
                    if byte == 0x20 || (0x09...0x0D).contains(byte) {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        append(0x20)
                        pendingSpace = false
                    }
                    append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    continue
                }
                // A scalar of two to four bytes (a String's UTF-8 is always valid).
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                i += length
                guard let scalar = Unicode.Scalar(value) else { continue }
                if scalar.properties.isWhitespace {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace {
                    append(0x20)
                    pendingSpace = false
                }
                switch scalar {
                case "\u{2018}", "\u{2019}", "\u{201B}": append(UInt8(ascii: "'"))
                case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": append(UInt8(ascii: "\""))
                case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": append(UInt8(ascii: "-"))
                default: for byte in scalar.properties.lowercaseMapping.utf8 { append(byte) }
                }
            }
            return count
        }
    }

    /// The eight bytes from `offset`, lowercased, when they normalise to themselves but for
    /// capitals: printable ASCII whose spaces are single and neither first nor last (so no run of
    /// white space is cut at either end). Most of an English text goes eight bytes at a time.
    @inline(__always) private static func plainASCII(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // The first byte in the lowest eight bits. Each byte below 0x80 plus a constant below 0x80
        // carries into its own high bit only, never into the next byte.
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        // ASCII, and none below a space (tabs, line breaks and other controls).
        guard word & highs == 0, (word &+ 0x60 &* ones) & highs == highs else { return nil }
        // A high bit for each space (a zero byte of `word` XOR spaces): single, not at either end.
        let unspaced = word ^ (0x20 &* ones)
        let spaces = ~((unspaced &+ 0x7F &* ones) | unspaced) & highs
        guard spaces & (spaces << 8) == 0, spaces & 0x8000_0000_0000_0080 == 0 else { return nil }
        // A high bit for each byte from "A" (0x41) to "Z" (0x5A), moved down to 0x20.
        let capitals = (word &+ 0x3F &* ones) & ~(word &+ 0x25 &* ones) & highs
        return word | capitals >> 2
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
    public static func of(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        var text = text
        let digest = text.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
