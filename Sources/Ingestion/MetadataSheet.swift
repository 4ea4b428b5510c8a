import Foundation
import LeitbildCore

/// The metadata sheet beside the transcripts (`metadata.csv` or `.tsv`): one row per interview,
/// joined to transcripts by the `file` column (file name, folders ignored, case-insensitive as
/// a fallback; without its extension when one file read has that stem, `joinStems(of:)`) or by
/// `interview_id` = file name without extension.
///
/// Every column is kept as a variable under its header name; the well-known ones are also typed
/// (`group`, `municipality`, `date`, `interviewer`). `interviewer` and `respondent` name the
/// people whose speaker labels decide roles (see `SpeakerRoles`).
public struct MetadataSheet: Sendable {
    public static let empty = MetadataSheet(path: nil, header: [], rows: [], diagnostics: [])

    public var path: String?
    /// Column names as written (trimmed).
    public var header: [String] { didSet { lookup = Lookup(sheet: self) } }
    public var rows: [CSV.Record] { didSet { lookup = Lookup(sheet: self) } }
    public var diagnostics: [Diagnostic]

    /// Column names accepted for the well-known fields (first match wins, case-insensitive).
    static let idColumns = ["interview_id", "id", "interview", "interview-id", "interviewid"]
    static let fileColumns = ["file", "datei", "filename", "file_name", "dateiname"]
    static let groupColumns = ["group", "stakeholder_group", "gruppe", "stakeholdergruppe", "akteursgruppe"]
    static let municipalityColumns = ["municipality", "gemeinde", "kommune", "ort"]
    static let dateColumns = ["date", "datum"]

    public init(path: String?, header: [String], rows: [CSV.Record], diagnostics: [Diagnostic]) {
        self.path = path
        self.header = header
        self.rows = rows
        self.diagnostics = diagnostics
        keys = header.map { $0.lowercased() }
        lookup = Lookup()
        lookup = Lookup(sheet: self)
    }

    private let keys: [String]
    /// Row lookup by file name and id, built once: a batch joins every file with the sheet, and
    /// scanning all rows per file made joining quadratic (minutes at 5,000 interviews).
    private var lookup: Lookup
    /// The names of the transcript files read with the sheet (`joinStems(of:)`), for rows whose
    /// file cell names a file without its extension.
    private var stemFiles: [String] = [] { didSet { lookup = Lookup(sheet: self) } }

    /// The first row for each file name (exact and lower-cased) and each interview id.
    struct Lookup: Sendable {
        var file: [String: Int] = [:]
        var lowercasedFile: [String: Int] = [:]
        var id: [String: Int] = [:]
        /// The row of a file whose row names it without its extension (`01-a` for `01-a.txt`),
        /// when no other file of `stemFiles` has that stem and no row names it in full.
        var stem: [String: Int] = [:]
        /// The rows whose extensionless file cell fits several files, with those files' names sorted.
        var ambiguousStems: [(row: Int, files: [String])] = []

        init() {}

        init(sheet: MetadataSheet) {
            var stemRows: [String: Int] = [:]
            for (index, row) in sheet.rows.enumerated() {
                if let name = sheet.value(row, MetadataSheet.fileColumns).map(PathName.lastComponent) {
                    if file[name] == nil { file[name] = index }
                    let lower = name.lowercased()
                    if lowercasedFile[lower] == nil { lowercasedFile[lower] = index }
                    if !sheet.stemFiles.isEmpty, SourceFormat.readableExtensions[PathName.extension(lower)] == nil, stemRows[lower] == nil {
                        stemRows[lower] = index
                    }
                }
                if let value = sheet.value(row, MetadataSheet.idColumns), id[value] == nil { id[value] = index }
            }
            guard !stemRows.isEmpty else { return }
            // The files no row names in full, by their stem (case-insensitive, as names are).
            var byStem: [String: [String]] = [:]
            for name in Set(sheet.stemFiles) where file[name] == nil && lowercasedFile[name.lowercased()] == nil {
                byStem[PathName.stem(name).lowercased(), default: []].append(name)
            }
            for (value, index) in stemRows.sorted(by: { $0.value < $1.value }) {
                guard let names = byStem[value] else { continue }
                if names.count == 1 { stem[names[0]] = index } else { ambiguousStems.append((index, names.sorted())) }
            }
        }
    }

