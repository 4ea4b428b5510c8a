import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LeitbildCore
import Testing
@testable import Themes

/// The default Hof codebook, read in place.
func demoCodebook() throws -> Codebook {
    let path = #filePath.replacingOccurrences(of: "Tests/ThemesTests/QDAExchangeTests.swift", with: "corpus/codebook.yaml")
    return try CodebookLoader.load(path: path)
}

/// Codes without the fields that only say where they were read from.
func comparable(_ book: Codebook) -> [Code] {
    book.codes.map { var c = $0; c.line = nil; return c }
}

@Suite("REFI-QDA codebook exchange (.qdc)")
struct QDAExchangeTests {
    @Test("a code's Leitbild block in the description parses back to the same fields")
    func descriptionRoundTrip() throws {
        let code = Code(id: "digital", name: "Digitales", parent: "felder", kind: .handlungsfeld, description: "Netze & Daten.\nZweite Zeile.",
                        color: "#112233", terms: ["Breitband*", "=WLAN", "\"Open Data\"", "öffentliches WLAN"],
                        exclusions: ["soziales Netz"], context: [ContextRule(term: "Netz", require: ["Internet", "=5G"])],
                        includeChildren: true)
        let text = CodebookQDA.description(of: code)
        let parsed = CodebookQDA.parseDescription(text)
        #expect(parsed.text == "Netze & Daten.\nZweite Zeile.")
        #expect(parsed.id == "digital")
        #expect(parsed.kind == .handlungsfeld)
        #expect(parsed.terms == code.terms)
        #expect(parsed.exclusions == code.exclusions)
        #expect(parsed.context == code.context)
        #expect(parsed.includeChildren)
        // Some programs join description lines; the block must still parse.
        let joined = CodebookQDA.parseDescription(text.replacingOccurrences(of: "\n", with: " "))
        #expect(joined.terms == code.terms)
        #expect(joined.context == code.context)
        #expect(joined.id == "digital")
    }

    @Test("the demo codebook survives Codebook -> [QDACode] -> Codebook unchanged")
    func treeRoundTrip() throws {
        let book = try demoCodebook()
        let codes = CodebookQDA.qdaCodes(from: book)
        #expect(codes.count == 2)  // the two top-level categories
        let (back, warnings) = CodebookQDA.codebook(from: codes, name: book.name)
        #expect(warnings.isEmpty)
        #expect(comparable(back) == comparable(book))
    }

    @Test("GUIDs are derived from ids: stable, unique and in REFI-QDA's GUID format")
    func guids() throws {
        let book = try demoCodebook()
        let guids = book.codes.map { CodebookQDA.guid(forCodeID: $0.id) }
        #expect(Set(guids).count == guids.count)
        #expect(guids == book.codes.map { CodebookQDA.guid(forCodeID: $0.id) })
        let pattern = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        #expect(guids.allSatisfy { $0.wholeMatch(of: pattern) != nil })
        #expect(CodebookQDA.guid(forCodeID: "mobilitaet") == "\(CodebookQDA.guid(forCodeID: "mobilitaet"))")
    }

