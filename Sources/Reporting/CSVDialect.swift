import Foundation
import LeitbildCore

/// How CSV reports are written. Both are RFC 4180 (quotes, CRLF) in UTF-8.
public enum CSVDialect: String, Sendable, CaseIterable, Codable {
    /// `,` as delimiter, `.` as decimal point, no BOM: for R, pandas and most tools.
    case rfc4180
    /// `;` as delimiter, `,` as decimal comma and a UTF-8 BOM, so German Excel opens the file
    /// by double-click with umlauts and numbers intact.
    case excelDE = "excel-de"

    public var delimiter: Character { self == .excelDE ? ";" : "," }

    /// A header or data line. Text fields are guarded against spreadsheet formulas
    /// (`CSV.neutralized`), number fields are written as they are.
    public func line(_ fields: [CSV.Field]) -> String { CSV.line(fields, delimiter: delimiter) }

    /// A number with fixed decimals in this dialect ("0.250000" or "0,250000").
    public func number(_ value: Double, digits: Int = 6) -> String {
        let s = String(format: "%.\(digits)f", value)
        return self == .excelDE ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    /// An optional number; empty when absent.
    public func number(_ value: Double?, digits: Int = 6) -> String { value.map { number($0, digits: digits) } ?? "" }

    /// A number cell with fixed decimals in this dialect (`number(_:digits:)`); empty when absent.
    public func cell(_ value: Double?, digits: Int = 6) -> CSV.Field { .number(number(value, digits: digits)) }

    /// A count cell.
    public func cell(_ value: Int) -> CSV.Field { .number(String(value)) }

    /// The file bytes: BOM for Excel, then the text.
    public func file(name: String, text: String) -> RenderedFile {
        RenderedFile(name: name, contents: (self == .excelDE ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }
}
