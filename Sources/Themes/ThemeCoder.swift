import Foundation
import GermanText
import LeitbildCore

/// Stage 3 entry point: assigns codebook codes to the units of an analysed transcript and
/// records, for every hit, which term matched where and by which rule.
///
/// The codebook is compiled once (`CompiledCodebook`); each distinct word of the text is analysed
/// once per `CodingSession` (stem, compound parts, candidate terms), so coding is a hash lookup
/// per token. Rules, in the order a word is checked:
/// `=Form` exact; function words only as themselves; inflected forms and spellings (`Inflection`);
/// compound parts by lemma (head or modifier); globs on words or parts. Phrases chain word hits
/// in order within a sentence. Then exclusions veto overlapping hits, context rules drop hits
/// without a required word in the sentence, and dismissal cues flag what is left.
public struct ThemeCoder: Sendable {
    public private(set) var codebook: Codebook
    public var unit: CodingUnit
    /// Words a phrase may skip between two of its words ("öffentlicher und barrierefreier Nahverkehr").
    public var phraseGap: Int = 3
    /// Whether the codebook has been compiled yet (tests).
    var isCompiled: Bool { compiledOnce.isMade }
    let splitter: any CompoundSplitting
    private let compiledOnce: CompiledOnce

    /// The codebook compiled into lookups, made when first needed: a run whose files all come
    /// from the run cache never compiles it (0.1 s at 5,000 interviews, before any file was
    /// read). A run that codes a new file, which tends to sort last, starts it early (`prepare`).
    var compiled: CompiledCodebook { compiledOnce.value }

    /// Compiles the codebook now, unless that is done or under way (then it waits for it). A run
    /// that knows it will code a file late in its order starts this beside reading the cached ones.
    public func prepare() { _ = compiledOnce.value }

    public init(codebook: Codebook, unit: CodingUnit = .sentence) {
        self.init(codebook: codebook, unit: unit, splitter: GermanCompoundSplitter())
    }

    /// A coder with an explicit compound splitter and word lists (tests, benchmarks).
    public init(codebook: Codebook, unit: CodingUnit = .sentence, splitter: any CompoundSplitting, lexicon: ThemeLexicon = .shared) {
        self.codebook = codebook
        self.unit = unit
        self.splitter = splitter
        self.compiledOnce = CompiledOnce { CompiledCodebook(codebook: codebook, lexicon: lexicon, splitter: splitter) }
    }

    /// Codes every unit of the transcript.
    public func code(_ document: AnalyzedTranscript) -> CodedTranscript {
        makeSession().code(document)
    }

    /// A session keeps the per-word cache across transcripts. Not thread-safe: one per task.
    public func makeSession() -> CodingSession { CodingSession(coder: self) }
}

/// A compiled codebook made on first use, once, whichever thread asks first (the others wait).
final class CompiledOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var made: CompiledCodebook?
    private let make: @Sendable () -> CompiledCodebook

    init(_ make: @escaping @Sendable () -> CompiledCodebook) { self.make = make }

    var value: CompiledCodebook {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make()
        made = value
        return value
    }

    /// Whether it has been made (tests).
    var isMade: Bool {
        lock.lock()
        defer { lock.unlock() }
        return made != nil
    }
}

/// Codes transcripts one after another, remembering every distinct word it has analysed.
/// Not thread-safe (it caches as it goes): use one session per task.
public final class CodingSession {
    let coder: ThemeCoder
    private let book: CompiledCodebook
    private var table = WordTable()
    private var infos: [WordInfo] = []
    /// Per word id, the few bits the token loop needs, so that it never copies a `WordInfo`.
    private var flags: [UInt8] = []
    /// Whether the transcript being coded capitalises nouns (see `isWellCased`).
    private var wellCased = true
    static let hasHits: UInt8 = 1, clauseBreak: UInt8 = 2, resumptive: UInt8 = 4, article: UInt8 = 8

    // Scratch buffers reused for every sentence.
    private var positionToken: [Int] = []
    private var positionInfo: [Int32] = []
    private var positionClause: [Int] = []
    /// Per position: whether punctuation (a comma, a dash …) stands right before it.
    private var positionAfterBreak: [Bool] = []
    /// Per clause of the sentence: whether a cue in it also reaches the clause before (see
    /// `ThemeLexicon.resumptiveArticles`).
    private var clauseReachesBack: [Bool] = []
    private var rawHits: [RawHit] = []
    private var accumulators: [CodeAccumulator?]
    private var touched: [Int] = []
    private var contextSeen: [Bool]
    /// For each code, the codes that take over its hits (`include_children`), nearest first.
    private let includedBy: [[Int]]

