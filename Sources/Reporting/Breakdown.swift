import LeitbildCore
import Themes

/// Descriptive counts of codes per stakeholder group or municipality, computed from the coded
/// segments: the figures behind `groups.csv` and the heatmap of `report.html`.
struct Breakdown: Sendable {
    struct Cell: Hashable, Sendable {
        /// Interviews of the row.
        var interviewsTotal = 0
        /// Interviews of the row with a (non-negated) mention.
        var interviews = 0
        var segments = 0
        var negatedSegments = 0
        /// Mean over the row's interviews of coded units / respondent units (each interview weighs the same).
        var meanShare = 0.0

        /// Share of the row's interviews that mention the code.
        var breadth: Double { interviewsTotal > 0 ? Double(interviews) / Double(interviewsTotal) : 0 }
    }

    /// Row labels, sorted (groups or municipalities); "(ohne Gruppe)" for a missing value.
    var rows: [String]
    /// Code ids in analysis order (codable codes, ranked).
    var codes: [String]
    /// cells[codeIndex][rowIndex]
    var cells: [[Cell]]

    static let missing = "(ohne Angabe)"

    /// Counts per row value of `key` (e.g. the stakeholder group) and code.
    static func compute(_ input: ReportInput, key: (InterviewMetadata) -> String?) -> Breakdown {
        let rowOf = input.transcripts.map { key($0.transcript.metadata).flatMap { $0.isEmpty ? nil : $0 } ?? missing }
        let rows = Set(rowOf).sorted()
        let rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let codes = input.analysis.codes.map(\.codeID)
        let codeIndex = Dictionary(codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var cells = Array(repeating: Array(repeating: Cell(), count: rows.count), count: codes.count)
        var shareSums = Array(repeating: Array(repeating: 0.0, count: rows.count), count: codes.count)
        for (t, coded) in input.transcripts.enumerated() {
            guard let r = rowIndex[rowOf[t]] else { continue }
            for c in codes.indices { cells[c][r].interviewsTotal += 1 }
            var mentions = Array(repeating: 0, count: codes.count)
            for segment in coded.segments {
                for assignment in segment.codes {
                    guard let c = codeIndex[assignment.codeID] else { continue }
                    if assignment.negated { cells[c][r].negatedSegments += 1 } else { mentions[c] += 1 }
                }
            }
            for c in codes.indices where mentions[c] > 0 {
                cells[c][r].interviews += 1
                cells[c][r].segments += mentions[c]
                shareSums[c][r] += Double(mentions[c]) / Double(max(coded.respondentUnitCount, 1))
            }
        }
        for c in codes.indices {
            for r in rows.indices where cells[c][r].interviewsTotal > 0 {
                cells[c][r].meanShare = shareSums[c][r] / Double(cells[c][r].interviewsTotal)
            }
        }
        return Breakdown(rows: rows, codes: codes, cells: cells)
    }
}

/// How often two codes are assigned to the same segment (non-negated), for the co-occurrence chart.
struct CoOccurrence: Sendable {
    var codes: [String]
    /// counts[i][j]: segments coded with both; counts[i][i]: segments coded with i.
    var counts: [[Int]]

    static func compute(_ input: ReportInput) -> CoOccurrence {
        let codes = input.analysis.codes.map(\.codeID)
        let index = Dictionary(codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var counts = Array(repeating: Array(repeating: 0, count: codes.count), count: codes.count)
        for coded in input.transcripts {
            for segment in coded.segments {
                let present = Set(segment.codes.filter { !$0.negated }.compactMap { index[$0.codeID] }).sorted()
                for a in present {
                    for b in present { counts[a][b] += 1 }
                }
            }
        }
        return CoOccurrence(codes: codes, counts: counts)
    }
}
