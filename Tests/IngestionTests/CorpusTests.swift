import Foundation
import Ingestion
import LeitbildCore
import Testing

/// The demo corpus in `corpus/` must read completely: every file, its speakers and roles.
@Suite("Demo corpus")
struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let transcripts = root.appendingPathComponent("corpus/transcripts").path
    static let present = FileManager.default.fileExists(atPath: transcripts)

    static func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? []
        return names.filter { SourceFormat.transcriptExtensions.contains(($0 as NSString).pathExtension) }.sorted()
            .map { (transcripts as NSString).appendingPathComponent($0) }
    }

    @Test("every transcript reads with one interviewer, its respondents, times and metadata", .enabled(if: present))
    func corpus() throws {
        let metadata = Self.root.appendingPathComponent("corpus/metadata.csv").path
        let output = Ingestor().ingest(IngestionInput(files: Self.files(), metadataFile: metadata))
        #expect(output.failures.isEmpty, "\(output.failures)")
        #expect(output.transcripts.count == Self.files().count)
        #expect(!output.diagnostics.contains { $0.severity >= .warning }, "\(output.diagnostics.filter { $0.severity >= .warning })")
        for t in output.transcripts {
            let interviewers = t.speakers.filter { $0.role == .interviewer }
            #expect(interviewers.count == 1, "\(t.source.fileName): \(t.speakers)")
            #expect(!t.speakers.contains { $0.role == .unknown }, "\(t.source.fileName)")
            #expect(t.turns.count >= 20, "\(t.source.fileName)")
            #expect(t.metadata.group != nil, "\(t.source.fileName) has no metadata")
            // The respondents named in the sheet are the respondents of the transcript.
            let named = (t.metadata[variable: "respondent"] ?? "").split(separator: ";").count
            let respondents = t.speakers.filter { $0.role == .respondent }
            #expect(respondents.count >= max(named, 1), "\(t.source.fileName)")
            // Every turn has text, and turns of interviewer and respondent alternate at least sometimes.
            #expect(t.turns.allSatisfy { !t.text(of: $0).isEmpty })
            #expect(t.turns.contains { $0.role == .interviewer } && t.turns.contains { $0.role == .respondent })
        }
    }
}