    init(coder: ThemeCoder) {
        self.coder = coder
        self.book = coder.compiled
        self.accumulators = Array(repeating: nil, count: coder.compiled.codes.count)
        self.contextSeen = Array(repeating: false, count: coder.compiled.contextRuleCount)
        var includedBy = Array(repeating: [Int](), count: coder.compiled.codes.count)
        for (parent, info) in coder.compiled.codes.enumerated() {
            for child in info.includes { includedBy[child].append(parent) }
        }
        self.includedBy = includedBy
    }

    /// Number of distinct words analysed so far.
    public var distinctWords: Int { infos.count }

    struct RawHit {
        var term: Int32
        var first: Int
        var last: Int
        var rule: MatchRule
        var part: PartSpan?
    }

    struct CodeAccumulator {
        var matches: [TermMatch] = []
        var plain = 0
        var negated = 0
        var cue: TextRange?
        var cuePattern: String?
    }

    /// Codes every unit of the transcript.
    public func code(_ document: AnalyzedTranscript) -> CodedTranscript {
        var text = document.transcript.text
        text.makeContiguousUTF8()
        if let result = text.utf8.withContiguousStorageIfAvailable({ code(document, bytes: $0) }) { return result }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { code(document, bytes: $0) }
    }

    private func code(_ document: AnalyzedTranscript, bytes: UnsafeBufferPointer<UInt8>) -> CodedTranscript {
        let transcript = document.transcript
        wellCased = Self.isWellCased(document, bytes: bytes)
        let lineIndex = transcript.source.textLinesAreSourceLines ? LineIndex(transcript.text) : nil
        var segments: [CodedSegment] = []
        var prompts: [CodedSegment] = []
        var unitCount = 0
        var wordCount = 0

        func emit<S: Sequence<Int>>(sentences: S, turnIndex: Int) {
            var firstRange: Range<Int>? = nil, lastRange: Range<Int>? = nil
            let turn = transcript.turns[turnIndex]
            let voice = turn.role.isStakeholderVoice
            for s in sentences {
                let tokens = document.sentences[s].tokens
                guard !tokens.isEmpty else { continue }
                if firstRange == nil { firstRange = tokens }
                lastRange = tokens
                if voice { for t in tokens where document.tokens[t].isWordLike { wordCount += 1 } }
                process(sentence: s, document: document, bytes: bytes)
            }
            guard let firstRange, let lastRange else { return }
            if voice { unitCount += 1 }
            let assignments = collectAssignments()
            guard !assignments.isEmpty else { return }
            let first = document.tokens[firstRange.lowerBound].range, last = document.tokens[lastRange.upperBound - 1].range
            let range = TextRange(scalars: SourceSpan(start: first.scalars.start, end: last.scalars.end),
                                  utf8: first.utf8.lowerBound..<last.utf8.upperBound)
            let segment = Segment(transcriptID: transcript.id, index: voice ? segments.count : prompts.count, turnIndex: turnIndex,
                                  role: turn.role, speakerID: turn.speakerID, range: range,
                                  sourceLine: transcript.sourceLine(atUTF8Offset: range.utf8.lowerBound, lineIndex: lineIndex, turn: turn),
                                  startTime: transcript.startTime(atUTF8Offset: range.utf8.lowerBound, turn: turn))
            if voice { segments.append(CodedSegment(segment: segment, codes: assignments)) } else { prompts.append(CodedSegment(segment: segment, codes: assignments)) }
        }

        let turnCount = min(transcript.turns.count, document.turnSentences.count)
        switch coder.unit {
        case .sentence:
            for turnIndex in 0..<turnCount {
                for s in document.turnSentences[turnIndex] { emit(sentences: CollectionOfOne(s), turnIndex: turnIndex) }
            }
        case .turn:
            for turnIndex in 0..<turnCount { emit(sentences: document.turnSentences[turnIndex], turnIndex: turnIndex) }
        case .document:
            // One unit for all stakeholder voice, one for all interviewer text (prompting only).
            for voice in [true, false] {
                let turns = (0..<turnCount).filter { transcript.turns[$0].role.isStakeholderVoice == voice }
                guard let firstTurn = turns.first(where: { !document.turnSentences[$0].isEmpty }) else { continue }
                emit(sentences: turns.flatMap { Array(document.turnSentences[$0]) }, turnIndex: firstTurn)
            }
        }
        return CodedTranscript(transcript: transcript, segments: segments, interviewerMentions: prompts,
                               respondentUnitCount: unitCount, respondentWordCount: wordCount)
    }

