import LeitbildCore
import Signals
import Themes

/// `themes.csv`: one row per code with its aggregates (RFC 4180, UTF-8; or `excel-de`).
public struct ThemesCSVRenderer: ReportRenderer {
    public var fileName: String { "themes.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        var out = d.line(["rank", "code_id", "name", "kind", "interviews", "interviews_total", "groups", "groups_total",
                          "segments", "negated_segments", "mean_share"])
        for c in input.analysis.codes {
            out += d.line([String(c.rank), c.codeID, c.name, c.kind.rawValue, String(c.interviews), String(input.analysis.interviewCount),
                           String(c.groups), String(input.analysis.groupCount), String(c.segments), String(c.negatedSegments),
                           d.number(c.meanShare)])
        }
        return d.file(name: fileName, text: out)
    }
}

/// `segments.csv`: one row per coded respondent segment and code, with the matched terms.
/// The text is pseudonymised; `start`/`end` are scalar offsets into the original normalised text.
public struct SegmentsCSVRenderer: ReportRenderer {
    public var fileName: String { "segments.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        // The first eleven columns keep the order of earlier versions; later additions go at the end.
        var out = d.line(["interview_id", "file", "group", "municipality", "line", "start", "end", "code_id", "negated", "terms",
                          "text", "code_name", "speaker", "time"])
        for (index, coded) in input.transcripts.enumerated() {
            let t = coded.transcript
            for s in coded.segments {
                let text = Format.oneLine(input.text(transcript: index, range: s.segment.range))
                let speaker = input.speakerLabel(transcript: index, speakerID: s.segment.speakerID)
                for assignment in s.codes {
                    let terms = assignment.matches.map { "\($0.term) [\($0.rule.rawValue)]" }.joined(separator: "; ")
                    out += d.line([t.id, t.source.fileName, t.metadata.group ?? "", t.metadata.municipality ?? "",
                                   String(s.segment.sourceLine), String(s.segment.span.start), String(s.segment.span.end),
                                   assignment.codeID, assignment.negated ? "1" : "0", terms, text,
                                   input.codebook.code(id: assignment.codeID)?.name ?? assignment.codeID, speaker,
                                   s.segment.startTime.map(Format.timestamp) ?? ""])
                }
            }
        }
        return d.file(name: fileName, text: out)
    }
}

/// `groups.csv`: stakeholder group x code, one row per pair: how many of the group's interviews
/// mention the code, its segments and the mean per-interview share.
public struct GroupsCSVRenderer: ReportRenderer {
    public var fileName: String { "groups.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        let b = Breakdown.compute(input) { $0.group }
        var out = d.line(["group", "code_id", "code_name", "kind", "interviews", "interviews_in_group", "breadth",
                          "segments", "negated_segments", "mean_share"])
        for (r, group) in b.rows.enumerated() {
            for (c, codeID) in b.codes.enumerated() {
                let cell = b.cells[c][r]
                let code = input.codebook.code(id: codeID)
                out += d.line([group, codeID, code?.name ?? codeID, code?.kind.rawValue ?? "", String(cell.interviews),
                               String(cell.interviewsTotal), d.number(cell.breadth), String(cell.segments),
                               String(cell.negatedSegments), d.number(cell.meanShare)])
            }
        }
        return d.file(name: fileName, text: out)
    }
}

/// `pseudonym-key.csv`: pseudonym -> name. Confidential: it undoes the pseudonymisation and must
/// not be shared with the reports. Written only when pseudonymising.
public struct PseudonymKeyRenderer: ReportRenderer {
    public var fileName: String { "pseudonym-key.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        var out = d.line(["pseudonym", "kind", "name", "variants", "origins"])
        for identity in input.pseudonyms.identities {
            out += d.line([identity.pseudonym, identity.kind.rawValue, identity.name, identity.variants.joined(separator: "; "),
                           identity.origins.joined(separator: "; ")])
        }
        return d.file(name: fileName, text: out)
    }
}
