import GermanText
import LeitbildCore

/// The words of one sentence as the cue matcher sees them: folded keys, where punctuation
/// interrupts, and which clause each word belongs to.
struct SentenceView {
    /// Index of the sentence in `AnalyzedTranscript.sentences`.
    var sentence: Int
    /// Folded key of each word (ordinals without their period).
    var keys: [String]
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

    var count: Int { keys.count }

    init(sentence: Int, in document: AnalyzedTranscript, lexicon: SignalLexicon) {
        self.sentence = sentence
        keys = []
        tokens = []
        breakBefore = []
        clause = []
        contrastBefore = [false]
        subordinate = [false]
        let text = document.transcript.text
        var pendingBreak = false
        var clauseNumber = 0
        var clauseHasWords = false
        // "nicht nur ..., sondern auch ...": the clause after adds to the one with "nicht nur", not contrasts.
        var nichtNurClause: Int? = nil
        // Consecutive boundaries (", aber") open one clause, contrastive if any of them is.
        func boundary(_ kind: ClauseBoundary) {
            var contrast = kind.contrast
            if contrast, let c = nichtNurClause, c >= clauseNumber - (clauseHasWords ? 0 : 1) {
                contrast = false
                nichtNurClause = nil
            }
            if clauseHasWords {
                clauseNumber += 1
                contrastBefore.append(contrast)
                subordinate.append(kind.subordinate)
                clauseHasWords = false
            } else {
                if contrast { contrastBefore[clauseNumber] = true }
                if kind.subordinate { subordinate[clauseNumber] = true }
            }
        }
        for t in document.sentences[sentence].tokens {
            let token = document.tokens[t]
            switch token.kind {
            case .word, .abbreviation, .genderForm, .hashtag, .number, .ordinal:
                var key = Folding.key(token.text(in: text))
                if token.kind == .ordinal, key.hasSuffix(".") { key.removeLast() }
                if let kind = lexicon.clauseWords[key] { boundary(kind) }
                if key == "nur", keys.last == "nicht", !pendingBreak { nichtNurClause = clauseNumber }
                keys.append(key)
                tokens.append(t)
                breakBefore.append(pendingBreak)
                clause.append(clauseNumber)
                clauseHasWords = true
                pendingBreak = false
            default:
                pendingBreak = true
                if let kind = lexicon.clausePunctuation[Folding.key(token.text(in: text))] { boundary(kind) }
            }
        }
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
}

/// Finds the lexicon's patterns in sentences. Built once per lexicon.
struct CueMatcher: Sendable {
    let lexicon: SignalLexicon
    /// Entries whose first item is a whole word, by that word.
    private let byWord: [String: [Int]]
    /// Entries whose first item is a prefix, by its first (up to) three scalars.
    private let byPrefix: [String: [Int]]
    /// Entries whose first item is a suffix or infix: checked against every word.
    private let unindexed: [Int]
    private static let prefixKeyLength = 3

    init(lexicon: SignalLexicon) {
        self.lexicon = lexicon
        var byWord: [String: [Int]] = [:], byPrefix: [String: [Int]] = [:], unindexed: [Int] = []
        for (i, entry) in lexicon.entries.enumerated() {
            switch entry.items[0] {
            case let .word(w): byWord[w, default: []].append(i)
            case let .prefix(p): byPrefix[String(String.UnicodeScalarView(p.unicodeScalars.prefix(Self.prefixKeyLength))), default: []].append(i)
            default: unindexed.append(i)
            }
        }
        self.byWord = byWord
        self.byPrefix = byPrefix
        self.unindexed = unindexed
    }

    /// All non-overlapping lexicon hits of a sentence, in text order. Overlaps are resolved
    /// longest first (more literal words), then ignore-entries, then the tighter span, then the
    /// earlier start, then file order: deterministic, and "nicht so wichtig" beats "wichtig".
    func hits(in view: SentenceView) -> [LexiconHit] {
        var found: [LexiconHit] = []
        for p in 0..<view.count {
            let key = view.keys[p]
            var candidates = byWord[key] ?? []
            let scalars = key.unicodeScalars
            for length in 1...min(Self.prefixKeyLength, scalars.count) {
                if let list = byPrefix[String(String.UnicodeScalarView(scalars.prefix(length)))] { candidates += list }
            }
            candidates += unindexed
            for e in candidates {
                if let end = match(lexicon.entries[e].items[...], in: view, at: p, first: true) {
                    found.append(LexiconHit(entry: e, start: p, end: end))
                }
            }
        }
        guard !found.isEmpty else { return [] }
        func priority(_ role: LexiconEntry.Role) -> Int {
            switch role {
            case .ignore: 0
            case .rank: 1
            case .cue: 2
            case .negator, .hedge, .intensifier: 3
            }
        }
        found.sort { a, b in
            let ea = lexicon.entries[a.entry], eb = lexicon.entries[b.entry]
            if ea.literalCount != eb.literalCount { return ea.literalCount > eb.literalCount }
            let pa = priority(ea.role), pb = priority(eb.role)
            if pa != pb { return pa < pb }
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

    /// Matches pattern items from word `p`; returns the end position of the shortest match.
    private func match(_ items: ArraySlice<PatternItem>, in view: SentenceView, at p: Int, first: Bool) -> Int? {
        guard let item = items.first else { return p }
        let rest = items.dropFirst()
        if case let .gap(maximum) = item {
            var q = p
            for skipped in 0...maximum {
                if skipped > 0 {
                    // A skipped word must not sit behind punctuation either.
                    guard q < view.count, !view.breakBefore[q] else { return nil }
                    q += 1
                }
                if let end = match(rest, in: view, at: q, first: false) { return end }
            }
            return nil
        }
        guard p < view.count, first || !view.breakBefore[p], item.matches(view.keys[p]) else { return nil }
        return match(rest, in: view, at: p + 1, first: false)
    }
}
