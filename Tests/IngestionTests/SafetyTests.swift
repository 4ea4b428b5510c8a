import Foundation
@testable import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// Hostile XML and zip files: nothing is expanded, nothing outside the file is read.
@Suite("Safety: entities, external files, zip containers", .scratchFolder)
struct SafetyTests {
    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE TEI [
      <!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
      <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
      <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
      <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
      <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#B">&lol9;</u></body></text></TEI>
    """

    /// A TEI file whose entity points at a local file holding a secret marker.
    static func externalEntity(pointingAt secretFile: String, utf16: Bool = false) -> Data {
        let xml = """
        <?xml version="1.0" encoding="\(utf16 ? "UTF-16" : "UTF-8")"?>
        <!DOCTYPE TEI [ <!ENTITY xxe SYSTEM "file://\(secretFile)"> ]>
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#B">Geheim: &xxe;</u></body></text></TEI>
        """
        if utf16 { return Data([0xFF, 0xFE]) + (xml.data(using: .utf16LittleEndian) ?? Data()) }
        return Data(xml.utf8)
    }

    static let secret = "LEITBILD-SECRET-\(UUID().uuidString)"

    static func secretFile(in folder: TempFolder) throws -> String {
        try folder.write("secret.txt", secret + "\n")
    }

    @Test("billion laughs fails cleanly and fast, naming the declaration's line")
    func billionLaughs() throws {
        let folder = try TempFolder()
        let file = try folder.write("lol.xml", Self.billionLaughs)
        let clock = ContinuousClock()
        var thrown: IngestionError?
        let elapsed = clock.measure {
            do { _ = try readOne(file) } catch let error as IngestionError { thrown = error } catch {}
        }
        let error = try #require(thrown)
        #expect(error.localizedDescription.contains("lol.xml:3: refused for safety: the file declares XML entities"))
        #expect(elapsed < .seconds(2))
    }

    @Test("billion laughs also stops inside libxml2 without Leitbild's prolog check")
    func billionLaughsLibxml2Alone() throws {
        let clock = ContinuousClock()
        var thrown: IngestionError?
        let elapsed = clock.measure {
            do { _ = try SafeXML.parse(Data(Self.billionLaughs.utf8), file: "lol.xml", checkEntities: false) } catch let error as IngestionError { thrown = error } catch {}
        }
        let error = try #require(thrown)
        // Either libxml2's amplification guard or the post-parse DTD check refuses it.
        #expect(error.localizedDescription.contains("lol.xml"))
        #expect(elapsed < .seconds(2))
    }

    @Test("an external entity pointing at a local file is never read", arguments: [false, true])
    func externalEntity(utf16: Bool) throws {
        let folder = try TempFolder()
        let secretFile = try Self.secretFile(in: folder)
        let file = try folder.write("xxe.xml", Self.externalEntity(pointingAt: secretFile, utf16: utf16))
        let output = Ingestor().ingest(IngestionInput(files: [file]))
        let failure = try #require(output.failures.first)
        #expect(failure.error.contains("xxe.xml:2: refused for safety: the file declares XML entities"))
        #expect(!failure.error.contains(Self.secret))
        #expect(!output.transcripts.contains { $0.text.contains(Self.secret) })
    }

    @Test("libxml2 as configured does not load the external entity either")
    func externalEntityLibxml2Alone() throws {
        let folder = try TempFolder()
        let secretFile = try Self.secretFile(in: folder)
        let data = Self.externalEntity(pointingAt: secretFile)
        do {
            let document = try SafeXML.parse(data, file: "xxe.xml", checkEntities: false)
            // If libxml2 accepted the document, the entity must not have been expanded.
            let text = document.root?.text ?? ""
            #expect(!text.contains(Self.secret))
        } catch {
            #expect(!error.localizedDescription.contains(Self.secret))
            #expect(error.localizedDescription.contains("xxe.xml"))
        }
    }

    @Test("an external DTD is not fetched; the document is read without it")
    func externalDTD() throws {
        let folder = try TempFolder()
        let secretFile = try Self.secretFile(in: folder)
        let file = try folder.write("dtd.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE TEI SYSTEM "file://\(secretFile)">
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#B">Der Bus fehlt.</u></body></text></TEI>
        """)
        let t = try readOne(file).0
        #expect(t.turnTexts == ["Der Bus fehlt."])
        #expect(!t.text.contains(Self.secret))
    }

    @Test("zip entry paths that leave the archive are refused", arguments: ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:\\Windows\\evil.dll", "..\\evil.txt"])
    func zipSlipPaths(_ path: String) {
        #expect(throws: IngestionError.self) { try SafeZip.checkPath(path, file: "x.docx") }
    }

    @Test("ordinary entry paths pass", arguments: ["word/document.xml", "sources/6F1B2A3C.txt", "Sources/Interview 1.txt", "[Content_Types].xml"])
    func zipNormalPaths(_ path: String) throws {
        try SafeZip.checkPath(path, file: "x.docx")
    }

    @Test("entry count, size and ratio limits are checked before extracting")
    func zipLimits() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("twins/interview.docx")))
        #expect(throws: IngestionError.self) { _ = try SafeZip(data: data, file: "x.docx", limits: ZipLimits(maxEntries: 2)) }
        #expect(throws: IngestionError.self) { _ = try SafeZip(data: data, file: "x.docx", limits: ZipLimits(maxEntryBytes: 100)) }
        #expect(throws: IngestionError.self) { _ = try SafeZip(data: data, file: "x.docx", limits: ZipLimits(maxTotalBytes: 1000)) }
        let zip = try SafeZip(data: data, file: "x.docx", limits: ZipLimits())
        #expect(zip.entries.map(\.path).contains("word/document.xml"))
    }

    /// Found in a first-day review: a Word file too large to unpack was told to "split the project".
    @Test("an archive too large to unpack gets advice for its kind", arguments: [
        ("x.docx", "remove embedded videos, images or files from the document"), ("X.DOCX", "save its text as .txt"),
        ("p.qdpx", "Export the project again without its media"),
    ])
    func tooLargeAdvice(_ c: (file: String, advice: String)) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("twins/interview.docx")))
        for limits in [ZipLimits(maxEntryBytes: 100), ZipLimits(maxTotalBytes: 1000)] {
            let error = #expect(throws: IngestionError.self) { _ = try SafeZip(data: data, file: c.file, limits: limits) }
            #expect(error?.localizedDescription.contains(c.advice) == true, "\(error?.localizedDescription ?? "")")
            #expect(error?.localizedDescription.contains("project") == (c.file == "p.qdpx"))
        }
    }
}
