import Foundation

/// One part of a compound word, as it appears in the word (`arzt` in `hausarztversorgung`).
public struct CompoundPart: Hashable, Codable, Sendable {
    /// The part's lexical form: lower case, linking element removed, a plural or case form
    /// reduced to its lemma where the lexicon knows it ("plätze" -> "platz"), a verb stem given
    /// as its infinitive ("fahr" -> "fahren") and an elided "e" restored ("schul" -> "schule").
    public var lemma: String
    /// Offset range of the part within the word, in scalars. A linking element belongs to the
    /// part before it ("arbeits" in "Arbeitsplätze"); a hyphen belongs to no part.
    public var scalars: Range<Int>
    public init(lemma: String, scalars: Range<Int>) {
        self.lemma = lemma
        self.scalars = scalars
    }
}

/// Splits German compounds into their parts: "Hausarztversorgung" -> haus|arzt|versorgung,
/// "Arbeitsplätze" -> arbeit|platz, "Radwegenetz" -> rad|weg|netz.
///
/// The splitter looks for the segmentation of a word into lexicon words (with linking elements
/// -s-, -es-, -n-, -en-, -e-, -er-, umlaut plurals, elided "e", verb stems) whose parts are
/// most common, and keeps the word whole unless the split beats the word itself: every part
/// scores its Zipf frequency minus a threshold, so a split into rare or very short parts loses
/// ("Radio" is not rad|io, "Brot" not b|rot, "Wirtschaft" not wirt|schaft). Hyphenated words
/// are split at the hyphens first. A non-compound comes back as one part. See
/// `docs/german-normalisation.md` for the rules and the measured precision and recall.
///
/// Cheap to copy and `Sendable`: the lexicon is loaded once and shared, and results are cached
/// per distinct word behind a lock, so concurrent callers share the work.
public struct Decompounder: Sendable {
    public let lexicon: CompoundLexicon
    private let cache: SplitCache

    private static let sharedCache = SplitCache()

    /// The decompounder over the shipped lexicon (shares one cache across all copies).
    public init() {
        lexicon = .shared
        cache = Self.sharedCache
    }

    /// A decompounder over another lexicon, with its own cache.
    public init(lexicon: CompoundLexicon) {
        self.lexicon = lexicon
        cache = SplitCache()
    }

    /// The parts of `word` in order; one part when it is not a compound (or not a word).
    ///
    /// The case of the first letter matters only for the lemma of a word that is both a noun
    /// and something else ("Essen" / "essen"); pass words as they are written.
    public func split(_ word: some StringProtocol) -> [CompoundPart] {
        let key = String(word)
        if let hit = cache.value(for: key) { return hit }
        let parts = Analysis(lexicon: lexicon).split(key)
        cache.store(parts, for: key)
        return parts
    }

    /// The lemmas of the parts joined by "|" ("haus|arzt|versorgung").
    public func splitDescription(_ word: some StringProtocol) -> String {
        split(word).map(\.lemma).joined(separator: "|")
    }
}

/// Results per distinct word, shared between copies of a `Decompounder`.
final class SplitCache: @unchecked Sendable {
    // NSLock guards `table`; lookups are short, so contention stays low.
    private let lock = NSLock()
    private var table: [String: [CompoundPart]] = [:]

    func value(for key: String) -> [CompoundPart]? {
        lock.lock(); defer { lock.unlock() }
        return table[key]
    }

    func store(_ parts: [CompoundPart], for key: String) {
        lock.lock(); defer { lock.unlock() }
        table[key] = parts
    }
}

/// One decompounding run over one word: scoring, lemmas and the search.
struct Analysis {
    let lexicon: CompoundLexicon

