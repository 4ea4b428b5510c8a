import Foundation
import GermanText
import LeitbildCore
import Reporting
import Signals
import Themes

/// A Reporting-level fixture built in code: transcripts, codes and term hits are fixed here, so
/// the golden files change only when reporting changes, not when the matcher or a reader does.
/// Coding is a plain exact-word lookup of the codebook terms per sentence of respondent turns
/// (a term `=Word` matches the word too, as an exact form).
enum ReportFixture {
    struct Interview {
        var id: String
        var file: String
        var group: String?
        var municipality: String?
        var interviewer: String
        var respondent: String
        var turns: [(label: String, role: SpeakerRole, text: String, time: Double?)]
    }

    static let codebook = Codebook(name: "Fixture", codes: [
        Code(id: "felder", name: "Handlungsfelder", kind: .category, description: "Was der Landkreis angehen soll."),
        Code(id: "mobilitaet", name: "Mobilität", parent: "felder", kind: .handlungsfeld, description: "Bus, Bahn, Rad.",
             color: "#1f77b4", terms: ["Bus", "Rufbus", "Radweg", "=Bahn"]),  // "=Bahn": a terms cell that starts with "=", as the demo's "=WLAN"
        Code(id: "gesundheit", name: "Gesundheit & Pflege", parent: "felder", kind: .handlungsfeld, color: "#d62728",
             terms: ["Hausarzt", "Pflege", "Arzt"]),
        Code(id: "bildung", name: "Bildung", parent: "felder", kind: .handlungsfeld, color: "#ff7f0e", terms: ["Schule", "Tablets"]),
        Code(id: "werte", name: "Leitbild-Werte", kind: .category),
        Code(id: "gemeinwohl", name: "Gemeinwohl", parent: "werte", kind: .value, color: "#8c564b", terms: ["Allgemeinheit", "Gemeinwohl"]),
    ])

    static let interviews: [Interview] = [
        Interview(id: "F01", file: "01-verwaltung.txt", group: "Verwaltung", municipality: "Naila", interviewer: "Anna Roth",
                  respondent: "Dr. Stefan Hertel", turns: [
                    ("I", .interviewer, "Herr Dr. Hertel, was fehlt im Landkreis?", 5.2),
                    ("B", .respondent, "Der Bus fährt nur zweimal am Tag. Das ist für die Allgemeinheit zu wenig, sagt auch Frau Zapf. Ein Arzt fehlt uns nicht, das ist kein Thema.", 31),
                    ("I", .interviewer, "Und die Schule?", 40.5),
                    ("B", .respondent, "Ein Test: </script><script>alert(1)</script> & \u{2028}Bahn & Bus müssen besser werden.", 62.7),  // "=Bahn" first: the terms cell starts with "="
                  ]),
        Interview(id: "F02", file: "02-senioren.txt", group: "Senioren", municipality: "Rehau", interviewer: "Anna Roth",
                  respondent: "Helmut Ströbel; Renate Dietel", turns: [
                    ("I", .interviewer, "Herr Ströbel, Frau Dietel, was beschäftigt Sie?", 4),
                    ("B1", .respondent, "Der Hausarzt in Rehau hört nächstes Jahr auf. Hertels Vorschlag mit dem Rufbus finde ich gut.", 22.3),
                    ("B2", .respondent, "Die Pflege zu Hause wird immer schwieriger, Helmut.", 33.1),
                  ]),
        Interview(id: "F03", file: "03-jugend.txt", group: "Jugend", municipality: "Selbitz", interviewer: "Markus Lindner",
                  respondent: "Lena Zeitler", turns: [
                    ("Moderation", .interviewer, "Was fehlt euch in Selbitz?", nil),
                    ("Lena", .respondent, "Ehrlich gesagt ein Arzt in der Nähe. Die Schule braucht Tablets; das ist gut fürs Gemeinwohl.", nil),
                    ("Moderation", .interviewer, "Noch etwas?", nil),
                    ("Lena", .respondent, "Ein Radweg nach Naila wäre super.", nil),
                  ]),
        Interview(id: "F04", file: "04-jugend-zwei.txt", group: "Jugend", municipality: nil, interviewer: "Markus Lindner",
                  respondent: "Jonas Gebhardt", turns: [
                    ("I", .interviewer, "Wie kommst du zur Schule?", nil),
                    ("Jonas Gebhardt", .respondent, "Mit dem Bus, aber der letzte fährt um sechs. Ärgerlich.", nil),
                  ]),
    ]

