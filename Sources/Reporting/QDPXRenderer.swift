import Foundation
import LeitbildCore
import Themes

/// `project.qdpx`: a REFI-QDA project (QDA-XML 1.0) for the analyst's own QDA work in MAXQDA,
/// ATLAS.ti, NVivo or QualCoder.
///
/// A zip with `project.qde` at the root and one `sources/GUID.txt` per interview: the
/// transcript's normalised text (UTF-8 without BOM, LF), so that positions (Unicode code points)
/// are exactly Leitbild's. The codebook as `CodebookQDA` exports it (categories with
/// `isCodable="false"`, unique names, terms in the description), the
/// automatic codings as their own user inside `<PlainTextSelection>`s, one case per interview with
/// the metadata as variables. GUIDs are derived from ids (`StableID`) and zip timestamps are fixed,
/// so reruns are byte-identical.
///
/// Not pseudonymised: it holds the full transcripts for the analyst's own work, like the
/// transcripts folder itself, and is as confidential (see `docs/reports.md`).
public struct QDPXRenderer: ReportRenderer {
    public var fileName: String { "project.qdpx" }

    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let zip = ZipWriter()
        try fill(zip, input)
        return RenderedFile(name: fileName, contents: zip.bytes)
    }

    /// Zips straight into the staged file; only the compressed pieces are held in memory.
    public func stage(_ input: ReportInput, to temporary: String) throws {
        try fill(ZipWriter(creating: temporary), input)
    }

    /// One interview's piece (what the pipeline builds beside the coding and keeps in the run
    /// cache), with the source name it gets when no other transcript has the same file name, or,
    /// with `sharedFile`, the name of a transcript whose file holds several (a `.qdpx` or a TEI
    /// corpus): its id in front of the file name.
    public static func piece(for coded: CodedTranscript, codebook: Codebook, sharedFile: Bool = false) throws(ReportingError) -> QDPXPiece {
        try piece(for: coded, codes: Codes(codebook), sharedFile: sharedFile)
    }

    /// `piece(for:codebook:sharedFile:)` with the codebook's names and GUIDs looked up once
    /// (the pipeline builds thousands of pieces with one codebook).
    public static func piece(for coded: CodedTranscript, codes: Codes, sharedFile: Bool = false) throws(ReportingError) -> QDPXPiece {
        try QDAProject.piece(for: coded, name: QDAProject.sourceName(coded.transcript, sharedName: sharedFile), codes: codes)
    }

    /// Names and GUIDs of a codebook's codes by id (the first code of an id wins), as the pieces
    /// use them.
    public struct Codes: Sendable {
        var names: [String: String] = [:]
        var guids: [String: String] = [:]

        public init(_ codebook: Codebook) {
            for c in codebook.codes where names[c.id] == nil {
                names[c.id] = c.name
                guids[c.id] = CodebookQDA.guid(forCodeID: c.id)
            }
        }
    }

    /// Adds `project.qde`, then one `sources/GUID.txt` per interview. `project.qde` is its head,
    /// one compressed piece per interview (taken from `input.qdpxPieces` where one was built for
    /// the same source name by the same zlib, else built here on all cores), and its tail.
    private func fill(_ archive: ZipWriter, _ input: ReportInput) throws {
        let project = QDAProject(input)
        let codes = Codes(input.codebook)
        let prebuilt = input.qdpxPieces
        // With their own ids and file names: this output is not shared (the type's comment).
        let transcripts = input.transcriptsAsRead
        let pieces = Parallel.map(Array(transcripts.indices)) { i -> Result<QDPXPiece, ReportingError> in
            let name = project.sources[i].name
            if i < prebuilt.count, let piece = prebuilt[i], piece.sourceName == name, piece.isFromThisZlib {
                return .success(piece)
            }
            return Result { () throws(ReportingError) in try QDAProject.piece(for: transcripts[i], name: name, codes: codes) }
        }
        try archive.begin("project.qde")
        try archive.append(Deflate.piece(Array(project.headXML().utf8), last: false))
        for piece in pieces { try archive.append(piece.get().element) }
        try archive.append(Deflate.piece(Array(project.tailXML().utf8), last: true))
        try archive.end()
        for (source, piece) in zip(project.sources, pieces) {
            try archive.add("sources/\(source.guid).txt", piece.get().text)
        }
        try archive.finish()
    }
}

