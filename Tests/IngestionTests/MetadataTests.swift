import Foundation
@testable import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("Metadata sheet: join, variables, diagnostics", .scratchFolder)
struct MetadataTests {
    static let sheet = """
    interview_id,file,group,municipality,date,interviewer,respondent,Förderphase
    I01,transcripts/01-rehau.txt,Jugend,Rehau,2026-04-14,Anna Roth,Lena Zeitler,A
    I02,,Senioren,Naila,2026-04-15,Paul Frank,Ingrid Schübel,A
    I03,03-fehlt.txt,Politik,Selbitz,2026-04-16,Anna Roth,Bernd Schödel,B
    I04,01-rehau.txt,Jugend,Rehau,2026-04-17,Anna Roth,,B
    """

    func project() throws -> (TempFolder, String, [String]) {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", Self.sheet)
        let a = try folder.write("01-rehau.txt", "Anna Roth: Was fehlt?\n\nLena Zeitler: Ein Bus am Abend.\n")
        let b = try folder.write("I02.txt", "I: Was fehlt?\n\nB: Ein Laden.\n")
        let c = try folder.write("99-ohne-zeile.txt", "I: Was fehlt?\n\nB: Nichts.\n")
        return (folder, sheet, [a, b, c])
    }

    @Test("joined by file name (folders ignored) or by interview id = file stem; all columns kept")
    func join() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        #expect(output.transcripts.map(\.id) == ["I01", "I02", "99-ohne-zeile"])
        let first = output.transcripts[0].metadata
        #expect(first.group == "Jugend")
        #expect(first.municipality == "Rehau")
        #expect(first.date == "2026-04-14")
        #expect(first.interviewer == "Anna Roth")
        #expect(first[variable: "Förderphase"] == "A")
        #expect(first.origin?.hasSuffix("metadata.csv:2") == true)
        #expect(output.transcripts[1].metadata.group == "Senioren")
    }

    /// `--metadata DIR//é`: `NSString`'s `pathExtension`, which tells a TSV sheet, trapped on such
    /// a path on Linux and stopped the run.
    @Test("a sheet typed with doubled slashes before a last letter beyond ASCII is read and joined", arguments: [
        ("é", "//é", ","), ("ü.tsv", "//////ü.tsv", "\t"),
    ])
    func sheetAfterDoubledSlash(_ c: (file: String, typed: String, separator: String)) throws {
        let (folder, _, files) = try project()
        let s = c.separator
        try folder.write(c.file, "interview_id\(s)file\(s)group\nI01\(s)01-rehau.txt\(s)Jugend\n")
        let typed = folder.path + c.typed
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: typed))
        #expect(output.metadataDiagnostics.allSatisfy { $0.severity != .error }, "\(output.metadataDiagnostics)")
        #expect(output.transcripts.first?.id == "I01")
        #expect(output.transcripts.first?.metadata.group == "Jugend")
    }

    /// A reader's context made without a row names the interview after the file;
    /// `NSString` trapped on such a path on Linux.
    @Test("without a row, the interview id is the file's stem, also after doubled slashes", arguments: [
        ("transcripts/01-rehau.txt", "01-rehau"), ("interviews//é", "é"), ("x//////ü.txt", "ü"), ("a.b/c.d.txt", "c.d"),
    ])
    func defaultID(_ path: String, _ id: String) {
        #expect(ReaderContext(path: path, data: Data()).metadata.interviewID == id)
    }

    @Test("dates: a day that exists, in ISO or German form, or a month or year", arguments: [
        ("2026-03-02", true), ("2026-03-02 00:00:00", true), ("2026-03-02T10:15", true), ("2.3.2026", true), ("02.03.26", true),
        ("29.02.2024", true), ("2026-03", true), ("03/2026", true), ("2026", true),
        ("31.02.2026", false), ("29.02.2026", false), ("2026-13-01", false), ("2026-00-10", false), ("32.01.2026", false),
        ("März 2026", false), ("gestern", false), ("2.3.", false), ("1.1.202", false), ("١٢.٠٣.٢٠٢٦", false),
    ])
    func dates(_ c: (text: String, valid: Bool)) {
        #expect(MetadataSheet.isCalendarDate(c.text) == c.valid)
    }

    @Test("a day exists when Foundation's Gregorian calendar says so (leap years, the Julian years before 1583)", arguments: [
        1, 1500, 1582, 1583, 1600, 1700, 1800, 1900, 1999, 2000, 2023, 2024, 2025, 2026, 2100, 2400, 9996, 9999,
    ])
    func daysAsFoundationSays(_ year: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        var mismatches: [String] = []
        for month in -1...14 {
            for day in -1...33 where MetadataSheet.isValidDay(year: year, month: month, day: day)
                != DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate {
                mismatches.append("\(year)-\(month)-\(day)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("a date that is no calendar day, and a sheet without a group column, are reported with file and line")
    func dateAndGroupDiagnostics() throws {
        let sheet = try MetadataSheet.parse(Data("interview_id,file,date\nI01,01.txt,2026-03-02\nI02,02.txt,31.02.2026\n".utf8), path: "m.csv")
        let lines = sheet.diagnostics.map(\.description)
        #expect(lines.contains { $0.hasPrefix("m.csv:3: warning: date '31.02.2026' is not a calendar date") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("m.csv:1: note: no 'group' column") }, "\(lines)")
        #expect(lines.count == 2, "\(lines)")
        let grouped = try MetadataSheet.parse(Data("interview_id,file,gruppe,datum\nI01,01.txt,Jugend,2.3.2026\n".utf8), path: "m.csv")
        #expect(grouped.diagnostics.isEmpty, "\(grouped.diagnostics)")
    }

    @Test("control and invisible characters leave every cell but id and file, with a warning naming line and column", arguments: [
        // (cell in the group column, group read, words in the warning)
        ("Vereine\u{202E}", "Vereine", ["column 'group' ('Vereine'): U+202E (a bidirectional mark) left out"]),
        ("Ver\u{AD}eine", "Vereine", ["U+00AD (a soft hyphen) left out"]),
        ("\u{FEFF}Vereine\u{200B}", "Vereine", ["U+FEFF (a byte order mark), U+200B (an invisible character) left out"]),
        ("\"Vereine\n  und\tSport\"", "Vereine und Sport", ["U+000A (a line break), U+0009 (a tab) read as a space"]),
        ("Vereine\u{1B}[31m", "Vereine[31m", ["U+001B (a control character) left out"]),
        // Every kind of line break: Word's Shift+Enter (U+000B), the Unicode line separator.
        ("Vereine\u{0B}Sport", "Vereine Sport", ["U+000B (a line break) read as a space"]),
        ("Vereine\u{2028}Sport", "Vereine Sport", ["U+2028 (a line break) read as a space"]),
        ("Vereine & Ehrenamt", "Vereine & Ehrenamt", []),
        ("Jugend 🚲 Ümläut", "Jugend 🚲 Ümläut", []),
    ])
    func invisibleCharacters(_ cell: String, _ group: String, _ words: [String]) throws {
        let text = "interview_id,file,group,respondent,notes\nI\u{AD}01,0\u{AD}1.txt,\(cell),Hans Hert\u{200B}el,\"zwei\nZeilen\"\n"
        let sheet = try MetadataSheet.parse(Data(text.utf8), path: "m.csv")
        let metadata = sheet.metadata(forFile: "0\u{AD}1.txt")
        #expect(metadata.interviewID == "I\u{AD}01")  // id and file stay: they must match the files as named
        #expect(metadata.group == group)
        #expect(metadata[variable: "group"] == group)
        #expect(metadata[variable: "respondent"] == "Hans Hertel")
        #expect(metadata[variable: "notes"] == "zwei\nZeilen")  // a line break outside group and municipality stays
        let warnings = sheet.diagnostics.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("m.csv:2: warning: ") == true, "\(warnings)")
        #expect(warnings.first?.contains("column 'respondent' ('Hans Hertel'): U+200B (an invisible character) left out") == true, "\(warnings)")
        for w in words { #expect(warnings.first?.contains(w) == true, "\(warnings)") }
        #expect(warnings.first?.contains("'group'") == !words.isEmpty, "\(warnings)")
    }

    @Test("a header cell loses control and invisible characters too, with a warning: the column is still known")
    func invisibleInHeader() throws {
        let text = "interview_id,file,gr\u{AD}oup,respond\u{200B}ent,date\u{A0}\nI01,01.txt,Jugend,\"Helmut Ströbel\u{0B}Renate Dietel\",2026-03-02\n"
        let sheet = try MetadataSheet.parse(Data(text.utf8), path: "m.csv")
        #expect(sheet.header == ["interview_id", "file", "group", "respondent", "date"])  // a no-break space after a name trimmed
        let metadata = sheet.metadata(forFile: "01.txt")
        #expect(metadata.group == "Jugend")
        // A line break of another kind between two people is a line feed: they stay two people.
        #expect(metadata[variable: "respondent"] == "Helmut Ströbel\nRenate Dietel")
        let warnings = sheet.diagnostics.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("m.csv:1: warning: header 'group': U+00AD (a soft hyphen) left out; header 'respondent': U+200B") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("m.csv:2: warning: column 'respondent' ('Helmut Ströbel / Renate Dietel'): U+000B (a line break) read as a line break") },
                "\(warnings)")
    }

    @Test("rows of only spaces, tabs and empty cells are skipped without a word; a row with a value is kept")
    func blankRows() throws {
        let text = "interview_id,file,group\nI01,01.txt,A\n \t, ,\t\n\t\n,,\n , x ,\nI02,02.txt,B\n"
        let sheet = try MetadataSheet.parse(Data(text.utf8), path: "m.csv")
        #expect(sheet.rows.map(\.line) == [2, 6, 7])
        #expect(!sheet.diagnostics.contains { $0.message.hasPrefix("row has") }, "\(sheet.diagnostics)")
    }

    /// Found in a workflow review: `,"Jugend,` swallowed the next three rows into one group cell,
    /// which the reports showed with the names in it; an open quote in the last row lost the sheet.
    @Test("a stray quote is read as a typo: the rows after it stay rows, with a warning at its line", arguments: [
        ("interview_id,file,group,respondent\nI01,01.txt,\"Jugend,Lena Zeitler\nI02,02.txt,Senioren,Helmut Ströbel\nI03,03.txt,\"Vereine, Kultur\",Renate Dietel\n",
         [["I01", "01.txt", "Jugend", "Lena Zeitler"], ["I02", "02.txt", "Senioren", "Helmut Ströbel"], ["I03", "03.txt", "Vereine, Kultur", "Renate Dietel"]], [2]),
        ("interview_id,file,group\nI01,01.txt,Jugend\nI02,02.txt,\"Senioren\n",
         [["I01", "01.txt", "Jugend"], ["I02", "02.txt", "Senioren"]], [3]),
        // A cell that runs over lines and leaves the row as long as the header is a cell.
        ("interview_id,file,respondent\nI01,01.txt,\"Anna Roth\nPaul Frank\"\nI02,02.txt,Gerda Zeh\n",
         [["I01", "01.txt", "Anna Roth\nPaul Frank"], ["I02", "02.txt", "Gerda Zeh"]], []),
        // Two stray quotes, each swallowing the next row (a review found the second one kept).
        ("interview_id,file,group,respondent\nI01,01.txt,\"Verein,Anna Roth\nI02,02.txt,\"Jugend,Eva Klein\nI03,03.txt,Politik,\"Max Muster",
         [["I01", "01.txt", "Verein", "Anna Roth"], ["I02", "02.txt", "Jugend", "Eva Klein"], ["I03", "03.txt", "Politik", "Max Muster"]], [2, 3, 4]),
        // A quote inside a cell is a character, as before.
        ("interview_id,file,group\nI01,01.txt,Café \"Zur Post\"\n", [["I01", "01.txt", "Café \"Zur Post\""]], []),
    ])
    func strayQuote(_ text: String, _ rows: [[String]], _ lines: [Int]) throws {
        let sheet = try MetadataSheet.parse(Data(text.utf8), path: "m.csv")
        #expect(sheet.rows.map(\.fields) == rows)
        let warned = sheet.diagnostics.filter { $0.message.contains("stray quote") }
        #expect(warned.map(\.line) == lines.map { Optional($0) })
        #expect(!sheet.diagnostics.contains { $0.message.hasPrefix("row has") }, "\(sheet.diagnostics)")
    }

    /// Found in a review: a row without its last, empty cells and a cell over two lines lost the
    /// cell's second person, who then leaked.
    @Test("a cell over several lines, closed as it should be, stays one cell in a row shorter than the header")
    func raggedMultiLineCell() throws {
        let sheet = try MetadataSheet.parse(Data("file,group,people,note\n01.txt,Verein,\"Anna Roth\nPaul Frank\"\n02.txt,Jugend,Eva Klein,x\n".utf8), path: "m.csv")
        #expect(sheet.rows.map(\.fields) == [["01.txt", "Verein", "Anna Roth\nPaul Frank"], ["02.txt", "Jugend", "Eva Klein", "x"]])
        #expect(!sheet.diagnostics.contains { $0.message.contains("stray quote") })
    }

    @Test("missing and unknown rows give diagnostics naming file and line")
    func diagnostics() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        let texts = output.diagnostics.map(\.description)
        #expect(texts.contains { $0.hasPrefix(files[2] + ": warning: no row for '99-ohne-zeile.txt' in the metadata sheet") })
        #expect(texts.contains("\(sheet):4: warning: row for '03-fehlt.txt' matches no transcript file that was read (check the file name, or remove the row)"))
        #expect(texts.contains { $0.hasPrefix("\(sheet):5: warning: '01-rehau.txt' already has a row on line 2") })
    }

    @Test("without a file column, the warnings say that rows are joined by interview_id = file name without extension")
    func noFileColumn() throws {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", "interview_id,group\nI01,Jugend\nInterview 2,Senioren\n")
        let files = [try folder.write("I01.txt", "I: Was fehlt?\n\nB: Ein Bus.\n"), try folder.write("02-naila.txt", "I: Was fehlt?\n\nB: Ein Laden.\n")]
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        #expect(output.transcripts.map { $0.metadata.group } == ["Jugend", nil])
        let texts = output.diagnostics.map(\.description)
        #expect(texts.contains { $0.hasPrefix(files[1] + ": warning: no row for '02-naila.txt'") && $0.contains("has no file column")
            && $0.contains("('02-naila')") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("\(sheet):3: warning: row for 'Interview 2' matches no transcript") && $0.contains("without a file column") },
                "\(texts)")
    }

    @Test("speaker roles come from the interviewer and respondent columns")
    func roles() throws {
        let (_, sheet, files) = try project()
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        let speakers = output.transcripts[0].speakers
        #expect(speakers.map(\.role) == [.interviewer, .respondent])
        #expect(speakers[0].roleReason.hasPrefix("label 'Anna Roth' names the interviewer 'Anna Roth' in the metadata ("))
        #expect(speakers[1].roleReason.contains("names the respondent 'Lena Zeitler'"))
    }

    @Test("an unusable sheet is reported and transcripts are read without it")
    func badSheet() throws {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", "name,gruppe\nx,y\n")
        let file = try folder.write("a.txt", "B: Hallo.\n")
        let output = Ingestor().ingest(IngestionInput(files: [file], metadataFile: sheet))
        #expect(output.transcripts.count == 1)
        #expect(output.diagnostics.contains { $0.severity == .error && $0.description.contains("metadata.csv:1: no 'interview_id' or 'file' column") })
    }

    @Test("a binary file given as the sheet is called a sheet, with what to do", arguments: [
        [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00],  // an .xlsx (zip) renamed to .csv
        [0x69, 0x64, 0x0A, 0x00, 0x01],
    ])
    func binarySheet(_ bytes: [UInt8]) {
        let error = #expect(throws: IngestionError.self) { try MetadataSheet.parse(Data(bytes), path: "metadata.csv") }
        let message = error?.localizedDescription ?? ""
        #expect(message.hasPrefix("metadata.csv: "), "\(message)")
        #expect(message.contains("a binary file, not a CSV sheet") && message.contains("as CSV (UTF-8) or TSV"), "\(message)")
        #expect(!message.contains("transcript"), "\(message)")
    }
}
