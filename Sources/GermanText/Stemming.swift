/// The stemming algorithms `leitbild stem` offers.
public enum StemmingAlgorithm: String, CaseIterable, Sendable, Codable {
    /// Snowball German, classic 2009 algorithm (Debian's libstemmer 2.2.0); lower-cases first.
    case snowball
    /// CISTEM (Weissweiler & Fraser 2017); uses the case of the first letter, so give it words as written.
    case cistem
}

/// Stems text that holds one word per line, fast: bytes in, bytes out, one stemmer call per
/// distinct word.
///
/// Words are compared as bytes and remembered in an open-addressing table, so a stream of a
/// million words with a few thousand distinct ones costs a few thousand stemmer calls. A line's
/// final "\r" is dropped (CRLF input). Every input line gives exactly one output line, empty
/// lines included. Not thread-safe (it owns a libstemmer instance): one per task.
public struct LineStemmer {
    public let algorithm: StemmingAlgorithm
    private let snowball: SnowballStemmer?
    private let cistem: CistemStemmer
    /// Stems of the distinct words seen so far, back to back.
    private var arena: [UInt8] = []
    /// Distinct words seen so far, back to back (keys of the table).
    private var keys: [UInt8] = []
    /// Open-addressing table: slot -> entry index + 1 (0 = empty).
    private var slots: [Int32] = []
    private var entries: [Entry] = []

    private struct Entry {
        var hash: UInt64
        var keyStart: Int32, keyLength: Int32
        var stemStart: Int32, stemLength: Int32
    }

    /// Fails only when Snowball is asked for and libstemmer lacks German.
    public init?(algorithm: StemmingAlgorithm) {
        self.algorithm = algorithm
        cistem = CistemStemmer()
        if algorithm == .snowball {
            guard let s = SnowballStemmer() else { return nil }
            snowball = s
        } else {
            snowball = nil
        }
        slots = Array(repeating: 0, count: 1 << 14)
    }

    /// Number of distinct words stemmed so far.
    public var distinctWords: Int { entries.count }

    /// Stems every line of `input` and appends one stem and "\n" per line to `output`.
    ///
    /// A final line without "\n" counts as a line; input that ends with "\n" gives no extra line.
    public mutating func stemLines(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var start = 0
        let n = input.count
        while start < n {
            var end = start
            while end < n, input[end] != 10 { end += 1 }
            var wordEnd = end
            if wordEnd > start, input[wordEnd - 1] == 13 { wordEnd -= 1 }
            appendStem(of: UnsafeBufferPointer(rebasing: input[start..<wordEnd]), to: &output)
            output.append(10)
            start = end + 1
        }
    }

    /// Appends the stem of one word (UTF-8 bytes) to `output`, from the cache when it was seen before.
    public mutating func appendStem(of word: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        // FNV-1a: short words, so a simple byte hash is as fast as anything fancier.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let e = Int(slots[slot])
            if e == 0 { break }
            let entry = entries[e - 1]
            if entry.hash == h, Int(entry.keyLength) == word.count,
               keys.withUnsafeBufferPointer({ k in
                   word.elementsEqual(k[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyLength)])
               }) {
                output.append(contentsOf: arena[Int(entry.stemStart)..<Int(entry.stemStart + entry.stemLength)])
                return
            }
            slot = (slot + 1) & mask
        }
        let stem = computeStem(word)
        let entry = Entry(hash: h, keyStart: Int32(keys.count), keyLength: Int32(word.count),
                          stemStart: Int32(arena.count), stemLength: Int32(stem.count))
        keys.append(contentsOf: word)
        arena.append(contentsOf: stem)
        entries.append(entry)
        slots[slot] = Int32(entries.count)
        output.append(contentsOf: stem)
        if entries.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (i, e) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: e.hash ^ (e.hash >> 29)) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(i + 1)
        }
        slots = bigger
    }

    private func computeStem(_ word: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        switch algorithm {
        case .snowball:
            guard let snowball else { return Array(word) }
            // Snowball wants lower case; most input already is, so lower-case only when needed.
            let needsLowering = word.contains { ($0 >= 65 && $0 <= 90) || $0 >= 0x80 }
            if needsLowering {
                let lowered = Array(String(decoding: word, as: UTF8.self).lowercased().utf8)
                if !lowered.elementsEqual(word) {
                    return lowered.withUnsafeBufferPointer { snowball.stem(utf8: $0) { Array($0) } } ?? lowered
                }
            }
            return snowball.stem(utf8: word) { Array($0) } ?? Array(word)
        case .cistem:
            return Array(cistem.stem(String(decoding: word, as: UTF8.self)).utf8)
        }
    }
}