/// One interview's share of `project.qdpx`, compressed: its `<TextSource>` element of
/// `project.qde` (a sync-flushed piece of that entry's stream) and its source text (an entry of
/// its own).
///
/// It depends only on the coded transcript, the codebook, the source name and the zlib that
/// compressed it. So the pipeline builds it with the file's coding and keeps it in the run cache
/// (whose key covers the transcript and the codebook), and a run that adds one interview
/// compresses only that interview's share; the archive is the same bytes either way.
public struct QDPXPiece: Sendable, Codable, Equatable {
    /// The source name the element was built with. A run that names the source otherwise builds
    /// the piece anew.
    public var sourceName: String
    /// The version of the zlib that compressed it (the system library): another zlib may
    /// compress the same bytes otherwise, so a piece from another one is built anew.
    public var zlibVersion: String
    /// Whether this process's zlib made it (else the renderer does not take it).
    public var isFromThisZlib: Bool { zlibVersion == Deflate.zlibVersion }
    /// The `<TextSource>` element, ending with a sync flush.
    public var element: DeflatedPiece
    /// The source text, a finished stream.
    public var text: DeflatedPiece

    /// Memberwise (the run cache builds these field by field).
    public init(sourceName: String, zlibVersion: String, element: DeflatedPiece, text: DeflatedPiece) {
        self.sourceName = sourceName
        self.zlibVersion = zlibVersion
        self.element = element
        self.text = text
    }
}

/// The content of a REFI-QDA project, built from the report input.
struct QDAProject {
    struct CodeNode {
        var guid: String
        var name: String
        var isCodable: Bool
        var color: String?
        var description: String
        var children: [CodeNode]
    }
    struct Selection {
        var guid: String
        var start: Int
        var end: Int
        var description: String
        var codings: [(guid: String, code: String)]
    }
    /// What the head of `project.qde` and the archive's entry names need of a source: its GUID
    /// and name (its text and selections are in its `QDPXPiece`).
    struct Source {
        var guid: String
        var name: String
    }
    struct Case {
        var guid: String
        var name: String
        var values: [(variable: String, value: String)]
        var source: String
    }

    var name: String
    var origin: String
    var userGUID: String
    var codes: [CodeNode]
    var variables: [(guid: String, name: String)]
    var cases: [Case]
    var sources: [Source]

    init(_ input: ReportInput) {
        name = input.projectName
        origin = input.options.generator
        userGUID = Self.userGUID

        // The codebook as Themes exports it to `.qdc` (unique names, stable GUIDs, the term list in a
        // "[Leitbild]" block of the description), so the codebook travels back in with the project.
        func node(_ code: QDACode) -> CodeNode {
            CodeNode(guid: code.guid, name: code.name, isCodable: code.isCodable, color: code.color.flatMap(Self.validColor),
                     description: code.description ?? "", children: code.children.map(node))
        }
        codes = CodebookQDA.qdaCodes(from: input.codebook).map(node)

        let transcripts = input.transcriptsAsRead
        var variableNames: [String] = []
        for coded in transcripts {
            for v in coded.transcript.metadata.variables where !variableNames.contains(v.name) { variableNames.append(v.name) }
        }
        variables = variableNames.map { (StableID.guid("variable:\($0)"), $0) }

        // Source names must be unique: a repeated file name gets the interview id in front.
        var fileCount: [String: Int] = [:]
        for coded in transcripts { fileCount[coded.transcript.source.fileName, default: 0] += 1 }
        var sources: [Source] = []
        var cases: [Case] = []
        var usedNames = Set<String>()
        for coded in transcripts {
            let t = coded.transcript
            let guid = Self.sourceGUID(t)
            var sourceName = Self.sourceName(t, sharedName: fileCount[t.source.fileName, default: 0] > 1)
            while !usedNames.insert(sourceName).inserted { sourceName += " (\(t.id))" }
            sources.append(Source(guid: guid, name: sourceName))
            cases.append(Case(guid: StableID.guid("case:\(t.id)"), name: t.id,
                              values: t.metadata.variables.map { ($0.name, $0.value) }, source: guid))
        }
        self.sources = sources
        self.cases = cases
    }

