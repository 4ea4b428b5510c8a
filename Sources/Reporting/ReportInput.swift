import Foundation
import GermanText
import LeitbildCore
import Signals
import Themes

/// How reports are written: CSV dialect, pseudonymisation, size limits.
public struct ReportOptions: Sendable {
    /// Dialect of `themes.csv`, `segments.csv`, `groups.csv` and the key file.
    public var csvDialect: CSVDialect
    /// Replace names in every shared output (on by default; `--no-pseudonymize` turns it off).
    public var pseudonymize: Bool
    /// The consultant's list of names (`pseudonyms.txt`), already read.
    public var pseudonymList: [PseudonymEntry]
    /// Metadata columns whose values are people's names.
    public var personColumns: Set<String>
    /// Most segments per code embedded in `report.html` (the rest stay in `segments.csv`), so the
    /// page stays small for large projects.
    public var htmlSegmentsPerCode: Int
    /// Quotes per Handlungsfeld in `summary.md`.
    public var quotesPerField: Int
    /// The `origin` attribute of `project.qdpx` and the generator named in reports.
    public var generator: String

    public init(csvDialect: CSVDialect = .rfc4180, pseudonymize: Bool = true, pseudonymList: [PseudonymEntry] = [],
                personColumns: Set<String> = Pseudonymizer.defaultPersonColumns, htmlSegmentsPerCode: Int = 200,
                quotesPerField: Int = 3, generator: String = "Leitbild") {
        self.csvDialect = csvDialect
        self.pseudonymize = pseudonymize
        self.pseudonymList = pseudonymList
        self.personColumns = personColumns
        self.htmlSegmentsPerCode = htmlSegmentsPerCode
        self.quotesPerField = quotesPerField
        self.generator = generator
    }
}

/// Notes that renderers leave about how they made their file, e.g. how much of analysis.sqlite
/// came from its snapshot. Renderers run concurrently; the notes are kept in the order of the
/// renderers' file names when read.
public final class RenderNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(file: String, note: String)] = []

    public init() {}

    public func add(file: String, _ note: String) { lock.withLock { items.append((file, note)) } }

    /// The notes, by file name in `order` (others last).
    public func all(order: [String]) -> [(file: String, note: String)] {
        lock.withLock { items }.sorted { (order.firstIndex(of: $0.file) ?? .max) < (order.firstIndex(of: $1.file) ?? .max) }
    }
}

/// Everything a renderer may show: the coded transcripts, the aggregates, the codebook, and
/// what went wrong along the way; plus the pseudonymised view of every text.
public struct ReportInput: Sendable {
    /// The codebook's own name (`name:` in codebook.yaml), for the reports' headings; nil when
    /// the codebook gives none (its name is then its file's stem).
    public var codebookTitle: String? {
        let name = codebook.name.trimmingCharacters(in: .whitespaces)
        return name.isEmpty || name == PathName.stem(codebook.path ?? "") ? nil : name
    }

    public var projectName: String
    public var codebook: Codebook
    /// The coded transcripts. Set them through `init`: the pseudonymised texts are derived from them.
    public private(set) var transcripts: [CodedTranscript]
    /// The analysis, its interview ids and files as the reports show them (`SharedIdentifiers`).
    /// Set it through `init`, and its emergent terms through `setEmergentTerms(_:)`, which rename
    /// them (a value set directly is shown as it is).
    public var analysis: PriorityAnalysis
    public var diagnostics: [Diagnostic]
    /// Files that could not be read: (path, reason).
    public var failures: [(file: String, error: String)]
    public var options: ReportOptions
    /// The names replaced in shared outputs (`Pseudonymizer.disabled` with `--no-pseudonymize`).
    public let pseudonyms: Pseudonymizer
    /// Pseudonymised text of each transcript, parallel to `transcripts`.
    public let redactedTexts: [RedactedText]
    /// Index into `transcripts` by interview id.
    private let indexByID: [String: Int]
    /// Per transcript: shareable label by speaker id, and shareable metadata variables. Renderers
    /// ask for them per segment; pseudonymising them once per transcript keeps reports linear in time.
    private let speakerLabels: [[String: String]]
    private let shareableVariables: [[Variable]]
    /// Shareable speaker ids of all transcripts.
    private let speakerIDs: [String: String]
    /// Match keys (`EmergentTerm.matchKey`) of the names in the consultant's list, never suggested as terms.
    private let listedNameKeys: Set<String>
    /// The ids and paths the shared reports show instead of the transcripts' own (nil: the same).
    public let identifiers: SharedIdentifiers?
    /// The coded transcripts with their own ids and paths, for the output that is not shared
    /// (project.qdpx): `transcripts` unless a name in an id or path is replaced there.
    public var transcriptsAsRead: [CodedTranscript] { renamedFrom ?? transcripts }
    /// The transcripts as read, when `transcripts` renames them.
    private var renamedFrom: [CodedTranscript]? = nil
    /// Compressed `project.qdpx` pieces built before (the pipeline keeps them in the run cache),
    /// parallel to `transcripts` or empty; `QDPXRenderer` builds the missing ones.
    public var qdpxPieces: [QDPXPiece?] = []
    /// Where `SQLiteRenderer` keeps the append snapshot of analysis.sqlite (`CACHE/sqlite`, set
    /// by the pipeline when the run cache is on); nil: build the file from scratch, keep nothing.
    public var sqliteSnapshotDirectory: String? = nil
    /// Where renderers note how they made their file (`leitbild analyze --verbose` prints it);
    /// nil: no notes are kept.
    public var renderNotes: RenderNotes? = nil
    /// Where streamed reports find the last run's per-interview blocks (`ReportBlocks`, set by the
    /// pipeline when the run cache is on); nil: every block is written anew.
    public var reportBlocks: ReportBlocks.Setup? = nil {
        didSet {
            interviewKeys = reportBlocks.map { setup in
                transcripts.indices.map { i in ReportBlocks.interviewKey(self, i, identity: i < setup.identities.count ? setup.identities[i] : nil) }
            } ?? []
        }
    }
    /// Per transcript, what its rows in the reports are made of (`ReportBlocks.interviewKey`),
    /// made once when `reportBlocks` is set and used by every renderer that reuses rows; empty
    /// without it.
    private(set) var interviewKeys: [Digest?] = []

