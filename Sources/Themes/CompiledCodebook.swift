import GermanText
import LeitbildCore

/// A codebook compiled once into hash lookups keyed by stem, folded form, compound-part lemma and
/// exact form, so that coding looks up each distinct word once and never loops over terms.
final class CompiledCodebook: Sendable {
    /// What a compiled term is for.
    enum Role: Hashable, Sendable {
        /// A term of code `code`; `contextRule` (global index) must be satisfied in the sentence.
        case term(code: Int, contextRule: Int?)
        /// An exclusion of code `code`: vetoes the code's hits it overlaps.
        case exclusion(code: Int)
        /// A `require` word of context rule `rule`.
        case context(rule: Int)
    }

    struct Term: Sendable {
        var source: String
        var patterns: [Int32]
        var adjacent: Bool
        var role: Role
    }

    struct CodeInfo: Sendable {
        var id: String
        /// Indices (into `codes`) of the descendants whose hits this code takes over.
        var includes: [Int]
    }

    /// An inflected form of a lexical pattern, with the umlauts the text must have at those
    /// positions (see `Inflection`).
    struct FormEntry: Sendable {
        var pattern: Int32
        var umlauts: [UmlautAt]
    }
    struct UmlautAt: Hashable, Sendable {
        var index: Int
        var scalar: Unicode.Scalar
    }

    struct Glob: Sendable {
        var pattern: Int32
        var kind: TermWord.Kind
        /// Folded text without `*`.
        var key: String
        /// Its UTF-8 bytes (folded keys compare byte for byte).
        var bytes: [UInt8]
    }

    let codebook: Codebook
    let codes: [CodeInfo]
    let patterns: [TermWord]
    let terms: [Term]
    /// Terms whose first word is a pattern, by pattern id.
    let termsByFirstPattern: [[Int32]]
    let formIndex: [String: [FormEntry]]
    /// Patterns of capitalised single words and phrase heads (nouns).
    let nounPatterns: Set<Int32>
    /// Patterns that match inside compounds: nouns and phrase modifiers, not lower-case single
    /// words. "fahren" must not match Fahrrad (fahren|rad) or Fahrbahn; a verb that should reach
    /// into compounds is written as a glob (`Fahr*`).
    let compoundPatterns: Set<Int32>
    let lemmaIndex: [String: [Int32]]
    /// Three- or four-letter beginnings (base fold) of a part of every compound-part key and glob: a word
    /// containing none of them cannot match inside, so it is not decompounded at all (most
    /// words; the decompounder is the dearest step of a new word).
    let partFilter: Set<UInt64>
    /// Set when some key has no part of three letters, so the filter cannot decide.
    let partFilterDisabled: Bool
    let functionIndex: [String: [Int32]]
    let exactIndex: [String: [Int32]]
    let globs: [Glob]
    let lexicon: ThemeLexicon
    /// Number of context rules over all codes.
    let contextRuleCount: Int
    /// Folded cue words: for each distinct cue element (word or prefix), its id.
    let cueWords: [String: Int]
    let cuePrefixes: [(String, Int)]
    /// What the word lists say about a folded word, in one entry per word.
    struct WordListEntry: Sendable {
        var functionWord = false
        var clauseBreak = false
        var resumptive = false
        var article = false
        var cueWord: Int?
    }
    let wordLists: [String: WordListEntry]
    /// Cues with their elements mapped to cue word ids (`-1` for a gap).
    let cues: [[Int]]

    /// A three- or four-scalar window as one number: three scalars packed exactly, a fourth mixed
    /// in (a collision only costs an unneeded decompounding, never a missed match).
    @inline(__always)
    static func gram(_ w: ArraySlice<Unicode.Scalar>) -> UInt64 {
        let i = w.startIndex
        var v = UInt64(w[i].value) | UInt64(w[i + 1].value) << 21 | UInt64(w[i + 2].value) << 42
        if w.count > 3 { v = (v ^ (UInt64(w[i + 3].value) &* 0x9E37_79B9_7F4A_7C15)) | 1 << 63 }
        return v
    }