    static func sourceGUID(_ t: Transcript) -> String { StableID.guid("source:\(t.id)") }

    /// A source's name before it is made unique: the file name, with the interview id in front
    /// when other transcripts have the same file name.
    static func sourceName(_ t: Transcript, sharedName: Bool) -> String {
        sharedName ? "\(t.id) \(t.source.fileName)" : t.source.fileName
    }

    /// The automatic codings' user.
    static let userGUID = StableID.guid("user:leitbild-autocoding")

    /// One selection per coded segment with its codings (negated codings left out).
    static func selections(of coded: CodedTranscript, codes: QDPXRenderer.Codes) -> [Selection] {
        let t = coded.transcript
        var selections: [Selection] = []
        for s in coded.segments {
            let codings = s.codes.filter { !$0.negated }
            guard !codings.isEmpty else { continue }
            let key = "\(t.id):\(s.segment.span.start):\(s.segment.span.end)"
            let terms = codings.map { a in
                (codes.names[a.codeID] ?? a.codeID) + ": "
                    + a.matches.map { "\($0.term) [\($0.rule.rawValue)]" }.joined(separator: ", ")
            }
            selections.append(Selection(
                guid: StableID.guid("selection:\(key)"), start: s.segment.span.start, end: s.segment.span.end,
                description: "Leitbild: " + terms.joined(separator: "; "),
                codings: codings.map { (StableID.guid("coding:\(key):\($0.codeID)"), codes.guids[$0.codeID] ?? CodebookQDA.guid(forCodeID: $0.codeID)) }))
        }
        return selections
    }

    /// An interview's `<TextSource>` element and source text, each compressed.
    static func piece(for coded: CodedTranscript, name: String, codes: QDPXRenderer.Codes) throws(ReportingError) -> QDPXPiece {
        var xml: [UInt8] = []
        appendSourceXML(guid: sourceGUID(coded.transcript), name: name, selections: selections(of: coded, codes: codes), to: &xml)
        let element = try Deflate.piece(xml, last: false)
        var text = coded.transcript.text
        let deflated = text.withUTF8 { utf8 in Result { () throws(ReportingError) in try Deflate.piece(UnsafeRawBufferPointer(utf8), last: true) } }
        return QDPXPiece(sourceName: name, zlibVersion: Deflate.zlibVersion, element: element, text: try deflated.get())
    }

    static func validColor(_ color: String) -> String? {
        let hex = color.dropFirst()
        guard color.hasPrefix("#"), hex.count == 6 || hex.count == 3, hex.allSatisfy(\.isHexDigit) else { return nil }
        return color.uppercased()
    }

