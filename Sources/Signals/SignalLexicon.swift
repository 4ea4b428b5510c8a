import Foundation
import GermanText
import LeitbildCore

/// What a cue says about the codes it is attached to.
public enum CueKind: String, Codable, Sendable, CaseIterable {
    /// "besonders wichtig", "das Wichtigste", "unbedingt".
    case importance
    /// "dringend", "höchste Zeit", "so schnell wie möglich".
    case urgency
    /// Problem pressure: "fehlt", "Mangel", "kaum noch", "abgehängt".
    case problem
    /// Weakening: "eher nachrangig", "nicht so wichtig", "kein Bedarf", "vielleicht irgendwann".
    case downgrade
    /// A stated need or wish: "brauchen", "Bedarf", "hätten wir gern".
    case need
    /// Potential or asset: "Potenzial", "gut aufgestellt", "funktioniert gut".
    case asset

    /// What the cue means when a negation in its scope flips it ("nicht dringend", "kein Problem"),
    /// and the factor on its weight.
    var flipped: (kind: CueKind, factor: Double) {
        switch self {
        case .importance, .urgency, .need: (.downgrade, 1)
        case .downgrade: (.importance, 0.5)
        case .problem: (.asset, 0.5)
        case .asset: (.problem, 0.5)
        }
    }
}

/// An explicit ranking marker: "erstens", "an zweiter Stelle", "danach", "meine Top drei".
public struct RankMarker: Hashable, Sendable {
    public enum Position: Hashable, Sendable {
        /// A fixed rank: "erstens" = 1, "an dritter Stelle" = 3.
        case absolute(Int)
        /// One after the previous marker of the same turn: "danach", "gefolgt von".
        case next
        /// A list of up to n fields in the order named: "meine Top drei".
        case list(Int)
    }
    /// Where the ranked field is named, seen from the marker.
    public enum Scope: String, Hashable, Sendable {
        /// After the marker, up to the next marker ("Erstens der Bus, zweitens ...").
        case after
        /// In the marker's clause, before or after it ("Der Bus steht an erster Stelle").
        case clause
    }
    public var position: Position
    public var scope: Scope
    /// Also an adverb of time (`| step` in ranking.txt): right before a verb and a subject pronoun
    /// it tells a step of a procedure, no rank ("Zuerst melden Sie sich an. Dann gehen Sie …").
    public var step: Bool = false
}

/// One word of a lexicon pattern.
enum PatternItem: Hashable, Sendable {
    /// The word itself (matched on its folded key).
    case word(String)
    /// `wichtig*`: any word starting with it.
    case prefix(String)
    /// `*mangel`: any word ending in it (Ärztemangel, Fachkräftemangel).
    case suffix(String)
    /// `*loch*`: any word containing it.
    case infix(String)
    /// `..`: up to this many other words.
    case gap(Int)
    /// `<zahl>`: a number written in digits ("15", "2,5", "1.000") or a number word of
    /// `number-words.txt` ("zwölf").
    case number
    /// `<zahl>%`: such a number and a percent sign ("20 %", "20%", "zwanzig %"): the sentence view
    /// joins a percent sign to the word before it, so that it counts as no word of its own.
    case percent

    /// Whether a folded word is a number written in digits: a digit first, then digits, commas
    /// and points.
    static func isNumber<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        guard let first = bytes.first, (0x30...0x39).contains(first) else { return false }
        return bytes.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2C || $0 == 0x2E }
    }

    /// Whether a folded word satisfies the item (`lexicon`: whose number words `<zahl>` matches).
    func matches(_ key: String, in lexicon: SignalLexicon? = nil) -> Bool {
        switch self {
        case .number: Self.isNumber(key.utf8) || lexicon?.isNumberWord(key) == true
        case .percent: key.hasSuffix("%") && PatternItem.number.matches(String(key.dropLast()), in: lexicon)
        case let .word(w): key == w
        case let .prefix(p): key.hasPrefix(p)
        case let .suffix(s): key.count > s.count && key.hasSuffix(s)
        case let .infix(i): key.count > i.count && key.contains(i)
        case .gap: false
        }
    }
}

