import GermanText
import LeitbildCore
import Signals
import Themes

/// Builds small transcripts for the signal tests: a script of `I: ...` / `B: ...` lines, analysed
/// by the real German text stage and coded by a fixed keyword table, so that these tests pin the
/// signals stage and not the theme matcher (which has its own tests).
enum Fixture {
    /// Keyword prefixes (folded) and the code they stand for.
    static let keywords: [(prefix: String, code: String)] = [
        ("bus", "mobilitaet"), ("radweg", "mobilitaet"), ("bahn", "mobilitaet"), ("mobilitaet", "mobilitaet"),
        ("schule", "bildung"), ("bildung", "bildung"), ("kita", "bildung"),
        ("arzt", "gesundheit"), ("hausarzt", "gesundheit"), ("pflege", "gesundheit"), ("gesundheit", "gesundheit"),
        ("internet", "digital"), ("glasfaser", "digital"), ("breitband", "digital"),
        ("laden", "nahversorgung"), ("einkauf", "nahversorgung"),
        ("nachhaltig", "nachhaltigkeit"), ("klima", "nachhaltigkeit"),
        ("zusammenarbeit", "kooperation"),
    ]
    /// Phrases that make the themes stage flag a mention as dismissed.
    static let dismissals = ["kein thema", "brauchen wir nicht", "spielt keine rolle"]

    static let codebook = Codebook(name: "test", codes: [
        Code(id: "felder", name: "Handlungsfelder", kind: .category),
        Code(id: "mobilitaet", name: "Mobilität", parent: "felder", kind: .handlungsfeld, terms: ["Bus"]),
        Code(id: "bildung", name: "Bildung", parent: "felder", kind: .handlungsfeld, terms: ["Schule"]),
        Code(id: "gesundheit", name: "Gesundheit & Pflege", parent: "felder", kind: .handlungsfeld, terms: ["Arzt"]),
        Code(id: "digital", name: "Digitale Infrastruktur", parent: "felder", kind: .handlungsfeld, terms: ["Internet"]),
        Code(id: "nahversorgung", name: "Nahversorgung", parent: "felder", kind: .handlungsfeld, terms: ["Laden"]),
        Code(id: "nachhaltigkeit", name: "Nachhaltigkeit", kind: .value, terms: ["nachhaltig"]),
        Code(id: "kooperation", name: "Interkommunale Zusammenarbeit", kind: .value, terms: ["Zusammenarbeit"]),
    ])

    /// A transcript from a script: one turn per line, `I:` for the interviewer, anything else
    /// before the colon for a respondent.
    static func transcript(_ id: String, group: String? = "Verwaltung", municipality: String? = "Naila", _ script: String) -> Transcript {
        var text = ""
        var turns: [Turn] = []
        var speakers: [Speaker] = []
        for (lineNumber, line) in script.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if lineNumber > 0 { text += "\n" }
            guard let colon = line.firstIndex(of: ":") else { text += line; continue }
            let label = String(line[..<colon])
            let spoken = line[line.index(after: colon)...].drop { $0 == " " }
            let role: SpeakerRole = label == "I" ? .interviewer : .respondent
            if !speakers.contains(where: { $0.id == label }) {
                speakers.append(Speaker(id: label, label: label, role: role, roleReason: "test"))
            }
            text += line[..<spoken.startIndex]
            let start = TextRange(scalars: SourceSpan(start: text.unicodeScalars.count, end: text.unicodeScalars.count),
                                  utf8: text.utf8.count..<text.utf8.count)
            text += spoken
            let range = TextRange(scalars: SourceSpan(start: start.scalars.start, end: text.unicodeScalars.count),
                                  utf8: start.utf8.lowerBound..<text.utf8.count)
            turns.append(Turn(index: turns.count, speakerID: label, role: role, range: range, sourceLine: lineNumber + 1))
        }
        let source = SourceDocument(path: "\(id).txt", format: .plainText, encoding: "UTF-8", byteCount: text.utf8.count,
                                    textLinesAreSourceLines: true)
        return Transcript(id: id, source: source, text: text, speakers: speakers, turns: turns,
                          metadata: InterviewMetadata(interviewID: id, group: group, municipality: municipality))
    }

    /// Codes every sentence by the keyword table, as the themes stage would.
    static func code(_ document: AnalyzedTranscript) -> CodedTranscript {
        let transcript = document.transcript, text = transcript.text
        var segments: [CodedSegment] = [], prompts: [CodedSegment] = []
        var units = 0, words = 0
        for (t, turn) in transcript.turns.enumerated() {
            for s in document.turnSentences[t] {
                let sentence = document.sentences[s]
                let wordTokens = sentence.tokens.filter { document.tokens[$0].isWordLike }
                if turn.role.isStakeholderVoice { units += 1; words += wordTokens.count }
                var assignments: [CodeAssignment] = []
                for i in wordTokens {
                    let token = document.tokens[i]
                    let key = Folding.key(token.text(in: text))
                    guard let code = keywords.first(where: { key.hasPrefix($0.prefix) })?.code else { continue }
                    let match = TermMatch(term: code, rule: .word, range: token.range)
                    if let a = assignments.firstIndex(where: { $0.codeID == code }) { assignments[a].matches.append(match) }
                    else { assignments.append(CodeAssignment(codeID: code, matches: [match])) }
                }
                guard !assignments.isEmpty else { continue }
                let folded = Folding.key(text.slice(utf8: sentence.range.utf8))
                // As the coder: a question is never a dismissal ("Brauchen wir nicht mehr Busse?").
                if dismissals.contains(where: { folded.contains($0) }), !folded.hasSuffix("?") {
                    for a in assignments.indices { assignments[a].negated = true }
                }
                let segment = Segment(transcriptID: transcript.id, index: turn.role.isStakeholderVoice ? segments.count : prompts.count,
                                      turnIndex: t, role: turn.role, speakerID: turn.speakerID, range: sentence.range,
                                      sourceLine: turn.sourceLine, startTime: nil)
                if turn.role.isStakeholderVoice { segments.append(CodedSegment(segment: segment, codes: assignments)) }
                else { prompts.append(CodedSegment(segment: segment, codes: assignments)) }
            }
        }
        return CodedTranscript(transcript: transcript, segments: segments, interviewerMentions: prompts,
                               respondentUnitCount: units, respondentWordCount: words)
    }

    static let detector = SignalDetector()

    /// Analyses, codes and detects signals in one script (interview id "T1").
    static func signals(_ script: String, detector: SignalDetector = Fixture.detector) -> SignalledTranscript {
        signals("T1", script, detector: detector)
    }

    /// Analyses, codes and detects signals in one script.
    static func signals(_ id: String, group: String? = "Verwaltung", municipality: String? = "Naila", _ script: String,
                        detector: SignalDetector = Fixture.detector) -> SignalledTranscript {
        let analyzed = GermanAnalyzer().analyze(transcript(id, group: group, municipality: municipality, script))
        return detector.detect(analyzed: analyzed, coded: code(analyzed))
    }

    /// The signal of a code in the first segment that has it.
    static func signal(_ code: String, in t: SignalledTranscript) -> CodeSignal? {
        t.segments.lazy.compactMap { $0.codes.first { $0.codeID == code } }.first
    }

    /// Aggregation settings without bootstrap, for exact comparisons.
    static var noBootstrap: PrioritySettings {
        var s = PrioritySettings.standard
        s.bootstrap.resamples = 0
        return s
    }
}
