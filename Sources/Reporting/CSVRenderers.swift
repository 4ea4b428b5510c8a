import LeitbildCore
import Signals
import Themes

/// `themes.csv`: one row per code with its aggregates: breadth, priority index with interval,
/// rank stability and the index's components (RFC 4180, UTF-8; or `excel-de`). The first eleven
/// columns keep the order of earlier versions.
public struct ThemesCSVRenderer: ReportRenderer {
    public var fileName: String { "themes.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        let a = input.analysis
        let components = PriorityComponent.allCases.map(\.rawValue)
        var header = ["rank", "code_id", "name", "kind", "interviews", "interviews_total", "groups", "groups_total",
                      "segments", "negated_segments", "mean_share", "priority_index", "index_low", "index_high", "top3", "top5",
                      "prompted_segments", "spontaneous_interviews", "emphasis_interviews", "problem_interviews", "ranked_interviews",
                      "mean_explicit_rank", "need_segments", "asset_segments"]
        header += components.map { "points_" + $0 }
        var out = d.line(header)
        for c in a.codes {
            var row = [String(c.rank), c.codeID, c.name, c.kind.rawValue, String(c.interviews), String(a.interviewCount),
                       String(c.groups), String(a.groupCount), String(c.segments), String(c.negatedSegments), d.number(c.meanShare),
                       d.number(c.priorityIndex, digits: 4), d.number(c.intervals?.priorityIndex.low, digits: 4),
                       d.number(c.intervals?.priorityIndex.high, digits: 4), d.number(c.rankStability?.top3, digits: 4),
                       d.number(c.rankStability?.top5, digits: 4), String(c.promptedSegments), String(c.spontaneousInterviews),
                       String(c.emphasisInterviews), String(c.problemInterviews), String(c.rankedInterviews),
                       d.number(c.meanExplicitRank, digits: 4), String(c.needSegments), String(c.assetSegments)]
            row += components.map { id in d.number(c.components.first { $0.id == id }?.points ?? 0, digits: 4) }
            out += d.line(row)
        }
        return d.file(name: fileName, text: out)
    }
}

/// `segments.csv`: one row per coded respondent segment and code, with the matched terms.
/// The text is pseudonymised; `start`/`end` are scalar offsets into the original normalised text.
public struct SegmentsCSVRenderer: StreamingRenderer {
    public var fileName: String { "segments.csv" }
    /// Copies unchanged interviews' rows from the last run's file (`ReportBlocks`).
    public var readsLastOutput: Bool { true }
    public init() {}

    func write(_ input: ReportInput, into out: ByteWriter) throws {
        let d = input.options.csvDialect
        if d == .excelDE { try out.append([0xEF, 0xBB, 0xBF]) }
        // The first eleven columns keep the order of earlier versions; later additions go at the end.
        try out.append(d.line(["interview_id", "file", "group", "municipality", "line", "start", "end", "code_id", "negated", "terms",
                               "text", "code_name", "speaker", "time"]))
        let codeNames = Dictionary(input.codebook.codes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let delimiter = d.delimiter.asciiValue!  // both dialects' delimiters are ASCII
        // Each interview's rows copied from the last run's file when nothing they are made of changed (`ReportBlocks`).
        let names = input.codebook.codes.map { "\($0.id)\u{1F}\($0.name)" }.joined(separator: "\u{1E}")
        let blocks = input.blocks(fileName, into: out, layout: ["segments.csv 1", d.rawValue, names])
        for (index, coded) in input.transcripts.enumerated() where !coded.segments.isEmpty {
            if let blocks {
                try blocks.block(blocks.key(index), into: out) { try rows(index, coded) }
            } else {
                try rows(index, coded)
            }
        }

        func rows(_ index: Int, _ coded: CodedTranscript) throws {
            let t = coded.transcript
            for s in coded.segments {
                let text = Format.oneLine(input.text(transcript: index, range: s.segment.range))
                let speaker = input.speakerLabel(transcript: index, speakerID: s.segment.speakerID)
                for assignment in s.codes {
                    let terms = assignment.matches.map { m in
                        "\(m.term) [\(m.rule.rawValue)\(m.part.map { ": " + $0 } ?? "")]"
                    }.joined(separator: "; ")
                    let fields = [t.id, t.source.fileName, t.metadata.group ?? "", t.metadata.municipality ?? "",
                                  String(s.segment.sourceLine), String(s.segment.span.start), String(s.segment.span.end),
                                  assignment.codeID, assignment.negated ? "1" : "0", terms, text,
                                  codeNames[assignment.codeID] ?? assignment.codeID, speaker,
                                  s.segment.startTime.map(Format.timestamp) ?? ""]
                    try out.write { CSV.appendLine(fields, delimiter: delimiter, to: &$0) }
                }
            }
        }
    }
}

/// `groups.csv`: stakeholder group x code, one row per pair: how many of the group's interviews
/// mention the code (breadth), its segments, the mean per-interview share and the group's mean
/// priority score (the signals stage's group breakdown).
public struct GroupsCSVRenderer: ReportRenderer {
    public var fileName: String { "groups.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        var out = d.line(["group", "code_id", "code_name", "kind", "interviews", "interviews_in_group", "breadth",
                          "segments", "mean_share", "score"])
        let order = Dictionary(input.analysis.codes.enumerated().map { ($1.codeID, $0) }, uniquingKeysWith: { a, _ in a })
        let cells = input.analysis.groupBreakdown.sorted { a, b in
            a.value != b.value ? a.value < b.value : (order[a.codeID] ?? .max, a.codeID) < (order[b.codeID] ?? .max, b.codeID)
        }
        for cell in cells {
            let code = input.analysis.code(cell.codeID)
            out += d.line([cell.value, cell.codeID, code?.name ?? cell.codeID, code?.kind.rawValue ?? "", String(cell.interviews),
                           String(cell.interviewsTotal), d.number(cell.breadth), String(cell.segments), d.number(cell.meanShare),
                           d.number(cell.score, digits: 4)])
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
