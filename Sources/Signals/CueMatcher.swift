import GermanText
import LeitbildCore

/// Case and umlaut folding on UTF-8 bytes, equal to `Folding.key` (ä = ae, ß = ss, lower case)
/// but without building a String per word: the matcher folds every respondent word it looks at.
enum ByteFolding {
    /// Appends the folded form of `bytes[range]` (valid UTF-8) to `out`.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b < 0x80 {
                out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
                i += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length where i + k < range.upperBound { value = value << 6 | (UInt32(bytes[i + k]) & 0x3F) }
            i += length
            switch value {
            case 0xE4, 0xC4: out.append(0x61); out.append(0x65)  // ä -> ae
            case 0xF6, 0xD6: out.append(0x6F); out.append(0x65)  // ö -> oe
            case 0xFC, 0xDC: out.append(0x75); out.append(0x65)  // ü -> ue
            case 0xDF, 0x1E9E: out.append(0x73); out.append(0x73)  // ß, ẞ -> ss
            default:
                guard let scalar = Unicode.Scalar(value) else { continue }
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
    }

    /// Writes the folded form of `bytes[range]` to `out` from `n` on and returns the new end; `out`
    /// must have room for three bytes per input byte (the most a lower-case mapping takes).
    @inline(__always)
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var n = start
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b < 0x80 {
                out[n] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                n += 1
                i += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length where i + k < range.upperBound { value = value << 6 | (UInt32(bytes[i + k]) & 0x3F) }
            i += length
            switch value {
            case 0xE4, 0xC4: out[n] = 0x61; out[n + 1] = 0x65; n += 2  // ä -> ae
            case 0xF6, 0xD6: out[n] = 0x6F; out[n + 1] = 0x65; n += 2  // ö -> oe
            case 0xFC, 0xDC: out[n] = 0x75; out[n + 1] = 0x65; n += 2  // ü -> ue
            case 0xDF, 0x1E9E: out[n] = 0x73; out[n + 1] = 0x73; n += 2  // ß, ẞ -> ss
            default:
                guard let scalar = Unicode.Scalar(value) else { continue }
                for u in scalar.properties.lowercaseMapping.utf8 where n < out.count {
                    out[n] = u
                    n += 1
                }
            }
        }
        return n
    }

    /// The folded bytes of a string.
    static func fold(_ text: some StringProtocol) -> [UInt8] {
        var out: [UInt8] = []
        var copy = String(text)
        copy.withUTF8 { append($0, 0..<$0.count, to: &out) }
        return out
    }
}

/// The words of one sentence as the cue matcher sees them: folded keys, where punctuation
/// interrupts, and which clause each word belongs to.
struct SentenceView {
    /// Index of the sentence in `AnalyzedTranscript.sentences`.
    var sentence: Int
    /// Folded bytes of all words, concatenated; word `w` is `bytes[starts[w]..<starts[w + 1]]`.
    var bytes: [UInt8]
    var starts: [Int]
    /// Token index of each word.
    var tokens: [Int]
    /// A non-word token (punctuation, a transcript mark) stands between this word and the previous one.
    var breakBefore: [Bool]
    /// Clause number of each word, from 0.
    var clause: [Int]
    /// For each clause: whether the boundary that opened it is contrastive ("aber", ";").
    var contrastBefore: [Bool]
    /// For each clause: whether a subordinating word opened it ("weil", "dass").
    var subordinate: [Bool]
    /// For each clause: whether it holds "nicht nur" ("Nicht nur der Bus, sondern auch die Schule
    /// ..."), as the clause reader finds it to keep the "sondern" after it from contrasting.
    var nichtNur: [Bool]

    var count: Int { tokens.count }

    /// Folded key of word `w`.
    func key(_ w: Int) -> String { String(decoding: bytes[starts[w]..<starts[w + 1]], as: UTF8.self) }

    /// Whether the sentence starts with an anaphor ("Das", "Dafür").
    func startsWithAnaphor(_ lexicon: SignalLexicon) -> Bool {
        count > 0 && bytes.withUnsafeBufferPointer { lexicon.anaphoraTable.value($0, starts[0]..<starts[1]) } != nil
    }

