import Foundation
import LeitbildCore
@testable import Pipeline
import Signals
import Testing
import TestSupport

/// A group name in weights.yaml with a typo weighs nothing: the run says so.
@Suite("Weighted groups the interviews do not have", .scratchFolder)
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
        // Keys in another letter case weigh the group (fifth stop of 2026-11-29); two spellings of
        // one group are named as such, not as a group no interview has (found in a re-review).
        (["jugend": 2], Set(["Jugend"]), []),
        (["JUGEND": 0, "Jugend": 1], Set(["Jugend"]),
         ["group_weights names the group 'Jugend' twice, as 'Jugend' and as 'JUGEND'; the weight of 'Jugend' is used | keep one of the two entries"]),
    ])
    func unknown(_ c: ([String: Double], Set<String>, [String])) {
        let notes = AnalysisPipeline.unknownWeightedGroups(Self.settings(c.0), groups: c.1)
        #expect(notes.map { "\($0.message) | \($0.hint ?? "")" } == c.2)
        #expect(notes.allSatisfy { $0.file == "project/weights.yaml" && $0.severity == .warning })
    }

    /// A noticed point of an earlier stop: the warning gave no line.
    @Test("the warning gives the line of the group's entry in the weights file")
    func line() throws {
        let path = ScratchFolder.current.appendingPathComponent("weights.yaml").path
        try "version: 1\n# Gruppen\ngroup_weights:\n  Politik: 1.5\n  Jugnd: 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        var settings = try PrioritySettings.load(path: path)
        settings.source = path
        let notes = AnalysisPipeline.unknownWeightedGroups(settings, groups: ["Jugend", "Politik"])
        #expect(notes.map { $0.line } == [5])
        #expect(notes.first?.description.contains("weights.yaml:5") == true, "\(notes)")
        // The file gone since: the warning without a line.
        try FileManager.default.removeItem(atPath: path)
        #expect(AnalysisPipeline.unknownWeightedGroups(settings, groups: ["Jugend", "Politik"]).map { $0.line } == [nil])
    }
}
