import LeitbildCore
import Signals
import Themes

/// `themes.csv`: one row per code with its aggregates (RFC 4180, UTF-8).
public struct ThemesCSVRenderer: ReportRenderer {
    public var fileName: String { "themes.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        var out = CSV.line(["rank", "code_id", "name", "kind", "interviews", "interviews_total", "groups", "groups_total",
                            "segments", "negated_segments", "mean_share"])
        for c in input.analysis.codes {
            out += CSV.line([String(c.rank), c.codeID, c.name, c.kind.rawValue, String(c.interviews), String(input.analysis.interviewCount),
                             String(c.groups), String(input.analysis.groupCount), String(c.segments), String(c.negatedSegments),
                             String(format: "%.6f", c.meanShare)])
        }
        return RenderedFile(name: fileName, text: out)
    }
}

/// `segments.csv`: one row per coded respondent segment and code, with the matched terms.
public struct SegmentsCSVRenderer: ReportRenderer {
    public var fileName: String { "segments.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        var out = CSV.line(["interview_id", "file", "group", "municipality", "line", "start", "end", "code_id", "negated", "terms", "text"])
        for coded in input.transcripts {
            let t = coded.transcript
            for s in coded.segments {
                for assignment in s.codes {
                    let terms = assignment.matches.map { "\($0.term) [\($0.rule.rawValue)]" }.joined(separator: "; ")
                    out += CSV.line([t.id, t.source.fileName, t.metadata.group ?? "", t.metadata.municipality ?? "",
                                     String(s.segment.sourceLine), String(s.segment.span.start), String(s.segment.span.end),
                                     assignment.codeID, assignment.negated ? "1" : "0", terms, String(t.text(of: s.segment.range))])
                }
            }
        }
        return RenderedFile(name: fileName, text: out)
    }
}

import Foundation
