/// Whether a text ends in a question: its last character other than white space, closing
/// quotation marks and closing brackets is "?". One reading for the speaker roles (a speaker who
/// asks) and the signals (a respondent's question states no weight).
public enum QuestionMark {
    /// Closing marks after a question mark, as UTF-8: " ' ) ] “ ” ‘ ’ « » (German quotes close
    /// with “ and ‘, English ones with ” and ’, guillemets either way).
    static let closers: [[UInt8]] = [
        [0x22], [0x27], [0x29], [0x5D], [0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D], [0xE2, 0x80, 0x98], [0xE2, 0x80, 0x99],
        [0xC2, 0xAB], [0xC2, 0xBB],
    ]

    /// Whether the bytes end in a question.
    public static func ends<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool {
        var end = bytes.endIndex
        scan: while end > bytes.startIndex {
            let last = bytes[bytes.index(before: end)]
            if last == UInt8(ascii: "?") { return true }
            if last == 32 || last == 9 || last == 10 || last == 13 { end = bytes.index(before: end); continue }
            for closer in closers {
                guard let start = bytes.index(end, offsetBy: -closer.count, limitedBy: bytes.startIndex),
                      bytes[start..<end].elementsEqual(closer) else { continue }
                end = start
                continue scan
            }
            return false
        }
        return false
    }
}