    /// Clause bookkeeping while a sentence is read.
    private struct ClauseState {
        var number = 0
        var hasWords = false
        var contrastBefore = [false]
        var subordinate = [false]
        /// "nicht nur ..., sondern auch ...": the clause after adds to the one with "nicht nur", not contrasts.
        var nichtNurClause: Int? = nil
        /// Every clause that holds "nicht nur" (`SentenceView.nichtNur`).
        var nichtNurClauses: Set<Int> = []

        /// Consecutive boundaries (", aber") open one clause, contrastive if any of them is.
        mutating func boundary(_ kind: ClauseBoundary) {
            var contrast = kind.contrast
            if contrast, let c = nichtNurClause, c >= number - (hasWords ? 0 : 1) {
                contrast = false
                nichtNurClause = nil
            }
            if hasWords {
                number += 1
                contrastBefore.append(contrast)
                subordinate.append(kind.subordinate)
                hasWords = false
            } else {
                if contrast { contrastBefore[number] = true }
                if kind.subordinate { subordinate[number] = true }
            }
        }
    }

    /// The tokens the view reads as words (cues, clause words, fields); the others break, but for
    /// a percent sign right after a word, which the view joins to it (`isPercentSign`).
    static func isWord(_ kind: TokenKind) -> Bool {
        switch kind {
        case .word, .abbreviation, .genderForm, .hashtag, .number, .ordinal: true
        default: false
        }
    }

    /// A "%" token. Joined to the word before it, it makes "20 %" one word, "20%", which the
    /// pattern item `<zahl>%` matches ("gut <zahl>%" in `ignore.txt`: "gut 20 % der Leute" is an
    /// amount, not an assessment) and which keeps the distances between words (a first version
    /// read the sign as a word of its own, so that "nicht mal 50 % richtig zufrieden" put the
    /// negation four words from its cue, out of reach; found in a review).
    static func isPercentSign(_ token: Token, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        token.kind == .symbol && token.range.utf8.count == 1 && text[token.range.utf8.lowerBound] == UInt8(ascii: "%")
    }

    /// Whether the words so far end in a finite verb of `modal-particles.txt`, or in one and a
    /// pronoun, with no punctuation between them and the next word. A full verb (`fullverb`)
    /// counts only with a pronoun right before it ("Es fehlen doch", "wir brauchen aber").
    private static func followsFiniteVerb(starts: [Int], breakBefore: [Bool], bytes: UnsafeBufferPointer<UInt8>,
                                          lexicon: SignalLexicon) -> Bool {
        let count = breakBefore.count
        guard count >= 1 else { return false }
        func role(_ w: Int) -> ModalRole? { lexicon.modalTable.value(bytes, starts[w]..<starts[w + 1]) }
        func isFinite(_ w: Int) -> Bool {
            switch role(w) {
            case .verb: true
            case .fullVerb: w >= 1 && !breakBefore[w] && role(w - 1) == .pronoun
            default: false
            }
        }
        if isFinite(count - 1) { return true }
        guard count >= 2, role(count - 1) == .pronoun, !breakBefore[count - 1] else { return false }
        return isFinite(count - 2)
    }

    /// Whether the words after token `t` open a clause of their own, so that the contrast word
    /// before them is a conjunction, not a modal particle: a verb of `modal-particles.txt` among the
    /// next four words ("… aber die Schule ist gut" without the comma), or an article whose noun
    /// is followed by a word that is no stop word ("… haben wir aber der Bus fehlt"; not "ist mir
    /// aber die Schule hier im Ort"). Stops at punctuation.
    private static func opensClause(after t: Int, in tokenRange: Range<Int>, tokens: UnsafeBufferPointer<Token>,
                                    text: UnsafeBufferPointer<UInt8>, lexicon: SignalLexicon) -> Bool {
        var scratch = [UInt8](repeating: 0, count: 3 * 24 + 16)
        var roles: [ModalRole?] = [], capitalized: [Bool] = [], stopWord: [Bool] = []
        var next = t + 1
        scan: while next < tokenRange.upperBound, roles.count < 8 {
            let token = tokens[next]
            next += 1
            guard Self.isWord(token.kind) else { break scan }
            let range = token.range.utf8
            var role: ModalRole? = nil, stop = false
            if range.count <= 24 {
                let n = scratch.withUnsafeMutableBufferPointer { ByteFolding.write(text, range, to: $0, at: 0) }
                role = scratch.withUnsafeBufferPointer { lexicon.modalTable.value($0, 0..<n) }
                stop = StopWords.shared.keys.contains(String(decoding: scratch[0..<n], as: UTF8.self))
            }
            stopWord.append(stop)
            if role == .verb, roles.count < 4 { return true }
            roles.append(role)
            let first = text[range.lowerBound]
            // A capital letter: ASCII A–Z, or Ä, Ö, Ü (C3 84, C3 96, C3 9C).
            capitalized.append((0x41...0x5A).contains(first)
                || (first == 0xC3 && range.count > 1 && [0x84, 0x96, 0x9C].contains(text[range.lowerBound + 1])))
        }
        guard roles.first == .article else { return false }
        guard let noun = capitalized.indices.dropFirst().first(where: { capitalized[$0] }) else { return false }
        // The word after the noun: a verb ("der Bus fehlt") opens a clause; a preposition, an
        // adverb or a conjunction ("die Schule hier im Ort", "für meine Kinder", "und der Arzt":
        // stop words) does not (found in a review of the first version, which took any word).
        return noun + 1 < roles.count && !capitalized[noun + 1] && !stopWord[noun + 1]
    }

