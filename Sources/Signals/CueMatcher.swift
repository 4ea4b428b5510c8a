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

    var count: Int { tokens.count }

    /// Folded key of word `w`.
    func key(_ w: Int) -> String { String(decoding: bytes[starts[w]..<starts[w + 1]], as: UTF8.self) }

    /// Whether the sentence starts with an anaphor ("Das", "Dafür").
    func startsWithAnaphor(_ lexicon: SignalLexicon) -> Bool {
        count > 0 && bytes.withUnsafeBufferPointer { lexicon.anaphoraTable.value($0, starts[0]..<starts[1]) } != nil
    }

    /// - Parameters:
    ///   - tokens: all tokens of the transcript; `tokenRange` those of the sentence.
    ///   - text: the transcript's text as UTF-8 bytes.
    init(sentence: Int, tokens allTokens: UnsafeBufferPointer<Token>, tokenRange: Range<Int>, text: UnsafeBufferPointer<UInt8>,
         lexicon: SignalLexicon) {
        self.sentence = sentence
        bytes = []
        starts = [0]
        tokens = []
        breakBefore = []
        clause = []
        contrastBefore = [false]
        subordinate = [false]
        var pendingBreak = false
        var clauseNumber = 0
        var clauseHasWords = false
        // "nicht nur ..., sondern auch ...": the clause after adds to the one with "nicht nur", not contrasts.
        var nichtNurClause: Int? = nil
        var previousWasNicht = false
        var punctuation: [UInt8] = []
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
        tokens.reserveCapacity(tokenRange.count)
        starts.reserveCapacity(tokenRange.count + 1)
        breakBefore.reserveCapacity(tokenRange.count)
        clause.reserveCapacity(tokenRange.count)
        if let first = tokenRange.first, let last = tokenRange.last {
            bytes.reserveCapacity(2 * (allTokens[last].range.utf8.upperBound - allTokens[first].range.utf8.lowerBound))
        }
        for t in tokenRange {
            let token = allTokens[t]
            let range = token.range.utf8
            switch token.kind {
            case .word, .abbreviation, .genderForm, .hashtag, .number, .ordinal:
                let start = bytes.count
                ByteFolding.append(text, range, to: &bytes)
                if token.kind == .ordinal, bytes.last == 0x2E { bytes.removeLast() }
                let word = start..<bytes.count
                let kind = bytes.withUnsafeBufferPointer { lexicon.clauseWordTable.value($0, word) }
                if let kind { boundary(kind) }
                // "nur" = 6E 75 72, "nicht" = 6E 69 63 68 74
                if previousWasNicht, !pendingBreak, word.count == 3, bytes[word.lowerBound] == 0x6E, bytes[word.lowerBound + 1] == 0x75,
                   bytes[word.lowerBound + 2] == 0x72 { nichtNurClause = clauseNumber }
                previousWasNicht = word.count == 5 && bytes[word.lowerBound] == 0x6E && bytes[word.lowerBound + 1] == 0x69
                    && bytes[word.lowerBound + 2] == 0x63 && bytes[word.lowerBound + 3] == 0x68 && bytes[word.lowerBound + 4] == 0x74
                starts.append(bytes.count)
                tokens.append(t)
                breakBefore.append(pendingBreak)
                clause.append(clauseNumber)
                clauseHasWords = true
                pendingBreak = false
            default:
                pendingBreak = true
                previousWasNicht = false
                if range.count <= 3 {
                    punctuation.removeAll(keepingCapacity: true)
                    ByteFolding.append(text, range, to: &punctuation)
                    if let kind = lexicon.clausePunctuationTable.value(punctuation) { boundary(kind) }
                }
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

/// Finds the lexicon's patterns in sentences. Built once per lexicon; patterns are compiled to
/// flat byte arrays so that matching allocates nothing per word.
final class CueMatcher: Sendable {
    let lexicon: SignalLexicon

    /// One compiled pattern item: kind and its literal in `literals`.
    struct Item: Sendable {
        enum Kind: UInt8, Sendable { case word, prefix, suffix, infix, gap }
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
    /// Per entry, for the detector: role, weight, whether a negation may follow, pattern text.
    let roles: [LexiconEntry.Role]
    let weights: [Double]
    let verbs: [Bool]
    let texts: [String]
    /// Entries whose first item is a whole word, by that word.
    private let byWord: ByteKeyTable<[Int]>
    /// Entries whose first item is a prefix, by its first byte.
    private let byPrefix: [[Int]]
    /// Entries whose first item is a suffix, by its last byte.
    private let bySuffix: [[Int]]
    /// Entries whose first item is an infix: checked against every word.
    private let unindexed: [Int]

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
        roles = lexicon.entries.map(\.role)
        weights = lexicon.entries.map(\.weight)
        verbs = lexicon.entries.map(\.verb)
        texts = lexicon.entries.map(\.text)
        self.byWord = ByteKeyTable(byWord.sorted { $0.key < $1.key }.map { (Array($0.key.utf8), $0.value) })
        self.byPrefix = byPrefix
        self.bySuffix = bySuffix
        self.unindexed = unindexed
    }

    /// The matcher's view of one sentence during a scan: raw buffers, no captures.
    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let breakBefore: UnsafeBufferPointer<Bool>
        let literals: UnsafeBufferPointer<UInt8>
        let items: UnsafeBufferPointer<Item>
        let count: Int

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
            }
        }

        /// Matches items `i..<end` from word `p`; returns the end of the shortest match.
        func match(_ i: Int, _ end: Int, _ p: Int, first: Bool) -> Int? {
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
                    if let e = match(i + 1, end, q, first: false) { return e }
                }
                return nil
            }
            guard p < count, first || !breakBefore[p], test(item, p) else { return nil }
            return match(i + 1, end, p + 1, first: false)
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
                                            count: view.count)
                            var found: [LexiconHit] = []
                            let none: [Int] = []
                            for p in 0..<view.count {
                                let a = starts[p], n = starts[p + 1] - a
                                guard n > 0 else { continue }
                                for list in 0..<4 {
                                    let entries = list == 0 ? byWord.value(bytes, a..<(a + n)) ?? none
                                        : list == 1 ? byPrefix[Int(bytes[a])] : list == 2 ? bySuffix[Int(bytes[a + n - 1])] : unindexed
                                    for e in entries {
                                        if let end = scan.match(itemStart[e], itemStart[e + 1], p, first: true) {
                                            found.append(LexiconHit(entry: e, start: p, end: end))
                                        }
                                    }
                                }
                            }
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
