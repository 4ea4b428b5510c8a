import GermanText
import LeitbildCore

/// A compound part (or hyphen-separated piece) inside a matched word.
struct PartSpan: Hashable, Sendable {
    /// Scalar offsets within the word.
    var scalars: Range<Int>
    /// UTF-8 offsets within the word.
    var utf8: Range<Int>
    /// The part lemma(s), joined by `|`.
    var lemma: String
}

/// One way a text word matches a pattern (a word of some term).
struct WordHit: Sendable {
    var pattern: Int32
    var rule: MatchRule
    var part: PartSpan?
    /// A noun term met a lower-case word ("Nutzen" / "nutzen", "Laden" / "laden"): a verb or
    /// adjective in well-cased text, so the coder drops it unless the text is all lower case.
    var lowercaseNoun = false
}

/// Everything the coder needs to know about one distinct word, computed once per session.
struct WordInfo: Sendable {
    var hits: [WordHit] = []
    /// The folded word (for cue context checks).
    var folded = ""
    /// Ids of the dismissal-cue words this word matches.
    var cueWords: [Int] = []
    var isClauseBreak = false
    var isResumptive = false
    var isArticle = false

    /// The hit for a pattern; in well-cased text not one where a noun term met a lower-case word.
    func matches(pattern: Int32, wellCased: Bool) -> WordHit? {
        hits.first { $0.pattern == pattern && !(wellCased && $0.lowercaseNoun) }
    }
}

/// Word-level analysis shared by term compilation and coding: stems with their umlauts,
/// spelling variants, and compound parts.
enum WordAnalysis {
    /// A compound part as the matcher compares it.
    struct Part: Sendable {
        /// Folded lemma (ä = ae, ß = ss).
        var key: String
        var lemma: String
        /// Scalar range within the whole word.
        var scalars: Range<Int>
        /// Which hyphen-separated piece of the word it belongs to.
        var piece: Int
    }