    static func input(options: ReportOptions = .init(), interviews: [Interview] = ReportFixture.interviews,
                      settings: PrioritySettings = .standard) -> ReportInput {
        let coded = interviews.map(code)
        // The real signals stage on the fixture's coding: cues, prompting, index, bootstrap.
        let analyzer = GermanAnalyzer()
        let detector = SignalDetector()
        let signals = coded.map { detector.detect(analyzed: analyzer.analyze($0.transcript), coded: $0) }
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: signals, codebook: codebook, settings: settings))
        return ReportInput(projectName: "fixture", codebook: codebook, transcripts: coded, analysis: analysis,
                           diagnostics: [Diagnostic(.warning, "unknown speaker label 'X'", file: "02-senioren.txt", line: 3)],
                           failures: [("broken.docx", "broken.docx: not a Word file")], options: options)
    }

    static func transcript(_ interview: Interview) -> Transcript {
        var builder = TextBuilder()
        var turns: [Turn] = []
        var speakers: [Speaker] = []
        for (i, turn) in interview.turns.enumerated() {
            if i > 0 { builder.append("\n\n") }
            builder.append(turn.label + ": ")
            let range = builder.append(turn.text)
            let id = turn.label
            if !speakers.contains(where: { $0.id == id }) {
                speakers.append(Speaker(id: id, label: turn.label, role: turn.role, roleReason: "fixture"))
            }
            turns.append(Turn(index: i, speakerID: id, role: turn.role, range: range, sourceLine: 1 + 2 * i, startTime: turn.time))
        }
        builder.append("\n")
        var variables = [Variable(name: "interview_id", value: interview.id), Variable(name: "file", value: interview.file)]
        if let g = interview.group { variables.append(Variable(name: "group", value: g)) }
        if let m = interview.municipality { variables.append(Variable(name: "municipality", value: m)) }
        variables += [Variable(name: "interviewer", value: interview.interviewer), Variable(name: "respondent", value: interview.respondent)]
        let metadata = InterviewMetadata(interviewID: interview.id, group: interview.group, municipality: interview.municipality,
                                         date: "2026-03-0\(interview.id.suffix(1))", interviewer: interview.interviewer, variables: variables)
        return Transcript(id: interview.id, source: SourceDocument(path: "transcripts/" + interview.file, format: .plainText, encoding: "UTF-8",
                                                                   byteCount: builder.text.utf8.count, textLinesAreSourceLines: true),
                          text: builder.text, speakers: speakers, turns: turns, metadata: metadata)
    }

    /// Sentences (ending in . ? ! or the turn end) of each turn, coded by exact words.
    static func code(_ interview: Interview) -> CodedTranscript {
        let t = transcript(interview)
        var segments: [CodedSegment] = []
        var mentions: [CodedSegment] = []
        var units = 0, words = 0
        let lines = LineIndex(t.text)
        for turn in t.turns {
            for sentence in sentences(in: t.text, range: turn.range.utf8) {
                let range = textRange(t.text, sentence)
                let segment = Segment(transcriptID: t.id, index: segments.count + mentions.count, turnIndex: turn.index, role: turn.role,
                                      speakerID: turn.speakerID, range: range, sourceLine: lines.line(atUTF8Offset: sentence.lowerBound),
                                      startTime: turn.startTime)
                if turn.role.isStakeholderVoice {
                    units += 1
                    words += wordRanges(in: t.text, range: sentence).count
                }
                var assignments: [CodeAssignment] = []
                let sentenceText = String(t.text.slice(utf8: sentence))
                for code in codebook.codableCodes {
                    let matches = wordRanges(in: t.text, range: sentence).compactMap { w -> TermMatch? in
                        let word = String(t.text.slice(utf8: w))
                        // "=Bahn" is the codebook's exact form (docs/codebook.md): here the word itself.
                        guard let term = code.terms.first(where: { $0 == word || $0 == "=" + word }) else { return nil }
                        return TermMatch(term: term, rule: term.hasPrefix("=") ? .exactForm : .word, range: textRange(t.text, w))
                    }
                    guard !matches.isEmpty else { continue }
                    let negated = sentenceText.contains("kein Thema")
                    assignments.append(CodeAssignment(codeID: code.id, matches: matches, negated: negated))
                }
                guard !assignments.isEmpty else { continue }
                let coded = CodedSegment(segment: segment, codes: assignments)
                if turn.role.isStakeholderVoice { segments.append(coded) } else { mentions.append(coded) }
            }
        }
        return CodedTranscript(transcript: t, segments: segments, interviewerMentions: mentions,
                               respondentUnitCount: units, respondentWordCount: words)
    }

    static func textRange(_ text: String, _ utf8: Range<Int>) -> TextRange {
        let start = text.slice(utf8: 0..<utf8.lowerBound).unicodeScalars.count
        let length = text.slice(utf8: utf8).unicodeScalars.count
        return TextRange(scalars: SourceSpan(start: start, end: start + length), utf8: utf8)
    }

    static func sentences(in text: String, range: Range<Int>) -> [Range<Int>] {
        let bytes = Array(text.utf8)
        var out: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if (b == 46 || b == 63 || b == 33), i + 1 == range.upperBound || bytes[i + 1] == 32 {
                out.append(start..<i + 1)
                start = i + 2
                i += 2
                continue
            }
            i += 1
        }
        if start < range.upperBound { out.append(start..<range.upperBound) }
        return out
    }

    static func wordRanges(in text: String, range: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var offset = range.lowerBound
        var start: Int?
        for s in text.slice(utf8: range).unicodeScalars {
            if s.properties.isAlphabetic {
                if start == nil { start = offset }
            } else if let st = start {
                out.append(st..<offset)
                start = nil
            }
            offset += UTF8.width(s)
        }
        if let st = start { out.append(st..<offset) }
        return out
    }
}
