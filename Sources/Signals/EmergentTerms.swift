import Foundation
import GermanText
import LeitbildCore
import Themes

/// Collects the emergent-term candidates of one transcript: respondent words that no code term
/// covers, are no stop word and are not common in general German.
struct EmergentCollector {
    var reference: KeynessReference
    var maxZipf: Double

    /// Metadata columns whose values name people or places (never suggested as terms).
    static let nameColumns: Set<String> = ["respondent", "interviewer", "name", "befragte", "befragter", "person", "pseudonym",
                                           "municipality", "gemeinde", "ort", "kommune"]

    /// - Parameter bytes: the transcript's text as UTF-8.
    func collect(_ document: AnalyzedTranscript, segments: [CodedSegment], bytes: UnsafeBufferPointer<UInt8>) -> EmergentEvidence {
        let transcript = document.transcript
        // Tokens inside a matched term of a respondent segment are covered by the codebook.
        let tokens = document.tokens
        var coveredToken = [Bool](repeating: false, count: tokens.count)
        for segment in segments {
            for assignment in segment.codes {
                for match in assignment.matches {
                    var lo = 0, hi = tokens.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if tokens[mid].range.utf8.upperBound <= match.range.utf8.lowerBound { lo = mid + 1 } else { hi = mid }
                    }
                    while lo < tokens.count, tokens[lo].range.utf8.lowerBound < match.range.utf8.upperBound {
                        coveredToken[lo] = true
                        lo += 1
                    }
                }
            }
        }
        var tally = WordTally()
        // Words are lower-cased into a scratch buffer; longer tokens than it holds are not words.
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1024)
        defer { scratch.deallocate() }
        // Pass 1, per token: lower-case, skip non-words, tally the type.
        for (t, turn) in transcript.turns.enumerated() where turn.role.isStakeholderVoice && t < document.turnSentences.count {
            for sentenceIndex in document.turnSentences[t] {
                var initial = true
                for tokenIndex in document.sentences[sentenceIndex].tokens {
                    let token = tokens[tokenIndex]
                    guard token.isWordLike || token.kind == .number else { continue }
                    // Capitals tell nouns apart, except at the start of a sentence.
                    let sentenceInitial = initial
                    initial = false
                    guard token.kind == .word else { continue }
                    let range = token.range.utf8
                    let isCovered = coveredToken[tokenIndex]
                    guard let shape = Self.lowercase(bytes, range, into: scratch) else { continue }
                    guard isCovered || (shape.scalars >= 3 && shape.letters) else { continue }
                    let i = tally.index(of: UnsafeBufferPointer(rebasing: scratch[..<shape.count]), sharpS: shape.sharpS)
                    if isCovered {
                        tally[i].covered = true
                        continue
                    }
                    tally[i].count += 1
                    if !sentenceInitial { if shape.capital { tally[i].capitalized += 1 } else { tally[i].lowercase += 1 } }
                    if tally[i].firstSentence < 0 {
                        tally[i].firstSentence = sentenceIndex
                        tally[i].firstSurface = range
                    }
                }
            }
        }
        // Pass 2, per type: reference frequency and stop words once per word.
        let frequencies = reference.frequencies, stopWords = reference.stopWords
        // Line numbers of example sentences, counted forward through the text.
        var lineCursor = 0, line = 1
        func sourceLine(_ offset: Int) -> Int {
            guard transcript.source.textLinesAreSourceLines else { return transcript.sourceLine(atUTF8Offset: offset) }
            if offset < lineCursor { (lineCursor, line) = (0, 1) }
            while lineCursor < offset, lineCursor < bytes.count {
                if bytes[lineCursor] == 10 { line += 1 }
                lineCursor += 1
            }
            return line
        }
        var coveredWords: [String] = []
        var kept: [TermCandidate] = []
        for i in tally.entries.indices {
            let e = tally[i]
            if e.covered {
                coveredWords.append(tally.word(i))
                continue
            }
            // Keep only words this interview writes like nouns (or only at sentence starts).
            guard e.count > 0, e.capitalized >= e.lowercase else { continue }
            let word = tally.word(i)
            // wordfreq spells ß as ss.
            let zipf = frequencies.zipf(e.sharpS ? Self.sharpSAsSS(Array(tally.bytes(i))) : word)
            if let zipf, zipf >= maxZipf { continue }
            if stopWords.contains(word) { continue }
            kept.append(TermCandidate(word: word, surface: String(decoding: UnsafeBufferPointer(rebasing: bytes[e.firstSurface]), as: UTF8.self),
                                      count: e.count, capitalized: e.capitalized, lowercase: e.lowercase, zipf: zipf,
                                      example: e.firstSentence))
        }
        // Example sentences in text order, numbered; candidates point at them.
        var examples: [ExampleSentence] = []
        var exampleOfSentence: [Int: Int] = [:]
        for sentenceIndex in Set(kept.map(\.example)).sorted() {
            let sentence = document.sentences[sentenceIndex].range
            exampleOfSentence[sentenceIndex] = examples.count
            examples.append(ExampleSentence(range: sentence, sourceLine: sourceLine(sentence.utf8.lowerBound)))
        }
        for i in kept.indices { kept[i].example = exampleOfSentence[kept[i].example] ?? 0 }
        // Candidates and covered words stay in order of first occurrence: deterministic without sorting.
        var names = Set<String>()
        let metadata = transcript.metadata
        for value in [metadata.municipality, metadata.interviewer].compactMap({ $0 }) + metadata.variables.filter({ Self.nameColumns.contains($0.name.lowercased()) }).map(\.value)
            + transcript.speakers.flatMap({ [$0.label, $0.id] }) {
            for part in value.lowercased().unicodeScalars.split(whereSeparator: { !$0.properties.isAlphabetic }) where part.count >= 3 {
                names.insert(String(String.UnicodeScalarView(part)))
            }
        }
        return EmergentEvidence(candidates: kept, examples: examples,
                                coveredWords: coveredWords, nameWords: names.sorted(), unlistedZipf: reference.unlistedZipf)
    }

    /// `ExampleSentence.shortened` of the sentence's bytes.
    static func shortened(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // Fast path: no line break and short enough in bytes, hence in scalars.
        if slice.count <= ExampleSentence.maxLength, !slice.contains(10) { return String(decoding: slice, as: UTF8.self) }
        return ExampleSentence.shortened(String(decoding: slice, as: UTF8.self))
    }

    /// The word with ß written as ss (wordfreq's spelling).
    static func sharpSAsSS(_ lower: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(lower.count)
        var i = 0
        while i < lower.count {
            if lower[i] == 0xC3, i + 1 < lower.count, lower[i + 1] == 0x9F {
                out.append(0x73)
                out.append(0x73)
                i += 2
            } else {
                out.append(lower[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-cases a word's UTF-8 bytes into `out` and describes it: its length in bytes, letters
    /// and hyphens only? how many scalars? a capital first letter? an ß (which wordfreq spells ss)?
    /// Nil when the lower-cased word does not fit into `out`.
    static func lowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, letters: Bool, scalars: Int, capital: Bool, sharpS: Bool)? {
        guard range.count * 3 + 8 <= out.count else { return nil }
        var n = 0, letters = true, scalars = 0, capital = false, sharpS = false
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b < 0x80 {
                if b >= 0x41 && b <= 0x5A {
                    out[n] = b + 32
                    if scalars == 0 { capital = true }
                } else {
                    if !((b >= 0x61 && b <= 0x7A) || b == 0x2D) { letters = false }
                    out[n] = b
                }
                n += 1
                i += 1
                scalars += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            let end = min(i + length, range.upperBound)
            scalars += 1
            // German's own letters without Unicode tables: ä ö ü ß, Ä Ö Ü.
            if length == 2, b == 0xC3, i + 1 < range.upperBound {
                let second = bytes[i + 1]
                switch second {
                case 0xA4, 0xB6, 0xBC, 0x9F:
                    out[n] = b
                    out[n + 1] = second
                    if second == 0x9F { sharpS = true }
                    n += 2
                    i += 2
                    continue
                case 0x84, 0x96, 0x9C:
                    out[n] = b
                    out[n + 1] = second + 0x20
                    if scalars == 1 { capital = true }
                    n += 2
                    i += 2
                    continue
                default: break
                }
            }
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in (i + 1)..<end { value = value << 6 | (UInt32(bytes[k]) & 0x3F) }
            i = end
            guard let scalar = Unicode.Scalar(value) else { letters = false; continue }
            if !scalar.properties.isAlphabetic { letters = false }
            let lowered = scalar.properties.isUppercase ? scalar.properties.lowercaseMapping : String(scalar)
            if scalars == 1, scalar.properties.isUppercase { capital = true }
            for u in lowered.utf8 {
                guard n < out.count else { return nil }
                out[n] = u
                n += 1
            }
        }
        return (n, letters, scalars, capital, sharpS)
    }
}

/// A word or compound that respondents use often, that is unusual in general German and that no
/// code covers: a suggestion for the codebook.
public struct EmergentTerm: Hashable, Codable, Sendable {
    /// The most frequent written form.
    public var term: String
    /// All lower-case forms counted together (inflections sharing a stem).
    public var forms: [String]
    /// Occurrences in respondent speech.
    public var count: Int
    public var interviews: Int
    public var groups: Int
    /// Occurrences per million respondent words.
    public var perMillion: Double
    /// Zipf frequency of the forms in the reference list (nil: none listed, assumed rarer than the list).
    public var referenceZipf: Double?
    /// Log-likelihood keyness (G²) against the reference list; 15.13 corresponds to p < 0.0001.
    public var keyness: Double
    public var examples: [TermExample]

    /// The form in which words are compared with a term (the ignore list, names in reports): NFC,
    /// lower case with ß as ss, without surrounding spaces, so "HÖLLENTAL" and a decomposed
    /// "Höllental" match, and so do "WEISSDORF" and "Weißdorf".
    public static func matchKey(_ word: String) -> String {
        word.trimmingCharacters(in: .whitespaces).normalizedForLeitbild.lowercased().replacingOccurrences(of: "ß", with: "ss")
    }
}

/// A sentence in which an emergent term occurs.
public struct TermExample: Hashable, Codable, Sendable {
    public var interviewID: String
    public var file: String
    public var line: Int
    public var range: TextRange
    public var text: String
}

/// Finds emergent terms over all transcripts by log-likelihood keyness against a reference list.
enum EmergentTermFinder {
    static let referenceSize = 1e9

    /// - Parameters:
    ///   - excludedNames: match keys (`EmergentTerm.matchKey`) never suggested besides the
    ///     settings' ignore list: the names of the consultant's pseudonym list.
    ///   - isLeftOut: given a term's shown form, whether it is left out too (before the cut).
    /// - Returns: every term that passes, by keyness (then term): not yet cut to `maxTerms`.
    static func ranked(_ transcripts: [SignalledTranscript], settings: EmergentSettings, excludedNames: Set<String> = [],
                       leavingOut isLeftOut: (String) -> Bool = { _ in false }) -> [EmergentTerm] {
        guard let unlistedZipf = transcripts.lazy.compactMap(\.emergent.unlistedZipf).first else { return [] }
        var excluded = Set<String>()
        var corpusWords = 0
        for t in transcripts {
            excluded.formUnion(t.emergent.coveredWords)
            excluded.formUnion(t.emergent.nameWords)
            corpusWords += t.respondentWordCount
        }
        guard corpusWords > 0 else { return [] }
        struct Form {
            var word: String
            var count = 0
            var capitalized = 0
            var lowercase = 0
            /// Written forms and their counts (few per word: a short list beats a dictionary).
            var surfaces: [(surface: String, count: Int)] = []
            var zipf: Double?

            mutating func add(_ c: TermCandidate) {
                count += c.count
                capitalized += c.capitalized
                lowercase += c.lowercase
                zipf = c.zipf
                if let k = surfaces.firstIndex(where: { $0.surface == c.surface }) { surfaces[k].count += c.count }
                else { surfaces.append((c.surface, c.count)) }
            }
        }
        struct Group {
            var forms: [Form] = []
            var count = 0
            var interviews = 0
            var lastTranscript = -1
            /// Stakeholder groups using the word: a bit per group index (overflow in a set).
            var groupBits: UInt64 = 0
            var moreGroups = Set<Int>()
            var groupCount: Int { groupBits.nonzeroBitCount + moreGroups.count }
            var examples: [(transcript: Int, example: Int)] = []
        }
        guard let stemmer = SnowballStemmer() else { return [] }
        // Groups and forms live in arrays and are changed in place; one hash lookup per candidate.
        var slotOfWord: [String: (group: Int, form: Int)] = [:], groupOfStem: [String: Int] = [:]
        var groups: [Group] = []
        var groupIndex: [String: Int] = [:]
        // Interviews without a group count for no group, as in the fields' breadth, unless no
        // interview has one (then "(ohne Gruppe)" is the one group).
        let anyGroup = transcripts.contains { $0.group != nil }
        for (ti, t) in transcripts.enumerated() {
            let groupName = t.group ?? PriorityAggregator.noGroup
            let group: Int
            if t.group == nil, anyGroup { group = -1 } else if let known = groupIndex[groupName] { group = known } else {
                group = groupIndex.count
                groupIndex[groupName] = group
            }
            for candidate in t.emergent.candidates where !excluded.contains(candidate.word) {
                let slot: (group: Int, form: Int)
                if let known = slotOfWord[candidate.word] { slot = known } else {
                    let stem = stemmer.stem(candidate.word)
                    let gi: Int
                    if let known = groupOfStem[stem] { gi = known } else {
                        gi = groups.count
                        groups.append(Group())
                        groupOfStem[stem] = gi
                    }
                    groups[gi].forms.append(Form(word: candidate.word))
                    slot = (gi, groups[gi].forms.count - 1)
                    slotOfWord[candidate.word] = slot
                }
                let gi = slot.group
                groups[gi].count += candidate.count
                groups[gi].forms[slot.form].add(candidate)
                if groups[gi].lastTranscript != ti {
                    groups[gi].lastTranscript = ti
                    groups[gi].interviews += 1
                    if group < 0 {
                    } else if group < 64 { groups[gi].groupBits |= 1 << UInt64(group) } else { groups[gi].moreGroups.insert(group) }
                    if groups[gi].examples.count < settings.examples { groups[gi].examples.append((ti, candidate.example)) }
                }
            }
        }
        var terms: [EmergentTerm] = []
        let c = Double(corpusWords), d = referenceSize
        let ignored = settings.ignoredKeys.union(excludedNames)
        for g in groups where g.count >= settings.minCount && g.interviews >= settings.minInterviews {
            // Codebook terms are nouns and compounds: written with a capital inside sentences.
            let capitalized = g.forms.reduce(0) { $0 + $1.capitalized }, lowercase = g.forms.reduce(0) { $0 + $1.lowercase }
            guard capitalized > lowercase else { continue }
            // Reference count per billion words: each form's frequency, an unlisted form's at most
            // the list's lowest (so the keyness is a lower bound). Each unlisted form adds its own:
            // before 2026-11-29, fourth stop, several unlisted forms added one stand-in together,
            // and none beside a listed form, which overstated the keyness (a statistics review).
            var referencePerBillion = 0.0
            var anyListed = false
            for form in g.forms {
                referencePerBillion += pow(10, form.zipf ?? unlistedZipf)
                if form.zipf != nil { anyListed = true }
            }
            let a = Double(g.count), b = referencePerBillion
            let expected = c * (a + b) / (c + d)
            guard a > expected else { continue }
            let g2 = Statistics.logLikelihood(a: a, b: b, c: c, d: d)
            guard g2 >= settings.minKeyness else { continue }
            let forms = g.forms.sorted { $0.count != $1.count ? $0.count > $1.count : $0.word < $1.word }
            let top = forms[0].surfaces.sorted { $0.count != $1.count ? $0.count > $1.count : $0.surface < $1.surface }[0].surface
            // Words on the ignore list and listed names are left out before the cut to `maxTerms`,
            // so they take no place in it.
            if !ignored.isEmpty, ignored.contains(EmergentTerm.matchKey(top)) || forms.contains(where: { ignored.contains(EmergentTerm.matchKey($0.word)) }) {
                continue
            }
            if isLeftOut(top) { continue }
            let examples = g.examples.map { ref -> TermExample in
                let t = transcripts[ref.transcript], e = t.emergent.examples[ref.example]
                return TermExample(interviewID: t.interviewID, file: t.file, line: e.sourceLine, range: e.range, text: e.text(in: t.text))
            }
            terms.append(EmergentTerm(term: top, forms: forms.map(\.word), count: g.count, interviews: g.interviews, groups: g.groupCount,
                                      perMillion: a / c * 1e6, referenceZipf: anyListed ? log10(referencePerBillion) : nil,
                                      keyness: g2, examples: examples))
        }
        terms.sort { $0.keyness != $1.keyness ? $0.keyness > $1.keyness : $0.term < $1.term }
        return terms
    }

    /// `ranked(_:…)` cut to `settings.maxTerms`.
    static func find(_ transcripts: [SignalledTranscript], settings: EmergentSettings, excludedNames: Set<String> = [],
                     leavingOut isLeftOut: (String) -> Bool = { _ in false }) -> [EmergentTerm] {
        Array(ranked(transcripts, settings: settings, excludedNames: excludedNames, leavingOut: isLeftOut).prefix(settings.maxTerms))
    }
}
