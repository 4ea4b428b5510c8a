import Foundation
import Ingestion
import LeitbildCore
import Testing

@Suite("Metadata sheet: join, variables, diagnostics")
struct MetadataTests {
    static let sheet = """
    interview_id,file,group,municipality,date,interviewer,respondent,Förderphase
    I01,transcripts/01-rehau.txt,Jugend,Rehau,2026-04-14,Anna Roth,Lena Zeitler,A
    I02,,Senioren,Naila,2026-04-15,Paul Frank,Ingrid Schübel,A
    I03,03-fehlt.txt,Politik,Selbitz,2026-04-16,Anna Roth,Bernd Schödel,B
    I04,01-rehau.txt,Jugend,Rehau,2026-04-17,Anna Roth,,B
    """

    func project() throws -> (TempFolder, String, [String]) {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", Self.sheet)
        let a = try folder.write("01-rehau.txt", "Anna Roth: Was fehlt?\n\nLena Zeitler: Ein Bus am Abend.\n")
        let b = try folder.write("I02.txt", "I: Was fehlt?\n\nB: Ein Laden.\n")
        let c = try folder.write("99-ohne-zeile.txt", "I: Was fehlt?\n\nB: Nichts.\n")
        return (folder, sheet, [a, b, c])
    }

    @Test("joined by file name (folders ignored) or by interview id = file stem; all columns kept")
    func join() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        #expect(output.transcripts.map(\.id) == ["I01", "I02", "99-ohne-zeile"])
        let first = output.transcripts[0].metadata
        #expect(first.group == "Jugend")
        #expect(first.municipality == "Rehau")
        #expect(first.date == "2026-04-14")
        #expect(first.interviewer == "Anna Roth")
        #expect(first[variable: "Förderphase"] == "A")
        #expect(first.origin?.hasSuffix("metadata.csv:2") == true)
        #expect(output.transcripts[1].metadata.group == "Senioren")
    }

    @Test("missing and unknown rows give diagnostics naming file and line")
    func diagnostics() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        let texts = output.diagnostics.map(\.description)
        #expect(texts.contains { $0.hasPrefix(files[2] + ": warning: no row for '99-ohne-zeile.txt' in the metadata sheet") })
        #expect(texts.contains("\(sheet):4: warning: row for '03-fehlt.txt' matches no transcript file that was read (check the file name, or remove the row)"))
        #expect(texts.contains { $0.hasPrefix("\(sheet):5: warning: '01-rehau.txt' already has a row on line 2") })
    }

    @Test("speaker roles come from the interviewer and respondent columns")
    func roles() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        let speakers = output.transcripts[0].speakers
        #expect(speakers.map(\.role) == [.interviewer, .respondent])
        #expect(speakers[0].roleReason.hasPrefix("label 'Anna Roth' names the interviewer 'Anna Roth' in the metadata ("))
        #expect(speakers[1].roleReason.contains("names the respondent 'Lena Zeitler'"))
    }

    @Test("an unusable sheet is reported and transcripts are read without it")
    func badSheet() throws {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", "name,gruppe\nx,y\n")
        let file = try folder.write("a.txt", "B: Hallo.\n")
        let output = Ingestor().ingest(IngestionInput(files: [file], metadataFile: sheet))
        #expect(output.transcripts.count == 1)
        #expect(output.diagnostics.contains { $0.severity == .error && $0.description.contains("metadata.csv:1: no 'interview_id' or 'file' column") })
    }
}
