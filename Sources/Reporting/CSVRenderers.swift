import LeitbildCore
import Signals
import Themes

/// `themes.csv`: one row per code with its aggregates: breadth, priority index with interval,
/// rank stability and the index's components (RFC 4180, UTF-8; or `excel-de`). The first eleven
/// columns keep the order of earlier versions. In all four CSV reports every cell is a
/// `CSV.Field`: text guarded against spreadsheet formulas, or a number (docs/reports.md).
public struct ThemesCSVRenderer: ReportRenderer {
    public var fileName: String { "themes.csv" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let d = input.options.csvDialect
        let a = input.analysis
        let components = PriorityComponent.allCases.map(\.rawValue)
        var header: [CSV.Field] = [
            "rank", "code_id", "name", "kind", "interviews", "interviews_total", "groups", "groups_total",
            "segments", "negated_segments", "mean_share", "priority_index", "index_low", "index_high", "top3", "top5",
            "prompted_segments", "spontaneous_interviews", "emphasis_interviews", "problem_interviews", "ranked_interviews",
            "mean_explicit_rank", "need_segments", "asset_segments",
        ]
        header += components.map { .text("points_" + $0) }
        // Added after the point columns, so files read by column position keep their columns.
        header += ["rank_low", "rank_high"]
        var out = d.line(header)
        for c in a.codes {
            var row: [CSV.Field] = [
                d.cell(c.rank), .text(c.codeID), .text(c.name), .text(c.kind.rawValue), d.cell(c.interviews), d.cell(a.interviewCount),
                d.cell(c.groups), d.cell(a.groupCount), d.cell(c.segments), d.cell(c.negatedSegments), d.cell(c.meanShare),
                d.cell(c.priorityIndex, digits: 4), d.cell(c.intervals?.priorityIndex.low, digits: 4),
                d.cell(c.intervals?.priorityIndex.high, digits: 4), d.cell(c.rankStability?.top3, digits: 4),
                d.cell(c.rankStability?.top5, digits: 4), d.cell(c.promptedSegments), d.cell(c.spontaneousInterviews),
                d.cell(c.emphasisInterviews), d.cell(c.problemInterviews), d.cell(c.rankedInterviews),
                d.cell(c.meanExplicitRank, digits: 4), d.cell(c.needSegments), d.cell(c.assetSegments),
            ]
            row += components.map { id in d.cell(c.components.first { $0.id == id }?.points ?? 0, digits: 4) }
            row += [c.rankStability.map { d.cell(Int($0.rankInterval.low)) } ?? d.cell(nil),
                    c.rankStability.map { d.cell(Int($0.rankInterval.high)) } ?? d.cell(nil)]
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
                               "text", "code_name", "speaker", "time", "introduction"]))
        let introductions = input.introductionSegments()
        let codeNames = Dictionary(input.codebook.codes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let delimiter = d.delimiter.asciiValue!  // both dialects' delimiters are ASCII
        // Each interview's rows copied from the last run's file when nothing they are made of changed (`ReportBlocks`).
        let names = input.codebook.codes.map { "\($0.id)\u{1F}\($0.name)" }.joined(separator: "\u{1E}")
        // "2": text cells are guarded against formulas (`CSV.Field.text`), so no row of an earlier file is copied.
        // "3": the column `introduction`.
        let blocks = input.blocks(fileName, into: out, layout: ["segments.csv 3", d.rawValue, names])
        for (index, coded) in input.transcripts.enumerated() where !coded.segments.isEmpty {
            if let blocks {
                try blocks.block(blocks.key(index), into: out) { try rows(index, coded) }
            } else {
                try rows(index, coded)
            }
        }

        func rows(_ index: Int, _ coded: CodedTranscript) throws {
            let t = coded.transcript
            let introduction = introductions[t.id] ?? []
            for s in coded.segments {
                let text = Format.oneLine(input.text(transcript: index, range: s.segment.range))
                let speaker = input.speakerLabel(transcript: index, speakerID: s.segment.speakerID)
                for assignment in s.codes {
                    let terms = assignment.matches.map { m in
                        "\(m.term) [\(m.rule.rawValue)\(m.part.map { ": " + $0 } ?? "")]"
                    }.joined(separator: "; ")
                    let fields: [CSV.Field] = [
                        .text(t.id), .text(t.source.fileName), .text(t.metadata.group ?? ""), .text(t.metadata.municipality ?? ""),
                        d.cell(s.segment.sourceLine), d.cell(s.segment.span.start), d.cell(s.segment.span.end),
                        .text(assignment.codeID), .number(assignment.negated ? "1" : "0"), .text(terms), .text(text),
                        .text(codeNames[assignment.codeID] ?? assignment.codeID), .text(speaker),
                        .text(s.segment.startTime.map(Format.timestamp) ?? ""),
                        .number(introduction.contains(s.segment.index) ? "1" : "0"),
                    ]
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
            out += d.line([.text(cell.value), .text(cell.codeID), .text(code?.name ?? cell.codeID), .text(code?.kind.rawValue ?? ""),
                           d.cell(cell.interviews), d.cell(cell.interviewsTotal), d.cell(cell.breadth), d.cell(cell.segments),
                           d.cell(cell.meanShare), d.cell(cell.score, digits: 4)])
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
            out += d.line([.text(identity.pseudonym), .text(identity.kind.rawValue), .text(identity.name),
                           .text(identity.variants.joined(separator: "; ")), .text(identity.origins.joined(separator: "; "))])
        }
        return d.file(name: fileName, text: out)
    }
}
