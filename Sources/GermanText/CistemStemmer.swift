/// CISTEM, the German stemmer of Weissweiler & Fraser (2017), ported from its reference
/// implementation (the one NLTK ships as `nltk.stem.cistem.Cistem`).
///
/// CISTEM lower-cases, folds umlauts (ä -> a, ß -> ss), strips a leading "ge" from long words
/// and then removes the endings -em, -er, -nd, -t, -e, -s, -n from the right while the word
/// stays longer than three letters. Case matters: a word that starts with a capital letter
/// (a noun) keeps a final "t" unless `caseInsensitive` is set. The port agrees with NLTK 3.10.4
/// on every word of the fixture `Tests/GermanTextTests/Fixtures/cistem-nltk.tsv` (see its header
/// for how it was made).
///
/// A value type without state: `Sendable`, safe to share between threads.
public struct CistemStemmer: Sendable, Hashable {
    /// When true, a capitalised word loses a final "t" like any other (CISTEM's `case_insensitive`).
    public var caseInsensitive: Bool

    public init(caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
    }

    /// The stem of `word` (lower case, umlauts folded).
    public func stem(_ word: some StringProtocol) -> String {
        var input = word.unicodeScalars.makeIterator()
        guard let first = input.next() else { return "" }
        let upper = first.properties.isUppercase

        // Lower case (full mappings, as Python's str.lower), then fold umlauts and ß.
        var lower: [Unicode.Scalar] = []
        lower.reserveCapacity(word.utf8.count)
        Self.appendLowercase(of: word.unicodeScalars, to: &lower)
        var w: [Unicode.Scalar] = []
        w.reserveCapacity(lower.count + 2)
        for s in lower {
            switch s {
            case "ü": w.append("u")
            case "ö": w.append("o")
            case "ä": w.append("a")
            case "ß": w.append("s"); w.append("s")
            default: w.append(s)
            }
        }

        // A leading "ge" goes when at least four letters follow (ge(.{4,}) in the reference).
        if w.count >= 6, w[0] == "g", w[1] == "e", !w[2..<6].contains("\n") {
            w.removeFirst(2)
        }

        // Placeholders keep "sch", "ei", "ie" and doubled letters together while endings are stripped.
        w = Self.replaceTo(w)
        while w.count > 3 {
            let n = w.count
            if n > 5 {
                if w[n - 2] == "e", w[n - 1] == "m" || w[n - 1] == "r" {
                    w.removeLast(2); continue
                }
                if w[n - 2] == "n", w[n - 1] == "d" {
                    w.removeLast(2); continue
                }
            }
            if !upper || caseInsensitive, w[n - 1] == "t" {
                w.removeLast(); continue
            }
            if w[n - 1] == "e" || w[n - 1] == "s" || w[n - 1] == "n" {
                w.removeLast(); continue
            }
            break
        }
        return Self.replaceBack(w)
    }

    /// sch -> $, ei -> %, ie -> &, then a doubled letter xx -> x* (left to right, no overlaps).
    private static func replaceTo(_ w: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var a: [Unicode.Scalar] = []
        a.reserveCapacity(w.count)
        var i = 0
        while i < w.count {
            if i + 2 < w.count, w[i] == "s", w[i + 1] == "c", w[i + 2] == "h" { a.append("$"); i += 3 } else { a.append(w[i]); i += 1 }
        }
        a = replacePair(a, "e", "i", with: "%")
        a = replacePair(a, "i", "e", with: "&")
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(a.count)
        i = 0
        while i < a.count {
            if i + 1 < a.count, a[i] == a[i + 1], a[i] != "\n" { out.append(a[i]); out.append("*"); i += 2 } else { out.append(a[i]); i += 1 }
        }
        return out
    }

    private static func replacePair(_ w: [Unicode.Scalar], _ x: Unicode.Scalar, _ y: Unicode.Scalar, with r: Unicode.Scalar) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(w.count)
        var i = 0
        while i < w.count {
            if i + 1 < w.count, w[i] == x, w[i + 1] == y { out.append(r); i += 2 } else { out.append(w[i]); i += 1 }
        }
        return out
    }

    /// x* -> xx (left to right, no overlaps), then the placeholders back to their letters.
    private static func replaceBack(_ w: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < w.count {
            let s = w[i]
            var count = 1
            if i + 1 < w.count, w[i + 1] == "*", s != "\n" { count = 2; i += 2 } else { i += 1 }
            for _ in 0..<count {
                switch s {
                case "%": out.append("e"); out.append("i")
                case "&": out.append("i"); out.append("e")
                case "$": out.append("s"); out.append("c"); out.append("h")
                default: out.append(s)
                }
            }
        }
        return String(out)
    }

    /// Appends the full lower-case mapping of `scalars`, with Greek final sigma as Python applies it.
    static func appendLowercase(of scalars: some Collection<Unicode.Scalar>, to out: inout [Unicode.Scalar]) {
        let array = Array(scalars)
        for (i, s) in array.enumerated() {
            if s.isASCII {
                out.append(s.value >= 65 && s.value <= 90 ? Unicode.Scalar(UInt8(s.value + 32)) : s)
            } else if s == "\u{03A3}" {
                out.append(isFinalSigma(array, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
    }

    /// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorables), none after.
    private static func isFinalSigma(_ a: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, a[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, a[j].properties.isCased else { return false }
        var k = i + 1
        while k < a.count, a[k].properties.isCaseIgnorable { k += 1 }
        return !(k < a.count && a[k].properties.isCased)
    }
}
