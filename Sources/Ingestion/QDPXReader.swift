import Foundation
import LeitbildCore
import ZIPFoundation

/// Reads REFI-QDA projects (`.qdpx` archives, or a bare `project.qde`): one transcript per text source.
///
/// - Text: `plainTextPath="internal://…"` from the archive's `sources/` folder (any case), or
///   `<PlainTextContent>`; then the plain-text rules (labels, timestamps). Sources with only a
///   rich text (`.docx`) are read with the Word rules, without their codings.
/// - Metadata: the sheet row for the source name (or its stem), then the variables of the
///   source and of every case that lists it (`<Case><SourceRef>`), plus `case` = the case names.
/// - Existing codings: every `<PlainTextSelection>` with its `<Coding>`s, code names from the
///   `<CodeBook>` and coder names from `<Users>`. Positions are Unicode scalars of the source
///   text as stored; they are mapped through the CRLF→LF and NFC normalisation, so a CRLF
///   source from a Windows program lands on the same words.
public struct QDPXReader: TranscriptReader {
    public init() {}

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let zip: SafeZip?
        let xml: XMLDocument
        if context.data.starts(with: [0x50, 0x4B]) || context.path.lowercased().hasSuffix(".qdpx") {
            let archive = try SafeZip(data: context.data, file: context.path, limits: context.options.zipLimits)
            zip = archive
            xml = try Self.projectDocument(archive)
        } else {
            zip = nil
            xml = try SafeXML.parse(context.data, file: context.path)
        }
        let projectFile = zip == nil ? context.path : "\(context.path)/project.qde"
        let codes = QDACodebookReader.index(try QDACodebookReader.codes(inProject: xml, file: projectFile))
        guard let root = xml.root else { return ReaderOutput(encoding: "UTF-8", transcripts: [], diagnostics: diagnostics) }

        var users: [String: String] = [:]
        for user in root.firstChild("Users")?.children("User") ?? [] {
            if let guid = user.attribute("guid") { users[guid] = user.attribute("name") ?? user.attribute("id") ?? guid }
        }
        var variableNames: [String: String] = [:]
        for variable in root.firstChild("Variables")?.children("Variable") ?? [] {
            if let guid = variable.attribute("guid"), let name = variable.attribute("name") { variableNames[guid] = name }
        }
        func values(of node: XMLNode) -> [Variable] {
            node.children("VariableValue").compactMap { value in
                guard let ref = value.firstChild("VariableRef")?.attribute("targetGUID") else { return nil }
                let name = variableNames[ref] ?? ref
                let content = value.children.first { !$0.is("VariableRef") }?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                return Variable(name: name, value: content)
            }
        }
        var casesBySource: [String: [(name: String, variables: [Variable])]] = [:]
        for c in root.firstChild("Cases")?.children("Case") ?? [] {
            let name = c.attribute("name") ?? c.attribute("guid") ?? "case"
            let vars = values(of: c)
            for ref in c.children("SourceRef") {
                if let target = ref.attribute("targetGUID") { casesBySource[target, default: []].append((name, vars)) }
            }
        }

