import Foundation

/// Counts the word types of one transcript, keyed by their lower-case UTF-8 bytes, so that the
/// reference list and the stop words are consulted once per type instead of once per token.
struct WordTally {
    struct Entry {
        var start: Int
        var length: Int
        var count = 0
        var capitalized = 0
        var lowercase = 0
        var covered = false
        var sharpS = false
        /// First uncovered occurrence: its sentence and its bytes in the text (-1: none yet).
        var firstSentence = -1
        var firstSurface = 0..<0
    }
    private(set) var arena: [UInt8] = []
    private(set) var entries: [Entry] = []
    private var slots = [Int](repeating: -1, count: 1024)

    /// The entry for `key`, created if new.
    mutating func index(of key: UnsafeBufferPointer<UInt8>, sharpS: Bool) -> Int {
        if entries.count * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var slot = ByteKeyTable<Int>.hash(key) & mask
        while true {
            let i = slots[slot]
            if i < 0 {
                slots[slot] = entries.count
                entries.append(Entry(start: arena.count, length: key.count, sharpS: sharpS))
                arena.append(contentsOf: key)
                return entries.count - 1
            }
            let e = entries[i]
            if e.length == key.count, arena.withUnsafeBufferPointer({ a in
                guard let base = a.baseAddress, let k = key.baseAddress else { return key.isEmpty }
                return memcmp(base + e.start, k, key.count) == 0
            }) {
                return i
            }
            slot = (slot + 1) & mask
        }
    }

    subscript(i: Int) -> Entry {
        get { entries[i] }
        set { entries[i] = newValue }
    }

    /// The key of an entry as a String.
    func word(_ i: Int) -> String {
        let e = entries[i]
        return String(decoding: arena[e.start..<(e.start + e.length)], as: UTF8.self)
    }

    /// The key of an entry as bytes.
    func bytes(_ i: Int) -> ArraySlice<UInt8> { arena[entries[i].start..<(entries[i].start + entries[i].length)] }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        arena.withUnsafeBufferPointer { a in
            for (i, e) in entries.enumerated() {
                var slot = ByteKeyTable<Int>.hash(UnsafeBufferPointer(rebasing: a[e.start..<(e.start + e.length)])) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = i
            }
        }
    }
}