    init(codebook: Codebook, lexicon: ThemeLexicon, splitter: any CompoundSplitting, tokenizer: Tokenizer = Tokenizer()) {
        self.codebook = codebook
        self.lexicon = lexicon
        let codable = codebook.codableCodes
        let index = Dictionary(codable.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        codes = codable.map { code in
            CodeInfo(id: code.id, includes: code.includeChildren ? codebook.descendants(of: code.id).compactMap { index[$0.id] } : [])
        }

        var patterns: [TermWord] = []
        /// A word inflects differently as a noun, a verb or adjective, or a phrase modifier.
        struct PatternKey: Hashable { var word: TermWord; var wordClass: Inflection.WordClass }
        var patternIDs: [PatternKey: Int32] = [:]
        var formIndex: [String: [FormEntry]] = [:]
        var partFilter: Set<UInt64> = []
        var partFilterDisabled = false
        /// Registers the beginning of the longest part of a key (a run matches only if all its
        /// parts are there). A key of parts shorter than three letters ("27", "e") still matches
        /// whole words and hyphen pieces, which need no decompounding; inside a closed compound
        /// such short parts are too often spurious to be worth looking for.
        func filter(_ lemmas: [String]) {
            guard let longest = lemmas.map({ Inflection.baseFold(WordAnalysis.prelude($0.lowercased())) }).max(by: { $0.unicodeScalars.count < $1.unicodeScalars.count }) else { return }
            if longest.unicodeScalars.count >= 3 {
                // Four letters for longer lemmas, three for short ones whose lemma may outgrow the
                // surface ("geh" in Gehweg has the lemma "gehen").
                let n = longest.unicodeScalars.count >= 6 ? 4 : 3
                partFilter.insert(Self.gram(Array(longest.unicodeScalars.prefix(n))[...]))
            } else if lemmas.count > 1 {
                partFilterDisabled = true  // a run of short parts: only the decompounder can tell
            }
        }
        var nounPatterns: Set<Int32> = []
        var compoundPatterns: Set<Int32> = []
        var lemmaIndex: [String: [Int32]] = [:]
        var functionIndex: [String: [Int32]] = [:]
        var exactIndex: [String: [Int32]] = [:]
        var globs: [Glob] = []

        func patternID(_ word: TermWord, _ wordClass: Inflection.WordClass) -> Int32 {
            let patternKey = PatternKey(word: word, wordClass: word.kind == .lexical ? wordClass : .noun)
            if let id = patternIDs[patternKey] { return id }
            let id = Int32(patterns.count)
            patterns.append(word)
            patternIDs[patternKey] = id
            if patternKey.wordClass == .noun && word.kind == .lexical { nounPatterns.insert(id) }
            if patternKey.wordClass != .other { compoundPatterns.insert(id) }
            switch word.kind {
            case .exact:
                exactIndex[word.text, default: []].append(id)
            case .prefix, .suffix, .infix:
                let key = Folding.key(word.text)
                globs.append(Glob(pattern: id, kind: word.kind, key: key, bytes: Array(key.utf8)))
                filter([word.text])
            case .lexical:
                let folded = Folding.key(word.text)
                if lexicon.functionWords.contains(folded) {
                    functionIndex[folded, default: []].append(id)
                    break
                }
                var spellings = [word.text]
                if let alternative = WordAnalysis.umlautSpelling(word.text.lowercased()) { spellings.append(alternative) }
                for spelling in spellings {
                    for form in Inflection.forms(of: spelling, as: wordClass) {
                        if !(formIndex[form.key]?.contains { $0.pattern == id && $0.umlauts == form.umlauts } ?? false) {
                            formIndex[form.key, default: []].append(FormEntry(pattern: id, umlauts: form.umlauts))
                        }
                    }
                }
                let parts = WordAnalysis.parts(of: word.text, splitter: splitter)
                let lemmaKey = parts.map(\.key).joined(separator: "|")
                if !lemmaKey.isEmpty { lemmaIndex[lemmaKey, default: []].append(id) }
                // Lower-case terms never match inside compounds, and the decompounder lemmatises
                // nouns only, so their whole-word forms (the form index) are all they need.
                if wordClass != .other { filter(parts.map(\.lemma)) }
                // The decompounder reads case ("Stellplatz" -> stellen|platz, but in lower-case
                // text "stellplatz" stays whole), so a noun is also indexed as split in lower case.
                if wordClass == .noun {
                    let lowerParts = WordAnalysis.parts(of: word.text.lowercased(), splitter: splitter)
                    let lowerKey = lowerParts.map(\.key).joined(separator: "|")
                    if !lowerKey.isEmpty, lowerKey != lemmaKey { lemmaIndex[lowerKey, default: []].append(id) }
                    filter(lowerParts.map(\.lemma))
                }
                // Nouns also match their female form as a compound part (rad|fahrerin for "Radfahrer").
                if wordClass == .noun, let last = parts.last {
                    let head = parts.dropLast().map(\.key)
                    for female in Inflection.femaleLemmaKeys(last.lemma) {
                        let key = (head + [female]).joined(separator: "|")
                        if !(lemmaIndex[key]?.contains(id) ?? false) { lemmaIndex[key, default: []].append(id) }
                    }
                }
            }
            return id
        }

        var terms: [Term] = []
        var ruleCount = 0
        func add(_ source: String, role: Role) {
            guard case .success(let parsed) = TermSyntax.parse(source, tokenizer: tokenizer), !parsed.words.isEmpty else { return }
            let last = parsed.words.count - 1
            let ids = parsed.words.enumerated().map { i, word in
                patternID(word, Inflection.wordClass(of: word.text, isLastWordOfPhrase: i == last, inPhrase: last > 0))
            }
            terms.append(Term(source: source, patterns: ids, adjacent: parsed.adjacent, role: role))
        }
        for (codeIndex, code) in codable.enumerated() {
            var ruleForTerm: [String: Int] = [:]
            for rule in code.context {
                let id = ruleCount
                ruleCount += 1
                ruleForTerm[Folding.key(rule.term.trimmingWhitespace())] = id
                for required in rule.require { add(required, role: .context(rule: id)) }
            }
            for term in code.terms {
                add(term, role: .term(code: codeIndex, contextRule: ruleForTerm[Folding.key(term.trimmingWhitespace())]))
            }
            for exclusion in code.exclusions { add(exclusion, role: .exclusion(code: codeIndex)) }
        }
        var byFirst = Array(repeating: [Int32](), count: patterns.count)
        for (i, term) in terms.enumerated() { byFirst[Int(term.patterns[0])].append(Int32(i)) }

        // Cue vocabulary: each distinct word or prefix gets an id; cues become id sequences.
        var cueWords: [String: Int] = [:]
        var cuePrefixes: [(String, Int)] = []
        var cueElementIDs: [DismissalCue.Element: Int] = [:]
        var cues: [[Int]] = []
        for cue in lexicon.cues {
            cues.append(cue.elements.map { element in
                if case .gap = element { return -1 }
                if let id = cueElementIDs[element] { return id }
                let id = cueElementIDs.count
                cueElementIDs[element] = id
                switch element {
                case .word(let w): cueWords[w] = id
                case .prefix(let p): cuePrefixes.append((p, id))
                case .gap: break
                }
                return id
            })
        }

        self.patterns = patterns
        self.terms = terms
        self.termsByFirstPattern = byFirst
        self.formIndex = formIndex
        self.nounPatterns = nounPatterns
        self.compoundPatterns = compoundPatterns
        self.lemmaIndex = lemmaIndex
        self.partFilter = partFilter
        self.partFilterDisabled = partFilterDisabled
        self.functionIndex = functionIndex
        self.exactIndex = exactIndex
        self.globs = globs
        self.contextRuleCount = ruleCount
        self.cueWords = cueWords
        self.cuePrefixes = cuePrefixes
        var wordLists: [String: WordListEntry] = [:]
        for w in lexicon.functionWords { wordLists[w, default: WordListEntry()].functionWord = true }
        for w in lexicon.clauseBreaks { wordLists[w, default: WordListEntry()].clauseBreak = true }
        for w in lexicon.resumptiveWords { wordLists[w, default: WordListEntry()].resumptive = true }
        for w in lexicon.resumptiveArticles { wordLists[w, default: WordListEntry()].article = true }
        for (w, id) in cueWords { wordLists[w, default: WordListEntry()].cueWord = id }
        self.wordLists = wordLists
        self.cues = cues
    }
}
