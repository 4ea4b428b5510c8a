/// A set of short UTF-8 strings that the tokenizer looks up by pointer and length, without
/// building a `String` (open addressing over FNV-1a hashes, all entries in one byte buffer).
///
/// The hot path of the tokenizer asks "is `Abs.` an abbreviation?" with a slice of the input; a
/// `Set<String>` would need a new string per question.
struct ByteSet: Sendable {
    /// Entry index + 1 per slot; 0 marks an empty slot.
    private var slots: [Int32]
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var bytes: [UInt8] = []
    private var mask: Int
    /// Length in bytes of the longest entry (lookups of longer slices fail fast).
    private(set) var maxLength = 0
    private(set) var count = 0

    init<S: Sequence>(_ entries: S) where S.Element: StringProtocol {
        let list = Array(entries)
        var capacity = 16
        while capacity < list.count * 2 + 1 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for entry in list { insert(Array(entry.utf8)) }
    }

    private mutating func insert(_ entry: [UInt8]) {
        let found = entry.withUnsafeBufferPointer { contains($0.baseAddress, $0.count) }
        if found { return }
        let index = Int32(lengths.count)
        starts.append(Int32(bytes.count))
        lengths.append(Int32(entry.count))
        bytes.append(contentsOf: entry)
        maxLength = max(maxLength, entry.count)
        count += 1
        var slot = Self.hash(entry) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = index + 1
    }

    private static func hash(_ entry: [UInt8]) -> Int {
        entry.withUnsafeBufferPointer { hash($0.baseAddress, $0.count) }
    }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let p else { return Int(truncatingIfNeeded: h) }
        for i in 0..<n {
            h ^= UInt64(p[i])
            h &*= 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Whether the `n` bytes at `p` are an entry.
    func contains(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        if n > maxLength || count == 0 { return false }
        var slot = Self.hash(p, n) & mask
        return slots.withUnsafeBufferPointer { slots in
            starts.withUnsafeBufferPointer { starts in
                lengths.withUnsafeBufferPointer { lengths in
                    bytes.withUnsafeBufferPointer { bytes in
                        while true {
                            let e = Int(slots[slot])
                            if e == 0 { return false }
                            if Int(lengths[e - 1]) == n {
                                let s = Int(starts[e - 1])
                                var equal = true
                                if let p {
                                    for i in 0..<n where bytes[s + i] != p[i] { equal = false; break }
                                }
                                if equal { return true }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    /// Whether `text` is an entry.
    func contains(_ text: some StringProtocol) -> Bool {
        var copy = String(text)
        return copy.withUTF8 { contains($0.baseAddress, $0.count) }
    }
}