/// One line of a lexicon file.
struct LexiconEntry: Sendable {
    enum Role: Sendable {
        case cue(CueKind)
        /// Flips a cue in its scope.
        case negator
        /// Softens a cue in its scope (weight × 0.5).
        case hedge
        /// Strengthens a cue in its scope (weight × 2, at most 1).
        case intensifier
        /// Claims its words so that no cue or modifier matches inside ("nicht nur", "nicht wahr").
        case ignore
        case rank(RankMarker)
    }
    /// The pattern as written in the file.
    var text: String
    var items: [PatternItem]
    var role: Role
    /// Base weight of a cue (0 < weight ≤ 1).
    var weight: Double
    /// A verb cue may be negated by a negation after it ("das fehlt uns nicht").
    var verb: Bool
    /// `file:line`, for explanations.
    var origin: String

    /// Number of non-gap items: longer cues win over shorter ones that overlap them.
    var literalCount: Int {
        items.reduce(0) { count, item in
            if case .gap = item { return count }
            return count + 1
        }
    }
}

/// A word's part in telling a modal particle from a clause boundary (`modal-particles.txt`).
enum ModalRole: UInt8, Sendable {
    /// A contrast word that may be a modal particle ("aber", "doch").
    case particle
    /// A finite verb after which it is one ("ist", "wäre").
    case verb
    /// A finite full verb after which it is one only when a pronoun stands right before the verb
    /// ("Es fehlen doch Ärzte", "wir brauchen aber Ärzte"): after a noun it is the end of its
    /// clause ("Ärzte fehlen aber Busse fahren kaum" without the comma). Unlike `verb`, it does not
    /// tell that a new clause starts after the particle: it ends relative and "weil" clauses
    /// too often ("Wichtig ist mir aber ein Arzt der fehlt"). Both found in a review.
    case fullVerb
    /// A pronoun that may stand between ("ist mir aber").
    case pronoun
    /// An article or determiner after the particle: when more words follow its noun, the words
    /// after the particle are a clause of their own ("haben wir aber der Bus fehlt").
    case article
}

/// What a clause boundary does besides separating clauses.
struct ClauseBoundary: Hashable, Sendable {
    /// Stops a cue from reaching a neighbouring clause ("aber", "sondern", ";").
    var contrast: Bool
    /// Opens a reason or condition ("weil", "dass"): explicit rankings do not reach into it.
    var subordinate: Bool
    /// Opens a condition ("wenn", "falls"): a "dann" after it is the consequence, no next rank.
    var condition: Bool = false
}

/// The priority-signal lexicons: cue phrases, modifiers, ranking markers, clause boundaries and
/// anaphora, read from commented text files (`Sources/Signals/Resources/*.txt`).
public final class SignalLexicon: Sendable {
    let entries: [LexiconEntry]
    /// Folded words that start a new clause ("aber", "weil").
    let clauseWords: [String: ClauseBoundary]
    /// Folded punctuation that ends a clause (",", ";").
    let clausePunctuation: [String: ClauseBoundary]
    /// Folded words that, at the start of a sentence, refer back to the previous one ("Das", "Dafür").
    let anaphora: Set<String>
    /// Folded nouns that name no thing of their own (`anaphora.txt`, `| placeholder`: "Das Thema
    /// spielt keine Rolle, also der Radweg").
    let placeholders: Set<String>
    /// Folded openings of an apposition, words joined by a space (`anaphora.txt`, `| apposition`:
    /// "also", "ich meine").
    let appositions: Set<String>
    /// Folded question tags, words joined by a space ("oder", "nicht wahr"): a sentence whose last
    /// clause is one is a statement, though it ends in "?".
    let questionTags: Set<String>
    /// The same three lists as byte-keyed tables for the matcher's hot loop.
    let clauseWordTable: ByteKeyTable<ClauseBoundary>
    let clausePunctuationTable: ByteKeyTable<ClauseBoundary>
    let anaphoraTable: ByteKeyTable<Bool>
    /// Folded words of `modal-particles.txt` with their role.
    let modalTable: ByteKeyTable<ModalRole>
    /// Folded requests of `prompt-requests.txt`, words joined by a space ("erzählen sie").
    let promptRequests: Set<String>
    /// The one-word negations of negation.txt ("nicht", "kein", "nie"), folded.
    let negationWords: Set<String>
    /// What may follow a negation at the end of a matrix clause whose negation reaches the "dass"
    /// clause after it (`matrix-verbs.txt`: "nicht sagen, dass …").
    let matrixPhrases: Set<String>
    /// Stems of verbs of believing and saying (`glaub*` in matrix-verbs.txt): a matrix clause that
    /// ends in its negation ("Ich glaube nicht, dass …") negates its "dass" clause only with one.
    let matrixStems: [String]
    /// Word endings that make a clause's ranking someone else's (`reported-rankings.txt`: the
    /// compound heads "umfrage", "befragung", … with their plurals).
    let reportedRankings: [String]
    /// A phrase of `introduction-requests.txt` as folded words ("stellen", "sie", "sich", "vor"),
    /// with the words of which its sentence needs one (none: no condition) and those it must lack.
    struct IntroductionRequest: Sendable {
        var words: [String]
        var needsOneOf: [String] = []
        var lacks: [String] = []
    }
    let introductionRequests: [IntroductionRequest]
    /// Folded number words of `number-words.txt`, which `<zahl>` matches besides digits.
    let numberWordTable: ByteKeyTable<Bool>
    /// Folded endings of `number-words.txt` ("*zig"): compound number words.
    let numberEndings: [[UInt8]]