    /// - Parameters:
    ///   - tokens: all tokens of the transcript; `tokenRange` those of the sentence.
    ///   - text: the transcript's text as UTF-8 bytes.
    ///   - punctuated: whether the transcript is punctuated (`SignalDetector.isPunctuated`): only then
    ///     is a contrast word after a verb read as a modal particle, since without commas "Probleme
    ///     mit dem Bus haben wir aber die Schule ist super" cannot be told from "Wichtig ist mir
    ///     aber die Schule" (found in a review of the first version).
    init(sentence: Int, tokens allTokens: UnsafeBufferPointer<Token>, tokenRange: Range<Int>, text: UnsafeBufferPointer<UInt8>,
         lexicon: SignalLexicon, punctuated: Bool = true) {
        self.sentence = sentence
        var state = ClauseState()
        var tokens: [Int] = [], starts: [Int] = [0], breakBefore: [Bool] = [], clause: [Int] = []
        tokens.reserveCapacity(tokenRange.count)
        starts.reserveCapacity(tokenRange.count + 1)
        breakBefore.reserveCapacity(tokenRange.count)
        clause.reserveCapacity(tokenRange.count)
        var sentenceBytes = 0
        if let first = tokenRange.first, let last = tokenRange.last {
            sentenceBytes = allTokens[last].range.utf8.upperBound - allTokens[first].range.utf8.lowerBound
        }
        // Folded words go into a scratch buffer (three bytes per input byte is the most folding takes).
        let out = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 3 * sentenceBytes + 16)
        defer { out.deallocate() }
        let punctuation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 16)
        defer { punctuation.deallocate() }
        var n = 0
        var pendingBreak = false, previousWasNicht = false
        for t in tokenRange {
            let token = allTokens[t]
            let range = token.range.utf8
            if Self.isPercentSign(token, in: text), let last = tokens.last, last == t - 1, !pendingBreak {
                // "20 %": the sign joins the number before it (see `isPercentSign`), and still
                // breaks as before, so that no gap of a pattern reaches across it ("Der Bus kostet
                // keine 5 % mehr" is no "kein* .. mehr"; found in a review).
                out[n] = UInt8(ascii: "%")
                n += 1
                starts[starts.count - 1] = n
                pendingBreak = true
                previousWasNicht = false
            } else if Self.isWord(token.kind) {
                let start = n
                n = ByteFolding.write(text, range, to: out, at: n)
                if token.kind == .ordinal, n > start, out[n - 1] == 0x2E { n -= 1 }
                let word = start..<n
                if let kind = lexicon.clauseWordTable.value(UnsafeBufferPointer(out), word) {
                    // "ist mir aber", "ist doch": a modal particle inside the clause, no boundary.
                    let modal = punctuated && !pendingBreak && lexicon.modalTable.value(UnsafeBufferPointer(out), word) == .particle
                        && Self.followsFiniteVerb(starts: starts, breakBefore: breakBefore, bytes: UnsafeBufferPointer(out), lexicon: lexicon)
                        && !Self.opensClause(after: t, in: tokenRange, tokens: allTokens, text: text, lexicon: lexicon)
                    if !modal { state.boundary(kind) }
                }
                // "nur" = 6E 75 72, "nicht" = 6E 69 63 68 74
                if previousWasNicht, !pendingBreak, word.count == 3, out[start] == 0x6E, out[start + 1] == 0x75, out[start + 2] == 0x72 {
                    state.nichtNurClause = state.number
                    state.nichtNurClauses.insert(state.number)
                }
                previousWasNicht = word.count == 5 && out[start] == 0x6E && out[start + 1] == 0x69
                    && out[start + 2] == 0x63 && out[start + 3] == 0x68 && out[start + 4] == 0x74
                starts.append(n)
                tokens.append(t)
                breakBefore.append(pendingBreak)
                clause.append(state.number)
                state.hasWords = true
                pendingBreak = false
            } else {
                pendingBreak = true
                previousWasNicht = false
                if range.count <= 3 {
                    let length = ByteFolding.write(text, range, to: punctuation, at: 0)
                    if let kind = lexicon.clausePunctuationTable.value(UnsafeBufferPointer(punctuation), 0..<length) { state.boundary(kind) }
                }
            }
        }
        bytes = Array(UnsafeBufferPointer(rebasing: out[..<n]))
        self.tokens = tokens
        self.starts = starts
        self.breakBefore = breakBefore
        self.clause = clause
        contrastBefore = state.contrastBefore
        subordinate = state.subordinate
        nichtNur = contrastBefore.indices.map { state.nichtNurClauses.contains($0) }
    }

    /// Whether the sentence's last clause is a question tag ("…, oder?", "…, nicht wahr?").
    func endsWithQuestionTag(_ lexicon: SignalLexicon) -> Bool {
        guard let last = clause.last, last > 0 else { return false }
        let words = clause.indices.filter { clause[$0] == last }.map(key)
        return words.count <= 3 && lexicon.questionTags.contains(words.joined(separator: " "))
    }

    /// Whether clause `c` opens with "sondern" (the part after "nicht X, sondern Y").
    func opensWithSondern(clause c: Int) -> Bool {
        guard let w = clause.firstIndex(of: c) else { return false }
        return key(w) == "sondern"
    }

    /// Whether clause `c` is "sondern" and a bare noun phrase: an article of `modal-particles.txt`
    /// and at most three more words ("sondern die Schule", "sondern einen neuen Bus"), nothing that
    /// corrects a verb or an adjective ("sondern fährt nur zweimal", "sondern eher was für …").
    func isBareNounPhrase(clause c: Int, lexicon: SignalLexicon) -> Bool {
        let words = words(inClause: c)
        guard words.count >= 3, words.count <= 5, key(words[0]) == "sondern" else { return false }
        return modalRole(words[1], lexicon: lexicon) == .article
    }

    /// Whether clause `c` is an apposition naming what came before it: an opening of `anaphora.txt`
    /// (`| apposition`: "also", "ich meine"), an article of `modal-particles.txt` (or "das", listed
    /// there as a pronoun) and at most three more words, none a verb or pronoun there ("also der
    /// Radweg", "ich meine den Bus", "sprich das Internet"; not "also der Bus muss fahren", "also wir
    /// brauchen den Bus").
    func isApposition(clause c: Int, lexicon: SignalLexicon) -> Bool {
        let words = words(inClause: c)
        for length in 1...2 where words.count > length + 1 && words.count <= length + 4 {
            guard lexicon.appositions.contains(words.prefix(length).map(key).joined(separator: " ")),
                  modalRole(words[length], lexicon: lexicon) == .article || key(words[length]) == "das" else { continue }
            return words.dropFirst(length + 1).allSatisfy { ![.verb, .fullVerb, .pronoun].contains(modalRole($0, lexicon: lexicon)) }
        }
        return false
    }

    /// Whether clause `c` is a short correction without a clause of its own: "sondern" and at most
    /// three more words, none of them a verb or pronoun of `modal-particles.txt` ("sondern eine
    /// Katastrophe", "sondern richtig gut"; not "sondern wichtig ist, dass …", "sondern es fehlt am
    /// Geld", "sondern das Problem ist die Politik", which say something about another thing).
    func isShortCorrection(clause c: Int, lexicon: SignalLexicon) -> Bool {
        let words = words(inClause: c)
        guard words.count >= 2, words.count <= 4, key(words[0]) == "sondern" else { return false }
        return words.dropFirst().allSatisfy { ![.verb, .fullVerb, .pronoun].contains(modalRole($0, lexicon: lexicon)) }
    }

    /// The words after a comparative cue's "als" that name what it is compared with: "Der Bus ist
    /// weniger wichtig als die Schule", "Die Schule ist wichtiger als der Bus ist" (up to four words,
    /// to the clause's end or a verb of `modal-particles.txt`). A comparative is a cue whose last word
    /// ends in "-er" or that starts with "weniger"/"mehr"; "wichtig als Arbeitgeber" is none. Nil
    /// when the cue (words `start..<end`) is no comparative followed by "als".
    func comparisonStandard(start: Int, end: Int, lexicon: SignalLexicon) -> Range<Int>? {
        guard end < count, end > start, clause[end] == clause[start], !breakBefore[end], key(end) == "als" else { return nil }
        let first = key(start), last = key(end - 1)
        guard first == "weniger" || first == "mehr" || last.hasSuffix("er") else { return nil }
        // "Nichts ist wichtiger als der Bus": compared with nothing, the field after "als" is the
        // one the cue is about (found in a review of stop 40: the cue was lost).
        var w = start - 1
        while w >= 0, clause[w] == clause[start] {
            if key(w) == "nichts" || key(w) == "nix" { return nil }
            w -= 1
        }
        var stop = end + 1
        while stop < count, stop <= end + 4, clause[stop] == clause[start], !breakBefore[stop],
              ![.verb, .fullVerb].contains(modalRole(stop, lexicon: lexicon)) { stop += 1 }
        return (end + 1)..<stop
    }

    /// The negation of a matrix clause that reaches clause `c`, a "dass" clause: the clause before
    /// it ends in a negation of `negation.txt` ("Ich glaube nicht, dass der Bus dringend ist") or in
    /// one and a phrase of `matrix-verbs.txt` ("Ich würde nicht sagen, dass Radwege unwichtig sind",
    /// "Es ist nicht so, dass …"). Its word, or nil.
    func matrixNegation(reaching c: Int, lexicon: SignalLexicon) -> Int? {
        guard c > 0, let first = clause.firstIndex(of: c), first > 0, key(first) == "dass", !contrastBefore[c] else { return nil }
        let before = words(inClause: c - 1)
        for tail in 0...2 where before.count > tail {
            let negation = before[before.count - 1 - tail]
            guard lexicon.negationWords.contains(key(negation)) else { continue }
            let rest = before.suffix(tail).map(key).joined(separator: " ")
            // A bare "… nicht, dass" only after a verb of believing or saying: "Ich verstehe nicht,
            // dass der Bus so schlecht fährt" and "Das geht nicht, dass der Arzt fehlt" are
            // complaints, not denials (found in a review: their problems read as assets).
            if tail == 0, before.contains(where: { w in let k = key(w); return lexicon.matrixStems.contains { k.hasPrefix($0) } }) { return negation }
            if tail > 0, lexicon.matrixPhrases.contains(rest) { return negation }
        }
        return nil
    }

    /// The words of clause `c`, in order.
    private func words(inClause c: Int) -> [Int] { clause.indices.filter { clause[$0] == c } }

    /// Whether word `w` is an article of `modal-particles.txt` or "das" (listed there as a
    /// pronoun): it opens a noun phrase ("Das Geld spielt keine Rolle", "Erstens die Feuerwehr").
    func isArticle(_ w: Int, lexicon: SignalLexicon) -> Bool {
        key(w) == "das" || modalRole(w, lexicon: lexicon) == .article
    }

    /// Word `w`'s role in `modal-particles.txt`, if any.
    func modalRole(_ w: Int, lexicon: SignalLexicon) -> ModalRole? {
        bytes.withUnsafeBufferPointer { lexicon.modalTable.value($0, starts[w]..<starts[w + 1]) }
    }

    /// Whether a contrastive boundary lies between two clauses.
    func contrastBetween(_ a: Int, _ b: Int) -> Bool {
        let (lo, hi) = a < b ? (a, b) : (b, a)
        guard lo < hi else { return false }
        return contrastBefore[(lo + 1)...hi].contains(true)
    }

    /// The word whose token starts at or before a UTF-8 offset (for mapping term matches).
    func word(atUTF8 offset: Int, tokens all: [Token]) -> Int? {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if all[tokens[mid]].range.utf8.lowerBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }
}

