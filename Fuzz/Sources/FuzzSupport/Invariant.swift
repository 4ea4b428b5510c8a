import LeitbildCore

/// Stops the fuzzer with a message when a property that must hold for every input does not.
///
/// `fatalError` traps, which libFuzzer reports as a crash and saves the input; the message
/// says which property broke so a saved input can be triaged without a debugger.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("invariant violated: \(message())", file: file, line: line) }
}

/// Maps UTF-8 offsets of one text to Unicode-scalar offsets, to check that a `TextRange`'s
/// two coordinate systems agree and that its bounds fall on scalar boundaries.
struct ScalarMap {
    /// `scalarAt[o]` is the scalar offset at UTF-8 offset `o`, or -1 inside a multi-byte scalar.
    private var scalarAt: [Int]
    /// UTF-8 length of the text.
    let utf8Count: Int
    /// Scalar length of the text.
    let scalarCount: Int

    init(_ text: String) {
        var map: [Int] = []
        map.reserveCapacity(text.utf8.count + 1)
        var scalar = 0
        for byte in text.utf8 {
            if byte & 0xC0 != 0x80 {
                map.append(scalar)
                scalar += 1
            } else {
                map.append(-1)
            }
        }
        map.append(scalar)
        scalarAt = map
        utf8Count = text.utf8.count
        scalarCount = scalar
    }

    /// The scalar offset at a UTF-8 offset, or nil when it is out of bounds or inside a scalar.
    func scalar(atUTF8 offset: Int) -> Int? {
        guard offset >= 0, offset <= utf8Count else { return nil }
        let s = scalarAt[offset]
        return s < 0 ? nil : s
    }

    /// Checks that a range lies within the text, on scalar boundaries, with matching scalar offsets.
    func check(_ range: TextRange, _ what: @autoclosure () -> String) {
        let u = range.utf8
        require(u.lowerBound >= 0 && u.upperBound <= utf8Count,
                "\(what()): UTF-8 range \(u) outside the text (\(utf8Count) bytes)")
        guard let lower = scalar(atUTF8: u.lowerBound), let upper = scalar(atUTF8: u.upperBound) else {
            require(false, "\(what()): UTF-8 range \(u) does not fall on scalar boundaries")
            return
        }
        require(range.scalars.start == lower && range.scalars.end == upper,
                "\(what()): scalar span \(range.scalars) but UTF-8 range \(u) is scalars \(lower)..<\(upper)")
    }
}
