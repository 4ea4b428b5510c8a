import Foundation

/// The text of a file the consultant writes by hand (codebook.yaml, weights.yaml, pseudonyms.txt):
/// UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Notepad's
/// "Unicode"), or Windows-1252 when no line is UTF-8 (as Notepad and Excel on Windows save text).
/// A file of both, or UTF-16 without its mark, is refused with the line of the first byte that
/// does not fit: a term or name decoded wrongly would silently never match.
///
/// One decoder for the three files: before 2026-11-29, fifth stop, only the pseudonym list had it,
/// and a codebook saved as Windows-1252 or UTF-16 failed with "The file isn't in the correct
/// format" and no line (found in a user review).
public enum SettingsText {
    public struct Problem: Error, Hashable, Sendable {
        /// 1-based line of the first byte that does not fit.
        public var line: Int
        public var message: String
        public var hint: String
    }

    public static func decode(_ data: Data) -> Result<String, Problem> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]), let text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian) { return .success(text) }
        if bytes.starts(with: [0xFE, 0xFF]), let text = String(data: data.dropFirst(2), encoding: .utf16BigEndian) { return .success(text) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0, firstBad: Int? = nil, sawMultibyte = false
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let width = UTF8.width(scalar)
                if width > 1 { sawMultibyte = true }
                offset += width
            case .emptyInput: break decoding
            case .error:
                if firstBad == nil { firstBad = offset }
                offset += 1
            }
        }
        func line(of offset: Int) -> Int { bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }
        // Before the UTF-8 test: UTF-16 of ASCII letters is valid UTF-8, with a NUL byte beside each.
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(Problem(line: line(of: nul), message: "the file looks like UTF-16 without a byte order mark", hint: "save it as UTF-8 text"))
        }
        guard let firstBad else {
            // A UTF-8 byte order mark is no text.
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
            return .success(String(decoding: body, as: UTF8.self))
        }
        if sawMultibyte {
            return .failure(Problem(line: line(of: firstBad),
                                    message: "byte 0x\(String(bytes[firstBad], radix: 16, uppercase: true)) is not UTF-8, while other lines are",
                                    hint: "save the whole file as UTF-8 text"))
        }
        guard let text = String(data: data, encoding: .windowsCP1252) else {
            return .failure(Problem(line: line(of: firstBad), message: "the file is neither UTF-8 nor Windows-1252 text", hint: "save it as UTF-8 text"))
        }
        return .success(text)
    }
}
