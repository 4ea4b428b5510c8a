/// An open-addressing hash table from a word's UTF-8 bytes to a small integer id.
///
/// Why not `[String: Int]`: looking a token up would mean building a `String` per token (a heap
/// allocation for words over 15 bytes, which German compounds often are) and hashing it with
/// Unicode normalisation. Here a token is looked up straight from the text's bytes; a `String`
/// is only made once per distinct word, when it is analysed.
struct WordTable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 4096) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// FNV-1a over the bytes, with a final mix so that the low bits spread.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        return h ^ (h >> 32)
    }

    /// The id of a word, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBufferPointer { a in
            while true {
                let id = slots[slot]
                if id < 0 { return nil }
                let i = Int(id)
                if hashes[i] == hash, Int(lengths[i]) == bytes.count {
                    let start = Int(starts[i])
                    var same = true
                    for k in 0..<bytes.count where a[start + k] != bytes[k] { same = false; break }
                    if same { return id }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a word that is not in the table yet and returns its id (ids count up from 0).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let id = Int32(hashes.count)
        hashes.append(hash)
        starts.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        arena.append(contentsOf: bytes)
        place(id, hash: hash)
        return id
    }

    private mutating func place(_ id: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for i in hashes.indices { place(Int32(i), hash: hashes[i]) }
    }
}
