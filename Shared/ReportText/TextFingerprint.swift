import Foundation

/// A MinHash sketch of a text's overlapping four-word shingles. Two sketches agree in about the
/// same share of positions as the two texts share shingles (their Jaccard similarity), so a
/// reprint with a new dateline, byline or footer is recognised without comparing whole texts.
///
/// The sketch is split into bands (locality-sensitive hashing): texts that share any band
/// bucket are candidates, which a store can look up through an index.
public struct TextFingerprint: Hashable, Sendable {
    /// Words per shingle.
    public static let shingleWords = 4
    /// Bands × rows = sketch length. With 20 bands of 3 rows, a pair at similarity 0.6 shares
    /// at least one bucket with probability 0.99; an unrelated pair (similarity 0.05) 0.25%.
    public static let bandCount = 20
    public static let rowsPerBand = 3
    public static var hashCount: Int { bandCount * rowsPerBand }

    /// The minimum of each of `hashCount` hash functions over the text's shingles.
    public let minHashes: [UInt64]

    public init(text: String) {
        self.init(normalizedText: ContentHash.normalized(text))
    }

    /// The sketch of a text already normalised by `ContentHash.normalized`.
    public init(normalizedText: String) {
        let words = Self.wordHashes(normalizedText)
        var minimums = [UInt64](repeating: .max, count: Self.hashCount)
        let width = min(Self.shingleWords, max(words.count, 1))
        if !words.isEmpty {
            for start in 0...(words.count - width) {
                var shingle: UInt64 = 0x9E37_79B9_7F4A_7C15
                for word in words[start..<(start + width)] { shingle = Self.mix(shingle ^ word) }
                for index in 0..<Self.hashCount {
                    let value = Self.mix(shingle &+ Self.seeds[index])
                    if value < minimums[index] { minimums[index] = value }
                }
            }
        }
        minHashes = minimums
    }

    /// Reads a sketch back from `bytes`; nil unless it has exactly `hashCount` values.
    public init?(bytes: Data) {
        guard bytes.count == Self.hashCount * 8 else { return nil }
        minHashes = (0..<Self.hashCount).map { index in
            bytes[bytes.startIndex + index * 8..<bytes.startIndex + index * 8 + 8]
                .reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// The sketch as `hashCount` big-endian 64-bit values, for storage.
    public var bytes: Data {
        var data = Data(capacity: Self.hashCount * 8)
        for value in minHashes {
            for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return data
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets, 0…1.
    public func similarity(to other: TextFingerprint) -> Double {
        let agreeing = zip(minHashes, other.minHashes).filter { $0 == $1 }.count
        return Double(agreeing) / Double(Self.hashCount)
    }

    /// One bucket per band; texts sharing a bucket are candidates for comparison.
    public var bandBuckets: [Int64] {
        (0..<Self.bandCount).map { band in
            var bucket = Self.mix(UInt64(band) &+ 1)
            for row in 0..<Self.rowsPerBand { bucket = Self.mix(bucket ^ minHashes[band * Self.rowsPerBand + row]) }
            return Int64(bitPattern: bucket)
        }
    }

    /// FNV-1a hashes of the words of a normalised text: runs of ASCII letters and digits and of
    /// non-ASCII characters (normalising folded quotes and dashes to ASCII).
    private static func wordHashes(_ normalizedText: String) -> [UInt64] {
        let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
        var hashes: [UInt64] = []
        var hash = offsetBasis
        var inWord = false
        for byte in normalizedText.utf8 {
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
            if isWordByte {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                inWord = true
            } else if inWord {
                hashes.append(hash)
                hash = offsetBasis
                inWord = false
            }
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    /// The SplitMix64 finaliser: a fast, well-mixing bijection on 64-bit values.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fixed per-function offsets, so sketches stored today compare with sketches made later.
    private static let seeds: [UInt64] = (0..<UInt64(hashCount)).map { mix(0x5157_4150 &+ $0 &* 0x1000_0001) }
}