    /// - Parameter leftOut: transcripts that were read but are not part of the analysis (an
    ///   interview id repeated): the pseudonymiser learns their names too, since their files'
    ///   diagnostics and failures, and the other interviews, may name their people.
    public init(projectName: String, codebook: Codebook, transcripts: [CodedTranscript], analysis: PriorityAnalysis,
                diagnostics: [Diagnostic], failures: [(file: String, error: String)], options: ReportOptions = .init(),
                leftOut: [Transcript] = []) {
        self.init(projectName: projectName, codebook: codebook, transcripts: transcripts, analysis: analysis, diagnostics: diagnostics,
                  failures: failures, options: options,
                  texts: Texts(transcripts: transcripts, options: options, leftOut: leftOut, failedFiles: failures.map(\.file)))
    }

    /// With the pseudonymised texts prepared beforehand (`Texts`, which needs no analysis, so the
    /// pipeline prepares it while it aggregates).
    public init(projectName: String, codebook: Codebook, transcripts: [CodedTranscript], analysis: PriorityAnalysis,
                diagnostics: [Diagnostic], failures: [(file: String, error: String)], options: ReportOptions, texts: Texts) {
        precondition(texts.redactedTexts.count == transcripts.count, "ReportInput: texts prepared for other transcripts")
        // The project's folder name is shown too ("Hopperdietzel-2026").
        self.projectName = SharedIdentifiers.shared(projectName, texts.pseudonyms)
        self.codebook = codebook
        self.transcripts = transcripts
        self.analysis = analysis
        self.diagnostics = diagnostics
        self.failures = failures
        self.options = options
        pseudonyms = texts.pseudonyms
        redactedTexts = texts.redactedTexts
        speakerLabels = texts.speakerLabels
        speakerIDs = texts.speakerIDs
        shareableVariables = texts.shareableVariables
        indexByID = texts.indexByID
        listedNameKeys = texts.listedNameKeys
        identifiers = texts.identifiers
        // Ids and paths with a name in them are shown with the name replaced, in every shared
        // report: renamed here once, so that every renderer (and every key the reports join on)
        // sees the same. project.qdpx, which is not shared, takes `transcriptsAsRead`.
        if let identifiers {
            renamedFrom = transcripts
            self.transcripts = identifiers.renaming(transcripts)
            self.analysis = analysis.renamingInterviews(ids: identifiers.idMap, files: identifiers.pathMap)
        }
        if !diagnostics.isEmpty || !failures.isEmpty {
            let shared = identifiers
            let pseudonyms = pseudonyms
            func path(_ file: String) -> String { shared?.pathMap[file] ?? SharedIdentifiers.shared(file, pseudonyms) }
            func message(_ text: String, file: String?) -> String {
                var text = SharedIdentifiers.renamingIdentifiers(in: text, pseudonyms: pseudonyms, shared: shared)
                // The message's own file, should it have a character that parts tokens (a space):
                // the tokens above did not hold it whole.
                if let file, file.unicodeScalars.contains(where: SharedIdentifiers.partsTokens), case let renamed = path(file), renamed != file {
                    text = text.replacingOccurrences(of: file, with: renamed)
                }
                return text
            }
            self.diagnostics = diagnostics.map { d in
                var d = d
                d.message = message(d.message, file: d.file)
                d.hint = d.hint.map { message($0, file: d.file) }
                d.file = d.file.map(path)
                return d
            }
            self.failures = failures.map { (file: path($0.file), error: message($0.error, file: $0.file)) }
        }
    }

