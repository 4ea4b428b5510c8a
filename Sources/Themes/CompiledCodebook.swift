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

    /// A stem key of a lexical pattern, with the umlauts the text must have at those positions
    /// (Snowball folds umlauts; "schön" must not match "schon", but "Arzt" matches "Ärzte").
    struct StemEntry: Sendable {
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

    /// Inflectional endings tried on a term's stem, so that terms also match forms that Snowball
    /// leaves unstemmed or stems differently ("Autos", "Busse", "Fahrerinnen").
    static let nounEndings = ["e", "en", "n", "er", "ern", "es", "s", "se", "sen", "nen"]
    /// Verbs and adjectives (terms written in lower case) also get verb endings and the present
    /// participle ("braucht", "parkende"). Capitalised terms are nouns and do not: "Fähre" must
    /// not match "fährt".
    static let verbEndings = nounEndings + ["t", "st", "te", "ten", "et", "end"]

    let codebook: Codebook
    let codes: [CodeInfo]
    let patterns: [TermWord]
    let terms: [Term]
    /// Terms whose first word is a pattern, by pattern id.
    let termsByFirstPattern: [[Int32]]
    let stemIndex: [String: [StemEntry]]
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
        let stemmer = SnowballStemmer()
        let codable = codebook.codableCodes
        let index = Dictionary(codable.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        codes = codable.map { code in
            CodeInfo(id: code.id, includes: code.includeChildren ? codebook.descendants(of: code.id).compactMap { index[$0.id] } : [])
        }

        var patterns: [TermWord] = []
        var patternIDs: [TermWord: Int32] = [:]
        var stemIndex: [String: [StemEntry]] = [:]
        var lemmaIndex: [String: [Int32]] = [:]
        var functionIndex: [String: [Int32]] = [:]
        var exactIndex: [String: [Int32]] = [:]
        var globs: [Glob] = []

        func patternID(_ word: TermWord) -> Int32 {
            if let id = patternIDs[word] { return id }
            let id = Int32(patterns.count)
            patterns.append(word)
            patternIDs[word] = id
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
                for entry in Self.stemEntries(word.text, stemmer: stemmer) {
                    if !(stemIndex[entry.key]?.contains { $0.pattern == id && $0.umlauts == entry.umlauts } ?? false) {
                        stemIndex[entry.key, default: []].append(StemEntry(pattern: id, umlauts: entry.umlauts))
                    }
                }
                let lemmaKey = WordAnalysis.parts(of: word.text, splitter: splitter).map(\.key).joined(separator: "|")
                if !lemmaKey.isEmpty { lemmaIndex[lemmaKey, default: []].append(id) }
            }
            return id
        }

        var terms: [Term] = []
        var ruleCount = 0
        func add(_ source: String, role: Role) {
            guard case .success(let parsed) = TermSyntax.parse(source, tokenizer: tokenizer), !parsed.words.isEmpty else { return }
            terms.append(Term(source: source, patterns: parsed.words.map(patternID), adjacent: parsed.adjacent, role: role))
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
        self.stemIndex = stemIndex
        self.lemmaIndex = lemmaIndex
        self.functionIndex = functionIndex
        self.exactIndex = exactIndex
        self.globs = globs
        self.contextRuleCount = ruleCount
        self.cueWords = cueWords
        self.cuePrefixes = cuePrefixes
        self.cues = cues
    }

    /// Stem keys of a term word: the Snowball stems of its stem plus common endings, each with
    /// the umlauts of that stem. A term written with ae/oe/ue also gets its umlaut spelling.
    static func stemEntries(_ word: String, stemmer: SnowballStemmer?) -> [(key: String, umlauts: [UmlautAt])] {
        var out: [(key: String, umlauts: [UmlautAt])] = []
        var seen: Set<String> = []
        let endings = word.first?.isUppercase == true ? nounEndings : verbEndings
        var spellings = [word.lowercased()]
        if let alternative = WordAnalysis.umlautSpelling(spellings[0]) { spellings.append(alternative) }
        for lower in spellings {
            let prelude = WordAnalysis.prelude(lower)
            let stem = WordAnalysis.stem(lower, stemmer: stemmer)
            let base = String(String.UnicodeScalarView(prelude.prefix(stem.unicodeScalars.count)))
            // Verbs: the past participle with ge- as well ("parken" -> "geparkt"); separable verbs
            // ("abgestellt") need their own term.
            var forms = [lower] + endings.map { base + $0 }
            if endings == verbEndings { forms += ["ge" + base + "t", "ge" + base + "en"] }
            for form in forms {
                let key = WordAnalysis.stem(form, stemmer: stemmer)
                let umlauts = WordAnalysis.umlauts(in: WordAnalysis.prelude(form), upTo: key.unicodeScalars.count)
                let id = key + "\u{1}" + umlauts.map { "\($0.index)\($0.scalar)" }.joined()
                if seen.insert(id).inserted { out.append((key, umlauts)) }
            }
        }
        return out
    }
}
