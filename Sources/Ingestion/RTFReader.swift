import Foundation
import LeitbildCore

/// Reads Rich Text (`.rtf`), the format f4 and f5 (Dresing & Pehl) save transcripts in and
/// WordPad and TextEdit write: the document's paragraphs, then the plain-text rules, as for Word.
///
/// - Text: characters outside control words, `\'hh` bytes in the document's code page (Windows-1252
///   for `\ansi` and `\ansicpgN`, Mac OS Roman for `\mac`), `\uN` characters (with the `\ucN`
///   replacement characters after them skipped), `\~` a no-break space, `\_` a hyphen, the named
///   quotes and dashes (`\ldblquote`, `\endash`, …); `\-` (optional hyphen) vanishes.
/// - Structure: `\par`, `\sect` and `\page` end a paragraph, `\line` is a line break inside it,
///   `\tab` a tab; a table row (`\cell`s up to `\row`) is one paragraph, read as the Word reader
///   reads one (time | speaker | text as "[time] speaker: text"). `Turn.sourceLine` is the
///   paragraph number in the document.
/// - Left out: font, colour and style tables, document information, pictures and objects,
///   headers, footers, footnotes and comments, a field's instruction (its result is kept),
///   list bullets and numbers (`\listtext`, `\pntext`), hidden text (`\v`), tracked deletions
///   (`\deleted`), and every destination marked ignorable (`{\*\…}`).
/// - Nesting deeper than `maxDepth` groups, a `}` without its `{`, and a file that does not start
///   with `{\rtf` are refused with the line; a group left open at the end is closed with a note.
public struct RTFReader: TranscriptReader {
    public init() {}

