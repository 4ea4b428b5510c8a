/// Matching keys for German words: lower case, with ä/ae, ö/oe, ü/ue and ß/ss meeting on one key.
///
/// "Mühle" and "Muehle", "Straße" and "Strasse", "ÖPNV" and "OEPNV" get the same key, so a term
/// written either way matches text written either way. Keys are for matching only: reports show
/// the surface forms. Other letters keep their diacritics ("Café" -> "café"), since folding them
/// would merge words that German keeps apart less often than it helps. A combining diaeresis
/// (text that was not NFC-normalised) folds like the precomposed letter.
public enum Folding {
    /// The matching key of `word` (see the type's summary).
    public static func key(_ word: some StringProtocol) -> String {
        // Most words are plain lower-case ASCII: return them as they are.
        var plain = true
        for b in word.utf8 where (b >= 0x41 && b <= 0x5A) || b >= 0x80 {
            plain = false
            break
        }
        if plain { return String(word) }

        var out = String.UnicodeScalarView()
        for s in word.unicodeScalars {
            switch s {
            case "ä", "Ä": out.append("a"); out.append("e")
            case "ö", "Ö": out.append("o"); out.append("e")
            case "ü", "Ü": out.append("u"); out.append("e")
            case "ß", "ẞ": out.append("s"); out.append("s")
            case "\u{0308}":
                // a/o/u + combining diaeresis: the base letter is already out, add the "e".
                if let last = out.last, last == "a" || last == "o" || last == "u" { out.append("e") } else { out.append(s) }
            default:
                if s.isASCII {
                    out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(UInt8(s.value + 0x20)) : s)
                } else {
                    out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
                }
            }
        }
        return String(out)
    }
}
