import Foundation
import LeitbildCore

/// Reads CSV/TSV exports: survey answers and participation contributions, or transcripts as
/// tables.
///
/// - **Survey mode** (default): every row with text becomes one transcript with one
///   respondent turn, so each answer is its own document (breadth counts answers, not files).
///   The text column is `--text-column` or the first of `text`, `antwort`, `answer`, `beitrag`,
///   `kommentar`, `comment`, `contribution`, `response`, `freitext`; the id is `--id-column` or the first of
///   `id`, `document_id`, `respondent_id`, `response_id`, `interview_id`, else `<file stem>-r<row>`.
///   All other columns become metadata variables (`group`, `municipality`, `date` typed as in
///   the metadata sheet). The transcript text is the answer alone (no label); `Turn.sourceLine`
///   is the row's line in the file.
/// - **Transcript mode**, when a speaker column exists (`--speaker-column`, or `speaker`,
///   `sprecher`): each row is one turn (`start`/`end` in seconds or `hh:mm:ss`), rendered like
///   the other structured formats; with an id column, one transcript per id.
/// - RFC 4180 quoting with multi-line fields; the delimiter (`,`, `;`, tab) is detected from the
///   header line (`.tsv` is always tab-separated).
public struct CSVReader: TranscriptReader {
    public init() {}

    static let textColumns = ["text", "antwort", "answer", "beitrag", "kommentar", "comment", "contribution", "response", "freitext", "aussage", "äußerung"]
    static let idColumns = ["id", "document_id", "respondent_id", "response_id", "interview_id", "beitrag_id", "nr"]
    static let speakerColumns = ["speaker", "sprecher", "sprecherin", "sprecher:in", "speaker_name"]
    static let startColumns = ["start", "start_time", "begin", "von", "beginn"]
    static let endColumns = ["end", "end_time", "stop", "bis", "ende"]

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        let ext = PathName.extension(context.path).lowercased()
        let delimiter: Character? = ext == "tsv" || ext == "tab" ? "\t" : nil
        let records: [CSV.Record]
        do { records = try CSV.parse(decoded.text, delimiter: delimiter) } catch {
            throw IngestionError.malformed(file: context.path, line: error.line, message: error.message,
                                           hint: "Close the quote, or double a quote inside a quoted field (\"\")")
        }
        guard let headerRecord = records.first else { throw IngestionError.empty(file: context.path) }
        let header = headerRecord.fields.map { $0.trimmedBlanks }
        let keys = header.map { $0.lowercased() }
        let columnList = header.map { "'\($0)'" }.joined(separator: ", ")

        func column(option: String?, optionName: String, defaults: [String], required: Bool) throws(IngestionError) -> Int? {
            if let option {
                if let index = keys.firstIndex(of: option.lowercased()) { return index }
                if let number = Int(option), number >= 1, number <= header.count { return number - 1 }
                throw IngestionError.malformed(file: context.path, line: headerRecord.line,
                                               message: "there is no column '\(option)' (columns: \(columnList))",
                                               hint: "Pass \(optionName) with one of the column names, or its number")
            }
            if let index = defaults.lazy.compactMap({ keys.firstIndex(of: $0) }).first { return index }
            guard !required else {
                throw IngestionError.malformed(file: context.path, line: headerRecord.line,
                                               message: "no text column found (columns: \(columnList))",
                                               hint: "Name the column with the answers with --text-column")
            }
            return nil
        }
        let textColumn = try column(option: context.options.textColumn, optionName: "--text-column", defaults: Self.textColumns, required: true) ?? 0
        let idColumn = try column(option: context.options.idColumn, optionName: "--id-column", defaults: Self.idColumns, required: false)
        let speakerColumn = try column(option: context.options.speakerColumn, optionName: "--speaker-column", defaults: Self.speakerColumns, required: false)

