import Foundation
import LeitbildCore
import Signals
import Themes

/// `analysis.json`: every figure of the run, machine-readable, described by
/// `docs/analysis.schema.json` (JSON Schema) and versioned by `version`.
///
/// `analysis` is the signals stage's output as is: per-code priority index with components,
/// intervals and rank stability, per-interview scores and segment signals, group and municipality
/// breakdowns, co-occurrence, consensus, goal conflicts and emergent terms. Around it: interviews
/// with their metadata and speakers, the codebook, and every coded segment with its matched terms.
/// Texts are pseudonymised like every shared output (`pseudonymized` says whether); positions are
/// Unicode-scalar offsets into the original normalised transcript.
public struct JSONRenderer: ReportRenderer {
    public var fileName: String { "analysis.json" }
    public init() {}

    /// 3: texts pseudonymised, interviews with variables and speakers, the codebook, segments with
    /// matched text. (2: signals' figures under `analysis`; 1: breadth only.)
    public static let formatVersion = 3

    struct Document: Encodable {
        var version: Int
        var generator: String
        var project: String
        var pseudonymized: Bool
        var interviews: [Interview]
        var codebook: [CodebookCode]
        var analysis: PriorityAnalysis
        var segments: [SegmentRow]
        var diagnostics: [Diagnostic]
        var failures: [Failure]
    }
    struct Interview: Encodable {
        var id: String
        var file: String
        var format: String
        var encoding: String
        var group: String?
        var municipality: String?
        var date: String?
        var turns: Int
        var respondentUnits: Int
        var respondentWords: Int
        var variables: [Variable]
        var speakers: [SpeakerRow]
    }
    struct SpeakerRow: Encodable {
        var id: String
        var label: String
        var role: String
    }
    struct CodebookCode: Encodable {
        var id: String
        var name: String
        var parent: String?
        var kind: String
        var description: String
        var color: String?
        var terms: [String]
        var exclusions: [String]
    }
    struct Span: Encodable {
        var start: Int
        var end: Int
    }
    struct MatchRow: Encodable {
        var term: String
        var rule: String
        var start: Int
        var end: Int
        var text: String
        /// For compound parts: the part's lemma(s) and where it is inside the word.
        var part: String?
        var partStart: Int?
        var partEnd: Int?
        /// The child code the match came from (`include_children`).
        var viaCode: String?
    }
    struct CodingRow: Encodable {
        var code: String
        var negated: Bool
        var negationCue: Span?
        var matches: [MatchRow]
    }
    struct SegmentRow: Encodable {
        var interview: String
        var index: Int
        var turn: Int
        var speaker: String
        var line: Int
        var time: Double?
        var start: Int
        var end: Int
        var text: String
        var codes: [CodingRow]
    }
    struct Failure: Encodable {
        var file: String
        var error: String
    }

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let p = input.pseudonyms
        let interviews = input.transcripts.enumerated().map { index, c in
            let t = c.transcript
            return Interview(id: t.id, file: t.source.path, format: t.source.format.rawValue, encoding: t.source.encoding,
                             group: t.metadata.group, municipality: t.metadata.municipality, date: t.metadata.date,
                             turns: t.turns.count, respondentUnits: c.respondentUnitCount, respondentWords: c.respondentWordCount,
                             variables: input.variables(transcript: index),
                             speakers: t.speakers.map { SpeakerRow(id: input.speakerID($0.id), label: p.replace($0.label), role: $0.role.rawValue) })
        }
        let codebook = input.codebook.codes.map { c in
            CodebookCode(id: c.id, name: c.name, parent: c.parent, kind: c.kind.rawValue, description: c.description, color: c.color,
                         terms: c.terms, exclusions: c.exclusions)
        }
        var segments: [SegmentRow] = []
        for (index, c) in input.transcripts.enumerated() {
            for s in c.segments {
                let seg = s.segment
                segments.append(SegmentRow(
                    interview: c.transcript.id, index: seg.index, turn: seg.turnIndex, speaker: input.speakerID(seg.speakerID),
                    line: seg.sourceLine, time: seg.startTime, start: seg.span.start, end: seg.span.end,
                    text: input.text(transcript: index, range: seg.range),
                    codes: s.codes.map { a in
                        CodingRow(code: a.codeID, negated: a.negated,
                                  negationCue: a.negationCue.map { Span(start: $0.scalars.start, end: $0.scalars.end) },
                                  matches: a.matches.map { m in
                                      MatchRow(term: m.term, rule: m.rule.rawValue, start: m.range.scalars.start, end: m.range.scalars.end,
                                               text: input.text(transcript: index, range: m.range), part: m.part,
                                               partStart: m.partRange?.scalars.start, partEnd: m.partRange?.scalars.end, viaCode: m.viaCode)
                                  })
                    }))
            }
        }
        let doc = Document(
            version: Self.formatVersion, generator: input.options.generator, project: input.projectName, pseudonymized: p.isEnabled,
            interviews: interviews, codebook: codebook, analysis: Self.shareable(input.analysis, input), segments: segments,
            diagnostics: input.diagnostics.map { d in
                var d = d
                d.message = p.replace(d.message)
                d.hint = d.hint.map(p.replace)
                return d
            },
            failures: input.failures.map { Failure(file: $0.file, error: p.replace($0.error)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(doc)
        data.append(10)
        return RenderedFile(name: fileName, contents: [UInt8](data))
    }

    /// The analysis with its only free texts, the example sentences of emergent terms,
    /// pseudonymised, and emergent terms that are names of people left out.
    static func shareable(_ analysis: PriorityAnalysis, _ input: ReportInput) -> PriorityAnalysis {
        guard input.pseudonyms.isEnabled else { return analysis }
        var a = analysis
        a.emergentTerms = a.emergentTerms.filter { !input.isName($0.term) }.map { term in
            var term = term
            term.examples = term.examples.map { example in
                var example = example
                example.text = input.text(interview: example.interviewID, range: example.range) ?? input.pseudonyms.replace(example.text)
                return example
            }
            return term
        }
        return a
    }
}
