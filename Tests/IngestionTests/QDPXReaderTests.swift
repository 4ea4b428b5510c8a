import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("REFI-QDA projects and codebooks", .scratchFolder)
struct QDPXReaderTests {
    @Test("existing codings land on the same words after CRLF and NFD normalisation")
    func codings() throws {
        let t = try readOne(Paths.fixture("twins/interview.qdpx")).0
        let found = t.existingCodings.map { "\($0.codeName) | \(t.text(of: $0.range)) | \($0.coder ?? "-")" }
        #expect(found == [
            "Mobilität | der Bus | Anna Roth",
            "Mobilität | Rufbus wäre gut | Paul Frank",
            "Gesundheit & Pflege | Hausarztversorgung in Naila | Anna Roth",
            "Interkommunale Zusammenarbeit | Interkommunale Zusammenarbeit ist das Wichtigste | Paul Frank",
        ])
        for coding in t.existingCodings {
            let scalars = Array(t.text.unicodeScalars)[coding.range.scalars.start..<coding.range.scalars.end]
            #expect(String(String.UnicodeScalarView(scalars)) == String(t.text(of: coding.range)))
        }
        #expect(t.existingCodings.map(\.codeID).first == "A1000000-0000-4000-8000-000000000001")
    }

    @Test("cases and variables become metadata")
    func metadata() throws {
        let t = try readOne(Paths.fixture("twins/interview.qdpx")).0
        #expect(t.id == "interview")
        #expect(t.metadata.group == "Bürgerschaft")
        #expect(t.metadata.municipality == "Schwarzenbach am Wald")
        #expect(t.metadata[variable: "case"] == "Kessler")
    }

    @Test("positions written against a text already in Leitbild's form read back unchanged")
    func roundTrip() throws {
        // What the reporting stage writes: the transcript text as source, codings at its scalar offsets.
        let text = "I: Wie kommen Sie zum Arzt?\n\nB: Mit dem Rufbus 🚌 nach Naila, wenn er fährt.\n"
        let phrase = "Rufbus 🚌 nach Naila"
        let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: text.range(of: phrase)!.lowerBound.samePosition(in: text.unicodeScalars)!)
        let end = start + phrase.unicodeScalars.count
        let project = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="A1000000-0000-4000-8000-000000000001" name="Mobilität" isCodable="true"/></Codes></CodeBook>
        <Sources><TextSource guid="6F1B2A3C-0000-4000-8000-000000000001" name="i1"><PlainTextContent>\(text)</PlainTextContent>
        <PlainTextSelection guid="C1000000-0000-4000-8000-000000000001" startPosition="\(start)" endPosition="\(end)">
        <Coding guid="D1000000-0000-4000-8000-000000000001"><CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
        </TextSource></Sources></Project>
        """
        let folder = try TempFolder()
        let t = try readOne(try folder.write("project.qde", project)).0
        #expect(t.text == text)
        #expect(t.existingCodings.map(\.range.scalars) == [SourceSpan(start: start, end: end)])
        #expect(t.text(of: t.existingCodings[0].range) == phrase)
    }

    @Test("selections outside the text are skipped with a warning naming the line")
    func outOfRange() throws {
        let project = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="6F1B2A3C-0000-4000-8000-000000000001" name="i1"><PlainTextContent>B: kurz.</PlainTextContent>
        <PlainTextSelection guid="C1" startPosition="3" endPosition="999"><Coding guid="D1"><CodeRef targetGUID="A1"/></Coding></PlainTextSelection>
        </TextSource></Sources></Project>
        """
        let folder = try TempFolder()
        let (t, diagnostics) = try readOne(try folder.write("bad.qde", project))
        #expect(t.existingCodings.isEmpty)
        #expect(diagnostics.contains { $0.line == 3 && $0.message.contains("outside the text") })
    }

    @Test("codebook from a project: tree, colours, descriptions, codability")
    func projectCodebook() throws {
        let codes = try QDACodebookReader.read(file: Paths.fixture("twins/interview.qdpx"))
        #expect(codes.map(\.name) == ["Handlungsfelder", "Leitbild-Werte"])
        #expect(codes[0].isCodable == false)
        #expect(codes[0].description == "Was: Themenfelder der Strategie")
        #expect(codes[0].children.map(\.name) == ["Mobilität", "Gesundheit & Pflege"])
        #expect(codes[0].children[0] == QDACode(guid: "A1000000-0000-4000-8000-000000000001", name: "Mobilität", isCodable: true,
                                                color: "#1F77B4", description: "ÖPNV, Rufbus, Radwege"))
        #expect(codes[1].children.map(\.name) == ["Interkommunale Zusammenarbeit"])
    }

    @Test("codebook file (.qdc)")
    func qdc() throws {
        let codes = try QDACodebookReader.read(file: Paths.fixture("codebook.qdc"))
        #expect(codes.count == 2)
        #expect(codes[0].name == "Mobilität")
        #expect(codes[0].children.map(\.name) == ["ÖPNV", "Radverkehr"])
        #expect(codes[0].children[1].color == "#2CA02C")
        #expect(codes[1].name == "Gemeinwohl")
        #expect(codes[1].isCodable)
    }

    @Test("a codebook in the wrong namespace is refused with the expected one named")
    func qdcNamespace() throws {
        let data = Data(#"<CodeBook xmlns="urn:QDA-XML:project:1.0"><Codes/></CodeBook>"#.utf8)
        #expect {
            try QDACodebookReader.read(data: data, path: "x.qdc")
        } throws: { error in
            (error as? IngestionError)?.localizedDescription.contains("not REFI-QDA's 'urn:QDA-XML:codebook:1.0'") == true
        }
    }
}