/// A lexicon entry matched in a sentence: word positions `start..<end`.
struct LexiconHit {
    var entry: Int
    var start: Int
    var end: Int
    /// A negation of `negation.txt` in the gap of a cue's pattern, between its words ("Der Bus
    /// fällt nicht aus", "steht bei mir nicht ganz oben"): words `negation`. Never a word of the
    /// pattern itself ("gibt .. nicht mehr", "nicht unwichtig") nor one an ignore entry claims
    /// ("haben sich nicht nur halbiert"). Set by `CueMatcher.hits` on cues and rank markers.
    var negation: Range<Int>? = nil
}

/// Finds the lexicon's patterns in sentences. Built once per lexicon; patterns are compiled to
/// flat byte arrays so that matching allocates nothing per word.
final class CueMatcher: Sendable {
    let lexicon: SignalLexicon

    /// One compiled pattern item: kind and its literal in `literals`.
    struct Item: Sendable {
        enum Kind: UInt8, Sendable { case word, prefix, suffix, infix, gap, number, percent }
        var kind: Kind
        var start: Int
        var count: Int
    }
    private let literals: [UInt8]
    private let items: [Item]
    /// Items of entry `e`: `items[itemStart[e]..<itemStart[e + 1]]`.
    private let itemStart: [Int]
    private let literalCount: [Int]
    private let priority: [Int]
    /// Per entry: whether its pattern has a gap (`..`), where a negation may stand between its words.
    private let hasGap: [Bool]
    /// Per entry, for the detector: role, weight, whether a negation may follow, pattern text.
    let roles: [LexiconEntry.Role]
    let weights: [Double]
    let verbs: [Bool]
    let texts: [String]
    /// Entry lists, flat: entries whose first item is a whole word (by that word), a prefix (by
    /// its first byte), a suffix (by its last byte); infixes are checked against every word.
    private let entryList: [Int]
    private let byWord: ByteKeyTable<Range<Int>>
    /// `entryList[prefixStart[b]..<prefixStart[b + 1]]` for first byte `b`; likewise for suffixes.
    private let prefixStart: [Int]
    private let suffixStart: [Int]
    private let unindexed: Range<Int>