        var transcripts: [Transcript] = []
        var rows: [Int] = []
        var encoding = "UTF-8"
        var usedIDs = Set<String>()
        for source in root.firstChild("Sources")?.children ?? XMLChildren(first: nil, elementsOnly: true) {
            guard source.is("TextSource") else {
                diagnostics.append(Diagnostic(.note, "<\(source.name) name=\"\(source.attribute("name") ?? "")\"> is not a text source and is skipped",
                                              file: projectFile, line: source.line))
                continue
            }
            let guid = source.attribute("guid") ?? ""
            let name = source.attribute("name") ?? guid
            // Metadata: sheet row for the source name, then source and case variables.
            var metadata = context.sheet.metadata(forFile: name)
            if let row = context.sheet.rowIndex(forFile: name) { rows.append(row) }
            var extra = values(of: source)
            let cases = casesBySource[guid] ?? []
            if !cases.isEmpty { extra.append(Variable(name: "case", value: cases.map(\.name).joined(separator: "; "))) }
            for c in cases { extra += c.variables }
            Self.merge(extra, into: &metadata)
            var id = metadata.interviewID
            if usedIDs.contains(id) { id += "-" + guid.prefix(8) }
            usedIDs.insert(id)

            let memberPath = "\(context.path)#\(name)"
            guard let raw = try sourceText(source, zip: zip, file: context.path, diagnostics: &diagnostics) else {
                if let rich = source.attribute("richTextPath"), let zip, let entry = Self.internalEntry(rich, in: zip) {
                    var member = context
                    member.path = memberPath
                    member.data = try zip.data(of: entry)
                    member.metadata = metadata
                    let output = try DocxReader().read(member)
                    diagnostics += output.diagnostics
                    diagnostics.append(Diagnostic(.warning, "source '\(name)' has only a rich text (.docx); its codings are not read because their positions refer to the plain text",
                                                  file: projectFile, line: source.line, hint: "export the project with plain-text sources"))
                    for var t in output.transcripts { t.id = id; transcripts.append(t) }
                }
                continue
            }
            encoding = raw.encoding
            let mapped = OffsetMappedText(raw.utf8)
            var sourceContext = context
            sourceContext.metadata = metadata
            var transcript = PlainTextParser.parse(text: mapped.text, context: sourceContext, metadata: metadata, id: id,
                                                   format: .refiQDA, encoding: raw.encoding, diagnostics: &diagnostics)
            transcript.existingCodings = codings(of: source, text: mapped, codes: codes, users: users, sourceName: name,
                                                 file: projectFile, diagnostics: &diagnostics)
            transcripts.append(transcript)
        }
        if transcripts.isEmpty {
            throw IngestionError.malformed(file: context.path, line: root.line, message: "the project has no readable text source",
                                           hint: "Export the project with its text documents (Sources) included")
        }
        return ReaderOutput(encoding: encoding, transcripts: transcripts, diagnostics: diagnostics, metadataRows: rows)
    }

    /// `project.qde` of an archive, parsed safely.
    static func projectDocument(_ zip: SafeZip) throws(IngestionError) -> XMLDocument {
        guard let entry = zip.entry("project.qde", caseInsensitive: true)
            ?? zip.entries.first(where: { $0.path.lowercased().hasSuffix(".qde") && !$0.path.contains("/") })
        else {
            throw IngestionError.malformed(file: zip.file, line: nil, message: "the archive has no project.qde",
                                           hint: "Is this a REFI-QDA project? Export it again as .qdpx from the QDA program")
        }
        return try SafeXML.parse(zip.data(of: entry), file: "\(zip.file)/\(entry.path)")
    }

    /// The archive entry of an `internal://name` path, in a `sources/` folder of any case.
    static func internalEntry(_ path: String, in zip: SafeZip) -> Entry? {
        guard path.hasPrefix("internal://") else { return nil }
        let name = String(path.dropFirst("internal://".count))
        return zip.entry("sources/\(name)", caseInsensitive: true) ?? zip.entry(name, caseInsensitive: true)
    }

    /// The plain text of a source as stored, or nil when it has none (diagnostics say why).
    private func sourceText(_ source: XMLNode, zip: SafeZip?, file: String, diagnostics: inout [Diagnostic])
        throws(IngestionError) -> TextDecoding.Raw?
    {
        let name = source.attribute("name") ?? "?"
        if let content = source.firstChild("PlainTextContent") {
            var bytes: [UInt8] = []
            content.appendText(to: &bytes)
            return TextDecoding.Raw(utf8: bytes, encoding: "UTF-8")
        }
        guard let path = source.attribute("plainTextPath") else {
            if source.attribute("richTextPath") == nil {
                diagnostics.append(Diagnostic(.warning, "source '\(name)' has no text (no plainTextPath or PlainTextContent)", file: file, line: source.line))
            }
            return nil
        }
        guard let zip, let entry = Self.internalEntry(path, in: zip) else {
            diagnostics.append(Diagnostic(.warning, "source '\(name)' points to '\(path)', which is not inside the archive; it is not read",
                                          file: file, line: source.line, hint: "export the project with sources embedded (internal://)"))
            return nil
        }
        let data = try zip.data(of: entry)
        if data.isEmpty { return TextDecoding.Raw(utf8: [], encoding: "UTF-8") }
        var notes: [Diagnostic] = []
        let raw = try TextDecoding.decodeWithoutNormalizing(data, file: "\(zip.file)/\(entry.path)", diagnostics: &notes)
        diagnostics += notes
        return raw
    }

    private func codings(of source: XMLNode, text: OffsetMappedText, codes: [String: QDACode], users: [String: String], sourceName: String,
                         file: String, diagnostics: inout [Diagnostic]) -> [ExistingCoding]
    {
        var result: [ExistingCoding] = []
        func add(_ coding: XMLNode, range: TextRange, selectionUser: String?) {
            guard let target = coding.firstChild("CodeRef")?.attribute("targetGUID") else {
                diagnostics.append(Diagnostic(.warning, "a <Coding> of source '\(sourceName)' has no <CodeRef>; skipped", file: file, line: coding.line))
                return
            }
            guard let code = codes[target] else {
                diagnostics.append(Diagnostic(.warning, "a coding of source '\(sourceName)' refers to code \(target), which is not in the <CodeBook>; kept with the GUID as name",
                                              file: file, line: coding.line, hint: "export the project with its complete codebook"))
                result.append(ExistingCoding(codeID: target, codeName: target, range: range, coder: (coding.attribute("creatingUser") ?? selectionUser).map { users[$0] ?? $0 }))
                return
            }
            let user = coding.attribute("creatingUser") ?? selectionUser
            result.append(ExistingCoding(codeID: code.guid, codeName: code.name, range: range, coder: user.map { users[$0] ?? $0 }))
        }
        for selection in source.children("PlainTextSelection") {
            guard let start = selection.attribute("startPosition").flatMap(Int.init), let end = selection.attribute("endPosition").flatMap(Int.init),
                  start >= 0, start <= end, end <= text.sourceScalarCount
            else {
                diagnostics.append(Diagnostic(.warning, "selection \(selection.attribute("guid") ?? "") of source '\(sourceName)' has positions \(selection.attribute("startPosition") ?? "?")–\(selection.attribute("endPosition") ?? "?") outside the text (\(text.sourceScalarCount) characters); skipped",
                                              file: file, line: selection.line, hint: "the project and its source files may not belong together"))
                continue
            }
            let range = text.range(sourceScalars: start..<end)
            for coding in selection.children("Coding") { add(coding, range: range, selectionUser: selection.attribute("creatingUser")) }
        }
        // A coding of the source itself covers the whole text.
        for coding in source.children("Coding") {
            add(coding, range: text.range(sourceScalars: 0..<text.sourceScalarCount), selectionUser: nil)
        }
        return result.sorted { ($0.range.scalars.start, $0.range.scalars.end, $0.codeName) < ($1.range.scalars.start, $1.range.scalars.end, $1.codeName) }
    }

    /// Adds variables and fills the typed fields from well-known variable names.
    static func merge(_ variables: [Variable], into metadata: inout InterviewMetadata) {
        for variable in variables where metadata[variable: variable.name] == nil {
            metadata.variables.append(variable)
            let key = variable.name.lowercased()
            let value = variable.value.isEmpty ? nil : variable.value
            if MetadataSheet.groupColumns.contains(key), metadata.group == nil { metadata.group = value }
            if MetadataSheet.municipalityColumns.contains(key), metadata.municipality == nil { metadata.municipality = value }
            if MetadataSheet.dateColumns.contains(key), metadata.date == nil { metadata.date = value }
            if PersonCells.interviewerColumns.contains(key), metadata.interviewer == nil { metadata.interviewer = value }
        }
    }
}