    /// Joins the rows whose file cell has no extension (`01-landratsamt`, or no extension a reader
    /// takes) with the one file of `files` of that stem that no row names in full; a row that fits
    /// several files is joined with none, and a warning at its line names them. Returns the new
    /// diagnostics (also added to `diagnostics`). Call it with every transcript file a run reads.
    @discardableResult
    public mutating func joinStems(of files: [String]) -> [Diagnostic] {
        guard !rows.isEmpty, hasFileColumn else { return [] }
        stemFiles = files.map(PathName.lastComponent)
        let found = lookup.ambiguousStems.map { row, names in
            let cell = value(rows[row], Self.fileColumns) ?? ""
            return Diagnostic(.warning, "file '\(cell)' has no extension, and \(names.count) transcript files have that name: "
                                  + names.joined(separator: ", ") + "; the row is joined with none of them", file: path, line: rows[row].line,
                              hint: "write the file name with its extension (" + names.map { "'\($0)'" }.joined(separator: " or ")
                                  + "), and give the other file a row of its own")
        }
        diagnostics += found
        return found
    }

    /// Reads and checks a sheet. Throws when it cannot be used at all; row problems are diagnostics.
    public static func read(path: String) throws(IngestionError) -> MetadataSheet {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestionError.metadata(file: path, line: nil, message: "cannot read the metadata sheet: \((error as NSError).localizedFailureReason ?? error.localizedDescription)",
                                          hint: "Check the path given with --metadata")
        }
        return try parse(data, path: path)
    }

    /// The sheet at `path` (nil: none) for a run, with its diagnostics: one that cannot be used at
    /// all is an error diagnostic, and the transcripts are read without metadata.
    public static func forRun(path: String?) -> (sheet: MetadataSheet, diagnostics: [Diagnostic]) {
        guard let path else { return (.empty, []) }
        do {
            let sheet = try read(path: path)
            return (sheet, sheet.diagnostics)
        } catch {
            return (.empty, [Diagnostic(.error, error.localizedDescription, file: path, hint: "transcripts are read without metadata")])
        }
    }

    /// Parses sheet bytes (a pure function; `path` names the sheet in messages).
    public static func parse(_ data: Data, path: String) throws(IngestionError) -> MetadataSheet {
        var diagnostics: [Diagnostic] = []
        let decoded: TextDecoding.Decoded
        do { decoded = try TextDecoding.decode(data, file: path, diagnostics: &diagnostics) } catch {
            // The transcripts' wording ("Export the transcript as ...") does not fit a sheet.
            guard case let .binary(_, offset) = error else { throw error }
            throw IngestionError.metadata(file: path, line: nil, message: "byte \(offset) is a control character: this is a binary file, not a CSV sheet",
                                          hint: "Save the sheet from the spreadsheet program as CSV (UTF-8) or TSV")
        }
        let ext = PathName.extension(path).lowercased()
        // A stray quote is read as one (it would swallow the rows after it, and show them as one
        // cell, names and all, in the reports), with a warning.
        let (records, strayQuotes) = CSV.parseSheet(decoded.text, delimiter: ext == "tsv" ? "\t" : nil)
        for line in strayQuotes {
            diagnostics.append(Diagnostic(.warning, "a quote '\"' opens a cell that is not closed on its line; read as a stray quote and left out, "
                                          + "so that the rows after it stay rows", file: path, line: line,
                                          hint: "remove the stray '\"', or close the quote if the cell is meant to run over several lines"))
        }
        guard let headerRecord = records.first else {
            throw IngestionError.metadata(file: path, line: 1, message: "the sheet is empty",
                                          hint: "Add a header row with at least interview_id and file")
        }
        // Header cells lose control and invisible characters too ("respond\u{200B}ent" would hide
        // the column of people whose names the reports replace), and no-break spaces around a
        // column name are trimmed ("respondent\u{A0}").
        var headerCleaned: [String] = []
        let header = headerRecord.fields.map { field -> String in
            guard let (cell, removed) = cleanedCell(field, isLabel: true) else { return field.trimmingCharacters(in: .whitespaces) }
            headerCleaned.append("header '\(cell.trimmingCharacters(in: .whitespaces))': " + describe(removed, isLabel: true))
            return cell.trimmingCharacters(in: .whitespaces)
        }
        if !headerCleaned.isEmpty {
            diagnostics.append(Diagnostic(.warning, headerCleaned.joined(separator: "; "), file: path, line: headerRecord.line,
                                          hint: "delete such characters in the sheet's header: they come with text copied from web pages, PDFs or chats"))
        }
        let lower = header.map { $0.lowercased() }
        if !lower.contains(where: { idColumns.contains($0) || fileColumns.contains($0) }) {
            throw IngestionError.metadata(file: path, line: headerRecord.line, message: "no 'interview_id' or 'file' column in the header (\(header.joined(separator: ", ")))",
                                          hint: "Name the columns interview_id,file,group,municipality,date,interviewer")
        }
        var rows: [CSV.Record] = []
        // The id and file cells must match the files as they are; every other cell loses its
        // control and invisible characters (`cleanedCell`).
        func firstColumn(_ names: [String]) -> Int? { lower.firstIndex { names.contains($0) } }
        let kept = Set([firstColumn(idColumns), firstColumn(fileColumns)].compactMap { $0 })
        let labels = Set([firstColumn(groupColumns), firstColumn(municipalityColumns)].compactMap { $0 })
        for var record in records.dropFirst() {
            // Blank: only spaces and tabs in every cell (`trimmedBlanks` empty), told without making strings.
            if record.fields.allSatisfy({ $0.utf8.allSatisfy { $0 == 32 || $0 == 9 } }) { continue }
            if record.fields.count != header.count {
                // Which cells moved is not known; the last column's value says that they did.
                let last = header.count > 0 && record.fields.count >= header.count
                    ? " ('\(header[header.count - 1])' reads '\(record.fields[header.count - 1].trimmedBlanks.prefix(40))')" : ""
                diagnostics.append(Diagnostic(.warning, "row has \(record.fields.count) fields, the header has \(header.count)\(last)",
                                              file: path, line: record.line,
                                              hint: record.fields.count > header.count
                                                ? "a cell with the delimiter in it (\"Leitung, Landratsamt\") needs quotes; the cells after it are read into the wrong columns"
                                                : "check for a missing delimiter; missing cells at the row's end are read as empty"))
            }
            var cleaned: [String] = []
            for index in record.fields.indices where !kept.contains(index) {
                guard let (cell, removed) = cleanedCell(record.fields[index], isLabel: labels.contains(index)) else { continue }
                record.fields[index] = cell
                let column = index < header.count ? "'\(header[index])'" : "\(index + 1)"
                let shown = cell.trimmedBlanks.replacingOccurrences(of: "\n", with: " / ")
                cleaned.append("column \(column) ('\(shown)'): " + describe(removed, isLabel: labels.contains(index)))
            }
            if !cleaned.isEmpty {
                diagnostics.append(Diagnostic(.warning, cleaned.joined(separator: "; "), file: path, line: record.line,
                                              hint: "delete such characters in the sheet: they come with text copied from web pages, "
                                                  + "PDFs or chats, and would show text in another order or part one group in two"))
            }
            rows.append(record)
        }
        if let column = firstColumn(groupColumns) {
            diagnostics += unifyGroups(&rows, column: column, name: header[column], path: path)
        }
        var sheet = MetadataSheet(path: path, header: header, rows: rows, diagnostics: diagnostics)
        if !lower.contains(where: { groupColumns.contains($0) }) {
            sheet.diagnostics.append(Diagnostic(.note, "no 'group' column: the interviews have no stakeholder group, so breadth across groups "
                                                + "says nothing", file: path, line: headerRecord.line,
                                                hint: "add a group column (e.g. Verwaltung, Wirtschaft, Jugend) to compare groups"))
        }
        for row in rows {
            guard let date = sheet.value(row, dateColumns), !isCalendarDate(date) else { continue }
            sheet.diagnostics.append(Diagnostic(.warning, "date '\(date)' is not a calendar date; it is kept as written", file: path, line: row.line,
                                                hint: "write dates as YYYY-MM-DD or DD.MM.YYYY"))
        }
        // The same file or id twice: the first row wins, and the user hears about the second.
        var seen: [String: Int] = [:]
        for row in rows {
            guard let key = sheet.value(row, fileColumns).map({ PathName.lastComponent($0).lowercased() }) ?? sheet.value(row, idColumns)?.lowercased() else {
                sheet.diagnostics.append(Diagnostic(.warning, "row has neither a file name nor an interview id", file: path, line: row.line,
                                                    hint: "fill in the file or interview_id column"))
                continue
            }
            if let first = seen[key] {
                sheet.diagnostics.append(Diagnostic(.warning, "'\(key)' already has a row on line \(first); this row is ignored", file: path,
                                                    line: row.line, hint: "merge the two rows"))
            } else {
                seen[key] = row.line
            }
        }
        return sheet
    }

    /// Writes each group as its first spelling in the sheet: cells that differ only in letter case
    /// or in white space around them ("Wirtschaft", "wirtschaft", "Wirtschaft" with a no-break
    /// space after it) were groups of their own, and every "N von M Gruppen" counted them apart.
    /// One warning per other spelling, at its first line (naming its later lines), says so.
    static func unifyGroups(_ rows: inout [CSV.Record], column: Int, name: String, path: String) -> [Diagnostic] {
        var first: [String: (spelling: String, cell: String, line: Int)] = [:]
        var variants: [String: (line: Int, cell: String, firstCell: String, spelling: String, firstLine: Int, more: [Int])] = [:]
        var order: [String] = []
        for index in rows.indices where column < rows[index].fields.count {
            // The cell as a group was told before: ASCII blanks around it trimmed (`value`).
            let cell = rows[index].fields[column].trimmedBlanks
            // Most cells are ASCII: Foundation's trimming only for the others (no-break spaces).
            let spelling = cell.utf8.allSatisfy { $0 < 0x80 } ? cell : cell.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !spelling.isEmpty else { continue }
            let key = GroupName.key(spelling)
            guard let kept = first[key] else {
                first[key] = (spelling, cell, rows[index].line)
                rows[index].fields[column] = spelling
                continue
            }
            rows[index].fields[column] = kept.spelling
            guard cell != kept.cell else { continue }
            if variants[cell] == nil {
                variants[cell] = (rows[index].line, cell, kept.cell, kept.spelling, kept.line, [])
                order.append(cell)
            } else {
                variants[cell]?.more.append(rows[index].line)
            }
        }
        func shown(_ text: String) -> String {
            "'" + text.unicodeScalars.map { $0 != " " && $0.properties.isWhitespace ? "<\(describe($0).prefix(6))>" : String($0) }.joined() + "'"
        }
        return order.compactMap { variants[$0] }.map { v in
            let also = v.more.isEmpty ? "" : " (also on line\(v.more.count == 1 ? "" : "s") \(v.more.map(String.init).joined(separator: ", ")))"
            return Diagnostic(.warning, "column '\(name)': \(shown(v.cell))\(also) and \(shown(v.firstCell)) on line \(v.firstLine) are read as one group, "
                                  + "\(shown(v.spelling)): groups that differ only in letter case or in spaces around them are one group", file: path, line: v.line,
                              hint: "write each group the same way in every row; its first spelling in the sheet is the one the reports show")
        }
    }

    /// A cell without its control characters (but tabs and line breaks) and its invisible
    /// formatting characters (Unicode category Cf: a soft hyphen, a zero-width space, a byte order
    /// mark, a bidirectional override), every kind of line break as a line feed, and the characters
    /// it changed (each once); nil when it has none. In a group or municipality cell (`isLabel`) a
    /// tab or line break becomes a space and runs of spaces one: "Vereine\u{AD}" and "Vereine" are
    /// one group, and "01-\u{202E}txt.exe" cannot show as "01-exe.txt" in a report.
    static func cleanedCell(_ cell: String, isLabel: Bool) -> (String, [Unicode.Scalar])? {
        func removed(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85: return false
            case 0x00...0x1F, 0x7F...0x9F: return true
            case 0x20..<0xAD: return false
            default: return s.properties.generalCategory == .format
            }
        }
        func changed(_ s: Unicode.Scalar) -> Bool {
            removed(s) || (isLineBreak(s) && (isLabel || s != "\n")) || (isLabel && s == "\t")
        }
        // Most cells are plain ASCII or Latin letters: checked by bytes first.
        guard cell.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }), cell.unicodeScalars.contains(where: changed) else { return nil }
        var out = String.UnicodeScalarView()
        var found: [Unicode.Scalar] = []
        for s in cell.unicodeScalars {
            if changed(s), !found.contains(s) { found.append(s) }
            if removed(s) { continue }
            if isLabel, s == "\t" || isLineBreak(s) || s == " " {
                if out.last != " " { out.append(" ") }
            } else if isLineBreak(s) {
                // Every kind of line break (Word's Shift+Enter is U+000B) is a line feed: people
                // in one cell on lines of their own are told apart.
                out.append("\n")
            } else {
                out.append(s)
            }
        }
        return (String(out), found)
    }

    /// Every kind of line break: LF, VT (Word's Shift+Enter), FF, CR, NEL, U+2028, U+2029.
    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// What `cleanedCell` did with the characters it found: "U+202E (a bidirectional mark) left
    /// out; U+000B (a line break) read as a space".
    static func describe(_ found: [Unicode.Scalar], isLabel: Bool) -> String {
        func kept(_ s: Unicode.Scalar) -> Bool { s == "\t" || isLineBreak(s) }
        let dropped = found.filter { !kept($0) }, other = found.filter(kept)
        return ((dropped.isEmpty ? [] : [dropped.map(describe).joined(separator: ", ") + " left out"])
            + (other.isEmpty ? [] : [other.map(describe).joined(separator: ", ") + (isLabel ? " read as a space" : " read as a line break")]))
            .joined(separator: "; ")
    }

    /// "U+202E (a bidirectional mark)", "U+0007 (a control character)".
    static func describe(_ s: Unicode.Scalar) -> String {
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(s.value, radix: 16).count)) + String(s.value, radix: 16, uppercase: true)
        let kind = switch s.value {
        case 0x09: "a tab"
        case _ where isLineBreak(s): "a line break"
        case 0x00...0x1F, 0x7F...0x9F: "a control character"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: "a bidirectional mark"
        case 0xAD: "a soft hyphen"
        case 0xFEFF: "a byte order mark"
        default: "an invisible character"
        }
        return "\(code) (\(kind))"
    }

    /// Whether a date cell names a day that exists: `2026-03-02` (also with a time after it, as
    /// spreadsheets export), `2.3.2026`, `02.03.26`; or only a month (`2026-03`, `03/2026`) or a year.
    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    static func isCalendarDate(_ text: String) -> Bool {
        func number(_ s: Substring) -> Int? { s.count <= 4 && s.allSatisfy(\.isASCII) ? Int(s) : nil }
        func valid(year: Int, month: Int, day: Int?) -> Bool { isValidDay(year: year, month: month, day: day ?? 1) }
        let date = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first ?? ""
        if date.contains("-") {
            let parts = date.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, parts[0].count == 4, let year = number(parts[0]), let month = number(parts[1]) else { return false }
            if parts.count == 2 { return valid(year: year, month: month, day: nil) }
            guard let day = number(parts[2]) else { return false }
            return valid(year: year, month: month, day: day)
        }
        if date.contains(".") {
            let parts = date.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let day = number(parts[0]), let month = number(parts[1]), let year = number(parts[2]),
                  parts[2].count == 2 || parts[2].count == 4 else { return false }
            return valid(year: parts[2].count == 2 ? 2000 + year : year, month: month, day: day)
        }
        if date.contains("/") {
            let parts = date.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let month = number(parts[0]), parts[1].count == 4, let year = number(parts[1]) else { return false }
            return valid(year: year, month: month, day: nil)
        }
        return date.count == 4 && number(date) != nil
    }

    /// Whether a day exists, as `DateComponents.isValidDate` in `gregorian` says. Years from 1583
    /// on are worked out here: through `Calendar`, every dated row cost two calendar conversions
    /// (a sheet of 5,001 rows is parsed in every run). Earlier years still ask `Calendar`, which
    /// counts them in the Julian calendar before October 1582.
    static func isValidDay(year: Int, month: Int, day: Int) -> Bool {
        guard (1583...9999).contains(year) else {
            return DateComponents(calendar: gregorian, year: year, month: month, day: day).isValidDate
        }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        switch month {
        case 2: return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    private func column(_ names: [String]) -> Int? { keys.firstIndex { names.contains($0) } }

    /// Whether rows name their file (else they are joined by interview_id = file stem).
    var hasFileColumn: Bool { column(Self.fileColumns) != nil }

    func value(_ row: CSV.Record, _ names: [String]) -> String? {
        guard let index = column(names), index < row.fields.count else { return nil }
        let value = row.fields[index].trimmedBlanks
        return value.isEmpty ? nil : value
    }

    /// The row for a transcript file: by file name (exact, then case-insensitive), then by a
    /// file name without extension (`joinStems(of:)`), else by interview id = file stem or file name.
    public func rowIndex(forFile file: String) -> Int? {
        guard !rows.isEmpty else { return nil }
        let name = PathName.lastComponent(file)
        if let index = lookup.file[name] { return index }
        if let index = lookup.lowercasedFile[name.lowercased()] { return index }
        if let index = lookup.stem[name] { return index }
        let stem = PathName.stem(name)
        switch (lookup.id[stem], lookup.id[name]) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    /// Metadata for a file; a missing row gives a warning naming the file and the sheet, and
    /// metadata with the file stem as id.
    public func metadata(forFile file: String, diagnostics: inout [Diagnostic]) -> InterviewMetadata {
        if rowIndex(forFile: file) == nil, let path {
            let name = PathName.lastComponent(file)
            let hint = hasFileColumn
                ? "add a row with this file name to \(path); group and municipality stay unknown"
                : "\(path) has no file column, so its interview_id must be the file name without extension "
                    + "('\(PathName.stem(name))'); add a file column, or rename; group and municipality stay unknown"
            diagnostics.append(Diagnostic(.warning, "no row for '\(name)' in the metadata sheet \(path)", file: file, hint: hint))
        }
        return metadata(forFile: file)
    }

    /// Metadata for a file or container member, without diagnostics.
    public func metadata(forFile file: String) -> InterviewMetadata {
        guard let index = rowIndex(forFile: file) else { return InterviewMetadata(interviewID: PathName.stem(file)) }
        return metadata(row: index, file: file)
    }

    /// The file a row names (its file column, else its interview id) and its metadata: for rows
    /// that no transcript was read for, whose people the pseudonymiser must know all the same
    /// (a failed file's row; messages name such files).
    public func row(_ index: Int) -> (file: String, metadata: InterviewMetadata) {
        let file = value(rows[index], Self.fileColumns) ?? value(rows[index], Self.idColumns) ?? "row \(rows[index].line)"
        return (file, metadata(row: index, file: file))
    }

    private func metadata(row index: Int, file: String) -> InterviewMetadata {
        let row = rows[index]
        var variables: [Variable] = []
        for (i, name) in header.enumerated() {
            variables.append(Variable(name: name, value: i < row.fields.count ? row.fields[i].trimmedBlanks : ""))
        }
        return InterviewMetadata(
            interviewID: value(row, Self.idColumns) ?? PathName.stem(file),
            group: value(row, Self.groupColumns),
            municipality: value(row, Self.municipalityColumns),
            date: value(row, Self.dateColumns),
            interviewer: value(row, PersonCells.interviewerColumns),
            variables: variables,
            origin: path.map { "\($0):\(row.line)" })
    }

    /// Rows that no transcript matched, each naming its line.
    public func unmatchedRowDiagnostics(matched: Set<Int>) -> [Diagnostic] {
        rows.indices.filter { !matched.contains($0) }.map { index in
            let name = value(rows[index], Self.fileColumns) ?? value(rows[index], Self.idColumns) ?? "?"
            return Diagnostic(.warning, "row for '\(name)' matches no transcript file that was read", file: path, line: rows[index].line,
                              hint: hasFileColumn ? "check the file name, or remove the row"
                                  : "without a file column, interview_id must be a file name without extension; add a file column, or remove the row")
        }
    }
}
