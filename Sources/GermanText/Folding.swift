/// Matching keys: lower case, with ä/ae, ö/oe, ü/ue and ß/ss meeting on one key, so that
/// "Mühle" and "Muehle", "Straße" and "Strasse" match. Reports keep the surface forms.
public enum Folding {
    public static func key(_ word: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for s in word.unicodeScalars {
            switch s {
            case "ä", "Ä": out.append("a"); out.append("e")
            case "ö", "Ö": out.append("o"); out.append("e")
            case "ü", "Ü": out.append("u"); out.append("e")
            case "ß", "ẞ": out.append("s"); out.append("s")
            default:
                for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l) }
            }
        }
        return String(out)
    }
}
