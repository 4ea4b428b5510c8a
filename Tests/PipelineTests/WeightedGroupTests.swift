import LeitbildCore
@testable import Pipeline
import Signals
import Testing

/// A group name in weights.yaml with a typo weighs nothing: the run says so.
@Suite("Weighted groups the interviews do not have")
struct WeightedGroupTests {
    static func settings(_ weights: [String: Double]) -> PrioritySettings {
        var s = PrioritySettings.standard
        s.groupWeights = weights
        s.source = "project/weights.yaml"
        return s
    }

    @Test("each unknown group warns once, with the closest known group and the list", arguments: [
        // group weights, groups of the interviews, expected messages + hints
        ([String: Double](), Set(["Jugend"]), [String]()),
        (["Jugend": 2], Set(["Jugend", "Politik"]), []),
        (["Jugnd": 2, "Politik": 1.5], Set(["Jugend", "Politik"]),
         ["group_weights names the group 'Jugnd', which no analysed interview has; its weight is not used | did you mean 'Jugend'? the groups are: Jugend, Politik"]),
        (["Zzz": 2], Set(["Jugend"]),
         ["group_weights names the group 'Zzz', which no analysed interview has; its weight is not used | the groups are: Jugend"]),
        // Interviews without groups: group weights cannot apply, and the sheet's warnings say why.
        (["Jugend": 2], Set<String>(), []),
    ])
    func unknown(_ c: ([String: Double], Set<String>, [String])) {
        let notes = AnalysisPipeline.unknownWeightedGroups(Self.settings(c.0), groups: c.1)
        #expect(notes.map { "\($0.message) | \($0.hint ?? "")" } == c.2)
        #expect(notes.allSatisfy { $0.file == "project/weights.yaml" && $0.severity == .warning })
    }
}
