/// What a language knows of each word, looked up by the word's UTF-8 bytes: every token of a
/// report is looked up once as it is made, and a byte hash (FNV-1a) is several times cheaper than
/// `String`'s seeded, Unicode-aware one. Built once per language; open addressing, at most half full.
struct WordTable: Sendable {
    private struct Entry: Sendable {
        var start: Int
        var count: Int
        var info: WordInfo
    }

    /// Every word's bytes, one after another.
    private let bytes: [UInt8]
    private let entries: [Entry]
    /// Per slot, 1 + the index of the entry there; 0 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    init(_ words: [String: WordInfo]) {
        var capacity = 16
        while capacity < words.count * 2 { capacity *= 2 }
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        var slots = [Int32](repeating: 0, count: capacity)
        for (word, info) in words {
            let utf8 = Array(word.utf8)
            var slot = Int(truncatingIfNeeded: Self.hash(utf8)) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            entries.append(Entry(start: bytes.count, count: utf8.count, info: info))
            bytes += utf8
            slots[slot] = Int32(entries.count)
        }
        (self.bytes, self.entries, self.slots, mask) = (bytes, entries, slots, capacity - 1)
    }

    /// What is known of `word`; nil for a word the table does not hold.
    subscript(_ word: String) -> WordInfo? {
        var word = word
        return word.withUTF8 { find($0) }
    }

    private func find(_ word: UnsafeBufferPointer<UInt8>) -> WordInfo? {
        var slot = Int(truncatingIfNeeded: Self.hash(word)) & mask
        return bytes.withUnsafeBufferPointer { all in
            while slots[slot] != 0 {
                let entry = entries[Int(slots[slot]) - 1]
                if entry.count == word.count, (0..<word.count).allSatisfy({ all[entry.start + $0] == word[$0] }) { return entry.info }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// FNV-1a, 64 bits.
    private static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
