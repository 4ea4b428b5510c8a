import Foundation
import Ingestion
import LeitbildCore
import Pipeline
import Testing
import TestSupport

@Suite("Synthetic corpus", .scratchFolder)
struct SynthTests {
    @Test("the same seed gives byte-identical projects; another seed another one")
    func deterministic() throws {
        let a = try TestProject.synthetic(30, seed: 9), b = try TestProject.synthetic(30, seed: 9), c = try TestProject.synthetic(30, seed: 10)
        func files(_ root: String) throws -> [String: Data] {
            var out: [String: Data] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: root) {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
                if !isDirectory.boolValue { out[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)) }
            }
            return out
        }
        #expect(try files(a) == files(b))
        #expect(try files(a) != files(c))
    }

    @Test("all eight formats are represented and every file is read with roles and metadata")
    func formatsAndMetadata() throws {
        let project = try TestProject.synthetic(60, seed: 4)
        let files = try AnalysisPipeline.transcriptFiles(in: project)
        #expect(files.count == 60)
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: project + "/metadata.csv"))
        #expect(output.failures.isEmpty, "\(output.failures)")
        #expect(output.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(output.diagnostics)")
        #expect(Set(output.transcripts.map(\.source.format)) == [.plainText, .docx, .webVTT, .srt, .tei, .exmaralda, .elan])
        for transcript in output.transcripts {
            #expect(transcript.turns.contains { $0.role == .interviewer }, "\(transcript.id)")
            #expect(transcript.turns.contains { $0.role == .respondent }, "\(transcript.id)")
            #expect(transcript.metadata.group != nil && transcript.metadata.municipality != nil)
        }
        #expect(Set(output.transcripts.compactMap(\.metadata.municipality)).count > 10)
        #expect(Set(output.transcripts.map(\.text)).count == 60)
    }
}
