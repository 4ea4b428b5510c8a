/// Escaping on UTF-8 bytes, shared by HTML text, script-safe JSON and project.qde's XML. Every
/// byte that needs work is ASCII or starts a known multi-byte sequence, so the escaper looks at
/// bytes, not scalars, and copies the runs between whole: scalar by scalar into a `String`, the
/// XML escaping alone took 0.43 CPU-s in a full run at 5,000 interviews (docs/batch-rounds.md, "Round cb470bd → 44aab1a").
enum ByteEscaping {
    /// `bytes` with every place `rule` names replaced: `rule(bytes, i)` returns the replacement
    /// (possibly empty, to drop) and how many bytes it stands for, or nil to keep byte `i`.
    @inline(__always)
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>,
                       _ rule: (UnsafeBufferPointer<UInt8>, Int) -> (replacement: StaticString, width: Int)?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 64 + 16)
        var start = 0, i = 0
        while i < bytes.count {
            guard let (replacement, width) = rule(bytes, i) else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            replacement.withUTF8Buffer { out.append(contentsOf: $0) }
            i += width
            start = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        return out
    }

    /// The text escaped by `rule`, or the text itself when `needsWork` is false for every byte.
    @inline(__always)
    static func escape(_ text: some StringProtocol, needsWork: (UInt8) -> Bool,
                       _ rule: (UnsafeBufferPointer<UInt8>, Int) -> (replacement: StaticString, width: Int)?) -> String {
        if !text.utf8.contains(where: needsWork) { return String(text) }
        let bytes = Array(text.utf8)
        return String(decoding: bytes.withUnsafeBufferPointer { escape($0, rule) }, as: UTF8.self)
    }

    /// Whether `bytes[i...]` starts with the three bytes `a b c` where c is one of `last`.
    @inline(__always)
    static func sequence(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ a: UInt8, _ b: UInt8, _ last: (UInt8, UInt8)) -> UInt8? {
        guard i + 2 < bytes.count, bytes[i] == a, bytes[i + 1] == b, bytes[i + 2] == last.0 || bytes[i + 2] == last.1 else { return nil }
        return bytes[i + 2]
    }
}