/// A source text normalised to NFC/LF together with a map from the source's scalar offsets
/// (what REFI-QDA positions count) to the normalised text's.
struct OffsetMappedText {
    let text: String
    let sourceScalarCount: Int
    /// `map[i]` = normalised scalar offset of source scalar offset `i`; nil when the text was
    /// already normalised (identity).
    private let map: [Int]?
    /// UTF-8 offset of every normalised scalar offset.
    private let utf8Offsets: [Int]

    init(_ utf8: [UInt8]) {
        let quick = !utf8.contains(13) && utf8.withUnsafeBufferPointer { TextDecoding.isQuickNFC($0) }
        let source = String(decoding: utf8, as: UTF8.self)
        if quick {
            text = source
            map = nil
            sourceScalarCount = source.unicodeScalars.count
        } else {
            // Per grapheme cluster: CR LF and CR become LF; everything else is composed. Composition
            // happens within a cluster (base + combining marks), so each source scalar keeps a
            // well-defined place in the result.
            var out = ""
            out.reserveCapacity(utf8.count)
            var mapping: [Int] = []
            mapping.reserveCapacity(utf8.count + 1)
            var normalized = 0
            for ch in source {
                let piece: String
                if ch == "\r\n" || ch == "\r" {
                    piece = "\n"
                } else if ch.isASCII {
                    piece = String(ch)
                } else {
                    piece = String(ch).precomposedStringWithCanonicalMapping
                }
                for _ in ch.unicodeScalars { mapping.append(normalized) }
                out += piece
                normalized += piece.unicodeScalars.count
            }
            mapping.append(normalized)
            text = out
            map = mapping
            sourceScalarCount = mapping.count - 1
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(text.utf8.count + 1)
        var byte = 0
        for scalar in text.unicodeScalars {
            offsets.append(byte)
            byte += UTF8.width(scalar)
        }
        offsets.append(byte)
        utf8Offsets = offsets
    }

    /// The normalised range of a source scalar range.
    func range(sourceScalars: Range<Int>) -> TextRange {
        let start = map.map { $0[sourceScalars.lowerBound] } ?? sourceScalars.lowerBound
        let end = map.map { $0[sourceScalars.upperBound] } ?? sourceScalars.upperBound
        return TextRange(scalars: SourceSpan(start: start, end: max(start, end)), utf8: utf8Offsets[start]..<utf8Offsets[max(start, end)])
    }
}