    /// Replaces the emergent terms (the pipeline finds them again without the names the
    /// pseudonymiser knows), their examples' ids and files renamed as the analysis's.
    public mutating func setEmergentTerms(_ terms: [EmergentTerm]) {
        if let identifiers {
            analysis.emergentTerms = terms.map { $0.renamingInterviews(ids: identifiers.idMap, files: identifiers.pathMap) }
        } else {
            analysis.emergentTerms = terms
        }
    }

    /// The interview ids and file paths that the shared reports show, where they differ from the
    /// transcripts' own because a name is in them ("I07-Hertel" → "I07-Person A",
    /// `Pseudonymizer.replacingNames(inIdentifier:)`) or a control character or bidirectional
    /// override (written out, `TerminalText.safe`, also without pseudonymisation): made once per
    /// run, nil when no id or path has either. Distinct as the originals are: an id that would be
    /// taken already gets " (2)". `Segment.transcriptID` is not renamed (no report shows it).
    public struct SharedIdentifiers: Sendable {
        /// Per transcript: the id and path the reports show.
        public let ids: [String]
        public let paths: [String]
        /// Only the renamed ones, by their own id or path.
        public let idMap: [String: String]
        public let pathMap: [String: String]
        /// The renamed ones that hold a character that parts the tokens of a message (a space),
        /// longest first: `renamingIdentifiers(in:pseudonyms:shared:)` replaces them whole first.
        private let spaced: [(original: String, shared: String)]

        /// An id or path as the shared reports show it, before it is made distinct: names replaced
        /// (when pseudonymising) and control characters, bidirectional overrides and invisible
        /// characters written out (`TerminalText.safe`: "a\u{202E}fdp.exe" would show as
        /// "aexe.pdf" in report.html, "Diet\u{AD}el" as "Dietel"). `notNames` (the municipality's
        /// words, `notNames(_:)`) is made only where a name was found: most ids have none.
        static func shared(_ identifier: String, _ pseudonyms: Pseudonymizer, notNames: () -> Set<String> = { [] }) -> String {
            var renamed = pseudonyms.replacingNames(inIdentifier: identifier)
            if renamed != identifier, case let exempt = notNames(), !exempt.isEmpty {
                renamed = pseudonyms.replacingNames(inIdentifier: identifier, notNames: exempt)
            }
            return TerminalText.safe(renamed, invisible: true)
        }

        /// The `NameTokens.key`s of the words of a transcript's municipality, which its id and file
        /// name may hold ("I19-Berg") though a person of that name is named somewhere.
        static func notNames(_ t: Transcript) -> Set<String> {
            Set(t.metadata.municipality.map { NameTokens.letterRuns(of: $0).map(NameTokens.key) } ?? [])
        }

        /// - Parameter failedFiles: paths of files that failed, which the reports name beside the
        ///   transcripts' (a renamed path must not take one of theirs either).
        init?(_ transcripts: [Transcript], pseudonyms: Pseudonymizer, failedFiles: [String] = []) {
            // `others`: more originals that are shown as they are or renamed but never taken.
            // `originals` with the index of their transcript.
            func distinct(_ originals: [(String, Int)], others: [String] = [], path: Bool) -> [String: String] {
                var seen = Set<String>(), unique: [String] = [], transcriptsOf: [String: [Int]] = [:]
                for (original, index) in originals {
                    transcriptsOf[original, default: []].append(index)
                    if seen.insert(original).inserted { unique.append(original) }
                }
                // On all cores: every interview's id and path is looked at.
                let transcriptsOfOriginal = transcriptsOf
                let renamed = Parallel.map(unique) { original -> (String, String)? in
                    let shared = Self.shared(original, pseudonyms) {
                        (transcriptsOfOriginal[original] ?? []).reduce(into: Set<String>()) { $0.formUnion(Self.notNames(transcripts[$1])) }
                    }
                    return shared != original ? (original, shared) : nil
                }.compactMap { $0 }
                guard !renamed.isEmpty else { return [:] }
                var taken = seen.subtracting(renamed.map(\.0))
                for other in others { taken.insert(Self.shared(other, pseudonyms)) }
                var map: [String: String] = [:]
                for (original, shared) in renamed {
                    var candidate = shared, n = 1
                    while taken.contains(candidate) {
                        n += 1
                        // In a path before the extension: "a-Person I (2).txt".
                        candidate = path ? Self.numbered(shared, n) : "\(shared) (\(n))"
                    }
                    taken.insert(candidate)
                    map[original] = candidate
                }
                return map
            }
            let idMap = distinct(transcripts.indices.map { (transcripts[$0].id, $0) }, path: false)
            let pathMap = distinct(transcripts.indices.map { (transcripts[$0].source.path, $0) }, others: failedFiles, path: true)
            guard !idMap.isEmpty || !pathMap.isEmpty else { return nil }
            self.idMap = idMap
            self.pathMap = pathMap
            ids = transcripts.map { idMap[$0.id] ?? $0.id }
            paths = transcripts.map { pathMap[$0.source.path] ?? $0.source.path }
            spaced = (pathMap.map { ($0.key, $0.value) } + idMap.map { ($0.key, $0.value) })
                .filter { $0.0.unicodeScalars.contains(where: Self.partsTokens) }
                .sorted { $0.0.utf8.count != $1.0.utf8.count ? $0.0.utf8.count > $1.0.utf8.count : $0.0 < $1.0 }
        }