    /// Whether folded bytes are a number word: listed, or longer than a listed ending and ending so.
    func isNumberWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if numberWordTable.value(bytes, range) != nil { return true }
        for ending in numberEndings where range.count > ending.count {
            if bytes[(range.upperBound - ending.count)..<range.upperBound].elementsEqual(ending) { return true }
        }
        return false
    }

    /// `isNumberWord(_:_:)` for a folded word.
    func isNumberWord(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { isNumberWord($0, 0..<$0.count) }
    }

    /// The built-in lexicons, loaded once from the module's resources.
    public static let standard: SignalLexicon = {
        do { return try SignalLexicon(directory: resourceDirectory) } catch {
            preconditionFailure("Signals lexicon in the bundle is broken: \(error.localizedDescription)")
        }
    }()

    static var resourceDirectory: String {
        guard let url = Bundle.module.url(forResource: "importance", withExtension: "txt", subdirectory: "Resources") else {
            preconditionFailure("Signals resources are missing from the bundle; rebuild the package")
        }
        return url.deletingLastPathComponent().path
    }

    /// The cue files and the kind of entry each holds.
    static let cueFiles: [(name: String, role: LexiconEntry.Role)] = [
        ("importance", .cue(.importance)), ("urgency", .cue(.urgency)), ("problem", .cue(.problem)),
        ("downgrade", .cue(.downgrade)), ("need", .cue(.need)), ("asset", .cue(.asset)),
        ("negation", .negator), ("hedge", .hedge), ("intensifier", .intensifier), ("ignore", .ignore),
    ]

    /// Reads the lexicon files from a folder (the built-in one, or a consultant's copy).
    public convenience init(directory: String) throws(SignalsError) {
        var entries: [LexiconEntry] = []
        for (name, role) in Self.cueFiles {
            let path = (directory as NSString).appendingPathComponent("\(name).txt")
            for line in try Self.lines(path) {
                entries.append(try Self.entry(line, role: role, path: path))
            }
        }
        let rankPath = (directory as NSString).appendingPathComponent("ranking.txt")
        for line in try Self.lines(rankPath) {
            entries.append(try Self.rankEntry(line, path: rankPath))
        }
        var clauseWords: [String: ClauseBoundary] = [:], clausePunctuation: [String: ClauseBoundary] = [:]
        let boundaryPath = (directory as NSString).appendingPathComponent("clause-boundaries.txt")
        for line in try Self.lines(boundaryPath) {
            let flags = line.fields.dropFirst()
            if let bad = flags.first(where: { $0 != "contrast" && $0 != "subordinate" && $0 != "condition" }) {
                throw SignalsError(file: boundaryPath, line: line.number, message: "unknown flag '\(bad)'",
                                   hint: "the flags are 'contrast', 'subordinate' and 'condition'")
            }
            let boundary = ClauseBoundary(contrast: flags.contains("contrast"), subordinate: flags.contains("subordinate"),
                                          condition: flags.contains("condition"))
            let key = Folding.key(line.fields[0])
            if key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) { clauseWords[key] = boundary } else { clausePunctuation[key] = boundary }
        }
        let anaphoraPath = (directory as NSString).appendingPathComponent("anaphora.txt")
        var anaphora = Set<String>(), placeholders = Set<String>(), appositions = Set<String>()
        for line in try Self.lines(anaphoraPath) {
            let key = line.fields[0].split(separator: " ").map { Folding.key(String($0)) }.joined(separator: " ")
            switch line.fields.dropFirst().first {
            case nil: anaphora.insert(key)
            case "placeholder": placeholders.insert(key)
            case "apposition": appositions.insert(key)
            case let flag?:
                throw SignalsError(file: anaphoraPath, line: line.number, message: "unknown flag '\(flag)'",
                                   hint: "write 'word', 'word | placeholder' or 'word | apposition'")
            }
        }
        let questionTags = try Self.phrases((directory as NSString).appendingPathComponent("question-tags.txt"))
        let modalPath = (directory as NSString).appendingPathComponent("modal-particles.txt")
        var modal: [String: ModalRole] = [:]
        for line in try Self.lines(modalPath) {
            let roles: [String: ModalRole] = ["particle": .particle, "verb": .verb, "fullverb": .fullVerb, "pronoun": .pronoun, "article": .article]
            guard line.fields.count == 2, let role = roles[line.fields[1]] else {
                throw SignalsError(file: modalPath, line: line.number, message: "'\(line.fields.joined(separator: " | "))' needs one role",
                                   hint: "write 'word | particle', 'word | verb', 'word | fullverb', 'word | pronoun' or 'word | article'")
            }
            modal[Folding.key(line.fields[0])] = role
        }
        let numberPath = (directory as NSString).appendingPathComponent("number-words.txt")
        let numberLines = try Self.lines(numberPath).map(\.fields[0])
        let numberWords = Set(numberLines.filter { !$0.hasPrefix("*") }.map { Folding.key($0) })
        let numberEndings = numberLines.filter { $0.hasPrefix("*") }.map { Folding.key(String($0.dropFirst())) }
        let requests = try Self.phrases((directory as NSString).appendingPathComponent("prompt-requests.txt"))
        let matrixLines = try Self.lines((directory as NSString).appendingPathComponent("matrix-verbs.txt")).map(\.fields[0])
        let matrix = Set(matrixLines.filter { !$0.hasSuffix("*") }.map { $0.split(separator: " ").map { Folding.key(String($0)) }.joined(separator: " ") })
        let matrixStems = matrixLines.filter { $0.hasSuffix("*") }.map { Folding.key(String($0.dropLast())) }
        // Each head with its plurals ("umfrage", "umfragen"; "studie", "studien"), made once here
        // rather than per word of every sentence with a ranking marker.
        let reported = try Self.lines((directory as NSString).appendingPathComponent("reported-rankings.txt"))
            .map { Folding.key($0.fields[0]) }.flatMap { [$0, $0 + "n", $0 + "en"] }
        let introductionPath = (directory as NSString).appendingPathComponent("introduction-requests.txt")
        let introductions = try Self.lines(introductionPath).map { line throws(SignalsError) -> IntroductionRequest in
            // "?" stands for the sentence being a question.
            let words = line.fields.map { $0.split(separator: " ").map { $0 == "?" ? "?" : Folding.key(String($0)) } }
            guard words.count <= 3, !words[0].isEmpty else {
                throw SignalsError(file: introductionPath, line: line.number, message: "'\(line.fields.joined(separator: " | "))' has more than three fields",
                                   hint: "write 'phrase', 'phrase | words it needs one of' or 'phrase | words it needs one of | words it must not have'")
            }
            return IntroductionRequest(words: words[0], needsOneOf: words.count > 1 ? words[1] : [], lacks: words.count > 2 ? words[2] : [])
        }
        self.init(entries: entries, clauseWords: clauseWords, clausePunctuation: clausePunctuation, anaphora: anaphora,
                  questionTags: questionTags, modal: modal, numberWords: numberWords, numberEndings: numberEndings, promptRequests: requests,
                  matrixPhrases: matrix, matrixStems: matrixStems, reportedRankings: reported, placeholders: placeholders,
                  appositions: appositions, introductionRequests: introductions)
    }

    init(entries: [LexiconEntry], clauseWords: [String: ClauseBoundary], clausePunctuation: [String: ClauseBoundary], anaphora: Set<String>,
         questionTags: Set<String> = [], modal: [String: ModalRole] = [:], numberWords: Set<String> = [],
         numberEndings: [String] = [], promptRequests: Set<String> = [], matrixPhrases: Set<String> = [], matrixStems: [String] = [],
         reportedRankings: [String] = [], placeholders: Set<String> = [], appositions: Set<String> = [],
         introductionRequests: [IntroductionRequest] = []) {
        self.introductionRequests = introductionRequests
        self.placeholders = placeholders
        self.appositions = appositions
        self.numberEndings = numberEndings.map { Array($0.utf8) }
        self.promptRequests = promptRequests
        self.matrixPhrases = matrixPhrases
        self.matrixStems = matrixStems
        self.reportedRankings = reportedRankings
        negationWords = Set(entries.compactMap { entry -> String? in
            guard case .negator = entry.role, entry.items.count == 1 else { return nil }
            switch entry.items[0] {
            case let .word(w), let .prefix(w): return w
            default: return nil
            }
        })
        self.entries = entries
        self.clauseWords = clauseWords
        self.clausePunctuation = clausePunctuation
        self.anaphora = anaphora
        self.questionTags = questionTags
        clauseWordTable = ByteKeyTable(clauseWords.map { (Array($0.key.utf8), $0.value) })
        clausePunctuationTable = ByteKeyTable(clausePunctuation.map { (Array($0.key.utf8), $0.value) })
        anaphoraTable = ByteKeyTable(anaphora.map { (Array($0.utf8), true) })
        modalTable = ByteKeyTable(modal.sorted { $0.key < $1.key }.map { (Array($0.key.utf8), $0.value) })
        numberWordTable = ByteKeyTable(numberWords.sorted().map { (Array($0.utf8), true) })
    }

    /// Whether a sentence opens with a request of `prompt-requests.txt` ("Erzählen Sie …", "Dann
    /// beschreiben Sie …"): an imperative with "Sie" at its start, no punctuation between them.
    /// (The first version took a request anywhere, across commas, and any "bitte": "Viele sagen,
    /// sie brauchen einen Bus" prompted; found in a review.)
    static let requestOpeners: Set<String> = ["bitte", "dann", "jetzt", "also", "nun", "und"]

    func isRequest(_ sentence: Substring) -> Bool {
        guard !promptRequests.isEmpty else { return false }
        var words = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
        while let first = words.first, Self.requestOpeners.contains(Folding.key(first)), first.allSatisfy(\.isLetter) {
            words.removeFirst()
        }
        guard words.count >= 2, words[0].allSatisfy(\.isLetter) else { return false }
        return promptRequests.contains(Folding.key(words[0]) + " " + Folding.key(words[1].filter(\.isLetter)))
    }

    /// How many other words may stand between two words of an introduction request ("Stellen Sie
    /// sich doch bitte mal kurz vor").
    static let introductionGap = 6

    /// Whether the words of a sentence (`words`, folded, letters only) ask for a self-introduction:
    /// hold a phrase of `introduction-requests.txt` in order, at most `introductionGap` other words
    /// between two of its words ("Stellen Sie sich bitte kurz vor"), with one of the words it needs
    /// ("?": or the sentence is a question) and none of those it must lack.
    func asksForIntroduction(_ words: [String], isQuestion: Bool) -> Bool {
        introductionRequests.contains { request in
            guard request.needsOneOf.isEmpty || request.needsOneOf.contains(where: { $0 == "?" ? isQuestion : words.contains($0) }),
                  !request.lacks.contains(where: words.contains) else { return false }
            let phrase = request.words
            guard let first = phrase.first else { return false }
            return words.indices.contains { start in
                guard words[start] == first else { return false }
                var at = start
                for word in phrase.dropFirst() {
                    guard let next = words[(at + 1)..<min(words.count, at + 2 + Self.introductionGap)].firstIndex(of: word) else { return false }
                    at = next
                }
                return true
            }
        }
    }

    /// The phrases of a file of one phrase per line, each word folded, joined by a space
    /// ("nicht wahr", "erzählen sie").
    static func phrases(_ path: String) throws(SignalsError) -> Set<String> {
        Set(try lines(path).map { line in line.fields[0].split(separator: " ").map { Folding.key(String($0)) }.joined(separator: " ") })
    }

    /// A non-comment line of a lexicon file, split at `|` into trimmed fields.
    struct Line {
        var number: Int
        var fields: [String]
    }

    static func lines(_ path: String) throws(SignalsError) -> [Line] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SignalsError(file: path, message: "cannot read the lexicon file", hint: "check that the file exists and is UTF-8")
        }
        var result: [Line] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            result.append(Line(number: i + 1, fields: fields))
        }
        return result
    }

    /// Parses `pattern [| weight] [| verb]`.
    static func entry(_ line: Line, role: LexiconEntry.Role, path: String) throws(SignalsError) -> LexiconEntry {
        let items = try pattern(line.fields[0], line: line.number, path: path)
        var weight = 1.0, verb = false
        for field in line.fields.dropFirst() {
            if field == "verb" { verb = true; continue }
            guard let w = Double(field), w > 0, w <= 1 else {
                throw SignalsError(file: path, line: line.number, message: "'\(field)' is neither a weight nor 'verb'",
                                   hint: "write 'pattern | 0.5' (a weight above 0 and at most 1) or 'pattern | 1 | verb'")
            }
            weight = w
        }
        return LexiconEntry(text: line.fields[0], items: items, role: role, weight: weight, verb: verb,
                            origin: "\(PathName.lastComponent(path)):\(line.number)")
    }

    /// Parses `pattern | rank | scope` of `ranking.txt`.
    static func rankEntry(_ line: Line, path: String) throws(SignalsError) -> LexiconEntry {
        let items = try pattern(line.fields[0], line: line.number, path: path)
        guard line.fields.count == 3 || (line.fields.count == 4 && line.fields[3] == "step") else {
            throw SignalsError(file: path, line: line.number, message: "a ranking marker needs three fields (and may have 'step')",
                               hint: "write 'pattern | rank | scope', e.g. 'zweitens | 2 | after' or 'top drei | list 3 | after', or 'dann | next | after | step'")
        }
        let rankField = line.fields[1]
        let position: RankMarker.Position
        if let r = Int(rankField), r >= 1 { position = .absolute(r) }
        else if rankField == "next" { position = .next }
        else if rankField.hasPrefix("list "), let n = Int(rankField.dropFirst(5)), n >= 1 { position = .list(n) }
        else {
            throw SignalsError(file: path, line: line.number, message: "unknown rank '\(rankField)'",
                               hint: "use a number from 1, 'next', or 'list N'")
        }
        guard let scope = RankMarker.Scope(rawValue: line.fields[2]) else {
            throw SignalsError(file: path, line: line.number, message: "unknown scope '\(line.fields[2])'", hint: "use 'after' or 'clause'")
        }
        return LexiconEntry(text: line.fields[0], items: items, role: .rank(RankMarker(position: position, scope: scope, step: line.fields.count == 4)), weight: 1,
                            verb: false, origin: "\(PathName.lastComponent(path)):\(line.number)")
    }

    /// Parses the words of a pattern: `word`, `word*`, `*word`, `*word*`, `..`, `<zahl>`, `<zahl>%`.
    static func pattern(_ text: String, line: Int, path: String) throws(SignalsError) -> [PatternItem] {
        var items: [PatternItem] = []
        for word in text.split(separator: " ") {
            if word == ".." {
                if items.isEmpty {
                    throw SignalsError(file: path, line: line, message: "pattern '\(text)' starts with '..'", hint: "start with a word")
                }
                items.append(.gap(3))
                continue
            }
            if word == "<zahl>" || word == "<zahl>%" {
                items.append(word == "<zahl>" ? .number : .percent)
                continue
            }
            let head = word.hasPrefix("*"), tail = word.hasSuffix("*")
            var trimmed = Substring(word)
            while trimmed.hasPrefix("*") { trimmed.removeFirst() }
            while trimmed.hasSuffix("*") { trimmed.removeLast() }
            let core = Folding.key(trimmed)
            if core.isEmpty || core.contains("*") {
                throw SignalsError(file: path, line: line, message: "malformed word '\(word)' in pattern '\(text)'",
                                   hint: "use 'word', 'word*', '*word', '*word*', '<zahl>' or '<zahl>%'")
            }
            switch (head, tail) {
            case (false, false): items.append(.word(core))
            case (false, true): items.append(.prefix(core))
            case (true, false): items.append(.suffix(core))
            case (true, true): items.append(.infix(core))
            }
        }
        guard let last = items.last else {
            throw SignalsError(file: path, line: line, message: "empty pattern", hint: "remove the line or write a word")
        }
        if case .gap = last {
            throw SignalsError(file: path, line: line, message: "pattern '\(text)' ends with '..'", hint: "end with a word")
        }
        return items
    }
}