    @Test("the .qdc export is deterministic, escaped and well-formed")
    func export() throws {
        var book = try demoCodebook()
        book.codes[1].name = "Mobilität <&> \"Verkehr\""
        book.codes[1].description = "Bus & Bahn <script>alert(1)</script>"
        let xml = QDCWriter.render(book)
        #expect(xml == QDCWriter.render(book))
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""))
        #expect(xml.contains("name=\"Mobilität &lt;&amp;&gt; &quot;Verkehr&quot;\""))
        #expect(xml.contains("<Description>Bus &amp; Bahn &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!xml.contains("<script>"))
        #expect(xml.contains("isCodable=\"false\""))
        let names = try QDCStructure.parse(xml)
        #expect(names.count == book.codes.count)
        #expect(names.contains("Mobilität <&> \"Verkehr\""))
    }

    @Test("repeated code names are made unique on export and restored on import")
    func uniqueNames() throws {
        let book = Codebook(name: "b", codes: [
            Code(id: "a", name: "Sonstiges", kind: .handlungsfeld, terms: ["Bus"]),
            Code(id: "b", name: "Sonstiges", kind: .value, terms: ["Bahn"]),
        ])
        let codes = CodebookQDA.qdaCodes(from: book)
        #expect(codes.map(\.name) == ["Sonstiges (a)", "Sonstiges (b)"])
        #expect(comparable(CodebookQDA.codebook(from: codes, name: "b").codebook) == comparable(book))
    }

    @Test("codes from other programs get ids, kinds and terms from their names")
    func foreignCodes() {
        let codes = [QDACode(guid: "0d9c2c1e-5b7e-4c1a-9f0e-1a2b3c4d5e6f", name: "Handlungsfelder", isCodable: false, color: "#ABC", children: [
            QDACode(guid: "1d9c2c1e-5b7e-4c1a-9f0e-1a2b3c4d5e6f", name: "Gesundheit & Pflege", isCodable: true, description: "Ärzte, Pflege."),
            QDACode(guid: "2d9c2c1e-5b7e-4c1a-9f0e-1a2b3c4d5e6f", name: "???", isCodable: true),
        ])]
        let (book, warnings) = CodebookQDA.codebook(from: codes, name: "fremd")
        #expect(book.codes.map(\.id) == ["handlungsfelder", "gesundheit_pflege", "code"])
        #expect(book.codes[0].kind == .category)
        #expect(book.codes[0].color == "#aabbcc")
        #expect(book.codes[1].terms == ["Gesundheit", "Pflege"])
        #expect(book.codes[1].parent == "handlungsfelder")
        #expect(book.codes[1].description == "Ärzte, Pflege.")
        #expect(warnings == ["code '???' has no terms: add some to 'code' before coding with it"])
    }

    @Test("an imported codebook written as YAML loads back unchanged")
    func yamlRoundTrip() throws {
        let book = try demoCodebook()
        let yaml = CodebookWriter.yaml(book, header: ["Imported from test.qdc"])
        let back = try CodebookLoader.parse(yaml, path: "imported.yaml")
        #expect(comparable(back) == comparable(book))
        #expect(back.name == book.name)
        #expect(yaml.hasPrefix("# Imported from test.qdc\nversion: 1\n"))
    }
}

/// Reads code names out of a `.qdc` with Foundation's XML parser: proves the export is
/// well-formed XML in the codebook namespace (the full reader lives in Ingestion).
final class QDCStructure: NSObject, XMLParserDelegate {
    private var names: [String] = []
    private var namespaceOK = false

    static func parse(_ xml: String) throws -> [String] {
        let delegate = QDCStructure()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        guard delegate.namespaceOK else { throw CocoaError(.fileReadCorruptFile) }
        return delegate.names
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        if elementName == "CodeBook" { namespaceOK = namespaceURI == QDCWriter.namespace }
        if elementName == "Code", let name = attributeDict["name"] { names.append(name) }
    }
}

@Suite("Golden files")
struct GoldenFileTests {
    static let snapshots = #filePath.replacingOccurrences(of: "GoldenFileTests.swift", with: "").replacingOccurrences(of: "QDAExchangeTests.swift", with: "Snapshots/")

    /// A small codebook with every feature the export carries.
    static let book = Codebook(name: "Golden", codes: [
        Code(id: "felder", name: "Handlungsfelder", kind: .category, description: "Was der Landkreis angehen soll."),
        Code(id: "mobil", name: "Mobilität & Verkehr", parent: "felder", kind: .handlungsfeld, description: "Bus, Bahn <Rad>.", color: "#1f77b4",
             terms: ["Bus", "öffentlicher Nahverkehr", "Rad*", "=ÖPNV"], exclusions: ["\"Zug um Zug\""],
             context: [ContextRule(term: "Bus", require: ["fahren", "Haltestelle"])], includeChildren: true),
        Code(id: "rad", name: "Radverkehr", parent: "mobil", kind: .handlungsfeld, terms: ["Radweg"]),
        Code(id: "werte", name: "Leitbild-Werte", kind: .category),
        Code(id: "gemeinwohl", name: "Gemeinwohl", parent: "werte", kind: .value, color: "#843C39", terms: ["Gemeinwohl"]),
    ])

    /// Compares with the stored file; `LEITBILD_RECORD_SNAPSHOTS=1 swift test` writes it instead.
    static func check(_ text: String, _ name: String) throws {
        let path = snapshots + name
        if ProcessInfo.processInfo.environment["LEITBILD_RECORD_SNAPSHOTS"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let stored = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == stored, "\(name) differs from the golden file; if the change is intended, re-record with LEITBILD_RECORD_SNAPSHOTS=1")
    }

    @Test("the .qdc export of a small codebook")
    func qdc() throws { try Self.check(QDCWriter.render(Self.book), "golden.qdc") }

    @Test("the YAML of a small codebook")
    func yaml() throws { try Self.check(CodebookWriter.yaml(Self.book), "golden.yaml") }
}