        /// A path with " (n)" before its extension ("transcripts/a.txt" → "transcripts/a (2).txt").
        static func numbered(_ path: String, _ n: Int) -> String {
            let name = PathName.lastComponent(path)
            let stem = PathName.stem(name)
            guard stem.count < name.count, !stem.isEmpty else { return "\(path) (\(n))" }
            return String(path.dropLast(name.count - stem.count)) + " (\(n))" + name.dropFirst(stem.count)
        }

        /// The transcripts with the reports' ids and paths.
        func renaming(_ transcripts: [CodedTranscript]) -> [CodedTranscript] {
            transcripts.indices.map { i in
                var coded = transcripts[i]
                guard coded.transcript.id != ids[i] || coded.transcript.source.path != paths[i] else { return coded }
                coded.transcript.id = ids[i]
                coded.transcript.metadata.interviewID = ids[i]
                coded.transcript.source.path = paths[i]
                return coded
            }
        }

        /// How a token of a message or a cell is written.
        enum IdentifierLook { case identifier, smallWord, word }

        /// Whether a token is written as an id or a file name is, where the text's own
        /// pseudonymisation (by words as written) may miss a name: it holds a digit or one of
        /// "./_-"; a capital follows a small letter, or two capitals a small one ("InterviewHuebner",
        /// "SHertel"). A word of three small letters or more may be a name too ("hertel").
        static func identifierLook(_ word: String) -> IdentifierLook {
            var previousIsLower = false, capitalsBefore = 0, hasUpper = false
            for s in word.unicodeScalars {
                if "./_-".unicodeScalars.contains(s) || s.properties.numericType != nil { return .identifier }
                let upper = s.properties.isUppercase, lower = s.properties.isLowercase
                if upper, previousIsLower { return .identifier }
                if lower, capitalsBefore >= 2 { return .identifier }
                capitalsBefore = upper ? capitalsBefore + 1 : 0
                hasUpper = hasUpper || upper
                previousIsLower = lower
            }
            return !hasUpper && word.unicodeScalars.count >= 3 ? .smallWord : .word
        }

        /// Whether a scalar parts the tokens of a message: white space, quotes, brackets and
        /// punctuation that no file name of a transcript needs (`renamingIdentifiers`).
        static func partsTokens(_ s: Unicode.Scalar) -> Bool {
            s.properties.isWhitespace || "'\"‚„“”‘’«»()[]{}<>,;:".unicodeScalars.contains(s)
        }

        /// A text (a message, a metadata cell) with every token that looks like an id or a path (it
        /// holds a digit, ".", "/", "_" or "-") as the shared reports show it: the renamed ids and
        /// paths as renamed, others with their names replaced (`shared`), the rest of the text as
        /// it is. Whole tokens only, so an id "roder" is not replaced inside "roderich-....txt".
        static func renamingIdentifiers(in text: String, pseudonyms: Pseudonymizer, shared: SharedIdentifiers?) -> String {
            var text = text
            for (original, renamed) in shared?.spaced ?? [] where text.contains(original) {
                text = text.replacingOccurrences(of: original, with: renamed)
            }
            guard pseudonyms.isEnabled || shared != nil else { return text }
            var out = "", token = String.UnicodeScalarView()
            var changed = false
            func flush() {
                guard !token.isEmpty else { return }
                let word = String(token)
                token.removeAll()
                var renamed = shared?.pathMap[word] ?? shared?.idMap[word]
                if renamed == nil {
                    switch identifierLook(word) {
                    case .identifier: renamed = pseudonyms.replacingNames(inIdentifier: word)
                    case .smallWord:
                        // "hertel" in small letters, which the text's pseudonymisation (by words
                        // as written) misses; not a German word ("koch" may be a cook).
                        let candidate = pseudonyms.replacingNames(inIdentifier: word)
                        if candidate != word, !CompoundLexicon.shared.isWord(word) { renamed = candidate }
                    case .word: break
                    }
                }
                if let renamed, renamed != word { changed = true }
                out += renamed ?? word
            }
            for scalar in text.unicodeScalars {
                if partsTokens(scalar) {
                    flush()
                    out.unicodeScalars.append(scalar)
                } else {
                    token.append(scalar)
                }
            }
            flush()
            return changed ? out : text
        }
    }

    /// What the reports need of the transcripts besides the analysis: the pseudonymiser and the
    /// pseudonymised texts, labels and variables of every transcript.
    public struct Texts: Sendable {
        let pseudonyms: Pseudonymizer
        let redactedTexts: [RedactedText]
        let speakerLabels: [[String: String]]
        let speakerIDs: [String: String]
        let shareableVariables: [[Variable]]
        let indexByID: [String: Int]
        let listedNameKeys: Set<String>
        /// The ids and paths the shared reports show where a name in them is replaced (nil: none is).
        let identifiers: SharedIdentifiers?