    /// Whether the text capitalises like edited German (nouns upper case): then a noun term does
    /// not match a lower-case word. All-lower-case text (chat, some survey answers) matches either way.
    static func isWellCased(_ document: AnalyzedTranscript, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0, capitalised = 0
        for token in document.tokens where token.kind == .word {
            guard token.range.utf8.lowerBound < bytes.count else { continue }
            words += 1
            if token.startsWithCapital(in: bytes) { capitalised += 1 }
        }
        // Edited German capitalises about a quarter of its words; lower-case text a few percent.
        return words > 0 && capitalised * 100 >= words * 12
    }

    /// Conjunctions after which a negation may open a second predicate ("überflüssig und nicht gewollt").
    static let coordinators: Set<String> = ["und", "oder"]

    /// Articles that open a clause's own subject ("Das Geld spielt keine große Rolle").
    static let subjectArticles: Set<String> = ["das", "der", "die", "den", "dem", "ein", "eine", "einen", "einem", "einer",
                                               "dieser", "diese", "dieses", "unser", "unsere", "mein", "meine"]

    /// Whether clause `c` (read so far) opens with a noun phrase of its own: an article and, next
    /// or one word later, a capitalised word that is no dismissal-cue word ("Das Geld", "Die
    /// Schule"; not "Ich hätte kein Problem damit", "Kein Thema ist …").
    private func opensWithOwnSubject(_ c: Int, tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = positionClause.firstIndex(of: c), Self.subjectArticles.contains(folded(at: first)) else { return false }
        for p in (first + 1)...(first + 2) where p < positionClause.count && positionClause[p] == c {
            if Self.isCapitalised(tokens[positionToken[p]], bytes: bytes) { return infos[Int(positionInfo[p])].cueWords.isEmpty }
        }
        return false
    }

    /// Whether a word token starts with a capital letter (A–Z, Ä, Ö, Ü).
    static func isCapitalised(_ token: Token, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        token.isMatchable && token.range.utf8.upperBound <= bytes.count && token.startsWithCapital(in: bytes)
    }

    /// The id of a word's cached analysis, analysing it on first sight.
    private func wordInfo(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = WordTable.hash(bytes)
        if let id = table.find(bytes, hash: hash) { return id }
        let surface = String(decoding: bytes, as: UTF8.self)
        let info = WordAnalysis.analyze(surface, book: book, splitter: coder.splitter)
        infos.append(info)
        flags.append((info.hits.isEmpty ? 0 : Self.hasHits) | (info.isClauseBreak ? Self.clauseBreak : 0) | (info.isResumptive ? Self.resumptive : 0)
                     | (info.isArticle ? Self.article : 0))
        return table.insert(bytes, hash: hash)
    }