    init(lexicon: SignalLexicon) {
        self.lexicon = lexicon
        var literals: [UInt8] = [], items: [Item] = [], itemStart: [Int] = [0], literalCount: [Int] = [], priority: [Int] = []
        var byWord: [String: [Int]] = [:], unindexed: [Int] = []
        var byPrefix = [[Int]](repeating: [], count: 256), bySuffix = [[Int]](repeating: [], count: 256)
        for (e, entry) in lexicon.entries.enumerated() {
            for item in entry.items {
                func literal(_ kind: Item.Kind, _ s: String) {
                    items.append(Item(kind: kind, start: literals.count, count: s.utf8.count))
                    literals.append(contentsOf: s.utf8)
                }
                switch item {
                case let .word(w): literal(.word, w)
                case let .prefix(p): literal(.prefix, p)
                case let .suffix(s): literal(.suffix, s)
                case let .infix(i): literal(.infix, i)
                case let .gap(n): items.append(Item(kind: .gap, start: 0, count: n))
                case .number: items.append(Item(kind: .number, start: 0, count: 0))
                case .percent: items.append(Item(kind: .percent, start: 0, count: 0))
                }
            }
            itemStart.append(items.count)
            literalCount.append(entry.literalCount)
            switch entry.role {
            case .ignore: priority.append(0)
            case .rank: priority.append(1)
            case .cue: priority.append(2)
            case .negator, .hedge, .intensifier: priority.append(3)
            }
            switch entry.items[0] {
            case let .word(w): byWord[w, default: []].append(e)
            case let .prefix(p): byPrefix[Int(p.utf8.first ?? 0)].append(e)
            case let .suffix(s): bySuffix[Int(s.utf8.last ?? 0)].append(e)
            default: unindexed.append(e)
            }
        }
        self.literals = literals
        self.items = items
        self.itemStart = itemStart
        self.literalCount = literalCount
        self.priority = priority
        hasGap = lexicon.entries.map { $0.items.contains { if case .gap = $0 { true } else { false } } }
        roles = lexicon.entries.map(\.role)
        weights = lexicon.entries.map(\.weight)
        verbs = lexicon.entries.map(\.verb)
        texts = lexicon.entries.map(\.text)
        var list: [Int] = [], wordRanges: [(key: [UInt8], value: Range<Int>)] = []
        for (word, entries) in byWord.sorted(by: { $0.key < $1.key }) {
            wordRanges.append((Array(word.utf8), list.count..<(list.count + entries.count)))
            list += entries
        }
        var prefixStart: [Int] = [], suffixStart: [Int] = []
        for b in 0..<256 { prefixStart.append(list.count); list += byPrefix[b] }
        prefixStart.append(list.count)
        for b in 0..<256 { suffixStart.append(list.count); list += bySuffix[b] }
        suffixStart.append(list.count)
        let infixStart = list.count
        list += unindexed
        self.entryList = list
        self.byWord = ByteKeyTable(wordRanges)
        self.prefixStart = prefixStart
        self.suffixStart = suffixStart
        self.unindexed = infixStart..<list.count
    }