        /// The pseudonymiser's work on each text, for the next run (nil when not pseudonymising or
        /// not `keepingMemo`).
        public let memo: PseudonymMemo?
        /// How much of it came from the last run's memo (nil without a memo).
        public let memoUse: PseudonymMemo.Use?

        /// - Parameters:
        ///   - memo: the pseudonymiser's work of an earlier run (`memo` of its `Texts`): texts it
        ///     covers are scanned only where a changed name can occur. The result is the same with
        ///     or without it.
        ///   - keepingMemo: whether to make `memo` for the next run (a run that keeps no cache
        ///     need not hash its texts for one).
        ///   - others: as `ReportInput.init`.
        public init(transcripts: [CodedTranscript], options: ReportOptions, leftOut: [Transcript] = [], failedFiles: [String] = [],
                    memo: PseudonymMemo? = nil, keepingMemo: Bool = false) {
            guard options.pseudonymize else {
                self.init(transcripts: transcripts, options: options, pseudonyms: .disabled,
                          redacted: transcripts.map { RedactedText(identity: $0.transcript.text) }, memo: nil, memoUse: nil,
                          failedFiles: failedFiles)
                return
            }
            let all = transcripts.map(\.transcript) + leftOut
            let known = memo.map { memo in
                Dictionary(memo.entries.map { entry in (entry.text.withUnsafeBytes(Digest.init(bytes:)), entry) }, uniquingKeysWith: { a, _ in a })
            } ?? [:]
            // Digest (when there is a memo to read or to make) and titled names of every text, from
            // the memo where it has the text.
            let digesting = memo != nil || keepingMemo
            let found = Parallel.map(all) { transcript -> (digest: Digest?, titled: [Pseudonymizer.TitledName], fromMemo: Bool) in
                let digest = digesting ? Digest.of(transcript.text) : nil
                if let digest, let entry = known[digest] { return (digest, entry.titled, true) }
                return (digest, Pseudonymizer.titledNames(of: transcript.text), false)
            }
            let pseudonyms = Pseudonymizer(transcripts: all, titled: found.map(\.titled), list: options.pseudonymList, personColumns: options.personColumns)
            let table = pseudonyms.patternTable
            let changed = memo.map { PseudonymMemo.changedKeys(from: $0.keys, to: table) } ?? []
            let reuseCuts = memo != nil && changed.count <= PseudonymMemo.maxChangedKeys
            let needles = changed.map { Array($0.utf8) }.filter { !$0.isEmpty }
            // A text whose cuts the memo has is scanned again only if a changed name can occur in it.
            let redacted = Parallel.map(Array(transcripts.indices)) { index -> (RedactedText, Bool) in
                let text = transcripts[index].transcript.text
                if reuseCuts, let digest = found[index].digest, let cuts = known[digest]?.cuts, !ByteSearch.text(text, containsAnyOf: needles),
                   needles.isEmpty || !NameTokens.containsWordJoins(text) {
                    return (RedactedText(original: text, cuts: cuts), true)
                }
                return (pseudonyms.redact(text), false)
            }
            let next = keepingMemo ? PseudonymMemo(keys: PseudonymMemo.keys(of: table), entries: all.indices.compactMap { index in
                found[index].digest.map { digest in
                    PseudonymMemo.Entry(text: digest.bytes, titled: found[index].titled, cuts: index < transcripts.count ? redacted[index].0.cuts : nil)
                }
            }) : nil
            let use = memo.map { _ in
                PseudonymMemo.Use(texts: all.count, titledFromMemo: found.count { $0.fromMemo }, redacted: transcripts.count,
                                  cutsFromMemo: redacted.count { $0.1 }, changedKeys: changed.count)
            }
            self.init(transcripts: transcripts, options: options, pseudonyms: pseudonyms, redacted: redacted.map(\.0), memo: next, memoUse: use,
                      failedFiles: failedFiles)
        }

