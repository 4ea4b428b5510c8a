import Themes

/// Per-interview, per-code figures in flat arrays (row = interview, column = code): the common
/// ground of point estimates, bootstrap, breakdowns and consensus.
///
/// Every per-interview figure is invariant to repeating an interview's text: shares are
/// fractions, cues count by their strongest instance, spontaneity is "at least once".
struct InterviewTable {
    let interviewCount: Int
    let codeCount: Int
    /// Transcripts sorted by (interview id, file): the order of every output.
    let transcripts: [SignalledTranscript]
    let codes: [Code]
    let codeIndex: [String: Int]
    /// The same lookup on UTF-8 bytes: code ids are compared for every code signal of every segment.
    private let codeLookup: ByteKeyTable<Int>

    /// Column of a code id, if the codebook has it.
    func column(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { codeLookup.value($0, 0..<$0.count) }
    }
    /// Group index per interview, group names sorted.
    let group: [Int]
    let groupNames: [String]
    /// Whether a group is a stakeholder group: every group but `PriorityAggregator.noGroup`, the
    /// interviews the metadata give none, unless no interview has one. Interviews without a group
    /// count for no group's breadth and are left out of group comparisons (found in a statistics
    /// review: three blank cells made "(ohne Gruppe)" a ninth stakeholder group with a goal conflict).
    let isStakeholderGroup: [Bool]

    var segments: [Int]
    var dismissed: [Int]
    var prompted: [Int]
    var spontaneous: [Int]
    var needSegments: [Int]
    var assetSegments: [Int]
    /// Segments with an emphasis (resp. weakening) cue for the code.
    var emphasisSegments: [Int]
    var weakeningSegments: [Int]
    var share: [Double]
    /// Fraction of the interview's mentions of the code that were spontaneous.
    var spontaneousFraction: [Double]
    /// Best explicit rank (0 = none).
    var explicitRank: [Int]
    /// Per-interview components, one flat array per `PriorityComponent.perInterview` entry.
    var components: [[Double]]
    /// Per-interview index, 0...100.
    var index: [Double]

    @inline(__always) func at(_ i: Int, _ c: Int) -> Int { i * codeCount + c }

    func component(_ c: PriorityComponent) -> [Double] {
        guard let k = PriorityComponent.perInterview.firstIndex(of: c) else { return [] }
        return components[k]
    }

    /// The order of interviews in every table: by id, then file (independent of file order).
    static func ordered(_ transcripts: [SignalledTranscript]) -> [SignalledTranscript] {
        transcripts.sorted { ($0.interviewID, $0.file) < ($1.interviewID, $1.file) }
    }

