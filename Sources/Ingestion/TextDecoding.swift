import Foundation
import LeitbildCore

/// Decodes transcript bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 as a
/// reported fallback; then normalises to NFC with LF line ends.
enum TextDecoding {
    struct Decoded {
        var text: String
        var encoding: String
    }

    static func decode(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes[3...], as: UTF8.self) else {
                throw IngestionError.undecodable(file: file, byteOffset: firstInvalidUTF8(bytes, from: 3))
            }
            return Decoded(text: text.normalizedForLeitbild, encoding: "UTF-8 with BOM")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = String(data: data, encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw IngestionError.undecodable(file: file, byteOffset: 2)
            }
            let stripped = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            return Decoded(text: stripped.normalizedForLeitbild, encoding: little ? "UTF-16LE" : "UTF-16BE")
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return Decoded(text: text.normalizedForLeitbild, encoding: "UTF-8")
        }
        // Not UTF-8: older tools write Windows-1252. Every byte except five unassigned ones decodes.
        let offset = firstInvalidUTF8(bytes, from: 0)
        if let text = String(data: data, encoding: .windowsCP1252) {
            diagnostics.append(Diagnostic(.note, "not UTF-8 (first invalid byte at offset \(offset)); read as Windows-1252",
                                          file: file, hint: "save as UTF-8 to avoid guessing"))
            return Decoded(text: text.normalizedForLeitbild, encoding: "Windows-1252")
        }
        throw IngestionError.undecodable(file: file, byteOffset: offset)
    }

    /// Offset of the first byte where UTF-8 validation fails.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            if b < 0x80 { length = 1 } else if b >> 5 == 0x6 { length = 2 } else if b >> 4 == 0xE { length = 3 } else if b >> 3 == 0x1E { length = 4 } else { return i }
            if i + length > bytes.count { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return bytes.count
    }
}
