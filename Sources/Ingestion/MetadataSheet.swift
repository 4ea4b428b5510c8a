import Foundation
import LeitbildCore

/// The metadata sheet beside the transcripts (`metadata.csv` or `.tsv`): one row per interview,
/// joined to transcripts by the `file` column or by `interview_id` = file name without extension.
public struct MetadataSheet: Sendable {
    public static let empty = MetadataSheet(path: nil, header: [], rows: [], diagnostics: [])

    public var path: String?
    public var header: [String]
    public var rows: [CSV.Record]
    public var diagnostics: [Diagnostic]

    /// Column names accepted for the well-known fields (first match wins).
    static let idColumns = ["interview_id", "id", "interview"]
    static let fileColumns = ["file", "datei", "filename"]
    static let groupColumns = ["group", "stakeholder_group", "gruppe"]
    static let municipalityColumns = ["municipality", "gemeinde", "kommune", "ort"]
    static let dateColumns = ["date", "datum"]
    static let interviewerColumns = ["interviewer", "interviewerin"]

    public static func read(path: String) throws(IngestionError) -> MetadataSheet {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestionError.metadata(file: path, line: nil, message: "cannot read the metadata sheet: \(error.localizedDescription)",
                                          hint: "check the path given with --metadata")
        }
        var diagnostics: [Diagnostic] = []
        let decoded = try TextDecoding.decode(data, file: path, diagnostics: &diagnostics)
        let records: [CSV.Record]
        do { records = try CSV.parse(decoded.text) } catch {
            throw IngestionError.metadata(file: path, line: error.line, message: error.message,
                                          hint: "close the quote or remove the stray '\"'")
        }
        guard let headerRecord = records.first else {
            throw IngestionError.metadata(file: path, line: 1, message: "the sheet is empty",
                                          hint: "add a header row with at least interview_id and file")
        }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if !header.contains(where: { idColumns.contains($0) || fileColumns.contains($0) }) {
            throw IngestionError.metadata(file: path, line: 1, message: "no 'interview_id' or 'file' column in the header",
                                          hint: "name the columns interview_id,file,group,municipality,date,interviewer")
        }
        var rows: [CSV.Record] = []
        for record in records.dropFirst() {
            if record.fields.count != header.count {
                diagnostics.append(Diagnostic(.warning, "row has \(record.fields.count) fields, the header has \(header.count)",
                                              file: path, line: record.line, hint: "check for a missing or extra delimiter"))
            }
            rows.append(record)
        }
        return MetadataSheet(path: path, header: header, rows: rows, diagnostics: diagnostics)
    }

    private func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }

    private func value(_ row: CSV.Record, _ names: [String]) -> String? {
        guard let index = column(names), index < row.fields.count else { return nil }
        let value = row.fields[index].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// The row for a transcript file: by file name, else by interview id = file stem.
    public func rowIndex(forFile file: String) -> Int? {
        let name = (file as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        if let index = rows.firstIndex(where: { value($0, Self.fileColumns).map { ($0 as NSString).lastPathComponent } == name }) {
            return index
        }
        return rows.firstIndex { value($0, Self.idColumns) == stem }
    }

    /// Metadata for a file; a missing row gives a diagnostic and metadata with the file stem as id.
    public func metadata(forFile file: String, diagnostics: inout [Diagnostic]) -> InterviewMetadata {
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let index = rowIndex(forFile: file) else {
            if let path {
                diagnostics.append(Diagnostic(.warning, "no row for '\((file as NSString).lastPathComponent)' in the metadata sheet",
                                              file: path, hint: "add a row with this file name; group and municipality stay unknown"))
            }
            return InterviewMetadata(interviewID: stem)
        }
        let row = rows[index]
        var variables: [Variable] = []
        for (i, name) in header.enumerated() where i < row.fields.count {
            variables.append(Variable(name: name, value: row.fields[i]))
        }
        return InterviewMetadata(
            interviewID: value(row, Self.idColumns) ?? stem,
            group: value(row, Self.groupColumns),
            municipality: value(row, Self.municipalityColumns),
            date: value(row, Self.dateColumns),
            interviewer: value(row, Self.interviewerColumns),
            variables: variables,
            origin: path.map { "\($0):\(row.line)" })
    }

    /// Rows that no transcript matched.
    func unmatchedRowDiagnostics(matched: Set<Int>) -> [Diagnostic] {
        rows.indices.filter { !matched.contains($0) }.map { index in
            Diagnostic(.warning, "row for '\(value(rows[index], Self.fileColumns) ?? value(rows[index], Self.idColumns) ?? "?")' matches no transcript file",
                       file: path, line: rows[index].line, hint: "check the file name or remove the row")
        }
    }
}