    /// Lower case with ß as ss: the form that inflected forms are compared on (with `Inflection.baseFold`).
    static func prelude(_ lower: some StringProtocol) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(lower.unicodeScalars.count + 2)
        for s in lower.unicodeScalars {
            if s == "ß" { out.append("s"); out.append("s") } else { out.append(s) }
        }
        return out
    }

    static func umlauts(in prelude: [Unicode.Scalar], upTo count: Int) -> [CompiledCodebook.UmlautAt] {
        var out: [CompiledCodebook.UmlautAt] = []
        for (i, s) in prelude.prefix(count).enumerated() where s == "ä" || s == "ö" || s == "ü" {
            out.append(CompiledCodebook.UmlautAt(index: i, scalar: s))
        }
        return out
    }

    /// The umlaut spelling of a word written with ae/oe/ue ("aerzte" -> "ärzte"), if it has any.
    static func umlautSpelling(_ lower: String) -> String? {
        // Fast exit for the common case: no "ae", "oe" or "ue" at all.
        var previous: UInt8 = 0
        var candidate = false
        for b in lower.utf8 {
            if b == UInt8(ascii: "e") && (previous == UInt8(ascii: "a") || previous == UInt8(ascii: "o") || previous == UInt8(ascii: "u")) { candidate = true; break }
            previous = b
        }
        guard candidate else { return nil }
        let scalars = Array(lower.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        while i < scalars.count {
            if i + 1 < scalars.count, scalars[i + 1] == "e", let mapped = umlaut(scalars, at: i) {
                out.append(mapped)
                changed = true
                i += 2
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : nil
    }

    /// The umlaut that a/o/u at `i` stands for when an "e" follows; nil for "que", "eue", "aue"
    /// (Quelle, neue, Bauer), which are ordinary spellings.
    static func umlaut(_ scalars: [Unicode.Scalar], at i: Int) -> Unicode.Scalar? {
        if scalars[i] == "u" && i > 0 && (scalars[i - 1] == "q" || scalars[i - 1] == "e" || scalars[i - 1] == "a") { return nil }
        switch scalars[i] {
        case "a": return "ä"
        case "o": return "ö"
        case "u": return "ü"
        default: return nil
        }
    }

    /// Hyphen-separated pieces of a word, as scalar ranges ("E-Bike-Verleih" -> 3 pieces).
    static func pieces(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, s) in scalars.enumerated() where s == "-" || s == "\u{2010}" || s == "\u{2011}" {
            if i > start { out.append(start..<i) }
            start = i + 1
        }
        if start < scalars.count { out.append(start..<scalars.count) }
        return out
    }

    /// Compound parts of a word: each hyphen-separated piece split by the decompounder. Parts
    /// the splitter returns out of range are ignored in favour of the whole piece.
    static func parts(of word: String, splitter: any CompoundSplitting, folded: String? = nil, decompound: Bool = true) -> [Part] {
        let scalars = Array(word.unicodeScalars)
        var out: [Part] = []
        let pieceRanges = pieces(scalars)
        for (pieceIndex, piece) in pieceRanges.enumerated() {
            let text = pieceRanges.count == 1 && piece.count == scalars.count ? word : String(String.UnicodeScalarView(scalars[piece]))
            guard decompound else {
                let key = pieceRanges.count == 1 ? (folded ?? FastFold.key(text)) : FastFold.key(text)
                out.append(Part(key: key, lemma: text.lowercased(), scalars: piece, piece: pieceIndex))
                continue
            }
            var split = validated(splitter.split(text), length: piece.count)
            // Written with ae/oe/ue ("Aerztemangel"): split the umlaut spelling and map the parts back.
            if split.count <= 1, let respelled = umlautRespelling(Array(text.unicodeScalars)) {
                let alternative = validated(splitter.split(respelled.text), length: respelled.origin.count - 1)
                if alternative.count > 1 {
                    split = alternative.map { CompoundPart(lemma: $0.lemma, scalars: respelled.origin[$0.scalars.lowerBound]..<respelled.origin[$0.scalars.upperBound]) }
                }
            }
            // The common case, a simple word: its key is the folded word the caller already has.
            if let folded, pieceRanges.count == 1, split.count == 1, split[0].scalars == 0..<scalars.count, split[0].lemma == word.lowercased() {
                return [Part(key: folded, lemma: split[0].lemma, scalars: 0..<scalars.count, piece: 0)]
            }
            if split.isEmpty {
                out.append(Part(key: FastFold.key(text), lemma: text.lowercased(), scalars: piece, piece: pieceIndex))
            } else {
                for p in split {
                    out.append(Part(key: FastFold.key(p.lemma), lemma: p.lemma,
                                    scalars: (piece.lowerBound + p.scalars.lowerBound)..<(piece.lowerBound + p.scalars.upperBound), piece: pieceIndex))
                }
            }
        }
        return out
    }

    /// The parts if they are usable (in range, non-empty lemmas), else none.
    private static func validated(_ split: [CompoundPart], length: Int) -> [CompoundPart] {
        split.allSatisfy({ $0.scalars.lowerBound >= 0 && $0.scalars.upperBound <= length && !$0.lemma.isEmpty }) ? split : []
    }

    /// A word's umlaut spelling ("Aerztemangel" -> "Ärztemangel") with, for every scalar offset
    /// of the new spelling (and its end), the offset in the original word.
    static func umlautRespelling(_ scalars: [Unicode.Scalar]) -> (text: String, origin: [Int])? {
        let lower = String(String.UnicodeScalarView(scalars)).lowercased()
        guard lower.unicodeScalars.count == scalars.count, umlautSpelling(lower) != nil else { return nil }
        let l = Array(lower.unicodeScalars)
        var out = String.UnicodeScalarView()
        var origin: [Int] = []
        var i = 0
        while i < l.count {
            if i + 1 < l.count, l[i + 1] == "e" {
                if let mapped = umlaut(l, at: i) {
                    // Keep the capital of the original first letter, so the splitter sees a noun.
                    out.append(i == 0 && scalars[0].properties.isUppercase ? (mapped.properties.uppercaseMapping.unicodeScalars.first ?? mapped) : mapped)
                    origin.append(i)
                    i += 2
                    continue
                }
            }
            out.append(i == 0 ? scalars[0] : l[i])
            origin.append(i)
            i += 1
        }
        origin.append(l.count)
        return (String(out), origin)
    }

    /// Whether a compound part of the word could match a term (see `CompiledCodebook.partFilter`).
    static func mayMatchInside(_ lower: String, book: CompiledCodebook) -> Bool {
        if book.partFilterDisabled { return true }
        if book.partFilter.isEmpty { return false }
        func check(_ s: String) -> Bool {
            // Base fold straight into an array: lower case, ß as ss, umlauts undotted.
            var base: [Unicode.Scalar] = []
            base.reserveCapacity(s.utf8.count)
            for c in s.unicodeScalars {
                switch c {
                case "ä": base.append("a")
                case "ö": base.append("o")
                case "ü": base.append("u")
                case "ß": base.append("s"); base.append("s")
                default: base.append(c)
                }
            }
            for n in 3...4 where base.count >= n {
                for i in 0...(base.count - n) where book.partFilter.contains(CompiledCodebook.gram(base[i..<(i + n)])) { return true }
            }
            return false
        }
        if check(lower) { return true }
        if let respelled = umlautSpelling(lower) { return check(respelled) }
        return false
    }

    /// Gender-inclusive spellings and the word they are built on: "Radfahrer*innen",
    /// "Radfahrer:innen", "Radfahrer_innen", "Bürger/-innen", "RadfahrerInnen" -> "Radfahrer".
    static func genderBase(_ surface: String) -> String? {
        // Fast exit: no marker character and no capital I after the first letter.
        var candidate = false
        for (i, b) in surface.utf8.enumerated() where b == UInt8(ascii: "*") || b == UInt8(ascii: ":") || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "/") || b == 0xB7 || (b == UInt8(ascii: "I") && i > 0) {
            candidate = true
            break
        }
        guard candidate else { return nil }
        for marker in ["*", ":", "_", "/-", "/", "·"] {
            for suffix in ["innen", "in"] where surface.hasSuffix(marker + suffix) {
                let base = String(surface.dropLast(marker.count + suffix.count))
                return base.isEmpty ? nil : base
            }
        }
        // Binnen-I: a capital I after a lower-case letter.
        for suffix in ["Innen", "In"] where surface.hasSuffix(suffix) {
            let base = surface.dropLast(suffix.count)
            if let last = base.unicodeScalars.last, last.properties.isLowercase { return String(base) }
        }
        return nil
    }

    /// Analyses one distinct surface word against the compiled codebook.
    static func analyze(_ surface: String, book: CompiledCodebook, splitter: any CompoundSplitting) -> WordInfo {
        var info = analyzeSpelling(surface, book: book, splitter: splitter)
        if let base = genderBase(surface) {
            for hit in analyzeSpelling(base, book: book, splitter: splitter).hits where !info.hits.contains(where: { $0.pattern == hit.pattern }) {
                info.hits.append(hit)
            }
        }
        return info
    }

    private static func analyzeSpelling(_ surface: String, book: CompiledCodebook, splitter: any CompoundSplitting) -> WordInfo {
        var info = WordInfo()
        let folded = FastFold.key(surface)
        info.folded = folded
        // One lookup for everything the word lists say about the word.
        let listed = book.wordLists[folded]
        if let id = listed?.cueWord { info.cueWords.append(id) }
        for (prefix, id) in book.cuePrefixes where folded.hasPrefix(prefix) { info.cueWords.append(id) }
        info.isClauseBreak = listed?.clauseBreak ?? false
        info.isResumptive = listed?.resumptive ?? false
        info.isArticle = listed?.article ?? false

        let scalars = Array(surface.unicodeScalars)
        // UTF-8 offsets of each scalar, built only when a hit inside the word needs them.
        var utf8Offsets: [Int] = []
        func span(_ r: Range<Int>, _ lemma: String) -> PartSpan {
            if utf8Offsets.isEmpty {
                utf8Offsets.reserveCapacity(scalars.count + 1)
                utf8Offsets.append(0)
                for s in scalars { utf8Offsets.append(utf8Offsets[utf8Offsets.count - 1] + UTF8.width(s)) }
            }
            return PartSpan(scalars: r, utf8: utf8Offsets[r.lowerBound]..<utf8Offsets[r.upperBound], lemma: lemma)
        }
        func add(_ pattern: Int32, _ rule: MatchRule, _ part: PartSpan?) {
            if !info.hits.contains(where: { $0.pattern == pattern }) { info.hits.append(WordHit(pattern: pattern, rule: rule, part: part)) }
        }

        if !book.exactIndex.isEmpty { for id in book.exactIndex[surface] ?? [] { add(id, .exactForm, nil) } }
        // A function word is only ever itself: "wegen" must not reach "Weg" through its stem.
        if listed?.functionWord == true {
            for id in book.functionIndex[folded] ?? [] { add(id, .word, nil) }
            return info
        }
        guard !(book.formIndex.isEmpty && book.lemmaIndex.isEmpty && book.globs.isEmpty) else { return info }

        /// Patterns of which the word is an inflected form (umlauts checked).
        func formMatches(_ lower: String) -> [Int32] {
            let pre = prelude(lower)
            guard let entries = book.formIndex[Inflection.baseFold(pre)] else { return [] }
            return entries.filter { e in e.umlauts.allSatisfy { $0.index < pre.count && pre[$0.index] == $0.scalar } }.map(\.pattern)
        }
        let lower = surface.lowercased()
        var inflected = formMatches(lower)
        if inflected.isEmpty, let alternative = umlautSpelling(lower) { inflected = formMatches(alternative) }
        let startsLowercase = scalars.first?.properties.isLowercase == true
        for id in inflected {
            add(id, .word, nil)
            if startsLowercase && book.nounPatterns.contains(id), let i = info.hits.firstIndex(where: { $0.pattern == id }) { info.hits[i].lowercaseNoun = true }
        }

        let parts = parts(of: surface, splitter: splitter, folded: folded, decompound: mayMatchInside(lower, book: book))
        let pieceRanges = pieces(scalars)
        if parts.count == 1 {
            for id in book.lemmaIndex[parts[0].key] ?? [] { add(id, .word, nil) }
        } else if parts.count > 1 {
            let keys = parts.map(\.key)
            for i in 0..<parts.count {
                var key = ""
                for j in i..<parts.count {
                    key += (j == i ? "" : "|") + keys[j]
                    guard let ids = book.lemmaIndex[key] else { continue }
                    let whole = i == 0 && j == parts.count - 1
                    let lemma = parts[i...j].map(\.lemma).joined(separator: "|")
                    for id in ids where whole || book.compoundPatterns.contains(id) {
                        add(id, whole ? .word : .compoundPart, whole ? nil : span(parts[i].scalars.lowerBound..<parts[j].scalars.upperBound, lemma))
                    }
                }
            }
            // Hyphenated words: each piece is also matched as a word ("Fahrrad-Stellplätze").
            if pieceRanges.count > 1 {
                for piece in pieceRanges {
                    let text = String(String.UnicodeScalarView(scalars[piece])).lowercased()
                    var ids = formMatches(text)
                    if ids.isEmpty, let alternative = umlautSpelling(text) { ids = formMatches(alternative) }
                    for id in ids { add(id, .compoundPart, span(piece, text)) }
                }
            }
        }

        if !book.globs.isEmpty {
            let lemmaKeys = parts.map(\.key)
            let foldedBytes = Array(folded.utf8)
            let lemmaBytes = parts.count == 1 && lemmaKeys[0] == folded ? foldedBytes : Array(lemmaKeys.joined().utf8)
            // Folded lemmas and surface from each part start and up to each part end, for part-anchored globs.
            let tails: [[UInt8]] = parts.count > 1 ? parts.indices.dropFirst().flatMap { i in
                [Array(lemmaKeys[i...].joined().utf8), Array(FastFold.key(String(String.UnicodeScalarView(scalars[parts[i].scalars.lowerBound...]))).utf8)]
            } : []
            let heads: [[UInt8]] = parts.count > 1 ? parts.indices.dropLast().flatMap { j in
                [Array(lemmaKeys[...j].joined().utf8), Array(FastFold.key(String(String.UnicodeScalarView(scalars[..<parts[j].scalars.upperBound]))).utf8)]
            } : []
            for glob in book.globs {
                switch glob.kind {
                case .prefix:
                    if Bytes.hasPrefix(foldedBytes, glob.bytes) { add(glob.pattern, .glob, nil); continue }
                    if let k = tails.firstIndex(where: { Bytes.hasPrefix($0, glob.bytes) }) {
                        let i = k / 2 + 1
                        add(glob.pattern, .glob, span(parts[i].scalars.lowerBound..<scalars.count, parts[i...].map(\.lemma).joined(separator: "|")))
                    }
                case .suffix:
                    if Bytes.hasSuffix(foldedBytes, glob.bytes) || Bytes.hasSuffix(lemmaBytes, glob.bytes) { add(glob.pattern, .glob, nil); continue }
                    if let k = heads.firstIndex(where: { Bytes.hasSuffix($0, glob.bytes) }) {
                        let j = k / 2
                        add(glob.pattern, .glob, span(0..<parts[j].scalars.upperBound, parts[...j].map(\.lemma).joined(separator: "|")))
                    }
                case .infix:
                    if Bytes.contains(foldedBytes, glob.bytes) { add(glob.pattern, .glob, nil) }
                case .lexical, .exact:
                    break
                }
            }
        }
        return info
    }
}