    /// Finds the term hits of one sentence and adds the surviving ones to the unit's accumulators.
    private func process(sentence index: Int, document: AnalyzedTranscript, bytes: UnsafeBufferPointer<UInt8>) {
        let sentence = document.sentences[index]
        let tokens = document.tokens
        positionToken.removeAll(keepingCapacity: true)
        positionInfo.removeAll(keepingCapacity: true)
        positionClause.removeAll(keepingCapacity: true)
        clauseReachesBack.removeAll(keepingCapacity: true)
        positionAfterBreak.removeAll(keepingCapacity: true)
        clauseReachesBack.append(false)
        var anyHit = false
        var clause = 0
        var pendingBreak = false
        var isQuestion = false
        for t in sentence.tokens {
            let token = tokens[t]
            let r = token.range.utf8
            guard r.lowerBound >= 0, r.upperBound <= bytes.count, !r.isEmpty else { continue }
            if token.isMatchable {
                let id = wordInfo(UnsafeBufferPointer(rebasing: bytes[r]))
                let f = flags[Int(id)]
                positionAfterBreak.append(pendingBreak)
                if pendingBreak {
                    if f & Self.resumptive == 0 {
                        clause += 1
                        clauseReachesBack.append(false)
                    } else if f & Self.article != 0, wellCased, t + 1 < sentence.tokens.upperBound,
                              Self.isCapitalised(tokens[t + 1], bytes: bytes), opensWithOwnSubject(clause, tokens: tokens, bytes: bytes) {
                        // "Das Geld spielt keine große Rolle, die Sicherheit geht vor": after a clause
                        // that names its own subject, an article, not a pronoun picking up what came
                        // before; a cue before the comma does not reach it (an analyst's review), one
                        // after it still reaches back ("Der Bus, die Schule, das spielt keine Rolle").
                        // After "Ich hätte kein Problem damit, den Bus abzuschaffen" the cue still
                        // reaches forward.
                        clause += 1
                        clauseReachesBack.append(true)
                    }
                    pendingBreak = false
                }
                if f & Self.clauseBreak != 0 {
                    clause += 1
                    clauseReachesBack.append(false)
                }
                if f & Self.hasHits != 0 { anyHit = true }
                positionToken.append(t)
                positionInfo.append(id)
                positionClause.append(clause)
                isQuestion = false
            } else if token.kind == .punctuation {
                switch bytes[r.lowerBound] {
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "-"): pendingBreak = true
                case 0xE2 where r.count == 3 && bytes[r.lowerBound + 1] == 0x80 && (bytes[r.lowerBound + 2] == 0x93 || bytes[r.lowerBound + 2] == 0x94):
                    pendingBreak = true  // en and em dash
                case UInt8(ascii: "?"): isQuestion = true
                default: break
                }
            }
        }
        guard anyHit else { return }

        // Term hits: every pattern a word matches starts the terms that begin with it.
        rawHits.removeAll(keepingCapacity: true)
        let n = positionInfo.count
        for p in 0..<n {
            for hit in infos[Int(positionInfo[p])].hits where !(wellCased && hit.lowercaseNoun) {
                for termID in book.termsByFirstPattern[Int(hit.pattern)] {
                    let term = book.terms[Int(termID)]
                    if term.patterns.count == 1 {
                        rawHits.append(RawHit(term: termID, first: p, last: p, rule: hit.rule, part: hit.part))
                    } else if let last = matchPhrase(term, from: p) {
                        rawHits.append(RawHit(term: termID, first: p, last: last, rule: .phrase, part: nil))
                    }
                }
            }
        }
        guard !rawHits.isEmpty else { return }

        // Context words and exclusions of this sentence.
        var contextTouched: [Int] = []
        var exclusions: [(code: Int, span: SourceSpan)] = []
        for hit in rawHits {
            switch book.terms[Int(hit.term)].role {
            case .context(let rule):
                if !contextSeen[rule] { contextSeen[rule] = true; contextTouched.append(rule) }
            case .exclusion(let code):
                exclusions.append((code, span(of: hit, tokens: tokens)))
            case .term:
                break
            }
        }
        defer { for rule in contextTouched { contextSeen[rule] = false } }

        var kept: [(code: Int, hit: RawHit, span: SourceSpan)] = []
        for hit in rawHits {
            guard case let .term(code, contextRule) = book.terms[Int(hit.term)].role else { continue }
            if let rule = contextRule, !contextSeen[rule] { continue }
            let s = span(of: hit, tokens: tokens)
            if exclusions.contains(where: { $0.code == code && $0.span.overlaps(s) }) { continue }
            kept.append((code, hit, s))
        }
        guard !kept.isEmpty else { return }