        private init(transcripts: [CodedTranscript], options: ReportOptions, pseudonyms: Pseudonymizer, redacted: [RedactedText],
                     memo: PseudonymMemo?, memoUse: PseudonymMemo.Use?, failedFiles: [String]) {
            self.pseudonyms = pseudonyms
            self.memo = memo
            self.memoUse = memoUse
            let identifiers = SharedIdentifiers(transcripts.map(\.transcript), pseudonyms: pseudonyms, failedFiles: failedFiles)
            // Each transcript's labels and variables on their own, so the work is spread over the cores.
            let perTranscript = Parallel.map(Array(transcripts.indices)) { index -> ([String: String], [(String, String)], [Variable]) in
                let t = transcripts[index].transcript
                var labels: [String: String] = [:], ids: [(String, String)] = []
                for speaker in t.speakers {
                    if labels[speaker.id] == nil { labels[speaker.id] = pseudonyms.replaceLabel(speaker.label) }
                    ids.append((speaker.id, pseudonyms.replaceLabel(speaker.id)))
                }
                let variables = t.metadata.variables.map { v in
                    let column = v.name.lowercased()
                    guard ReportInput.structuralColumns.contains(column) else {
                        // Free text: names replaced, also in ids and paths it holds ("aufnahmen/hertel.m4a").
                        let value = SharedIdentifiers.renamingIdentifiers(in: pseudonyms.replace(v.value), pseudonyms: pseudonyms, shared: identifiers)
                        return Variable(name: v.name, value: value)
                    }
                    // Keys stay as written, but not a name or a control character in them: the
                    // reports' id and file name when they are this interview's.
                    guard ReportInput.identifierColumns.contains(column) else { return v }
                    if let identifiers {
                        if v.value == t.id { return Variable(name: v.name, value: identifiers.ids[index]) }
                        if v.value == PathName.lastComponent(t.source.path) {
                            return Variable(name: v.name, value: PathName.lastComponent(identifiers.paths[index]))
                        }
                    }
                    return Variable(name: v.name, value: SharedIdentifiers.shared(v.value, pseudonyms) { SharedIdentifiers.notNames(t) })
                }
                return (labels, ids, variables)
            }
            redactedTexts = redacted
            speakerLabels = perTranscript.map(\.0)
            speakerIDs = ReportInput.distinctIDs(perTranscript.map(\.1))
            shareableVariables = perTranscript.map(\.2)
            let ids = identifiers?.ids ?? transcripts.map(\.transcript.id)
            indexByID = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            listedNameKeys = ReportInput.nameKeys(of: options.pseudonymList)
            self.identifiers = identifiers
        }
    }

    /// Each speaker id's shareable id, in transcript and speaker order: the first spelling of an
    /// id keeps its pseudonymised form, and a different id that would get a form already taken
    /// (two speakers of a family interview, "Frau Schübel" and "Herr Schübel", whose names both
    /// become "[Person]") gets " (2)", " (3)", ..., so that speakers stay apart in every report
    /// (analysis.sqlite's speakers are keyed by interview and id).
    static func distinctIDs(_ perTranscript: [[(id: String, shareable: String)]]) -> [String: String] {
        var ids: [String: String] = [:], taken = Set<String>()
        for (id, shareable) in perTranscript.joined() where ids[id] == nil {
            var candidate = shareable, n = 1
            while taken.contains(candidate) {
                n += 1
                candidate = "\(shareable) (\(n))"
            }
            ids[id] = candidate
            taken.insert(candidate)
        }
        return ids
    }

    /// The words of the consultant's list that stand for a name on their own, as the pseudonymiser
    /// replaces them: every entry as written and without titles ("Wüstenselbitz", "Dr. Walther",
    /// "Walther"), and for people also each name word ("Hedwig", "Schnabel"). Single words of a
    /// club or organisation ("Heimat- und Burgverein") are ordinary words and stay.
    public static func nameKeys(of list: [PseudonymEntry]) -> Set<String> {
        var keys = Set<String>()
        for entry in list {
            let core = NameTokens.words(of: entry.name).filter { !NameTokens.isTitle($0) }
            keys.insert(EmergentTerm.matchKey(entry.name))
            keys.insert(EmergentTerm.matchKey(core.joined(separator: " ")))
            if entry.kind == .person { keys.formUnion(core.map(EmergentTerm.matchKey)) }
        }
        return keys
    }

    /// The position of an interview in `transcripts`.
    public func transcriptIndex(id: String) -> Int? { indexByID[id] }

    /// The shareable text of a range of the interview `id` (signals and evidence refer to interviews by id).
    public func text(interview id: String, range: TextRange) -> String? {
        guard let index = indexByID[id], range.utf8.upperBound <= transcripts[index].transcript.text.utf8.count else { return nil }
        return text(transcript: index, range: range)
    }

    /// Whether a word is a known name (an emergent term like "Hopperdietzel" must not reach a shared report).
    public func isName(_ word: String) -> Bool { pseudonyms.isEnabled && pseudonyms.replace(word) != word }

    /// Whether an emergent term is left out of every report: a name the pseudonymiser replaces, or
    /// a name in the consultant's list (`pseudonyms.txt`) of any kind, with pseudonymisation on or
    /// off (a listed place is no codebook gap either way). The list is compared ignoring case and
    /// Unicode normalisation; the pseudonymiser matches as it does in text.
    public func isLeftOut(_ term: EmergentTerm) -> Bool { isLeftOut(term: term.term) }

    /// `isLeftOut(_:)` for a term's shown form.
    public func isLeftOut(term: String) -> Bool {
        listedNameKeys.contains(EmergentTerm.matchKey(term)) || isName(term)
    }

    /// The emergent terms the reports show: the analysis's list without those `isLeftOut` drops.
    public var shownEmergentTerms: [EmergentTerm] { analysis.emergentTerms.filter { !isLeftOut($0) } }