        let rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            diagnostics.append(Diagnostic(.warning, "row has \(row.fields.count) fields, the header has \(header.count)", file: context.path,
                                          line: row.line, hint: "check for a missing or extra delimiter; missing fields are read as empty"))
        }
        func field(_ row: CSV.Record, _ index: Int?) -> String {
            guard let index, index < row.fields.count else { return "" }
            return row.fields[index]
        }
        let encoding = decoded.encoding
        if let speakerColumn {
            return try transcriptMode(rows: rows, header: header, text: textColumn, id: idColumn, speaker: speakerColumn,
                                      field: field, context: context, encoding: encoding, diagnostics: diagnostics)
        }

        // Survey mode: one document per row.
        var transcripts: [Transcript] = []
        var metadataRows: [Int] = []
        var used: [String: Int] = [:]
        var empty = 0
        for (n, row) in rows.enumerated() {
            let answer = field(row, textColumn)
            var collector = TurnTextCollector()
            collector.append(answer)
            if collector.isEmpty { empty += 1; continue }
            var id = field(row, idColumn).trimmedBlanks
            if id.isEmpty { id = "\(context.metadata.interviewID)-r\(n + 1)" }
            if let first = used[id] {
                diagnostics.append(Diagnostic(.warning, "id '\(id)' was already used on line \(first); this row is read as '\(id)-\(row.line)'",
                                              file: context.path, line: row.line, hint: "give every row its own id"))
                id += "-\(row.line)"
            }
            used[id] = row.line
            var metadata = context.sheet.metadata(forFile: id)
            if let sheetRow = context.sheet.rowIndex(forFile: id) { metadataRows.append(sheetRow) }
            metadata.interviewID = id
            metadata.origin = "\(context.path):\(row.line)"
            var variables: [Variable] = []
            for (i, name) in header.enumerated() where i != textColumn {
                variables.append(Variable(name: name, value: field(row, i)))
            }
            QDPXReader.merge(variables, into: &metadata)
            transcripts.append(document(answer: answer, row: row, id: id, metadata: metadata, context: context, encoding: encoding))
        }
        if empty > 0 {
            diagnostics.append(Diagnostic(.note, "\(empty) row\(empty == 1 ? "" : "s") with an empty '\(header[textColumn])' skipped", file: context.path))
        }
        return ReaderOutput(encoding: encoding, transcripts: transcripts, diagnostics: diagnostics, metadataRows: metadataRows)
    }

    /// One survey answer as a transcript: the text is the answer, one respondent turn.
    private func document(answer: String, row: CSV.Record, id: String, metadata: InterviewMetadata, context: ReaderContext,
                          encoding: String) -> Transcript
    {
        var text = answer
        let range: TextRange = text.withUTF8 { bytes in
            let start = Blanks.skip(bytes, 0, bytes.count)
            let end = Blanks.trimEnd(bytes, start, bytes.count)
            var cursor = ScalarCursor(bytes)
            return cursor.range(start..<end)
        }
        let speaker = Speaker(id: "respondent", label: "", role: .respondent, roleReason: "CSV row: one respondent's answer")
        let turn = Turn(index: 0, speakerID: speaker.id, role: .respondent, range: range, sourceLine: row.line)
        let source = SourceDocument(path: context.path, format: .csv, encoding: encoding, byteCount: context.data.count,
                                    textLinesAreSourceLines: false)
        return Transcript(id: id, source: source, text: text, speakers: [speaker], turns: [turn], metadata: metadata)
    }

    /// Rows as turns of one transcript per id (or of the whole file).
    private func transcriptMode(rows: [CSV.Record], header: [String], text: Int, id: Int?, speaker: Int,
                                field: (CSV.Record, Int?) -> String, context: ReaderContext, encoding: String,
                                diagnostics: [Diagnostic]) throws(IngestionError) -> ReaderOutput
    {
        var diagnostics = diagnostics
        let keys = header.map { $0.lowercased() }
        let start = Self.startColumns.lazy.compactMap { keys.firstIndex(of: $0) }.first
        let end = Self.endColumns.lazy.compactMap { keys.firstIndex(of: $0) }.first
        var order: [String] = []
        var groups: [String: [DraftTurn]] = [:]
        for row in rows {
            let key = id.map { field(row, $0).trimmedBlanks } ?? ""
            if groups[key] == nil { order.append(key) }
            var collector = TurnTextCollector()
            collector.append(field(row, text))
            let label = StructuredTranscript.cleanLabel(field(row, speaker))
            func time(_ column: Int?) throws(IngestionError) -> Double? {
                let raw = field(row, column).trimmedBlanks
                guard !raw.isEmpty else { return nil }
                guard let value = TEIReader.seconds(raw) else {
                    throw IngestionError.malformed(file: context.path, line: row.line, message: "cannot read the time '\(raw)' in column '\(header[column ?? 0])'",
                                                   hint: "Write times in seconds (12.5) or as hh:mm:ss.f")
                }
                return value
            }
            groups[key, default: []].append(DraftTurn(speakerID: label.isEmpty ? nil : label, text: collector.bytes, sourceLine: row.line,
                                                      startTime: try time(start), endTime: try time(end)))
        }
        var transcripts: [Transcript] = []
        var metadataRows: [Int] = []
        for key in order {
            let turns = groups[key] ?? []
            var speakers: [DraftSpeaker] = []
            for t in turns { if let s = t.speakerID, !speakers.contains(where: { $0.id == s }) { speakers.append(DraftSpeaker(id: s, label: s)) } }
            var metadata = context.metadata
            if !key.isEmpty {
                metadata = context.sheet.metadata(forFile: key)
                if let row = context.sheet.rowIndex(forFile: key) { metadataRows.append(row) }
                metadata.interviewID = key
            }
            transcripts.append(StructuredTranscript.assemble(speakers: speakers, turns: turns, mergeConsecutive: true, context: context,
                                                             metadata: metadata, format: .csv, encoding: encoding, diagnostics: &diagnostics))
        }
        return ReaderOutput(encoding: encoding, transcripts: transcripts, diagnostics: diagnostics, metadataRows: metadataRows)
    }
}
