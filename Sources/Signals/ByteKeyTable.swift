/// A read-only hash table from byte strings (folded words) to values, looked up with a slice of
/// a byte buffer: no String is built per word. Open addressing, FNV-1a hashing.
struct ByteKeyTable<Value: Sendable>: Sendable {
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyCount: [Int] = []
    private var values: [Value] = []
    /// Slot → index into the key arrays, or -1.
    private var slots: [Int] = []
    private var mask = 0

    init(_ entries: [(key: [UInt8], value: Value)]) {
        var capacity = 8
        while capacity < entries.count * 2 { capacity *= 2 }
        slots = [Int](repeating: -1, count: capacity)
        mask = capacity - 1
        for (key, value) in entries {
            var slot = Self.hash(key[...]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = values.count
            keyStart.append(keyBytes.count)
            keyCount.append(key.count)
            keyBytes.append(contentsOf: key)
            values.append(value)
        }
    }

    static func hash(_ bytes: some Collection<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The value for `bytes[range]`, if the table has that key.
    func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        guard !values.isEmpty else { return nil }
        var slot = Self.hash(bytes[range]) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if keyCount[index] == range.count {
                var same = true
                let start = keyStart[index]
                for k in 0..<range.count where keyBytes[start + k] != bytes[range.lowerBound + k] { same = false; break }
                if same { return values[index] }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The value for a whole byte array.
    func value(_ key: [UInt8]) -> Value? {
        key.withUnsafeBufferPointer { value($0, 0..<$0.count) }
    }
}
