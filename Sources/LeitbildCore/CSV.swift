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
        var counts: [Character: Int] = ["\t": 0, ";": 0, ",": 0]
        var inQuotes = false
        for ch in text {
            if ch == "\"" { inQuotes.toggle() }
            else if !inQuotes, ch == "\n" { break }
            else if !inQuotes, counts[ch] != nil { counts[ch]! += 1 }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key != "," && b.key == "," }
        return (best?.value ?? 0) > 0 ? best!.key : ","
    }

    /// Parses RFC 4180 text (quotes, doubled quotes, delimiters and line breaks inside quotes).
    /// Text is expected with LF or CRLF line ends. A quote left open is an error naming its line.
    public static func parse(_ text: String, delimiter: Character? = nil) throws(ParseError) -> [Record] {
        let delim = delimiter ?? detectDelimiter(text)
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteOpenedAt = 0
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }

        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") }
                        else { inQuotes = false; pending = following }
                    } else { inQuotes = false }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1; field.append("\n") } else { field.append(ch) }
                }
                continue
            }
            switch ch {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quoteOpenedAt = line
            case delim:
                fields.append(field); field = ""; fieldWasQuoted = false
            case "\n", "\r\n", "\r":
                fields.append(field); field = ""; fieldWasQuoted = false
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Record(fields: fields, line: recordLine))
                }
                fields = []
                line += 1
                recordLine = line
            default:
                field.append(ch)
            }
        }
        if inQuotes {
            throw ParseError(line: quoteOpenedAt, message: "a quoted field opened here is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine))
        }
        return records
    }

    /// Quotes a field when it contains the delimiter, a quote, or a line break.
    public static func escape(_ field: String, delimiter: Character = ",") -> String {
        let needsQuotes = field.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line of fields, terminated by CRLF as RFC 4180 specifies.
    public static func line(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { escape($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }
}