    init(transcripts unsorted: [SignalledTranscript], codes: [Code], settings: PrioritySettings) {
        let transcripts = Self.ordered(unsorted)
        self.transcripts = transcripts
        self.codes = codes
        let n = transcripts.count, cc = codes.count
        interviewCount = n
        codeCount = cc
        var codeIndex: [String: Int] = [:]
        for (i, code) in codes.enumerated() where codeIndex[code.id] == nil { codeIndex[code.id] = i }
        self.codeIndex = codeIndex
        codeLookup = ByteKeyTable(codeIndex.sorted { $0.value < $1.value }.map { (Array($0.key.utf8), $0.value) })
        groupNames = Set(transcripts.map { $0.group ?? PriorityAggregator.noGroup }).sorted()
        let groupPosition = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, $0) })
        group = transcripts.map { groupPosition[$0.group ?? PriorityAggregator.noGroup] ?? 0 }
        let names = groupNames
        isStakeholderGroup = names.map { $0 != PriorityAggregator.noGroup || names.count == 1 }

        let size = n * cc
        segments = [Int](repeating: 0, count: size)
        dismissed = segments
        prompted = segments
        spontaneous = segments
        needSegments = segments
        assetSegments = segments
        emphasisSegments = segments
        weakeningSegments = segments
        explicitRank = segments
        share = [Double](repeating: 0, count: size)
        spontaneousFraction = share
        index = share
        components = [[Double]](repeating: share, count: PriorityComponent.perInterview.count)

        var emphasis = [Double](repeating: 0, count: cc), weakening = emphasis, problem = emphasis
        func componentColumn(_ c: PriorityComponent) -> Int { PriorityComponent.perInterview.firstIndex(of: c) ?? 0 }
        let (mentionColumn, intensityColumn, spontaneityColumn) = (componentColumn(.interviews), componentColumn(.intensity),
                                                                   componentColumn(.spontaneity))
        let (importanceColumn, problemColumn, rankingColumn) = (componentColumn(.importance), componentColumn(.problemPressure),
                                                                componentColumn(.ranking))
        let componentWeights = PriorityComponent.perInterview.map { settings.weight($0) }
        let perInterviewWeight = componentWeights.reduce(0, +)
        // Kind of each column as a small number, for the per-kind maximum share.
        let kindOrder = CodeKind.allCases
        let kindOfColumn = codes.map { code in kindOrder.firstIndex(of: code.kind) ?? 0 }
        var maxShare = [Double](repeating: 0, count: kindOrder.count)
        for (i, t) in transcripts.enumerated() {
            for c in 0..<cc { emphasis[c] = 0; weakening[c] = 0; problem[c] = 0 }
            // A self-introduction's segments count for nothing: no mention, cue or weakening.
            for segment in t.segments where !segment.introduction {
                // A code counts once per segment even if the coder listed it twice.
                for (k, signal) in segment.codes.enumerated() {
                    guard let c = column(of: signal.codeID), !segment.codes[..<k].contains(where: { $0.codeID == signal.codeID }) else { continue }
                    let x = i * cc + c
                    weakening[c] = max(weakening[c], signal.weakening)
                    if signal.weakening > 0 { weakeningSegments[x] += 1 }
                    if signal.dismissed { dismissed[x] += 1; continue }
                    segments[x] += 1
                    if signal.prompted { prompted[x] += 1 } else { spontaneous[x] += 1 }
                    emphasis[c] = max(emphasis[c], signal.emphasis)
                    problem[c] = max(problem[c], signal.problem)
                    if signal.emphasis > 0 { emphasisSegments[x] += 1 }
                    switch signal.stance {
                    case .need: needSegments[x] += 1
                    case .asset: assetSegments[x] += 1
                    case .neutral: break
                    }
                }
            }
            for ranking in t.rankings {
                for entry in ranking.entries {
                    guard let c = column(of: entry.codeID) else { continue }
                    let x = i * cc + c
                    if explicitRank[x] == 0 || entry.rank < explicitRank[x] { explicitRank[x] = entry.rank }
                }
            }
            let units = Double(max(t.respondentUnitCount, 1))
            for k in maxShare.indices { maxShare[k] = 0 }
            for c in 0..<cc {
                let x = i * cc + c
                share[x] = min(Double(segments[x]) / units, 1)
                maxShare[kindOfColumn[c]] = max(maxShare[kindOfColumn[c]], share[x])
            }
            for c in 0..<cc {
                let x = i * cc + c
                let mentioned = segments[x] > 0
                spontaneousFraction[x] = mentioned ? Double(spontaneous[x]) / Double(segments[x]) : 0
                let top = maxShare[kindOfColumn[c]]
                components[mentionColumn][x] = mentioned ? 1 : 0
                components[intensityColumn][x] = top > 0 ? share[x] / top : 0
                components[spontaneityColumn][x] = spontaneous[x] > 0 ? 1 : 0
                components[importanceColumn][x] = min(max(emphasis[c] - weakening[c], -1), 1)
                components[problemColumn][x] = problem[c]
                components[rankingColumn][x] = explicitRank[x] > 0 ? 1 / Double(explicitRank[x]) : 0
                var sum = 0.0
                for j in componentWeights.indices { sum += componentWeights[j] * components[j][x] }
                index[x] = perInterviewWeight > 0 ? 100 * sum / perInterviewWeight : 0
            }
        }
    }

    /// Each group's weight in group breadth: its group weight, 0 for interviews without a group.
    func breadthWeights(_ settings: PrioritySettings) -> [Double] {
        groupNames.indices.map { isStakeholderGroup[$0] ? settings.groupWeight(groupNames[$0]) : 0 }
    }

    /// The interviews that have a stakeholder group, as a table of their own (nil when that is
    /// every interview): what groups are compared on.
    func stakeholderGroupsOnly(codes: [Code], settings: PrioritySettings) -> InterviewTable? {
        guard isStakeholderGroup.contains(false) else { return nil }
        return InterviewTable(transcripts: transcripts.filter { $0.group != nil }, codes: codes, settings: settings)
    }

    /// Weight of each interview in every mean: 1/N, or (group weighting) the group's share split
    /// equally among its interviews. Sums to 1 unless every group weight is zero.
    func weights(_ settings: PrioritySettings) -> [Double] {
        let n = interviewCount
        guard n > 0 else { return [] }
        switch settings.interviewWeighting {
        case .interview:
            return [Double](repeating: 1 / Double(n), count: n)
        case .group:
            var count = [Int](repeating: 0, count: groupNames.count)
            for g in group { count[g] += 1 }
            let total = groupNames.indices.filter { count[$0] > 0 }.reduce(0) { $0 + settings.groupWeight(groupNames[$1]) }
            guard total > 0 else { return [Double](repeating: 0, count: n) }
            return group.map { settings.groupWeight(groupNames[$0]) / total / Double(count[$0]) }
        }
    }

    /// Whether the code has any evidence in the interview.
    func hasEvidence(_ i: Int, _ c: Int) -> Bool {
        let x = at(i, c)
        return segments[x] > 0 || dismissed[x] > 0 || explicitRank[x] > 0 || weakeningSegments[x] > 0
    }
}