    /// The matcher's view of one sentence during a scan: raw buffers, no captures.
    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let breakBefore: UnsafeBufferPointer<Bool>
        let literals: UnsafeBufferPointer<UInt8>
        let items: UnsafeBufferPointer<Item>
        let count: Int
        let lexicon: SignalLexicon

        /// Whether the folded bytes are a number of `<zahl>`: digits, or a word of number-words.txt.
        @inline(__always) func isNumber(_ range: Range<Int>) -> Bool {
            PatternItem.isNumber(UnsafeBufferPointer(rebasing: bytes[range])) || lexicon.isNumberWord(bytes, range)
        }

        /// Whether word `w` satisfies a literal item.
        @inline(__always) func test(_ item: Item, _ w: Int) -> Bool {
            let a = starts[w], n = starts[w + 1] - a
            @inline(__always) func same(_ offset: Int) -> Bool {
                for k in 0..<item.count where bytes[a + offset + k] != literals[item.start + k] { return false }
                return true
            }
            switch item.kind {
            case .word: return n == item.count && same(0)
            case .prefix: return n >= item.count && same(0)
            case .suffix: return n > item.count && same(n - item.count)
            case .infix:
                guard n > item.count else { return false }
                for offset in 0...(n - item.count) where same(offset) { return true }
                return false
            case .gap: return false
            case .number: return isNumber(a..<(a + n))
            case .percent: return n >= 2 && bytes[a + n - 1] == UInt8(ascii: "%") && isNumber(a..<(a + n - 1))
            }
        }