    /// `project.qde` (QDA-XML, `urn:QDA-XML:project:1.0`), elements in the schema's order, is
    /// `headXML()`, `appendSourceXML` for every source in order, then `tailXML()`.
    func headXML() -> String {
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"\(XML.escape(name))\" origin=\"\(XML.escape(origin))\" creatingUserGUID=\"\(userGUID)\">\n"
        x += "  <Users>\n    <User guid=\"\(userGUID)\" name=\"Leitbild (automatische Codierung)\"/>\n  </Users>\n"
        x += "  <CodeBook>\n    <Codes>\n"
        func code(_ c: CodeNode, depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            x += "\(pad)<Code guid=\"\(c.guid)\" name=\"\(XML.escape(c.name))\" isCodable=\"\(c.isCodable ? "true" : "false")\""
            if let color = c.color { x += " color=\"\(color)\"" }
            if c.description.isEmpty && c.children.isEmpty { x += "/>\n"; return }
            x += ">\n"
            if !c.description.isEmpty { x += "\(pad)  <Description>\(XML.escape(c.description))</Description>\n" }
            for child in c.children { code(child, depth: depth + 1) }
            x += "\(pad)</Code>\n"
        }
        for c in codes { code(c, depth: 3) }
        x += "    </Codes>\n  </CodeBook>\n"
        if !variables.isEmpty {
            x += "  <Variables>\n"
            for v in variables { x += "    <Variable guid=\"\(v.guid)\" name=\"\(XML.escape(v.name))\" typeOfVariable=\"Text\"/>\n" }
            x += "  </Variables>\n"
        }
        if !cases.isEmpty {
            x += "  <Cases>\n"
            for c in cases {
                x += "    <Case guid=\"\(c.guid)\" name=\"\(XML.escape(c.name))\">\n"
                for (variable, value) in c.values {
                    x += "      <VariableValue>\n        <VariableRef targetGUID=\"\(StableID.guid("variable:\(variable)"))\"/>\n"
                    x += "        <TextValue>\(XML.escape(value))</TextValue>\n      </VariableValue>\n"
                }
                x += "      <SourceRef targetGUID=\"\(c.source)\"/>\n    </Case>\n"
            }
            x += "  </Cases>\n"
        }
        if !sources.isEmpty { x += "  <Sources>\n" }
        return x
    }

    /// The `<TextSource>` of one source with a selection per coded segment (the bulk of the
    /// file), appended as bytes.
    static func appendSourceXML(guid: String, name: String, selections: [Selection], to b: inout [UInt8]) {
        let user = userGUID
        b.put("    <TextSource guid=\""); b.put(guid); b.put("\" name=\""); b.put(XML.escape(name))
        b.put("\" plainTextPath=\"internal://"); b.put(guid); b.put(".txt\" creatingUser=\""); b.put(user); b.put("\">\n")
        for sel in selections {
            b.put("      <PlainTextSelection guid=\""); b.put(sel.guid); b.put("\" startPosition=\""); b.put(String(sel.start))
            b.put("\" endPosition=\""); b.put(String(sel.end)); b.put("\" creatingUser=\""); b.put(user); b.put("\">\n")
            b.put("        <Description>"); b.put(XML.escape(sel.description)); b.put("</Description>\n")
            for coding in sel.codings {
                b.put("        <Coding guid=\""); b.put(coding.guid); b.put("\" creatingUser=\""); b.put(user); b.put("\">\n")
                b.put("          <CodeRef targetGUID=\""); b.put(coding.code); b.put("\"/>\n        </Coding>\n")
            }
            b.put("      </PlainTextSelection>\n")
        }
        b.put("    </TextSource>\n")
    }

    func tailXML() -> String {
        (sources.isEmpty ? "" : "  </Sources>\n") + "</Project>\n"
    }
}

private extension Array where Element == UInt8 {
    /// Appends a string's UTF-8 bytes.
    @inline(__always) mutating func put(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

/// XML escaping for element text and attribute values; drops characters XML 1.0 forbids
/// (controls other than tab, line feed and carriage return; U+FFFE, U+FFFF: EF BF BE/BF).
enum XML {
    static func escape(_ text: some StringProtocol) -> String {
        ByteEscaping.escape(text, needsWork: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF }) { bytes, i in
            switch bytes[i] {
            case 0x26: ("&amp;", 1)
            case 0x3C: ("&lt;", 1)
            case 0x3E: ("&gt;", 1)
            case 0x22: ("&quot;", 1)
            case 0x0A: ("&#10;", 1)
            case 0x09: ("&#9;", 1)
            case 0x0D: ("&#13;", 1)
            case ..<0x20: ("", 1)
            case 0xEF: ByteEscaping.sequence(bytes, at: i, 0xEF, 0xBF, (0xBE, 0xBF)) == nil ? nil : ("", 3)
            default: nil
            }
        }
    }
}