        let cues = isQuestion ? [] : findCues(tokens: tokens, bytes: bytes)
        for (code, hit, _) in kept {
            let first = tokens[positionToken[hit.first]].range, last = tokens[positionToken[hit.last]].range
            let range = TextRange(scalars: SourceSpan(start: first.scalars.start, end: last.scalars.end), utf8: first.utf8.lowerBound..<last.utf8.upperBound)
            var partRange: TextRange? = nil
            if let part = hit.part {
                partRange = TextRange(scalars: SourceSpan(start: first.scalars.start + part.scalars.lowerBound, end: first.scalars.start + part.scalars.upperBound),
                                      utf8: (first.utf8.lowerBound + part.utf8.lowerBound)..<(first.utf8.lowerBound + part.utf8.upperBound))
            }
            let match = TermMatch(term: book.terms[Int(hit.term)].source, rule: hit.rule, range: range,
                                  tokens: positionToken[hit.first]..<(positionToken[hit.last] + 1), part: hit.part?.lemma, partRange: partRange)
            let clause = positionClause[hit.first]
            let cue = cues.first { $0.clause == clause || ($0.clause > clause && clauseReachesBack[(clause + 1)...$0.clause].allSatisfy { $0 }) }
            if accumulators[code] == nil {
                accumulators[code] = CodeAccumulator()
                touched.append(code)
            }
            accumulators[code]?.matches.append(match)
            if let cue {
                accumulators[code]?.negated += 1
                if accumulators[code]?.cue == nil {
                    accumulators[code]?.cue = cue.range
                    accumulators[code]?.cuePattern = cue.pattern
                }
            } else {
                accumulators[code]?.plain += 1
            }
        }
    }

    /// The scalar span a hit covers: its compound part where it has one, else its words.
    private func span(of hit: RawHit, tokens: [Token]) -> SourceSpan {
        let first = tokens[positionToken[hit.first]].range.scalars
        if let part = hit.part { return SourceSpan(start: first.start + part.scalars.lowerBound, end: first.start + part.scalars.upperBound) }
        return SourceSpan(start: first.start, end: tokens[positionToken[hit.last]].range.scalars.end)
    }

    /// Matches the remaining words of a phrase after its first word at position `start`: each
    /// next word within `phraseGap` words (directly next for quoted phrases). Returns the last position.
    private func matchPhrase(_ term: CompiledCodebook.Term, from start: Int) -> Int? {
        var position = start
        let n = positionInfo.count
        for pattern in term.patterns.dropFirst() {
            let limit = term.adjacent ? position + 1 : position + 1 + coder.phraseGap
            var found: Int? = nil
            var m = position + 1
            while m <= limit && m < n {
                if infos[Int(positionInfo[m])].matches(pattern: pattern, wellCased: wellCased) != nil { found = m; break }
                m += 1
            }
            guard let next = found else { return nil }
            position = next
        }
        return position
    }

    struct FoundCue {
        /// The clause the cue lies in (a cue never spans two).
        var clause: Int
        var range: TextRange
        var pattern: String
    }

    /// Dismissal cues in the current sentence, each with the clause it lies in.
    private func findCues(tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) -> [FoundCue] {
        let n = positionInfo.count
        var found: [FoundCue] = []
        for start in 0..<n where !infos[Int(positionInfo[start])].cueWords.isEmpty {
            for (c, elements) in book.cues.enumerated() {
                guard let first = elements.first, first >= 0, infos[Int(positionInfo[start])].cueWords.contains(first) else { continue }
                let cue = book.lexicon.cues[c]
                if start > 0, !cue.notBefore.isEmpty, cue.notBefore.contains(folded(at: start - 1)) { continue }
                if !cue.notNear.isEmpty, (max(0, start - DismissalCue.maxGap)..<start).contains(where: {
                    positionClause[$0] == positionClause[start] && cue.notNear.contains(folded(at: $0))
                }) { continue }
                // "Ich würde nicht sagen, dass Radwege unwichtig sind": in a "dass" clause, the words
                // before "dass" count too (found in an analyst's review: a dismissal).
                if !cue.notNear.isEmpty, let dass = (0..<start).first(where: { positionClause[$0] == positionClause[start] }),
                   dass > 0, positionClause[dass - 1] != positionClause[dass], folded(at: dass) == "dass",
                   (max(0, dass - DismissalCue.maxGap)..<dass).contains(where: { cue.notNear.contains(folded(at: $0)) }) { continue }
                guard let end = matchCue(elements, element: 1, position: start + 1) else { continue }
                // A cue lies within one clause: "Ein Arzt wäre wichtig, Parken ist kein Problem"
                // is no "wäre* ... kein problem" (found in a review).
                guard positionClause[start] == positionClause[end] else { continue }
                if end + 1 < n, !cue.notAfter.isEmpty, cue.notAfter.contains(folded(at: end + 1)) { continue }
                // "Unwichtig ist der Radweg nicht": a negation later in the clause, before any comma
                // (an analyst's review; "Unwichtig ist der Radweg, die Schule nicht" dismisses).
                // A negation right after "und" or "oder" and before a word in lower case that is no
                // article opens a second predicate and negates that, not the cue: "Radwege sind
                // überflüssig und nicht gewollt" (found in a user review: no dismissal). "Unwichtig ist
                // der Radweg und die Schule nicht", "… und nicht die Schule" keep the guard, and so
                // does a text in lower case, where a noun cannot be told.
                if !cue.notLater.isEmpty,
                   let stop = Optional((end + 1..<n).first { positionClause[$0] != positionClause[end] || positionAfterBreak[$0] } ?? n),
                   (end + 1..<stop).contains(where: { p in
                       cue.notLater.contains(folded(at: p)) && !(wellCased && p >= end + 2 && p + 1 < stop
                           && Self.coordinators.contains(folded(at: p - 1)) && !Self.subjectArticles.contains(folded(at: p + 1))
                           && !Self.isCapitalised(tokens[positionToken[p + 1]], bytes: bytes))
                   }) { continue }
                let a = tokens[positionToken[start]].range, b = tokens[positionToken[end]].range
                found.append(FoundCue(clause: positionClause[start],
                                      range: TextRange(scalars: SourceSpan(start: a.scalars.start, end: b.scalars.end), utf8: a.utf8.lowerBound..<b.utf8.upperBound),
                                      pattern: cue.pattern))
            }
        }
        return found
    }

    private func folded(at position: Int) -> String {
        infos[Int(positionInfo[position])].folded
    }

    /// Matches cue elements from `element` on at `position`; returns the position of the last word.
    private func matchCue(_ elements: [Int], element: Int, position: Int) -> Int? {
        if element == elements.count { return position - 1 }
        let n = positionInfo.count
        if elements[element] < 0 {
            for skip in 0...DismissalCue.maxGap where position + skip < n || element + 1 == elements.count {
                if let end = matchCue(elements, element: element + 1, position: position + skip) { return end }
            }
            return nil
        }
        guard position < n, infos[Int(positionInfo[position])].cueWords.contains(elements[element]) else { return nil }
        return matchCue(elements, element: element + 1, position: position + 1)
    }

    /// Turns the accumulated hits of a unit into assignments (codebook order) and resets them.
    private func collectAssignments() -> [CodeAssignment] {
        guard !touched.isEmpty else { return [] }
        // Codes with `include_children` take over their descendants' hits.
        var all = Set(touched)
        for code in touched { for parent in includedBy[code] { all.insert(parent) } }
        var out: [CodeAssignment] = []
        for code in all.sorted() {
            var matches: [TermMatch] = []
            var plain = 0, negated = 0
            var cue: TextRange? = nil, cuePattern: String? = nil
            func take(_ acc: CodeAccumulator, via: String?) {
                matches += via == nil ? acc.matches : acc.matches.map { m in
                    var m = m
                    if m.viaCode == nil { m.viaCode = via }
                    return m
                }
                plain += acc.plain
                negated += acc.negated
                if cue == nil { cue = acc.cue; cuePattern = acc.cuePattern }
            }
            if let own = accumulators[code] { take(own, via: nil) }
            for child in book.codes[code].includes { if let acc = accumulators[child] { take(acc, via: book.codes[child].id) } }
            guard !matches.isEmpty else { continue }
            let isNegated = plain == 0 && negated > 0
            out.append(CodeAssignment(codeID: book.codes[code].id, matches: Self.pruned(matches), negated: isNegated,
                                      negationCue: isNegated ? cue : nil, negationPattern: isNegated ? cuePattern : nil))
        }
        for code in touched { accumulators[code] = nil }
        touched.removeAll(keepingCapacity: true)
        return out
    }

    /// Matches in text order, without those that lie inside a longer match of the same code
    /// ("Nahverkehr" inside "öffentlicher Nahverkehr", "Arzt" inside "Hausarzt").
    static func pruned(_ matches: [TermMatch]) -> [TermMatch] {
        let sorted = matches.sorted { a, b in
            let x = a.matchedRange.scalars, y = b.matchedRange.scalars
            if x.start != y.start { return x.start < y.start }
            if x.end != y.end { return x.end > y.end }
            if a.term != b.term { return a.term < b.term }
            return (a.viaCode ?? "") < (b.viaCode ?? "")
        }
        // In this order every kept match starts at or before the next one, so one kept match holds
        // the next exactly when it ends at or after it: the furthest end kept so far tells, where
        // a search of all kept matches made a long unit quadratic (a 2 MB sentence without full
        // stops spent 74 % of its run here, found in a hostile-input review).
        var out: [TermMatch] = []
        var furthestEnd: Int?
        for m in sorted {
            let span = m.matchedRange.scalars
            if let furthestEnd, furthestEnd >= span.end { continue }
            out.append(m)
            furthestEnd = max(furthestEnd ?? span.end, span.end)
        }
        return out
    }
}