/// Byte comparisons of folded keys (both sides come from `Folding.key`, so bytes decide).
enum Bytes {
    static func hasPrefix(_ a: [UInt8], _ p: [UInt8]) -> Bool {
        guard a.count >= p.count else { return false }
        for i in 0..<p.count where a[i] != p[i] { return false }
        return true
    }
    static func hasSuffix(_ a: [UInt8], _ s: [UInt8]) -> Bool {
        guard a.count >= s.count else { return false }
        let offset = a.count - s.count
        for i in 0..<s.count where a[offset + i] != s[i] { return false }
        return true
    }
    static func contains(_ a: [UInt8], _ n: [UInt8]) -> Bool {
        guard !n.isEmpty, a.count >= n.count else { return n.isEmpty }
        outer: for start in 0...(a.count - n.count) {
            for i in 0..<n.count where a[start + i] != n[i] { continue outer }
            return true
        }
        return false
    }
}

/// `Folding.key` with a fast path: lower-case ASCII letters and digits, ä/ö/ü/ß and their capitals
/// are folded here byte by byte; any other scalar hands the word to `Folding.key`. The result is
/// always exactly `Folding.key(word)` (a test checks this on the Snowball vocabulary); this only
/// avoids building a `String` per scalar for the common German word.
enum FastFold {
    static func key(_ word: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(word.utf8.count + 4)
        var iterator = word.utf8.makeIterator()
        while let b = iterator.next() {
            if b < 0x80 {
                if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { out.append(b + 32) } else { out.append(b) }
                continue
            }
            // Two-byte sequences of Latin-1 Supplement: C3 xx.
            guard b == 0xC3, let c = iterator.next() else { return Folding.key(word) }
            switch c {
            case 0xA4, 0x84: out.append(UInt8(ascii: "a")); out.append(UInt8(ascii: "e"))  // ä Ä
            case 0xB6, 0x96: out.append(UInt8(ascii: "o")); out.append(UInt8(ascii: "e"))  // ö Ö
            case 0xBC, 0x9C: out.append(UInt8(ascii: "u")); out.append(UInt8(ascii: "e"))  // ü Ü
            case 0x9F: out.append(UInt8(ascii: "s")); out.append(UInt8(ascii: "s"))  // ß
            default: return Folding.key(word)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