        /// Matches items `i..<end` from word `p`; returns the end of the shortest match. With
        /// `literal`, also marks in it (from word `base` on) the words that items matched; the rest
        /// of the span are the gaps' words (`gapNegations`).
        func match(_ i: Int, _ end: Int, _ p: Int, first: Bool, literal: UnsafeMutableBufferPointer<Bool>? = nil, base: Int = 0) -> Int? {
            guard i < end else { return p }
            let item = items[i]
            if item.kind == .gap {
                var q = p
                for skipped in 0...item.count {
                    if skipped > 0 {
                        // A skipped word must not sit behind punctuation either.
                        guard q < count, !breakBefore[q] else { return nil }
                        q += 1
                    }
                    if let e = match(i + 1, end, q, first: false, literal: literal, base: base) { return e }
                }
                return nil
            }
            guard p < count, first || !breakBefore[p], test(item, p),
                  let e = match(i + 1, end, p + 1, first: false, literal: literal, base: base) else { return nil }
            literal?[p - base] = true
            return e
        }
    }

    /// Sets `negation` on the hits of cues and rank markers whose pattern has a gap with a negation
    /// in it: a hit of `negation.txt` whose words are all gap words of the cue's match, in the
    /// cue's clause, and none of them a word an ignore entry matches ("nicht nur", "oder nicht").
    /// Before overlaps are resolved, so the negation's own hit is still at hand (the longer cue
    /// claims its words; a user review found "Der Bus fällt nicht aus" read as a problem).
    /// `found` is in the order of its hits' starts, as `hits` makes it.
    private func gapNegations(_ found: inout [LexiconHit], scan: Scan, view: SentenceView) {
        guard found.contains(where: { hasGap[$0.entry] }) else { return }
        var ignored = [Bool](repeating: false, count: view.count)
        var negators: [Int] = []
        for (h, hit) in found.enumerated() {
            switch roles[hit.entry] {
            case .ignore: for w in hit.start..<hit.end { ignored[w] = true }
            case .negator: negators.append(h)
            default: break
            }
        }
        guard !negators.isEmpty else { return }
        var literal: [Bool] = []
        for h in found.indices where hasGap[found[h].entry] {
            switch roles[found[h].entry] {
            case .cue, .rank: break
            default: continue
            }
            let hit = found[h]
            guard view.clause[hit.end - 1] == view.clause[hit.start] else { continue }
            // The negators that start inside the span (`negators` is in start order).
            var lo = 0, hi = negators.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if found[negators[mid]].start <= hit.start { lo = mid + 1 } else { hi = mid }
            }
            guard lo < negators.count, found[negators[lo]].start < hit.end else { continue }
            literal = [Bool](repeating: false, count: hit.end - hit.start)
            let end = literal.withUnsafeMutableBufferPointer {
                scan.match(itemStart[hit.entry], itemStart[hit.entry + 1], hit.start, first: true, literal: $0, base: hit.start)
            }
            guard end == hit.end else { continue }
            var k = lo
            while k < negators.count, found[negators[k]].start < hit.end {
                let other = found[negators[k]]
                k += 1
                guard other.end <= hit.end, !(other.start..<other.end).contains(where: { literal[$0 - hit.start] || ignored[$0] }) else { continue }
                found[h].negation = other.start..<other.end
                break
            }
        }
    }

    /// All non-overlapping lexicon hits of a sentence, in text order. Overlaps are resolved
    /// longest first (more literal words), then ignore-entries, rank markers and cues before
    /// modifiers, then the tighter span, then the earlier start, then file order: deterministic,
    /// and "nicht so wichtig" beats "wichtig".
    func hits(in view: SentenceView) -> [LexiconHit] {
        var found: [LexiconHit] = view.bytes.withUnsafeBufferPointer { bytes in
            view.starts.withUnsafeBufferPointer { starts in
                view.breakBefore.withUnsafeBufferPointer { breakBefore in
                    literals.withUnsafeBufferPointer { literals in
                        items.withUnsafeBufferPointer { items in
                            let scan = Scan(bytes: bytes, starts: starts, breakBefore: breakBefore, literals: literals, items: items,
                                            count: view.count, lexicon: lexicon)
                            var found: [LexiconHit] = []
                            entryList.withUnsafeBufferPointer { entries in
                                itemStart.withUnsafeBufferPointer { itemStart in
                                    for p in 0..<view.count {
                                        let a = starts[p], n = starts[p + 1] - a
                                        guard n > 0 else { continue }
                                        let first = Int(bytes[a]), last = Int(bytes[a + n - 1])
                                        for list in 0..<4 {
                                            let range = list == 0 ? byWord.value(bytes, a..<(a + n)) ?? 0..<0
                                                : list == 1 ? prefixStart[first]..<prefixStart[first + 1]
                                                : list == 2 ? suffixStart[last]..<suffixStart[last + 1] : unindexed
                                            for k in range {
                                                let e = entries[k]
                                                if let end = scan.match(itemStart[e], itemStart[e + 1], p, first: true) {
                                                    found.append(LexiconHit(entry: e, start: p, end: end))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            gapNegations(&found, scan: scan, view: view)
                            return found
                        }
                    }
                }
            }
        }
        guard !found.isEmpty else { return [] }
        found.sort { a, b in
            if literalCount[a.entry] != literalCount[b.entry] { return literalCount[a.entry] > literalCount[b.entry] }
            if priority[a.entry] != priority[b.entry] { return priority[a.entry] < priority[b.entry] }
            if a.end - a.start != b.end - b.start { return a.end - a.start < b.end - b.start }
            if a.start != b.start { return a.start < b.start }
            return a.entry < b.entry
        }
        var claimed = [Bool](repeating: false, count: view.count)
        var accepted: [LexiconHit] = []
        for hit in found where !claimed[hit.start..<hit.end].contains(true) {
            for i in hit.start..<hit.end { claimed[i] = true }
            accepted.append(hit)
        }
        accepted.sort { $0.start < $1.start }
        return accepted
    }
}
