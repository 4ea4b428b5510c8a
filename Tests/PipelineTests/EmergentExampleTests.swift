import Foundation
@testable import Pipeline
import Signals
import Testing
import TestSupport

/// The run cache keeps no example sentences of emergent terms (`ExampleSentence`): the examples
/// are quoted from the parsed transcript's text, and must read as a run without the cache quotes them.
@Suite("Cache: emergent-term examples", .scratchFolder)
struct EmergentExampleTests {
    enum Run: String, CaseIterable, Sendable {
        case withoutCache, storingCache, fromCache
    }

    /// The fixture project and three interviews that share a noun the reference list lacks,
    /// first used in a short sentence (F04), in one of more than 300 scalars (F05) and in one
    /// across a line break (F06): one example each.
    static func project() throws -> String {
        let project = try TestProject.copy(TestProject.fixture)
        let clause = "über die Grenzen der Gemeinde hinaus wäre es für ältere Menschen in jedem Ortsteil"
        let long = "Das Dorfladenkonzept " + Array(repeating: clause, count: 5).joined(separator: ", ") + " wirklich das Wichtigste."
        for (file, answer) in [("04-laden.txt", "Ein Dorfladenkonzept fehlt. Das Dorfladenkonzept ist gut."),
                               ("05-lang.txt", long + " Das Dorfladenkonzept bleibt."),
                               ("06-zeile.txt", "Unser Dorfladenkonzept\nist noch nicht fertig. Ein Dorfladenkonzept hilft.")] {
            try TestProject.write("I: Was fehlt?\n\nB: \(answer)\n", to: project + "/transcripts/" + file)
        }
        let sheet = project + "/metadata.csv"
        let rows = "F04,04-laden.txt,Verwaltung,Naila,2026-03-05,Anna Roth\nF05,05-lang.txt,Senioren,Rehau,2026-03-06,Anna Roth\n"
            + "F06,06-zeile.txt,Jugend,Selbitz,2026-03-07,Anna Roth\n"
        try TestProject.write(String(decoding: try Data(contentsOf: URL(fileURLWithPath: sheet)), as: UTF8.self) + rows, to: sheet)
        return project
    }

    @Test("each example of an emergent term is its sentence in the transcript, shortened", arguments: Run.allCases)
    func examples(_ run: Run) async throws {
        let project = try Self.project(), out = TestProject.temporary("examples-\(run)")
        let request = AnalysisRequest(project: project, outputDirectory: out), pipeline = AnalysisPipeline()
        var result = try await pipeline.analyze(request, batch: BatchOptions(jobs: 2, useCache: run != .withoutCache))
        if run == .fromCache {
            result = try await pipeline.analyze(request, batch: BatchOptions(jobs: 2, useCache: true))
            #expect(result.files.count == 6 && result.files.allSatisfy { $0.status == .cached })
        }
        let term = try #require(result.analysis.emergentTerms.first { $0.term == "Dorfladenkonzept" })
        #expect(term.examples.map(\.interviewID) == ["F04", "F05", "F06"])
        let texts = Dictionary(uniqueKeysWithValues: result.coded.map { ($0.transcript.id, $0.transcript.text) })
        var sentences: [String] = []
        for example in term.examples {
            let text = try #require(texts[example.interviewID])
            let sentence = String(decoding: Array(text.utf8)[example.range.utf8], as: UTF8.self)
            sentences.append(sentence)
            #expect(example.text == ExampleSentence.shortened(sentence), "\(example.interviewID)")
        }
        // The three kinds of sentence are there, and come out as before.
        try #require(sentences.count == 3)
        #expect(term.examples[0].text == "Ein Dorfladenkonzept fehlt.")
        #expect(sentences[1].unicodeScalars.count > 300)
        #expect(term.examples[1].text.hasPrefix("Das Dorfladenkonzept über die Grenzen") && term.examples[1].text.hasSuffix(" …"))
        #expect(term.examples[1].text.unicodeScalars.count <= 302)
        #expect(sentences[2] == "Unser Dorfladenkonzept\nist noch nicht fertig.")
        #expect(term.examples[2].text == "Unser Dorfladenkonzept ist noch nicht fertig.")
        // Nor does the cache hold them (this run writes no project.qdpx pieces, the one compressed part).
        if run != .withoutCache {
            let root = out + "/.leitbild-cache/coded"
            let entries = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".bin") }
            #expect(entries.count == 6)
            for entry in entries {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/" + entry))
                #expect(bytes.range(of: Data("Dorfladenkonzept fehlt".utf8)) == nil && bytes.range(of: Data("Unser Dorfladenkonzept".utf8)) == nil,
                        "\(entry) holds an example's text")
            }
        }
    }
}
