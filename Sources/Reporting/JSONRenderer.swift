import Foundation
import LeitbildCore
import Signals
import Themes

/// `analysis.json`: every figure of the run, machine-readable, with a `version` field. `analysis`
/// holds the signals stage's output: per-code index with components and intervals, per-interview
/// scores and segment signals, breakdowns, co-occurrence, consensus, conflicts and emergent terms.
public struct JSONRenderer: ReportRenderer {
    public var fileName: String { "analysis.json" }
    public init() {}

    public static let formatVersion = 2

    struct Document: Codable {
        var version: Int
        var project: String
        var interviews: [Interview]
        var analysis: PriorityAnalysis
        var segments: [SegmentRow]
        var diagnostics: [Diagnostic]
        var failures: [Failure]
    }
    struct Interview: Codable {
        var id: String
        var file: String
        var format: String
        var group: String?
        var municipality: String?
        var date: String?
        var turns: Int
        var respondentUnits: Int
        var respondentWords: Int
    }
    struct SegmentRow: Codable {
        var interview: String
        var line: Int
        var start: Int
        var end: Int
        var text: String
        var codes: [CodeAssignment]
    }
    struct Failure: Codable {
        var file: String
        var error: String
    }

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let doc = Document(
            version: Self.formatVersion,
            project: input.projectName,
            interviews: input.transcripts.map { c in
                Interview(id: c.transcript.id, file: c.transcript.source.path, format: c.transcript.source.format.rawValue,
                          group: c.transcript.metadata.group, municipality: c.transcript.metadata.municipality,
                          date: c.transcript.metadata.date, turns: c.transcript.turns.count,
                          respondentUnits: c.respondentUnitCount, respondentWords: c.respondentWordCount)
            },
            analysis: input.analysis,
            segments: input.transcripts.flatMap { c in
                c.segments.map { s in
                    SegmentRow(interview: c.transcript.id, line: s.segment.sourceLine, start: s.segment.span.start,
                               end: s.segment.span.end, text: String(c.transcript.text(of: s.segment.range)), codes: s.codes)
                }
            },
            diagnostics: input.diagnostics,
            failures: input.failures.map { Failure(file: $0.file, error: $0.error) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(doc)
        data.append(10)
        return RenderedFile(name: fileName, contents: [UInt8](data))
    }
}
