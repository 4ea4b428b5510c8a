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
    let functionIndex: [String: [Int32]]
    let exactIndex: [String: [Int32]]
    let globs: [Glob]
    let lexicon: ThemeLexicon
    /// Number of context rules over all codes.
    let contextRuleCount: Int
    /// Folded cue words: for each distinct cue element (word or prefix), its id.
    let cueWords: [String: Int]
    let cuePrefixes: [(String, Int)]
    /// Cues with their elements mapped to cue word ids (`-1` for a gap).
    let cues: [[Int]]

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
                // The decompounder reads case ("Stellplatz" -> stellen|platz, but in lower-case
                // text "stellplatz" stays whole), so a noun is also indexed as split in lower case.
                if wordClass == .noun {
                    let lowerKey = WordAnalysis.parts(of: word.text.lowercased(), splitter: splitter).map(\.key).joined(separator: "|")
                    if !lowerKey.isEmpty, lowerKey != lemmaKey { lemmaIndex[lowerKey, default: []].append(id) }
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
        self.functionIndex = functionIndex
        self.exactIndex = exactIndex
        self.globs = globs
        self.contextRuleCount = ruleCount
        self.cueWords = cueWords
        self.cuePrefixes = cuePrefixes
        self.cues = cues
    }
}
