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
    static let exampleLength = 300

    func collect(_ document: AnalyzedTranscript, segments: [CodedSegment]) -> EmergentEvidence {
        let transcript = document.transcript
        let text = transcript.text
        // Matched term ranges of respondent segments, in text order, to skip covered words.
        let covered = segments.flatMap { $0.codes.flatMap { $0.matches.map(\.range.utf8) } }.sorted { $0.lowerBound < $1.lowerBound }
        var coveredWords = Set<String>()
        var counts: [String: TermCandidate] = [:]
        var examples: [ExampleSentence] = []
        var exampleOfSentence: [Int: Int] = [:]
        var lineIndex: LineIndex? = nil
        var c = 0
        for (t, turn) in transcript.turns.enumerated() where turn.role.isStakeholderVoice && t < document.turnSentences.count {
            for sentenceIndex in document.turnSentences[t] {
                var initial = true
                for tokenIndex in document.sentences[sentenceIndex].tokens {
                    let token = document.tokens[tokenIndex]
                    guard token.isWordLike || token.kind == .number else { continue }
                    // Capitals tell nouns apart, except at the start of a sentence.
                    let sentenceInitial = initial
                    initial = false
                    guard token.kind == .word else { continue }
                    let bytes = token.range.utf8
                    while c < covered.count, covered[c].upperBound <= bytes.lowerBound { c += 1 }
                    let surface = token.text(in: text)
                    let word = surface.lowercased()
                    if c < covered.count, covered[c].overlaps(bytes) {
                        coveredWords.insert(word)
                        continue
                    }
                    guard word.unicodeScalars.count >= 3,
                          word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" })
                    else { continue }
                    // wordfreq spells ß as ss.
                    let zipf = reference.frequencies.zipf(word.contains("ß") ? word.replacingOccurrences(of: "ß", with: "ss") : word)
                    // Frequent words go first: that also removes almost every stop word cheaply.
                    if let zipf, zipf >= maxZipf { continue }
                    if reference.stopWords.contains(word) { continue }
                    let capital = !sentenceInitial && surface.unicodeScalars.first.map { $0.properties.isUppercase } == true
                    let lower = !sentenceInitial && !capital
                    if var known = counts[word] {
                        known.count += 1
                        if capital { known.capitalized += 1 }
                        if lower { known.lowercase += 1 }
                        counts[word] = known
                        continue
                    }
                    let example: Int
                    if let e = exampleOfSentence[sentenceIndex] { example = e } else {
                        example = examples.count
                        exampleOfSentence[sentenceIndex] = example
                        let range = document.sentences[sentenceIndex].range
                        if lineIndex == nil, transcript.source.textLinesAreSourceLines { lineIndex = LineIndex(text) }
                        examples.append(ExampleSentence(range: range,
                                                        sourceLine: transcript.sourceLine(atUTF8Offset: range.utf8.lowerBound, lineIndex: lineIndex),
                                                        text: Self.shortened(transcript.text(of: range))))
                    }
                    counts[word] = TermCandidate(word: word, surface: String(surface), count: 1, capitalized: capital ? 1 : 0,
                                                 lowercase: lower ? 1 : 0, zipf: zipf, example: example)
                }
            }
        }
        var names = Set<String>()
        let metadata = transcript.metadata
        for value in [metadata.municipality, metadata.interviewer].compactMap({ $0 }) + metadata.variables.filter({ Self.nameColumns.contains($0.name.lowercased()) }).map(\.value)
            + transcript.speakers.flatMap({ [$0.label, $0.id] }) {
            for part in value.lowercased().split(whereSeparator: { !$0.isLetter }) where part.count >= 3 { names.insert(String(part)) }
        }
        return EmergentEvidence(candidates: counts.values.sorted { $0.word < $1.word }, examples: examples,
                                coveredWords: coveredWords.sorted(), nameWords: names.sorted(), unlistedZipf: reference.unlistedZipf)
    }

    /// A sentence as an example: one line, at most `exampleLength` scalars, cut at a space.
    static func shortened(_ sentence: Substring) -> String {
        let oneLine = sentence.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard oneLine.unicodeScalars.count > exampleLength else { return oneLine }
        var cut = String(String.UnicodeScalarView(oneLine.unicodeScalars.prefix(exampleLength)))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + " …"
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

    static func find(_ transcripts: [SignalledTranscript], settings: EmergentSettings) -> [EmergentTerm] {
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
            var count = 0
            var capitalized = 0
            var lowercase = 0
            var surfaces: [String: Int] = [:]
            var zipf: Double?
        }
        struct Group {
            var forms: [String: Form] = [:]
            var count = 0
            var interviews = Set<Int>()
            var groups = Set<String>()
            var examples: [(transcript: Int, example: Int)] = []
        }
        guard let stemmer = SnowballStemmer() else { return [] }
        var stemOf: [String: String] = [:]
        var groups: [String: Group] = [:]
        for (ti, t) in transcripts.enumerated() {
            for candidate in t.emergent.candidates where !excluded.contains(candidate.word) {
                let stem: String
                if let s = stemOf[candidate.word] { stem = s } else {
                    stem = stemmer.stem(candidate.word)
                    stemOf[candidate.word] = stem
                }
                var g = groups[stem, default: Group()]
                g.count += candidate.count
                g.interviews.insert(ti)
                g.groups.insert(t.group ?? PriorityAggregator.noGroup)
                g.forms[candidate.word, default: Form()].count += candidate.count
                g.forms[candidate.word]?.zipf = candidate.zipf
                g.forms[candidate.word]?.capitalized += candidate.capitalized
                g.forms[candidate.word]?.lowercase += candidate.lowercase
                g.forms[candidate.word]?.surfaces[candidate.surface, default: 0] += candidate.count
                if g.examples.count < settings.examples, !g.examples.contains(where: { $0.transcript == ti }) {
                    g.examples.append((ti, candidate.example))
                }
                groups[stem] = g
            }
        }
        var terms: [EmergentTerm] = []
        let c = Double(corpusWords), d = referenceSize
        for (_, g) in groups where g.count >= settings.minCount && g.interviews.count >= settings.minInterviews {
            // Codebook terms are nouns and compounds: written with a capital inside sentences.
            let capitalized = g.forms.values.reduce(0) { $0 + $1.capitalized }, lowercase = g.forms.values.reduce(0) { $0 + $1.lowercase }
            guard capitalized > lowercase else { continue }
            // Reference count per billion words: the listed forms' frequencies; unlisted forms are rarer than the list.
            var referencePerBillion = 0.0
            var anyListed = false
            for form in g.forms.values {
                if let z = form.zipf { referencePerBillion += pow(10, z); anyListed = true }
            }
            if !anyListed { referencePerBillion = pow(10, unlistedZipf) }
            let a = Double(g.count), b = referencePerBillion
            let expected = c * (a + b) / (c + d)
            guard a > expected else { continue }
            let g2 = Statistics.logLikelihood(a: a, b: b, c: c, d: d)
            guard g2 >= settings.minKeyness else { continue }
            let forms = g.forms.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            let top = forms[0].value.surfaces.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }[0].key
            let examples = g.examples.map { ref -> TermExample in
                let t = transcripts[ref.transcript], e = t.emergent.examples[ref.example]
                return TermExample(interviewID: t.interviewID, file: t.file, line: e.sourceLine, range: e.range, text: e.text)
            }
            terms.append(EmergentTerm(term: top, forms: forms.map(\.key), count: g.count, interviews: g.interviews.count, groups: g.groups.count,
                                      perMillion: a / c * 1e6, referenceZipf: anyListed ? log10(referencePerBillion) : nil,
                                      keyness: g2, examples: examples))
        }
        terms.sort { $0.keyness != $1.keyness ? $0.keyness > $1.keyness : $0.term < $1.term }
        return Array(terms.prefix(settings.maxTerms))
    }
}
