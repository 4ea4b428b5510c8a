/// Stakeholder group × code and municipality × code: breadth and intensity per cell.
enum Breakdowns {
    /// One cell per (value, code) for every value that some interview has, values sorted.
    /// Interviews without a value (no municipality in the metadata) are left out.
    static func cells(_ table: InterviewTable, key: (Int) -> String?) -> [BreakdownCell] {
        let n = table.interviewCount, cc = table.codeCount
        var members: [String: [Int]] = [:]
        for i in 0..<n { if let k = key(i) { members[k, default: []].append(i) } }
        var cells: [BreakdownCell] = []
        for value in members.keys.sorted() {
            let interviews = members[value] ?? []
            let total = Double(interviews.count)
            for c in 0..<cc {
                var mentioning = 0, segments = 0, share = 0.0, score = 0.0
                for i in interviews {
                    let x = i * cc + c
                    if table.segments[x] > 0 { mentioning += 1 }
                    segments += table.segments[x]
                    share += table.share[x]
                    score += table.index[x]
                }
                cells.append(BreakdownCell(value: value, codeID: table.codes[c].id, interviews: mentioning, interviewsTotal: interviews.count,
                                           breadth: Double(mentioning) / total, segments: segments, meanShare: share / total, score: score / total))
            }
        }
        return cells
    }
}
