import Foundation

/// RFC 4180 reading and writing, shared by the metadata sheet, survey imports, evaluation data
/// and the CSV reports.
public enum CSV {
    /// One parsed record with the 1-based line where it starts (records may span lines).
    public struct Record: Hashable, Sendable {
        public var fields: [String]
        public var line: Int
    }

    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
        public var description: String { "line \(line): \(message)" }
    }

    /// Guesses the delimiter from the first line: tab, `;` or `,`, whichever occurs most outside quotes.
    public static func detectDelimiter(_ text: String) -> Character {
        var tabs = 0, semicolons = 0, commas = 0
        var inQuotes = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: "\n") where !inQuotes: return pick(tabs, semicolons, commas)
            case UInt8(ascii: "\t") where !inQuotes: tabs += 1
            case UInt8(ascii: ";") where !inQuotes: semicolons += 1
            case UInt8(ascii: ",") where !inQuotes: commas += 1
            default: break
            }
        }
        return pick(tabs, semicolons, commas)
    }

    /// The most frequent delimiter; ties go to the comma, then the semicolon.
    private static func pick(_ tabs: Int, _ semicolons: Int, _ commas: Int) -> Character {
        if commas >= semicolons && commas >= tabs { return "," }
        return semicolons >= tabs ? ";" : "\t"
    }

    /// Parses RFC 4180 text (quotes, doubled quotes, delimiters and line breaks inside quotes).
    /// LF, CRLF and lone CR end records; CRLF inside a quoted field becomes LF. Blank lines are
    /// skipped. A quote left open is an error naming the line where it opened.
    ///
    /// Works on UTF-8 bytes: every delimiter is ASCII, so a field is a byte slice.
    public static func parse(_ text: String, delimiter: Character? = nil) throws(ParseError) -> [Record] {
        let read = records(text, delimiter: delimiter, repairingStrayQuotes: false)
        if let opened = read.unclosedAt { throw ParseError(line: opened, message: "a quoted field opened here is never closed") }
        return read.records
    }

    /// As `parse`, for a metadata sheet, with one repair: a quote that opens a field running over
    /// several lines and is closed by a quote that no delimiter or line end follows, or that is
    /// never closed, is taken for a stray quote (a typo such as `,"Jugend,`), which would swallow
    /// the rows after it up to the next quote. Its record is read again from its first line alone,
    /// with every quote that is not closed on that line left out, and reading goes on with the
    /// next line. A cell that runs over lines and is closed as RFC 4180 wants stays one cell, also
    /// in a row shorter than the header. `strayQuotes`: the lines so read.
    public static func parseSheet(_ text: String, delimiter: Character? = nil) -> (records: [Record], strayQuotes: [Int]) {
        let read = records(text, delimiter: delimiter, repairingStrayQuotes: true)
        return (read.records, read.strayQuotes)
    }

    /// The records of `text`, blank lines left out; with `repairingStrayQuotes`, stray quotes read
    /// as `parseSheet` says (their lines in `strayQuotes`), else reading stops at a quote never
    /// closed (its line in `unclosedAt`).
    private static func records(_ text: String, delimiter: Character?, repairingStrayQuotes: Bool)
        -> (records: [Record], strayQuotes: [Int], unclosedAt: Int?) {
        let delim = (delimiter ?? detectDelimiter(text)).asciiValue ?? UInt8(ascii: ",")
        let bytes = Array(text.utf8)
        var records: [Record] = []
        var strayQuotes: [Int] = []
        var offset = 0, line = 1
        while offset < bytes.count {
            var read = record(bytes, from: offset, line: line, delimiter: delim, oneLine: false)
            let stray = read.unclosedAt != nil || (read.nextLine > line + 1 && read.badClose)
            if stray, repairingStrayQuotes {
                read = record(bytes, from: offset, line: line, delimiter: delim, oneLine: true)
                strayQuotes.append(line)
            } else if let opened = read.unclosedAt {
                return (records, strayQuotes, opened)
            }
            if !(read.fields.count == 1 && read.fields[0].isEmpty) { records.append(Record(fields: read.fields, line: line)) }
            offset = read.next
            line = read.nextLine
        }
        return (records, strayQuotes, nil)
    }

    /// One record from byte `offset` (the start of line `line`): its fields, where the next record
    /// starts and on which line, the line of a quote left open at the text's end, and whether a
    /// quote closed a field where no delimiter or line end follows. `oneLine`: the record ends at
    /// the line's end, and a quote that is not closed on the line is no quote but left out.
    private static func record(_ bytes: [UInt8], from offset: Int, line: Int, delimiter delim: UInt8, oneLine: Bool)
        -> (fields: [String], next: Int, nextLine: Int, unclosedAt: Int?, badClose: Bool) {
        var badClose = false
        var quoteOpenedAt = line
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var fields: [String] = []
        var field: [UInt8] = []
        var i = offset, line = line
        var inQuotes = false, wasQuoted = false
        // The line's end, for `oneLine`: a quote opens a field only if it is closed before it.
        var lineEnd = bytes.count
        if oneLine, let end = bytes[offset...].firstIndex(where: { $0 == lf || $0 == cr }) { lineEnd = end }
        func closes(after start: Int) -> Bool {
            var k = start
            while k < lineEnd {
                if bytes[k] == quote {
                    if k + 1 < lineEnd, bytes[k + 1] == quote { k += 2; continue }
                    return k + 1 == lineEnd || bytes[k + 1] == delim
                }
                k += 1
            }
            return false
        }
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if inQuotes {
                switch byte {
                case quote:
                    if i < bytes.count, bytes[i] == quote { i += 1; field.append(quote) } else {
                        inQuotes = false
                        // A closing quote stands before a delimiter or the line's end.
                        if i < bytes.count, ![delim, lf, cr].contains(bytes[i]) { badClose = true }
                    }
                case cr, lf:
                    if byte == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                    line += 1
                    field.append(lf)
                default:
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !wasQuoted:
                if oneLine, !closes(after: i) { continue }
                inQuotes = true
                quoteOpenedAt = line
                wasQuoted = true
            case delim:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case lf, cr:
                if byte == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, i, line + 1, nil, badClose)
            default:
                field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, i, line + 1, inQuotes ? quoteOpenedAt : nil, badClose)
    }

    /// One cell of a line the tool writes. The renderer says what the cell is: text, which may
    /// come from the input and is guarded against spreadsheet formulas, or a number the tool
    /// formatted itself, which is written as it is (so that `-0.25` stays a number).
    public enum Field: Hashable, Sendable, ExpressibleByStringLiteral {
        /// Text: a quote, a term, a name, an id, a file name, a header. Written through
        /// `neutralized(_:)`.
        case text(String)
        /// A count, a number with its decimals or a 0/1 flag that the tool formatted itself; never
        /// text from the input.
        case number(String)

        /// A literal (a header) is text.
        public init(stringLiteral value: String) { self = .text(value) }

        /// The cell's characters before CSV quoting: text neutralised, a number as it is.
        public var cell: String {
            switch self {
            case let .text(s): CSV.neutralized(s)
            case let .number(s): s
            }
        }
    }

    /// Whether a text cell gets an apostrophe in front: it begins with a character that makes
    /// Excel or LibreOffice read it as a formula (`=`, `+`, `-`, `@`, tab, carriage return: the
    /// OWASP list for CSV injection), or with an apostrophe, so that dropping one leading
    /// apostrophe from every text cell that has one gives back the text exactly.
    @inline(__always)
    static func needsGuard(firstByte byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, UInt8(ascii: "'"): true
        default: false
        }
    }

    /// A text cell as a spreadsheet should show it: with an apostrophe in front when it begins
    /// with `=`, `+`, `-`, `@`, a tab, a carriage return or an apostrophe, else unchanged. So a
    /// quote such as "=WLAN" or "-3 Grad" never becomes a formula when the report is opened.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.utf8.first, needsGuard(firstByte: first) else { return text }
        return "'" + text
    }

    /// Quotes a field when it contains the delimiter, a quote, or a line break. Quoting only: the
    /// formula guard is `neutralized(_:)`, which `line(_:delimiter:)` applies to text fields.
    public static func escape(_ field: String, delimiter: Character = ",") -> String {
        // Byte scan: the delimiters are ASCII, and CR, LF and CRLF all contain a CR or LF byte
        // (a Character scan segments graphemes and made large CSV reports slow).
        let needsQuotes: Bool
        if let d = delimiter.asciiValue {
            needsQuotes = field.utf8.contains { $0 == d || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        } else {
            needsQuotes = field.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        }
        guard needsQuotes else { return field }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// One line of a report, terminated by CRLF as RFC 4180 specifies: text fields neutralised
    /// against formulas (`neutralized(_:)`), then every field quoted where needed.
    public static func line(_ fields: [Field], delimiter: Character = ",") -> String {
        fields.map { escape($0.cell, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }

    /// One line of fields written as they are (quoting only, no formula guard), terminated by
    /// CRLF: for files Leitbild reads back itself (the synthetic corpus's metadata sheet), never
    /// for a report.
    public static func line(verbatim fields: [String], delimiter: Character = ",") -> String {
        fields.map { escape($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }

    /// Appends the bytes of `line(fields, delimiter:)` for an ASCII delimiter, without building
    /// strings (for reports of hundreds of thousands of rows).
    public static func appendLine(_ fields: [Field], delimiter: UInt8, to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(delimiter) }
            let isText: Bool
            var value: String
            switch field {
            case let .text(s): (value, isText) = (s, true)
            case let .number(s): (value, isText) = (s, false)
            }
            value.withUTF8 { utf8 in
                let guarded = isText && utf8.first.map(needsGuard(firstByte:)) == true
                guard utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                    if guarded { out.append(UInt8(ascii: "'")) }
                    out.append(contentsOf: utf8)
                    return
                }
                out.append(0x22)
                if guarded { out.append(UInt8(ascii: "'")) }
                for byte in utf8 {
                    out.append(byte)
                    if byte == 0x22 { out.append(0x22) }
                }
                out.append(0x22)
            }
        }
        out.append(0x0D)
        out.append(0x0A)
    }
}
