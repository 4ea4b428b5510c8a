/// Whether a text ends in a question: its last character other than white space, closing
/// quotation marks and closing brackets is "?". One reading for the speaker roles (a speaker who
/// asks) and the signals (a respondent's question states no weight).
public enum QuestionMark {
    /// Whether the bytes end in a question. Closing marks after the question mark: " ' ) ] and,
    /// as UTF-8, “ ” ‘ ’ (E2 80 9C/9D/98/99) and « » (C2 AB/BB). Inlinable, so that each caller's
    /// collection type is specialised (unspecialised, the generic calls cost the signals stage 20 %
    /// of a full run in the runtime's metadata lookups).
    @inlinable
    public static func ends<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool where C.Index == Int {
        var end = bytes.endIndex
        let start = bytes.startIndex
        while end > start {
            let last = bytes[end - 1]
            if last == UInt8(ascii: "?") { return true }
            if last == 32 || last == 9 || last == 10 || last == 13 || last == 0x22 || last == 0x27 || last == 0x29 || last == 0x5D {
                end -= 1
            } else if last == 0x9C || last == 0x9D || last == 0x98 || last == 0x99, end - 3 >= start, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80 {
                end -= 3
            } else if last == 0xAB || last == 0xBB, end - 2 >= start, bytes[end - 2] == 0xC2 {
                end -= 2
            } else {
                return false
            }
        }
        return false
    }
}
