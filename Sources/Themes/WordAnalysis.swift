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

    func matches(pattern: Int32) -> WordHit? { hits.first { $0.pattern == pattern } }
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

    /// Snowball's prelude without its umlaut folding: lower case with ß as ss, so that scalar
    /// positions line up with the stem (the stem is always a prefix of this, umlauts folded).
    static func prelude(_ lower: some StringProtocol) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(lower.unicodeScalars.count + 2)
        for s in lower.unicodeScalars {
            if s == "ß" { out.append("s"); out.append("s") } else { out.append(s) }
        }
        return out
    }

    static func stem(_ lower: String, stemmer: SnowballStemmer?) -> String {
        stemmer?.stem(lower) ?? Folding.key(lower)
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
        let scalars = Array(lower.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        while i < scalars.count {
            if i + 1 < scalars.count, scalars[i + 1] == "e" {
                let mapped: Unicode.Scalar? = switch scalars[i] { case "a": "ä"; case "o": "ö"; case "u": "ü"; default: nil }
                // "que"/"eue"/"aue" are ordinary spellings (Quelle, neue, Bauer), not umlauts.
                let blocked = scalars[i] == "u" && i > 0 && (scalars[i - 1] == "q" || scalars[i - 1] == "e" || scalars[i - 1] == "a")
                if let mapped, !blocked {
                    out.append(mapped)
                    changed = true
                    i += 2
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : nil
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
    static func parts(of word: String, splitter: any CompoundSplitting) -> [Part] {
        let scalars = Array(word.unicodeScalars)
        var out: [Part] = []
        for (pieceIndex, piece) in pieces(scalars).enumerated() {
            let text = String(String.UnicodeScalarView(scalars[piece]))
            let split = splitter.split(text)
            let valid = !split.isEmpty && split.allSatisfy { $0.scalars.lowerBound >= 0 && $0.scalars.upperBound <= piece.count && !$0.lemma.isEmpty }
            if valid {
                for p in split {
                    out.append(Part(key: Folding.key(p.lemma), lemma: p.lemma,
                                    scalars: (piece.lowerBound + p.scalars.lowerBound)..<(piece.lowerBound + p.scalars.upperBound), piece: pieceIndex))
                }
            } else {
                out.append(Part(key: Folding.key(text), lemma: text.lowercased(), scalars: piece, piece: pieceIndex))
            }
        }
        return out
    }

    /// Analyses one distinct surface word against the compiled codebook.
    static func analyze(_ surface: String, book: CompiledCodebook, stemmer: SnowballStemmer?, splitter: any CompoundSplitting) -> WordInfo {
        var info = WordInfo()
        let folded = Folding.key(surface)
        info.folded = folded
        let lexicon = book.lexicon
        if let id = book.cueWords[folded] { info.cueWords.append(id) }
        for (prefix, id) in book.cuePrefixes where folded.hasPrefix(prefix) { info.cueWords.append(id) }
        info.isClauseBreak = lexicon.clauseBreaks.contains(folded)
        info.isResumptive = lexicon.resumptiveWords.contains(folded)

        let scalars = Array(surface.unicodeScalars)
        var utf8Offsets = [0]
        utf8Offsets.reserveCapacity(scalars.count + 1)
        for s in scalars { utf8Offsets.append(utf8Offsets[utf8Offsets.count - 1] + UTF8.width(s)) }
        func span(_ r: Range<Int>, _ lemma: String) -> PartSpan {
            PartSpan(scalars: r, utf8: utf8Offsets[r.lowerBound]..<utf8Offsets[r.upperBound], lemma: lemma)
        }
        func add(_ pattern: Int32, _ rule: MatchRule, _ part: PartSpan?) {
            if !info.hits.contains(where: { $0.pattern == pattern }) { info.hits.append(WordHit(pattern: pattern, rule: rule, part: part)) }
        }

        for id in book.exactIndex[surface] ?? [] { add(id, .exactForm, nil) }
        // A function word is only ever itself: "wegen" must not reach "Weg" through its stem.
        if lexicon.functionWords.contains(folded) {
            for id in book.functionIndex[folded] ?? [] { add(id, .word, nil) }
            return info
        }
        guard !(book.stemIndex.isEmpty && book.lemmaIndex.isEmpty && book.globs.isEmpty) else { return info }

        func stemMatches(_ lower: String) -> [Int32] {
            let key = stem(lower, stemmer: stemmer)
            guard let entries = book.stemIndex[key] else { return [] }
            let pre = prelude(lower)
            return entries.filter { e in e.umlauts.allSatisfy { $0.index < pre.count && pre[$0.index] == $0.scalar } }.map(\.pattern)
        }
        let lower = surface.lowercased()
        var stemmed = stemMatches(lower)
        if stemmed.isEmpty, let alternative = umlautSpelling(lower) { stemmed = stemMatches(alternative) }
        for id in stemmed { add(id, .word, nil) }

        let parts = parts(of: surface, splitter: splitter)
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
                    for id in ids { add(id, whole ? .word : .compoundPart, whole ? nil : span(parts[i].scalars.lowerBound..<parts[j].scalars.upperBound, lemma)) }
                }
            }
            // Hyphenated words: each piece is also matched as a word ("Fahrrad-Stellplätze").
            if pieceRanges.count > 1 {
                for piece in pieceRanges {
                    let text = String(String.UnicodeScalarView(scalars[piece])).lowercased()
                    var ids = stemMatches(text)
                    if ids.isEmpty, let alternative = umlautSpelling(text) { ids = stemMatches(alternative) }
                    for id in ids { add(id, .compoundPart, span(piece, text)) }
                }
            }
        }

        if !book.globs.isEmpty {
            let lemmaKeys = parts.map(\.key)
            // Folded surface from each part start, and up to each part end (for part-anchored globs).
            for glob in book.globs {
                switch glob.kind {
                case .prefix:
                    if folded.hasPrefix(glob.key) { add(glob.pattern, .glob, nil); continue }
                    for i in parts.indices.dropFirst() {
                        let tail = lemmaKeys[i...].joined()
                        let surfaceTail = Folding.key(String(String.UnicodeScalarView(scalars[parts[i].scalars.lowerBound...])))
                        if tail.hasPrefix(glob.key) || surfaceTail.hasPrefix(glob.key) {
                            add(glob.pattern, .glob, span(parts[i].scalars.lowerBound..<scalars.count, parts[i...].map(\.lemma).joined(separator: "|")))
                            break
                        }
                    }
                case .suffix:
                    if folded.hasSuffix(glob.key) || lemmaKeys.joined().hasSuffix(glob.key) { add(glob.pattern, .glob, nil); continue }
                    for j in parts.indices.dropLast() {
                        let head = lemmaKeys[...j].joined()
                        let surfaceHead = Folding.key(String(String.UnicodeScalarView(scalars[..<parts[j].scalars.upperBound])))
                        if head.hasSuffix(glob.key) || surfaceHead.hasSuffix(glob.key) {
                            add(glob.pattern, .glob, span(0..<parts[j].scalars.upperBound, parts[...j].map(\.lemma).joined(separator: "|")))
                            break
                        }
                    }
                case .infix:
                    if folded.contains(glob.key) { add(glob.pattern, .glob, nil) }
                case .lexical, .exact:
                    break
                }
            }
        }
        return info
    }
}
