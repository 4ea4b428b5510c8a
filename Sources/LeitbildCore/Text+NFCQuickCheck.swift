extension String {
    /// Whether the text is certainly in NFC (Unicode's NFC quick check answers "yes"), decided
    /// from its UTF-8 bytes without normalising.
    ///
    /// Foundation's normaliser costs about 25 ms per MB; this check skips it for the usual
    /// German text (ASCII, Latin-1 letters, typographic quotes and dashes) at memory speed. A
    /// `false` means "maybe not": normalise then.
    public var isKnownNFC: Bool {
        var copy = self
        return copy.withUTF8 { String.isKnownNFC(utf8: $0) }
    }

    /// `isKnownNFC` for UTF-8 bytes.
    public static func isKnownNFC(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            let b = p[i]
            // ASCII, continuation bytes, and lead bytes of U+0080–U+02FF: all NFC_QC=Yes, ccc=0.
            if b < 0xCC { i += 1; continue }
            var value: UInt32
            var length: Int
            switch b {
            case 0xCC...0xDF: value = UInt32(b & 0x1F); length = 2
            case 0xE0...0xEF: value = UInt32(b & 0x0F); length = 3
            case 0xF0...0xF4: value = UInt32(b & 0x07); length = 4
            default: return false
            }
            guard i + length <= n else { return false }
            for k in 1..<length { value = (value << 6) | UInt32(p[i + k] & 0x3F) }
            guard isQuickCheckYes(value) else { return false }
            i += length
        }
        return true
    }

    /// NFC_QC=Yes and canonical combining class 0: not a composition exclusion, not a mark or
    /// Hangul jamo that could compose with the character before it.
    private static func isQuickCheckYes(_ value: UInt32) -> Bool {
        if (0x1100...0x11FF).contains(value) { return false }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        if properties.canonicalCombiningClass != .notReordered || properties.isFullCompositionExclusion { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return true
        }
    }
}
