import Foundation
import LeitbildCore

/// Reads Word `.docx`: the paragraphs of the main document part, then the plain-text rules.
///
/// - Tracked changes: insertions (`w:ins`, `w:moveTo`) are kept, deletions (`w:del`,
///   `w:delText`, `w:moveFrom`) dropped: the text as it reads with all changes accepted. A
///   paragraph whose mark was deleted runs on into the next one.
/// - Soft line breaks (`w:br`, `w:cr`) become a line break inside the paragraph, tabs a tab,
///   non-breaking hyphens a hyphen; soft hyphens, field codes, footnote and comment references vanish.
/// - Headers, footers, footnotes and comments live in other parts and are not read.
/// - Table rows become one paragraph each; a short first cell is read as the speaker label.
/// - Paragraphs are rendered separated by a blank line, like an f4 text export; `Turn.sourceLine`
///   is the paragraph number in the document (empty paragraphs count).
public struct DocxReader: TranscriptReader {
    public init() {}

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let zip = try SafeZip(data: context.data, file: context.path, limits: context.options.zipLimits)
        let partPath = try mainPartPath(zip)
        guard let entry = zip.entry(partPath) else {
            throw IngestionError.malformed(file: context.path, line: nil, message: "the archive has no '\(partPath)' (the Word document part)",
                                           hint: "Is this really a Word file? Save it again from Word as .docx")
        }
        let xml = try SafeXML.parse(zip.data(of: entry), file: "\(context.path)/\(partPath)")
        guard let root = xml.root, root.is("document"), let body = root.firstChild("body") else {
            throw IngestionError.malformed(file: context.path, line: nil, message: "'\(partPath)' has no <w:document>/<w:body>",
                                           hint: "Save the file again from Word as .docx")
        }
        if let ns = root.namespaceURI, ns != Self.wordNamespace {
            diagnostics.append(Diagnostic(.note, "the document uses the namespace '\(ns)' (Strict OOXML?); read like a normal .docx", file: context.path))
        }
        var paragraphs: [(number: Int, text: [UInt8])] = []
        var number = 0
        // A paragraph whose mark was deleted runs on into the next; the joined one keeps the first number.
        var carry: (number: Int, text: [UInt8])? = nil
        func add(_ bytes: [UInt8], markDeleted: Bool) {
            number += 1
            let joined = (carry?.number ?? number, (carry?.text ?? []) + bytes)
            if markDeleted {
                carry = joined
            } else {
                paragraphs.append(joined)
                carry = nil
            }
        }
        collect(body, add: add)
        if let carry { paragraphs.append(carry) }

