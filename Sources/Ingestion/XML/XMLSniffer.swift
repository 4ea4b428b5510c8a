import Foundation

/// Looks at the prolog of an XML file without parsing it: the root element's name (for format
/// detection) and entity declarations (refused before libxml2 ever sees them).
enum XMLSniffer {
    /// The prolog: everything before the root element's `<`.
    struct Prolog {
        var rootName: String?
        var rootOffset: Int?
        /// Byte offset of the first `<!ENTITY` declaration, if any.
        var entityDeclarationOffset: Int?
    }

    static func prolog(_ bytes: UnsafeBufferPointer<UInt8>) -> Prolog {
        var result = Prolog()
        let n = bytes.count
        var i = 0
        let entity = Array("<!ENTITY".utf8)
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n else { i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "!") {
                if i + 3 < n, bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-") {
                    // A comment may contain anything, even `<root>`; skip to its end.
                    var j = i + 4
                    while j + 2 < n, !(bytes[j] == UInt8(ascii: "-") && bytes[j + 1] == UInt8(ascii: "-") && bytes[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    i = j + 3
                    continue
                }
                if result.entityDeclarationOffset == nil, i + entity.count <= n,
                   entity.elementsEqual(UnsafeBufferPointer(rebasing: bytes[i..<(i + entity.count)]))
                {
                    result.entityDeclarationOffset = i
                }
                i += 2
                continue
            }
            if next == UInt8(ascii: "?") { i += 2; continue }
            if isNameStart(next) {
                var j = i + 1
                while j < n, !isNameEnd(bytes[j]) { j += 1 }
                var name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
                if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
                result.rootName = name
                result.rootOffset = i
                return result
            }
            i += 1
        }
        return result
    }

    /// The prolog of a file in any encoding libxml2 accepts: UTF-16 files are scanned through
    /// their low bytes, so an entity declaration cannot hide behind an encoding switch.
    static func prolog(_ data: Data) -> (Prolog, lineOf: (Int) -> Int) {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let utf16LE = bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE
            let utf16BE = bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF
            if utf16LE || utf16BE {
                let projected = stride(from: utf16LE ? 2 : 3, to: bytes.count, by: 2).map { bytes[$0] }
                return projected.withUnsafeBufferPointer { p in
                    let found = prolog(p)
                    return (found, { offset in projected.withUnsafeBufferPointer { TextDecoding.lineNumber($0, at: offset) } })
                }
            }
            let found = prolog(bytes)
            let copy = Array(bytes.prefix((found.rootOffset ?? bytes.count) + 1))
            return (found, { offset in copy.withUnsafeBufferPointer { TextDecoding.lineNumber($0, at: offset) } })
        }
    }

    static func rootElementName(_ data: Data) -> String? { prolog(data).0.rootName }

    static func rootElementLine(_ data: Data) -> Int? {
        let (found, lineOf) = prolog(data)
        return found.rootOffset.map(lineOf)
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b >= 0x80
    }

    private static func isNameEnd(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == 10 || b == 13 || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
    }
}