    /// A part must beat this Zipf value to pay for a split (one in a million words).
    static let threshold = 3.0
    /// Zipf assumed for a lexicon word that is too rare for the frequency list.
    static let unlistedZipf = 2.5
    /// How much better than the whole word a split must score.
    static let margin = 0.3
    /// Shortest part (scalars), and shortest word worth trying. Three-letter parts must be
    /// listed in `[short-parts]` of the rules file ("rad", "hof", "amt"; not "san", "alm").
    static let minimumPart = 3
    /// What each part after the first costs: a split point must pay for itself.
    static let splitCost = 0.4
    /// Suffixes after which German requires the linking -s- in a compound.
    static let linkingSuffixes = ["ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum"]

    struct Part {
        var lemma: String
        var range: Range<Int>
        var score: Double
    }

    func split(_ word: String) -> [CompoundPart] {
        let original = Array(word.unicodeScalars)
        // Lower-case scalar by scalar; a letter whose lower case is longer (İ) would shift the
        // ranges, so such a word is not split.
        var lower: [Unicode.Scalar] = []
        lower.reserveCapacity(original.count)
        for s in original {
            if s.isASCII {
                lower.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(UInt8(s.value + 0x20)) : s)
            } else {
                let mapped = s.properties.lowercaseMapping.unicodeScalars
                guard mapped.count == 1, let m = mapped.first else { return [whole(original, lower: nil, 0..<original.count)] }
                lower.append(m)
            }
        }
        var parts: [CompoundPart] = []
        var start = 0
        for i in 0...lower.count where i == lower.count || lower[i] == "-" {
            if i > start { parts += splitPiece(original, lower, start..<i) }
            start = i + 1
        }
        if parts.isEmpty { return [CompoundPart(lemma: String(String.UnicodeScalarView(lower)), scalars: 0..<lower.count)] }
        return parts
    }

    private func whole(_ original: [Unicode.Scalar], lower: [Unicode.Scalar]?, _ range: Range<Int>) -> CompoundPart {
        let text = lower.map { String(String.UnicodeScalarView($0[range])) }
            ?? String(String.UnicodeScalarView(original[range])).lowercased()
        return CompoundPart(lemma: text, scalars: range)
    }

    /// Splits one hyphen-free piece of the word.
    private func splitPiece(_ original: [Unicode.Scalar], _ lower: [Unicode.Scalar], _ range: Range<Int>) -> [CompoundPart] {
        let text = String(String.UnicodeScalarView(lower[range]))
        let capitalised = original[range.lowerBound].properties.isUppercase
        let wholeLemma = lemma(ofWhole: text, capitalised: capitalised)
        let single = [CompoundPart(lemma: wholeLemma, scalars: range)]
        guard range.count >= 2 * Self.minimumPart,
              lower[range].allSatisfy({ $0.properties.isAlphabetic }),
              !lexicon.keepWhole.contains(text)
        else { return single }

        let w = Array(lower[range])
        let n = w.count
        // A word from `[keep-whole]` stays one part inside a longer compound too
        // ("Hochzeitsfeier" is hochzeit|feier, "Datenplattform" daten|plattform).
        var noCut = [Bool](repeating: false, count: n + 1)
        for keep in lexicon.keepWholeScalars where keep.count < n {
            var a = 0
            while a + keep.count <= n {
                if w[a] == keep[0], w[a..<(a + keep.count)].elementsEqual(keep) {
                    for k in (a + 1)..<(a + keep.count) { noCut[k] = true }
                }
                a += 1
            }
        }
        // best[i]: the best sequence of parts covering w[i...] (the last part is the head).
        var best = [[Part]?](repeating: nil, count: n + 1)
        var bestScore = [Double](repeating: -.infinity, count: n + 1)
        var i = n - Self.minimumPart
        while i >= 0 {
            if let head = head(w, i..<n, noun: capitalised) {
                best[i] = [head]
                bestScore[i] = head.score
            }
            var j = i + Self.minimumPart
            while j <= n - Self.minimumPart {
                if !noCut[j], let rest = best[j], let modifier = modifier(w, i..<j, noun: capitalised) {
                    let total = modifier.score + bestScore[j] - Self.splitCost
                    if total > bestScore[i] {
                        best[i] = [modifier] + rest
                        bestScore[i] = total
                    }
                }
                j += 1
            }
            i -= 1
        }
        guard let parts = best[0], parts.count > 1 else { return single }
        let wholeScore = (lexicon.frequencies.zipf(text) ?? (lexicon.contains(text) ? Self.unlistedZipf : 0)) - Self.threshold
        guard bestScore[0] > wholeScore + Self.margin else { return single }
        return parts.map { CompoundPart(lemma: $0.lemma, scalars: ($0.range.lowerBound + range.lowerBound)..<($0.range.upperBound + range.lowerBound)) }
    }

    // MARK: Scoring

    private func zipf(_ word: String) -> Double? { lexicon.frequencies.zipf(word) }

    /// Score of a part: how common it is, above the threshold, less its penalties.
    private func score(surface: String, lemma: String, rootLength: Int, penalty: Double) -> Double {
        let z = max(zipf(surface) ?? -1, zipf(lemma) ?? -1, Self.unlistedZipf)
        // Short parts are where spurious splits come from ("rad", "hof", "tag"): they must be common.
        let short = rootLength == 3 ? 0.7 : rootLength == 4 ? 0.2 : 0
        return z - Self.threshold - penalty - short
    }

    private func allowedPart(_ lemma: String) -> Bool {
        !lexicon.notAPart.contains(lemma) && !lexicon.notAHead.contains(lemma)
            && (lemma.unicodeScalars.count != Self.minimumPart || lexicon.shortParts.contains(lemma))
    }

    /// The last part of a compound: a noun (any form) or, in a lower-case word, an adjective.
    ///
    /// `noun`: the word is written with a capital, so its head must be a noun ("Zugewanderten"
    /// is not zug|wanderten). In a lower-case word a participle is no head ("klargestellt").
    private func head(_ w: [Unicode.Scalar], _ r: Range<Int>, noun: Bool) -> Part? {
        let surface = String(String.UnicodeScalarView(w[r]))
        guard !lexicon.notAHead.contains(surface), allowedPart(surface) else { return nil }
        // "-erinnen" is a female plural, not "Rinne" ("Buchhalterinnen" is not buch|halt|rinne).
        if surface.hasPrefix("rinne"), r.lowerBound > 0, w[r.lowerBound - 1] == "e" { return nil }
        // "-end" + ending after a verb stem is a present participle, not "Ende" ("Vorsitzende").
        if surface.hasPrefix("end"), r.lowerBound > 0 {
            let before = String(String.UnicodeScalarView(w[..<r.lowerBound]))
            if lexicon.isLowerWord(before + "en") || lexicon.isLowerWord(before + "n") { return nil }
        }
        // A lower-case word (adjective, verb) has no noun head when the head reads as a verb
        // or adverb too ("beinhalte" is not bein|halt).
        if lexicon.isNoun(surface), noun || !lexicon.isLowerWord(surface) {
            let l = nounLemma(surface)
            guard !lexicon.notAHead.contains(l), allowedPart(l) else { return nil }
            return Part(lemma: l, range: r, score: score(surface: surface, lemma: l, rootLength: r.count, penalty: 0))
        }
        // Female forms the dictionary lacks: "nehmerinnen" -> "nehmerin" (Arbeitnehmerinnen).
        for (ending, keep) in [("innen", 2), ("in", 2)] where surface.hasSuffix(ending) {
            let base = String(surface.dropLast(ending.count))
            guard base.unicodeScalars.count >= 4, lexicon.isNoun(base), allowedPart(base) else { continue }
            let lemma = base + String(ending.prefix(keep))
            return Part(lemma: lemma, range: r, score: score(surface: base, lemma: base, rootLength: r.count, penalty: 0.2))
        }
        // In a noun, a lower-case head is an adjective in its base form (Wohnmobil) or a
        // nominalised infinitive (Musikhören), never an inflected form (Gehaltes: not geh|altes).
        // A comparative ("enger") is no head of a noun: "Messenger" is not messen|enger.
        let comparative = surface.hasSuffix("er") && isAdjective(String(surface.dropLast(2)))
        if lexicon.isLowerWord(surface), !isParticiple(surface),
           noun ? (isAdjective(surface) && !comparative) || isNominalisedInfinitive(surface) : isAdjectiveForm(surface) {
            return Part(lemma: surface, range: r, score: score(surface: surface, lemma: surface, rootLength: r.count, penalty: 0.2))
        }
        return nil
    }

    /// A common infinitive that heads a noun: "hören" (Musikhören), "vorgehen" (Polizeivorgehen).
    private func isNominalisedInfinitive(_ word: String) -> Bool {
        word.hasSuffix("en") && !lexicon.isNoun(word) && (zipf(word) ?? 0) >= 3.8
    }

    /// An adjective, in its base form or inflected: "frei", "freundlichen".
    private func isAdjectiveForm(_ word: String) -> Bool {
        if isAdjective(word) { return true }
        for ending in ["e", "en", "er", "es", "em"] where word.hasSuffix(ending) {
            if isAdjective(String(word.dropLast(ending.count))) { return true }
        }
        return false
    }

    /// A past participle such as "gestellt", "gesprochen", "gefundene".
    private func isParticiple(_ word: String) -> Bool {
        guard word.hasPrefix("ge"), word.unicodeScalars.count >= 6 else { return false }
        return ["t", "te", "ten", "tes", "ter", "tem", "en", "ene", "enen", "ener", "enes", "enem"].contains { word.hasSuffix($0) }
    }

    /// A part before the head, with its linking element.
    ///
    /// `noun`: the word is written with a capital. A lower-case word (an adjective such as
    /// "barrierefrei") takes only nouns and adjectives as modifiers, no verb stems or adverbs.
    private func modifier(_ w: [Unicode.Scalar], _ r: Range<Int>, noun: Bool) -> Part? {
        let surface = String(String.UnicodeScalarView(w[r]))
        // These suffixes take the linking -s- before another part ("Zahlungs-", "Sicherheits-"):
        // without it the boundary is elsewhere ("Zahlungsaufschub" is not zahlung|sauf|schub).
        if Self.linkingSuffixes.contains(where: { surface.hasSuffix($0) }) { return nil }
        var best: Part?
        func consider(_ lemma: String, root: Int, penalty: Double, scoreSurface: String, checkLemma: Bool = true, listed: Bool = false) {
            guard root >= Self.minimumPart, listed || allowedPart(scoreSurface), listed || !checkLemma || allowedPart(lemma) else { return }
            let s = score(surface: scoreSurface, lemma: lemma, rootLength: root, penalty: penalty)
            if s > (best?.score ?? -.infinity) { best = Part(lemma: lemma, range: r, score: s) }
        }
        let n = r.count
        let last = w[r.upperBound - 1]

        // A noun in any form, umlaut plurals included: "kinder", "ärzte", "wege", "straßen".
        // A nominalised adjective gives the adjective: "alten" (Altenheim), "kranken".
        if lexicon.isNoun(surface) {
            var lemma = nounLemma(surface)
            // ... unless the form belongs to a noun ("spitzen" is the plural of "Spitze").
            for ending in ["en", "e"] where lemma == surface && surface.hasSuffix(ending) {
                let base = String(surface.dropLast(ending.count))
                if isAdjective(base) { lemma = base; break }
            }
            consider(lemma, root: n, penalty: 0, scoreSurface: surface)
        }
        // A lower-case word: adjectives ("breit", "groß", "nah"); in a noun also adverbs
        // ("innen"). A verb stem competes below.
        if lexicon.isLowerWord(surface), noun || isAdjective(surface) {
            consider(surface, root: n, penalty: 0.2, scoreSurface: surface)
        }
        // An inflected or nominalised adjective gives its base: "alten" (Altenheim), "kranken".
        for ending in ["en", "e", "er", "es"] where surface.hasSuffix(ending) {
            let base = String(surface.dropLast(ending.count))
            if isAdjective(base) { consider(base, root: n, penalty: 0.1, scoreSurface: surface) }
        }
        // Linking -s-, -es-, -ens-, -ns-: "arbeits", "verkehrs", "namens".
        for link in ["s", "es", "ens", "ns"] where surface.hasSuffix(link) {
            let base = String(surface.dropLast(link.count))
            guard lexicon.isNoun(base) else { continue }
            if link == "s", let b = base.unicodeScalars.last, "sßxz".unicodeScalars.contains(b) { continue }
            consider(nounLemma(base), root: n - link.count, penalty: 0.1, scoreSurface: base)
        }
        // Elided "e" of the nouns listed in `[elided-e]`: "schul" (Schule), "sprach"; with
        // linking s: "hilfs" (Hilfe). Only listed nouns: "hand|lung(e)" must not happen.
        // (Listed nouns are safe, so "erd" does not pay the short-part penalty.)
        if last != "e", lexicon.elidedE.contains(surface + "e") {
            consider(surface + "e", root: n + 1, penalty: 0.1, scoreSurface: surface + "e", listed: true)
        }
        if last == "s", n > Self.minimumPart {
            let base = String(surface.dropLast()) + "e"
            if lexicon.elidedE.contains(base) { consider(base, root: n, penalty: 0.1, scoreSurface: base, listed: true) }
        }
        // Bound modifiers that are not words on their own: "elektro", "solar", "öko".
        if lexicon.boundModifiers.contains(surface) {
            consider(surface, root: n, penalty: 0, scoreSurface: surface, listed: true)
        }
        // A verb stem: "fahr" (fahren), "wohn" (wohnen), "wander" (wandern), "halte" (halten).
        // "-n" alone only after -el, -er, -e ("wandern", "sammeln", "halten"), else "mann" would be a verb.
        // An adjective is not a verb stem ("alt" + "en" is not a verb); common verbs that are stop
        // words still make stems ("geh" in "Gehweg"), so only the stem itself must be allowed.
        // Where a noun reads as well ("Park", "Kauf"), the verb must be clearly more common.
        if noun, !isAdjective(surface) {
            let infinitive = surface.hasSuffix("e") || surface.hasSuffix("el") || surface.hasSuffix("er") ? surface + "n" : surface + "en"
            if lexicon.isLowerWord(infinitive) {
                let penalty = lexicon.isNoun(surface) ? 0.6 : 0.3
                consider(infinitive, root: n, penalty: penalty, scoreSurface: surface, checkLemma: false)
            }
        }
        return best
    }

    /// A lower-case word that declines like an adjective ("alt": "altes", "alter").
    private func isAdjective(_ word: String) -> Bool {
        lexicon.isAdjective(word)
    }

    // MARK: Lemmas

    /// The lemma of a word that stays whole.
    private func lemma(ofWhole text: String, capitalised: Bool) -> String {
        if let o = lexicon.lemmaOverrides[text] { return o }
        if lexicon.isNoun(text), capitalised || !lexicon.isLowerWord(text) { return nounLemma(text) }
        return text
    }

    /// How a plural or case form is reduced to its lemma, tried in order, for forms the
    /// dictionary's flags do not link to a lemma: umlaut plurals are roots of their own
    /// ("Plätze"), and so are some plurals in -n ("Schulen"). Plain -e, -er, -s plurals come
    /// from the flags ("Wege", "Kinder"); a rule for them would turn "Rate" into "Rat".
    private struct NounRule {
        var suffix: String
        var umlaut: Bool
        /// The lemma must take a genitive -s/-es (masculine or neuter): Weg -> Wege, Kind -> Kinder.
        var strong: Bool
        /// How much rarer than the form the lemma may be (Zipf); nil: no frequency check.
        var tolerance: Double?
    }

    private static let nounRules: [NounRule] = [
        NounRule(suffix: "nen", umlaut: false, strong: false, tolerance: nil),   // Bürgerinnen
        NounRule(suffix: "n", umlaut: false, strong: false, tolerance: 0.8),     // Schulen, Augen, Bauern, Kindern (then kind)
        NounRule(suffix: "sen", umlaut: false, strong: false, tolerance: 0.5),   // Bussen
        NounRule(suffix: "se", umlaut: false, strong: false, tolerance: 0.5),    // Busse, Zeugnisse
        NounRule(suffix: "e", umlaut: true, strong: false, tolerance: 0.5),      // Plätze, Ärzte, Kräfte, Gäste
        NounRule(suffix: "en", umlaut: true, strong: false, tolerance: 0.0),     // Ärzten, Plätzen
        NounRule(suffix: "ern", umlaut: true, strong: true, tolerance: nil),     // Häusern
        NounRule(suffix: "er", umlaut: true, strong: true, tolerance: nil),      // Häuser, Länder
        NounRule(suffix: "", umlaut: true, strong: true, tolerance: nil),        // Väter, Gärten, Äpfel
        NounRule(suffix: "en", umlaut: false, strong: false, tolerance: 0.5),    // Frauen, Zeiten
    ]

    /// The lemma of a noun form: "plätze" -> "platz", "kinder" -> "kind", "schulen" -> "schule".
    /// A form that takes a genitive -s/-es is a singular and its own lemma ("bürger", "posten").
    func nounLemma(_ form: String) -> String {
        let once = nounLemmaStep(form)
        // A dative plural reduces in two steps: "kindern" -> "kinder" -> "kind".
        return once == form ? once : nounLemmaStep(once)
    }

    private func nounLemmaStep(_ form: String) -> String {
        if let o = lexicon.lemmaOverrides[form] { return o }
        // The dictionary's inflection flags, unless the "lemma" is a rare word whose flags
        // happen to make a common one ("Auge" from "Aug", "Halle" from "Hall").
        if let l = lexicon.lemmas[form],
           (zipf(l) ?? Self.unlistedZipf) >= (zipf(form) ?? Self.unlistedZipf) - 1.0 { return l }
        guard lexicon.isNoun(form) else { return form }
        // "Wege" + "s" is "Weges", the genitive of Weg: the test says nothing for forms in -e.
        // A nominalised infinitive ("Ehren", "Arbeiten") has a genitive too, yet is also a plural.
        if !form.hasSuffix("e"), !(form.hasSuffix("en") && lexicon.isLowerWord(form)),
           lexicon.isNoun(form + "s") || lexicon.isNoun(form + "es") { return form }
        let formZipf = zipf(form) ?? Self.unlistedZipf
        let scalars = Array(form.unicodeScalars)
        for rule in Self.nounRules {
            let k = rule.suffix.unicodeScalars.count
            guard scalars.count - k >= Self.minimumPart, form.hasSuffix(rule.suffix) else { continue }
            var stem = Array(scalars[..<(scalars.count - k)])
            if rule.umlaut {
                guard let at = stem.lastIndex(where: { $0 == "ä" || $0 == "ö" || $0 == "ü" }) else { continue }
                stem[at] = stem[at] == "ä" ? "a" : stem[at] == "ö" ? "o" : "u"
                if rule.suffix.isEmpty, !(form.hasSuffix("er") || form.hasSuffix("el") || form.hasSuffix("en")) { continue }
            } else if rule.suffix.isEmpty {
                continue
            }
            let candidate = String(String.UnicodeScalarView(stem))
            guard candidate != form, lexicon.isNoun(candidate) else { continue }
            // An umlaut plural needs a common singular ("Säule" is not the plural of "Saul").
            if rule.umlaut, zipf(candidate) == nil { continue }
            if rule.strong, !(lexicon.isNoun(candidate + "es") || lexicon.isNoun(candidate + "s")) { continue }
            if let tolerance = rule.tolerance, (zipf(candidate) ?? Self.unlistedZipf) < formZipf - tolerance { continue }
            return candidate
        }
        return form
    }
}