    /// The shareable text of a range of transcript `index` (names replaced when pseudonymising).
    public func text(transcript index: Int, range: TextRange) -> String {
        String(redactedTexts[index].slice(range))
    }

    /// The shareable label of a speaker.
    public func speakerLabel(transcript index: Int, speakerID: String) -> String {
        speakerLabels[index][speakerID] ?? pseudonyms.replaceLabel(transcripts[index].transcript.speaker(id: speakerID)?.label ?? speakerID)
    }

    /// Notes for the interviews whose id or file name holds a name that the reports replace in
    /// text ("I07-Hertel", "interview-kiessling.docx"), saying what the shared reports call them
    /// instead (`SharedIdentifiers`). For the terminal only, since they name the names; at most
    /// `limit`, then one line for the rest.
    public func namesInIdentifiersNotes(limit: Int = 5) -> [Diagnostic] {
        guard pseudonyms.isEnabled, let identifiers else { return [] }
        var notes: [Diagnostic] = []
        var more = 0
        for (index, coded) in transcriptsAsRead.enumerated() {
            let t = coded.transcript
            let notNames = SharedIdentifiers.notNames(t)
            let names = Set(pseudonyms.names(inIdentifier: t.id, notNames: notNames) + pseudonyms.names(inIdentifier: t.source.path, notNames: notNames)).sorted()
            guard !names.isEmpty else { continue }
            guard notes.count < limit else { more += 1; continue }
            var shown: [String] = []
            if identifiers.ids[index] != t.id { shown.append("the id '\(t.id)' as '\(identifiers.ids[index])'") }
            if identifiers.paths[index] != t.source.path { shown.append("the file as '\(identifiers.paths[index])'") }
            notes.append(Diagnostic(.note, "the interview id or file name holds the name " + names.map { "'\($0)'" }.joined(separator: ", ")
                                    + ": the shared reports show " + shown.joined(separator: " and ") + " (project.qdpx, which is not shared, as they are)",
                                    file: t.source.path,
                                    hint: identifiers.ids[index] != t.id
                                        ? "to see another id in the reports, give the interview an id without the name in the metadata sheet's interview_id column"
                                        : "to see another file name in the reports, rename the file (and its row in the metadata sheet)"))
        }
        if more > 0 {
            notes.append(Diagnostic(.note, (more == 1 ? "1 more interview holds" : "\(more) more interviews hold")
                                    + " a name in its id or file name, which the shared reports show with the name replaced"))
        }
        return notes
    }

    /// The shareable id of a speaker: ids of named speakers are names ("Lena"), so they are pseudonymised too.
    public func speakerID(_ id: String) -> String { speakerIDs[id] ?? pseudonyms.replaceLabel(id) }

    /// Metadata columns that are analysis dimensions or keys and stay as written (a small place in
    /// `pseudonyms.txt` must not break the municipality breakdown).
    public static let structuralColumns: Set<String> = ["interview_id", "id", "file", "group", "municipality", "date"]

    /// The structural columns that hold an interview's id or file name: a name in them is replaced
    /// as in the reports' ids and paths (`SharedIdentifiers`).
    static let identifierColumns: Set<String> = ["interview_id", "id", "file"]

    /// Metadata variables with names replaced: people's columns, and every other free-text column
    /// (a role such as "Vorsitzende Heimat- und Burgverein" names a club).
    public func variables(transcript index: Int) -> [Variable] { shareableVariables[index] }
}

/// One rendered output file.
public struct RenderedFile: Sendable {
    public var name: String
    public var contents: [UInt8]
    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
    public init(name: String, text: String) {
        self.init(name: name, contents: Array(text.utf8))
    }
}

/// A renderer turns the report input into one output file.
public protocol ReportRenderer: Sendable {
    /// The output file name (English, e.g. `summary.md`).
    var fileName: String { get }
    /// Whether rendering reads the last run's file of this name (`ReportBlocks` copies from it);
    /// the others' last files are only replaced, so `ReportWriter` lets go of their cached pages
    /// before rendering.
    var readsLastOutput: Bool { get }
    func render(_ input: ReportInput) throws -> RenderedFile
    /// Writes the output into the new file `temporary` (the staged file that is later renamed
    /// into place; `ReportWriter` flushes it to disk first). The default renders in memory and
    /// writes the bytes; renderers of large outputs (`analysis.json`, `analysis.sqlite`) write as
    /// they go, so that a run over thousands of interviews never holds a whole output in memory.
    func stage(_ input: ReportInput, to temporary: String) throws
}

extension ReportRenderer {
    public var readsLastOutput: Bool { false }

    public func stage(_ input: ReportInput, to temporary: String) throws {
        let file = try render(input)
        let writer = try ByteWriter(creating: temporary)
        try writer.append(file.contents)
        try writer.finish()
    }
}

