/// Text for a terminal: file names and transcript excerpts in messages can hold control
/// characters (an escape sequence in a file name recolours or rewrites the terminal) and
/// bidirectional overrides (which show text in another order than it has).
public enum TerminalText {
    /// The text with each control character (C0 but tab and line feed, DEL, C1) and each
    /// bidirectional embedding, override or isolate written as `\u{1B}`; other text as it is.
    ///
    /// - Parameter invisible: also every other invisible formatting character (Unicode category
    ///   Cf: a soft hyphen, a zero-width space), which in an id or a file name only hides what is
    ///   there; not in transcript text, where Word leaves soft hyphens.
    public static func safe(_ text: String, invisible: Bool = false) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            isUnsafe(scalar) || (invisible && scalar.value >= 0x80 && scalar.properties.generalCategory == .format)
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if unsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