        let (text, lineMap) = Self.render(paragraphs)
        let encoding = "UTF-8 (Word XML)"
        let transcript = PlainTextParser.parse(text: text, context: context, metadata: context.metadata, lineMap: lineMap,
                                               format: .docx, encoding: encoding, diagnostics: &diagnostics)
        return ReaderOutput(encoding: encoding, transcripts: [transcript], diagnostics: diagnostics)
    }

    /// The main document part from `_rels/.rels` (usually `word/document.xml`).
    func mainPartPath(_ zip: SafeZip) throws(IngestionError) -> String {
        guard let rels = zip.entry("_rels/.rels") else { return "word/document.xml" }
        let xml = try SafeXML.parse(zip.data(of: rels), file: "\(zip.file)/_rels/.rels")
        for relationship in xml.root?.children ?? XMLChildren(first: nil, elementsOnly: true) {
            if relationship.attribute("Type")?.hasSuffix("/officeDocument") == true, var target = relationship.attribute("Target") {
                if target.hasPrefix("/") { target.removeFirst() }
                try SafeZip.checkPath(target, file: zip.file)
                return target
            }
        }
        return "word/document.xml"
    }

    /// Walks block-level content: paragraphs, tables, content controls.
    private func collect(_ node: XMLNode, add: ([UInt8], Bool) -> Void) {
        for child in node.children {
            if child.is("p") {
                var bytes: [UInt8] = []
                inline(child, into: &bytes)
                add(bytes, paragraphMarkDeleted(child))
            } else if child.is("tbl") {
                for row in child.children("tr") {
                    let cells = row.children("tc").map { cell -> [UInt8] in
                        var bytes: [UInt8] = []
                        for p in cell.descendants("p") {
                            if !bytes.isEmpty { bytes.append(32) }
                            inline(p, into: &bytes)
                        }
                        return Self.trim(bytes)
                    }
                    add(Self.tableRow(cells), false)
                }
            } else if child.is("sdt") || child.is("sdtContent") || child.is("customXml") || child.is("ins") || child.is("moveTo") {
                collect(child, add: add)
            }
        }
    }

    /// Text of inline content, with changes accepted.
    private func inline(_ node: XMLNode, into bytes: inout [UInt8]) {
        for child in node.children {
            guard let name = child.pointer.pointee.name else { continue }
            switch String(cString: name) {
            case "t": for text in child.childNodes where text.isText { bytes.append(contentsOf: text.textBytes) }
            case "tab", "ptab": bytes.append(9)
            case "br", "cr": bytes.append(10)
            case "noBreakHyphen": bytes.append(UInt8(ascii: "-"))
            case "r", "ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent", "dir", "bdo":
                inline(child, into: &bytes)
            default:
                // del, moveFrom, delText, instrText, rPr, pPr, softHyphen, references, drawings: no text.
                continue
            }
        }
    }

    /// Whether the paragraph mark itself is a tracked deletion (the paragraph joins the next).
    private func paragraphMarkDeleted(_ paragraph: XMLNode) -> Bool {
        paragraph.firstChild("pPr")?.firstChild("rPr")?.firstChild("del") != nil
    }

    /// A table row as one paragraph: `Label: text` when the first cell is a short label. A cell
    /// of only a time before the text (time | speaker | text, as transcription services lay out
    /// tables) is the turn's start time: `[00:00:05] Interviewer: text`.
    static func tableRow(_ cells: [[UInt8]]) -> [UInt8] {
        var filled = cells.filter { !$0.isEmpty }
        var stamp: [UInt8] = []
        if filled.count >= 3, let k = filled.firstIndex(where: isTime), k < filled.count - 1 {
            // The first time is the start; an end time beside it is left out.
            let time = filled[k]
            let bracketed = [UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "(")].contains(time[0])
            stamp = (bracketed ? time : [UInt8(ascii: "[")] + time + [UInt8(ascii: "]")]) + [32]
            let last = filled.count - 1
            filled = filled.enumerated().filter { $0.offset == last || !isTime($0.element) }.map(\.element)
        }
        guard filled.count >= 2 else { return stamp + (filled.first ?? []) }
        var first = filled[0]
        let rest = filled.dropFirst().joined(separator: [32])
        let isLabel = first.count <= SpeakerLabelShape.maxLength && !first.contains(10)
            && !first.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: ",") })
        guard isLabel else { return stamp + Array(filled.joined(separator: [9])) }
        if first.last != UInt8(ascii: ":") { first.append(UInt8(ascii: ":")) }
        return stamp + first + [32] + rest
    }

    /// Whether a table cell is only a time (`00:00:05`, `0:05.3`, `[00:00:05]`, `#00:00:05-3#`).
    static func isTime(_ cell: [UInt8]) -> Bool {
        cell.withUnsafeBufferPointer { buffer in
            if let (_, after) = PlainTextParser.leadingTimestamp(buffer, 0, buffer.count) { return after == buffer.count }
            return buffer.contains(UInt8(ascii: ":")) && PlainTextParser.parseTime(buffer) != nil
        }
    }

    static func trim(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            let start = Blanks.skip(buffer, 0, buffer.count)
            return Array(buffer[start..<Blanks.trimEnd(buffer, start, buffer.count)])
        }
    }
}

extension DocxReader {
    /// Numbered paragraphs (Word's, RTF's) as one text, each trimmed and separated by a blank
    /// line, empty ones left out, with the line map from the text's lines to the paragraph
    /// numbers (`Turn.sourceLine`). Line ends inside a paragraph are counted as the normalised
    /// text will have them (a carriage return written `&#13;` becomes a line feed there), so that
    /// the map counts the same lines.
    static func render(_ paragraphs: [(number: Int, text: [UInt8])]) -> (text: String, lineMap: [Int]) {
        var rendered: [UInt8] = []
        var lineMap: [Int] = []
        for (number, text) in paragraphs {
            var trimmed = trim(text)
            guard !trimmed.isEmpty else { continue }
            if trimmed.contains(13) { trimmed = TextDecoding.foldLineEnds(trimmed) }
            if !rendered.isEmpty {
                rendered += [10, 10]
                lineMap.append(number)
            }
            rendered += trimmed
            lineMap.append(number)
            for b in trimmed where b == 10 { lineMap.append(number) }
        }
        return (TextDecoding.normalize(String(decoding: rendered, as: UTF8.self)), lineMap)
    }
}
