import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("CSV/TSV: survey answers and table transcripts", .scratchFolder)
struct CSVReaderTests {
    func documents(_ text: String, name: String = "umfrage.csv", options: IngestionOptions = .init()) throws -> ReadResult {
        let folder = try TempFolder()
        return try Ingestor().documents(file: try folder.write(name, text), options: options)
    }

    @Test("each row is one document with one respondent turn; other columns are metadata")
    func survey() throws {
        let result = try documents("id;gruppe;gemeinde;antwort\nR1;Jugend;Rehau;\"Mehr Busse, abends!\"\nR2;Senioren;Naila;\"Ein Arzt.\nUnd ein Laden.\"\n")
        #expect(result.transcripts.map(\.id) == ["R1", "R2"])
        let second = result.transcripts[1]
        #expect(second.text == "Ein Arzt.\nUnd ein Laden.")
        #expect(second.turnTexts == ["Ein Arzt.\nUnd ein Laden."])
        #expect(second.turns[0].sourceLine == 3)
        #expect(second.turns[0].role == .respondent)
        #expect(second.metadata.group == "Senioren")
        #expect(second.metadata.municipality == "Naila")
        #expect(second.metadata.variables.map(\.name) == ["id", "gruppe", "gemeinde"])
        #expect(second.metadata.origin?.hasSuffix("umfrage.csv:3") == true)
    }

    @Test("--text-column and --id-column by name or number; rows without id get FILE-rN")
    func options() throws {
        let text = "nr,frage1,frage2\n7,Bus,Arzt\n,Rad,Laden\n"
        let byName = try documents(text, options: IngestionOptions(textColumn: "frage2", idColumn: "nr"))
        #expect(byName.transcripts.map(\.text) == ["Arzt", "Laden"])
        #expect(byName.transcripts.map(\.id) == ["7", "umfrage-r2"])
        let byNumber = try documents(text, options: IngestionOptions(textColumn: "2"))
        #expect(byNumber.transcripts.map(\.text) == ["Bus", "Rad"])
    }

    @Test("an unknown column is an error listing the columns")
    func unknownColumn() throws {
        #expect {
            try documents("a,b\n1,2\n", options: IngestionOptions(textColumn: "text"))
        } throws: { error in
            (error as? IngestionError)?.localizedDescription.contains("there is no column 'text' (columns: 'a', 'b')") == true
        }
    }

    @Test("tab-separated and semicolon-separated files are detected", arguments: ["\t", ";", ","])
    func delimiters(_ d: String) throws {
        let result = try documents("id\(d)text\n1\(d)Der Bus, ja.\n".replacingOccurrences(of: "Der Bus, ja.", with: d == "," ? "\"Der Bus, ja.\"" : "Der Bus, ja."),
                                   name: d == "\t" ? "u.tsv" : "u.csv")
        #expect(result.transcripts.map(\.text) == ["Der Bus, ja."])
    }

    @Test("duplicate ids are renamed with a warning; empty answers skipped with a note")
    func duplicates() throws {
        let result = try documents("id,text\nA,eins\nA,zwei\nB,\n")
        #expect(result.transcripts.map(\.id) == ["A", "A-3"])
        #expect(result.diagnostics.contains { $0.line == 3 && $0.message.contains("already used on line 2") })
        #expect(result.diagnostics.contains { $0.message.contains("1 row with an empty 'text' skipped") })
    }

    @Test("a speaker column makes rows the turns of a transcript, one per interview id")
    func transcriptMode() throws {
        let result = try documents("interview_id,speaker,start,end,text\nI1,I,0,2.5,Was fehlt?\nI1,B,2.5,00:00:09.5,Der Bus.\nI2,B,,,Ein Arzt.\n")
        #expect(result.transcripts.map(\.id) == ["I1", "I2"])
        #expect(result.transcripts[0].turnTexts == ["Was fehlt?", "Der Bus."])
        #expect(result.transcripts[0].turns.map(\.endTime) == [2.5, 9.5])
        #expect(result.transcripts[0].text == "I: Was fehlt?\n\nB: Der Bus.")
    }

    @Test("real participation data: 697 contributions, one document each", .enabled(if: Paths.sharedDataPresent))
    func cimt() throws {
        let result = try Ingestor().documents(file: Paths.shared("cimt-ottensen/dataset-Ottensen-thematic-d1a.csv"))
        #expect(result.transcripts.count == 697)
        let first = try #require(result.transcripts.first)
        #expect(first.id == "Ott262")
        #expect(first.text.hasPrefix("Der Alma Wartenberg Platz ist ein wichtiger Ort für Begegnungen.\nMenschen sitzen hier zusammen"))
        #expect(first.metadata[variable: "cycling"] == "1")
        #expect(Set(result.transcripts.map(\.id)).count == 697)
    }
}