    /// Deepest group nesting read (Word and f4 stay far below 100; a deeper file is forged or broken).
    static let maxDepth = 512

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let result = context.data.withUnsafeBytes { raw in
            Result { () throws(IngestionError) in try Self.paragraphs(raw.bindMemory(to: UInt8.self), file: context.path, diagnostics: &diagnostics) }
        }
        let paragraphs = try result.get()
        let (text, lineMap) = DocxReader.render(paragraphs.map { (number: $0.0, text: $0.1) })
        let encoding = "RTF"
        let transcript = PlainTextParser.parse(text: text, context: context, metadata: context.metadata, lineMap: lineMap,
                                               format: .rtf, encoding: encoding, diagnostics: &diagnostics)
        return ReaderOutput(encoding: encoding, transcripts: [transcript], diagnostics: diagnostics)
    }

    /// A group's reading state, saved at `{` and restored at `}`.
    struct GroupState {
        /// Inside a destination whose text is not the document's (font table, picture, header, …).
        var skipping = false
        /// Hidden text (`\v`) or a tracked deletion (`\deleted`): not read.
        var hidden = false
        var deleted = false
        /// Replacement characters that follow a `\uN` (`\ucN`, 1 by default).
        var unicodeSkip = 1
    }

    /// Destinations whose text is not part of the document's body.
    static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "header", "headerl", "headerr", "headerf",
        "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "atnid", "atnauthor", "fldinst", "themedata",
        "colorschememapping", "latentstyles", "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator",
        "mmathPr", "pgdsctbl", "filetbl", "revtbl", "bkmkstart", "bkmkend", "template", "xe", "tc", "txe", "nonshppict", "shp",
        "shpinst", "sp", "sv", "sn", "title", "author", "operator", "keywords", "comment", "subject", "doccomm", "company",
        // a list item's bullet or number, written again as text for readers without lists (Word,
        // WordPad, LibreOffice and TextEdit write it without `\*`; found in a review: "·\tB: …"
        // hid the label)
        "listtext", "pntext",
    ]

    /// Control words that stand for one character.
    static let characterWords: [String: String] = [
        "emdash": "\u{2014}", "endash": "\u{2013}", "lquote": "\u{2018}", "rquote": "\u{2019}", "ldblquote": "\u{201C}",
        "rdblquote": "\u{201D}", "bullet": "\u{2022}", "emspace": "\u{2003}", "enspace": "\u{2002}", "qmspace": "\u{2005}",
        "tab": "\t", "line": "\n",
    ]

    /// The document's paragraphs, numbered from 1 (empty ones count), as UTF-8.
    static func paragraphs(_ bytes: UnsafeBufferPointer<UInt8>, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> [(Int, [UInt8])] {
        let end = bytes.count
        var i = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        guard end - i >= 5, bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "r"),
              bytes[i + 3] == UInt8(ascii: "t"), bytes[i + 4] == UInt8(ascii: "f") else {
            throw IngestionError.malformed(file: file, line: 1, message: "not Rich Text: an .rtf file starts with '{\\rtf'",
                                           hint: "Save the transcript again as RTF, or as .docx or .txt")
        }
        var line = 1
        var stack: [GroupState] = []
        var state = GroupState()
        var macRoman = false
        var paragraphs: [(Int, [UInt8])] = []
        var current: [UInt8] = []
        /// Replacement characters still to skip after a `\uN`.
        var pendingSkip = 0
        /// The first half of a character above U+FFFF, written as two `\uN`.
        var pendingHighSurrogate: UInt32? = nil

        func append(scalar: UInt32) {
            guard !state.skipping, !state.hidden, !state.deleted, let s = Unicode.Scalar(scalar) else { return }
            // Unicode's line and paragraph separators (TextEdit's soft line break): a line end.
            if scalar == 0x2028 || scalar == 0x2029 { current.append(10); return }
            current.append(contentsOf: String(Character(s)).utf8)
        }
        func append(byte b: UInt8) {
            let scalar = macRoman ? TextDecoding.macRomanScalar(b) : TextDecoding.windows1252Scalar(b)
            if scalar != 0 { append(scalar: scalar) }
        }
        /// Whether the paragraph is in a table (`\intbl`, until the next `\pard`), and the cells of
        /// the row so far: a row becomes one paragraph as in Word (`DocxReader.tableRow`: time |
        /// speaker | text reads as "[time] speaker: text"; found in a review: the cells had become
        /// tab-separated text and such a table's turns a header).
        var inTable = false
        var cells: [[UInt8]] = []
        func endParagraph() {
            guard !state.skipping else { return }
            if inTable {
                // A paragraph inside a cell: the cell goes on.
                if !current.isEmpty { current.append(32) }
                return
            }
            paragraphs.append((paragraphs.count + 1, current))
            current = []
        }
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        func isLetter(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) }

        /// Whether the group just opened is an ignorable destination (`{\*\…}`).
        var starred = false
        /// Whether the next control word is the first in its group (a destination names itself there).
        var groupStart = false

        while i < end {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"):
                guard stack.count < maxDepth else {
                    throw IngestionError.malformed(file: file, line: line, message: "groups nested more than \(maxDepth) deep",
                                                   hint: "The file is damaged or not written by a word processor; save it again as RTF or .docx")
                }
                stack.append(state)
                groupStart = true
                starred = false
                i += 1
            case UInt8(ascii: "}"):
                guard let saved = stack.popLast() else {
                    throw IngestionError.malformed(file: file, line: line, message: "a '}' closes a group that was never opened",
                                                   hint: "The file is damaged; save it again as RTF or .docx")
                }
                state = saved
                pendingSkip = 0
                groupStart = false
                i += 1
            case UInt8(ascii: "\\"):
                i += 1
                guard i < end else { break }
                let c = bytes[i]
                if isLetter(c) {
                    var wordEnd = i
                    while wordEnd < end, wordEnd - i < 32, isLetter(bytes[wordEnd]) { wordEnd += 1 }
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<wordEnd]), as: UTF8.self)
                    var j = wordEnd
                    var negative = false
                    if j < end, bytes[j] == UInt8(ascii: "-") { negative = true; j += 1 }
                    var digits = 0, value = 0
                    while j < end, digits < 10, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) {
                        value = value * 10 + Int(bytes[j] - UInt8(ascii: "0"))
                        digits += 1
                        j += 1
                    }
                    if digits == 0, negative { j -= 1; negative = false }
                    let parameter: Int? = digits > 0 ? (negative ? -value : value) : nil
                    if j < end, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    i = j
                    let first = groupStart
                    groupStart = false
                    if pendingSkip > 0, word != "u", characterWords[word] != nil {
                        // A character's control word as the replacement of a `\uN`.
                        pendingSkip -= 1
                        continue
                    }
                    if word == "bin" {
                        // `\binN`: N raw bytes (a picture's), which may hold braces and backslashes.
                        i = min(end, i + max(0, parameter ?? 0))
                        continue
                    }
                    if starred || (first && skippedDestinations.contains(word)) {
                        state.skipping = true
                        starred = false
                        continue
                    }
                    switch word {
                    case "par", "sect", "page": endParagraph()
                    case "intbl": inTable = true
                    case "pard": inTable = false
                    case "cell":
                        guard !state.skipping else { break }
                        cells.append(DocxReader.trim(current))
                        current = []
                    case "row":
                        guard !state.skipping else { break }
                        let last = DocxReader.trim(current)
                        if !last.isEmpty { cells.append(last) }
                        current = []
                        if !cells.isEmpty { paragraphs.append((paragraphs.count + 1, DocxReader.tableRow(cells))) }
                        cells = []
                        inTable = false
                    case "u":
                        guard let p = parameter else { break }
                        // Signed 16 bits: characters above U+7FFF are written negative. A value
                        // outside 16 bits keeps its low 16 (found by FuzzRTF: `\u-99999999` trapped).
                        let unit = UInt32(UInt16(truncatingIfNeeded: p))
                        if (0xD800...0xDBFF).contains(unit) {
                            // A high surrogate: its low half follows as a second `\uN`.
                            pendingHighSurrogate = unit
                        } else if (0xDC00...0xDFFF).contains(unit), let high = pendingHighSurrogate {
                            append(scalar: 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))
                            pendingHighSurrogate = nil
                        } else {
                            append(scalar: unit)
                            pendingHighSurrogate = nil
                        }
                        pendingSkip = state.unicodeSkip
                    case "uc": state.unicodeSkip = max(0, min(parameter ?? 1, 8))
                    case "v": state.hidden = (parameter ?? 1) != 0
                    // Tracked deletions are dropped, as the Word reader drops `w:del`: the text
                    // with all changes accepted (found in a review: "nicht" deleted, yet read).
                    case "deleted": state.deleted = (parameter ?? 1) != 0
                    // `\plain` resets the character formatting, hidden text and deletions with it.
                    case "plain": state.hidden = false; state.deleted = false
                    case "mac": macRoman = true
                    case "ansi", "pc", "pca": macRoman = false
                    default:
                        for u in characterWords[word]?.unicodeScalars ?? "".unicodeScalars { append(scalar: u.value) }
                    }
                } else {
                    i += 1
                    switch c {
                    case UInt8(ascii: "'"):
                        guard i + 1 < end, let h = hex(bytes[i]), let l = hex(bytes[i + 1]) else { break }
                        i += 2
                        if pendingSkip > 0 { pendingSkip -= 1; break }
                        append(byte: h << 4 | l)
                    case UInt8(ascii: "*"): starred = true
                    case UInt8(ascii: "~"): append(scalar: 0xA0)
                    case UInt8(ascii: "_"): append(scalar: 0x2D)
                    case UInt8(ascii: "-"): break
                    case 10, 13:
                        // A backslash before a line end is a paragraph end.
                        endParagraph()
                        if c == 13, i < end, bytes[i] == 10 { i += 1 }
                        line += 1
                    case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                        if pendingSkip > 0 { pendingSkip -= 1; break }
                        append(byte: c)
                    default: break
                    }
                    groupStart = false
                }
            case 10:
                line += 1
                i += 1
            case 13:
                if i + 1 < end, bytes[i + 1] == 10 { i += 1 }
                line += 1
                i += 1
            default:
                groupStart = false
                if pendingSkip > 0 {
                    pendingSkip -= 1
                } else if b >= 0x80 {
                    // Raw 8-bit text (not written by Word, but by some exporters): the code page's.
                    append(byte: b)
                } else if b >= 0x20 || b == 9 {
                    append(scalar: UInt32(b))
                }
                i += 1
            }
        }
        if !stack.isEmpty {
            diagnostics.append(Diagnostic(.note, "\(stack.count) group\(stack.count == 1 ? "" : "s") left open at the end (the file may be cut off); read up to its end",
                                          file: file, line: line, hint: "compare the end of the transcript with the original"))
        }
        if !current.isEmpty { paragraphs.append((paragraphs.count + 1, current)) }
        return paragraphs
    }
}