/// A renderer that writes its output piece by piece: `render` collects the pieces in memory,
/// `stage` writes them straight into the staged file.
protocol StreamingRenderer: ReportRenderer {
    func write(_ input: ReportInput, into out: ByteWriter) throws
}

extension StreamingRenderer {
    public func render(_ input: ReportInput) throws -> RenderedFile {
        let writer = ByteWriter()
        try write(input, into: writer)
        return RenderedFile(name: fileName, contents: writer.bytes)
    }

    public func stage(_ input: ReportInput, to temporary: String) throws {
        let writer = try ByteWriter(creating: temporary)
        try write(input, into: writer)
        try writer.finish()
        if let blocks = writer.blocks {
            blocks.save(staged: temporary)
            input.renderNotes?.add(file: fileName, blocks.note)
        }
    }
}

extension ReportInput {
    /// The block reuse of a report being staged into `out` (`ReportBlocks`); nil when writing
    /// into memory or without the run cache.
    func blocks(_ fileName: String, into out: ByteWriter, layout: [String]) -> ReportBlocks? {
        guard let setup = reportBlocks, let staged = out.filePath else { return nil }
        let report = PathName.folder(staged) + "/" + fileName
        let blocks = ReportBlocks(setup, interviewKeys: interviewKeys, name: fileName, report: report, layout: layout)
        out.blocks = blocks
        return blocks
    }
}

/// Buffered output into a new file (written in 1 MiB pieces, the rest by `finish`), or into
/// memory when created without a path.
public final class ByteWriter {
    private var buffer: [UInt8] = []
    /// Bytes already in the file (0 in memory); the buffer follows them.
    private var flushed = 0
    private let fd: Int32?
    private let path: String
    private static let chunk = 1 << 20
    /// The file written into (nil in memory).
    var filePath: String? { fd == nil ? nil : path }
    /// The per-interview blocks of this file, recorded once it is complete (`StreamingRenderer.stage`).
    var blocks: ReportBlocks?

    /// Collects the bytes in memory (`bytes`).
    public init() {
        fd = nil
        path = ""
        buffer.reserveCapacity(1 << 16)
    }

    /// Creates (or truncates) `path` and writes into it.
    public init(creating path: String) throws(ReportingError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportingError.writing(path, errno: errno) }
        self.fd = fd
        buffer.reserveCapacity(Self.chunk + (1 << 16))
    }

    deinit { if let fd { close(fd) } }

    /// What was written, for a writer without a file.
    public var bytes: [UInt8] { buffer }

    /// Bytes written so far, in the file and in the buffer.
    public var count: Int { flushed + buffer.count }

    public func append(_ byte: UInt8) throws(ReportingError) {
        buffer.append(byte)
    }

    public func append(_ bytes: some Collection<UInt8>) throws(ReportingError) {
        buffer.append(contentsOf: bytes)
        if fd != nil, buffer.count >= Self.chunk { try flush() }
    }

    /// Appends through direct access to the buffer (for writers of many small pieces).
    @inline(__always)
    func write(_ body: (inout [UInt8]) -> Void) throws(ReportingError) {
        body(&buffer)
        if fd != nil, buffer.count >= Self.chunk { try flush() }
    }

    public func append(_ text: String) throws(ReportingError) {
        try append(text.utf8)
    }

    /// Replaces bytes written before (a header whose sizes are known only at the end), whether
    /// they are still buffered or already in the file.
    func overwrite(_ bytes: [UInt8], at offset: Int) throws(ReportingError) {
        precondition(offset >= 0 && offset + bytes.count <= count, "ByteWriter: overwrite past what was written")
        let inFile = max(0, min(bytes.count, flushed - offset))
        if inFile > 0, let fd { try Self.writeAll(fd, bytes[..<inFile], at: offset, path: path) }
        guard inFile < bytes.count else { return }
        let start = offset + inFile - flushed
        buffer.replaceSubrange(start..<(start + bytes.count - inFile), with: bytes[inFile...])
    }

    private func flush() throws(ReportingError) {
        guard let fd, !buffer.isEmpty else { return }
        try Self.writeAll(fd, buffer[...], at: flushed, path: path)
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, at position: Int, path: String) throws(ReportingError) {
        let failure: Int32 = bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(position + written))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return n < 0 ? errno : EIO }
                written += n
            }
            return 0
        }
        if failure != 0 { throw ReportingError.writing(path, errno: failure) }
    }

    /// Writes what is buffered. The file is not flushed to disk here: `ReportWriter` flushes
    /// every staged report before it renames any into place, beside the renderers still running.
    public func finish() throws(ReportingError) {
        try flush()
    }
}

extension ReportInput {
    /// The segment indices of each interview (by id) that answer a request for a self-introduction
    /// (`SegmentSignals.introduction`): they count for no priority.
    func introductionSegments() -> [String: Set<Int>] {
        var result: [String: Set<Int>] = [:]
        for interview in analysis.interviews {
            for signal in interview.segments where signal.introduction { result[interview.interviewID, default: []].insert(signal.segmentIndex) }
        }
        return result
    }
}
