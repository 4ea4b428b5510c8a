import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Testing
import ZIPFoundation
@testable import Themes

/// Round trips through files and Ingestion's REFI-QDA readers.
@Suite("REFI-QDA files: .qdc round trip and .qdpx evaluation")
struct QDAFileRoundTripTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-\(UUID().uuidString)-\(name)")
    }

    @Test("Codebook -> .qdc file -> Ingestion's reader -> Codebook is unchanged")
    func qdcRoundTrip() throws {
        let book = try demoCodebook()
        let url = Self.temporary("hof.qdc")
        try QDCWriter.render(book).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let codes = try QDACodebookReader.read(file: url.path)
        #expect(codes == CodebookQDA.qdaCodes(from: book))
        let (back, warnings) = CodebookQDA.codebook(from: codes, name: book.name)
        #expect(warnings.isEmpty)
        #expect(comparable(back) == comparable(book))
        // And the imported codebook written as YAML codes text exactly like the original.
        let reloaded = try CodebookLoader.parse(CodebookWriter.yaml(back), path: "imported.yaml")
        let transcript = Fixture.respondent("Der Rufbus fährt selten, und die Hausarztpraxis schließt. Das soziale Netz trägt.")
        let analyzed = GermanAnalyzer().analyze(transcript)
        #expect(ThemeCoder(codebook: reloaded).code(analyzed).segments == ThemeCoder(codebook: book).code(analyzed).segments)
    }

    /// A small REFI-QDA project with one interview and a human coder's codings.
    static func project() throws -> URL {
        let text = "I: Wie kommen Sie zum Arzt?\nB: Mit dem Rufbus, wenn er fährt. Die Hausärztin ist in Naila. Im Verein ist es schön.\n"
        func position(_ s: String) -> (Int, Int) {
            let r = text.range(of: s)!
            let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound)
            return (start, start + s.unicodeScalars.count)
        }
        let bus = position("Mit dem Rufbus, wenn er fährt."), arzt = position("Die Hausärztin"), verein = position("Im Verein ist es schön.")
        let mobil = CodebookQDA.guid(forCodeID: "mobilitaet")
        let qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="Test" origin="test">
              <Users><User guid="B1000000-0000-4000-8000-000000000001" name="Anna"/></Users>
              <CodeBook><Codes>
                <Code guid="\(mobil)" name="Mobilität" isCodable="true"/>
                <Code guid="A1000000-0000-4000-8000-000000000002" name="Gesundheit &amp; Pflege" isCodable="true"/>
                <Code guid="A1000000-0000-4000-8000-000000000003" name="Ehrenamt (alt)" isCodable="true"/>
              </Codes></CodeBook>
              <Sources>
                <TextSource guid="6F1B2A3C-0000-4000-8000-000000000007" name="interview.txt" plainTextPath="internal://6F1B2A3C-0000-4000-8000-000000000007.txt">
                  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000001" startPosition="\(bus.0)" endPosition="\(bus.1)" creatingUser="B1000000-0000-4000-8000-000000000001"><Coding guid="D1000000-0000-4000-8000-000000000001"><CodeRef targetGUID="\(mobil)"/></Coding></PlainTextSelection>
                  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000002" startPosition="\(arzt.0)" endPosition="\(arzt.1)" creatingUser="B1000000-0000-4000-8000-000000000001"><Coding guid="D1000000-0000-4000-8000-000000000002"><CodeRef targetGUID="A1000000-0000-4000-8000-000000000002"/></Coding></PlainTextSelection>
                  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000003" startPosition="\(verein.0)" endPosition="\(verein.1)" creatingUser="B1000000-0000-4000-8000-000000000001"><Coding guid="D1000000-0000-4000-8000-000000000003"><CodeRef targetGUID="A1000000-0000-4000-8000-000000000003"/></Coding></PlainTextSelection>
                </TextSource>
              </Sources>
            </Project>
            """
        let url = temporary("test.qdpx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in [("project.qde", qde), ("Sources/6F1B2A3C-0000-4000-8000-000000000007.txt", text)] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return url
    }

    @Test(".qdpx with human codings: compared unit by unit, over all and over coded units")
    func qdpxEvaluation() throws {
        let url = try Self.project()
        defer { try? FileManager.default.removeItem(at: url) }
        let ingested = Ingestor().ingest(IngestionInput(files: [url.path]))
        #expect(ingested.failures.isEmpty)
        let transcript = try #require(ingested.transcripts.first)
        #expect(transcript.existingCodings.count == 3)
        let book = try demoCodebook()
        let report = SegmentEvaluator(codebook: book, unit: .sentence).evaluate(ingested.transcripts, data: url.path)
        // Respondent sentences: Rufbus (both: Mobilität), Hausärztin (both: Gesundheit), Verein
        // (Leitbild: Teilhabe & Ehrenamt; the human's code is not in the codebook).
        #expect(report.units == 3)
        let mobil = try #require(report.codes.first { $0.codeID == "mobilitaet" })
        #expect(mobil.counts.truePositives == 1 && mobil.counts.falsePositives == 0 && mobil.counts.falseNegatives == 0)
        let health = try #require(report.codes.first { $0.codeID == "gesundheit_pflege" })
        #expect(health.counts.truePositives == 1)
        let ehrenamt = try #require(report.codes.first { $0.codeID == "teilhabe_ehrenamt" })
        #expect(ehrenamt.counts.falsePositives == 1)
        #expect(report.notes.contains { $0.contains("Ehrenamt (alt)") })
        #expect(report.codedUnitsOnly?.units == 3)
    }
}
