import LeitbildCore

/// Writes a REFI-QDA codebook exchange file (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`).
///
/// String building with XML escaping rather than a DOM: the format is small, and this way the
/// output is byte-for-byte deterministic (fixed attribute order, two-space indent, LF).
public enum QDCWriter {
    public static let namespace = "urn:QDA-XML:codebook:1.0"

    /// The `.qdc` text of a codebook.
    public static func render(_ book: Codebook, origin: String = "Leitbild") -> String {
        render(CodebookQDA.qdaCodes(from: book), origin: origin)
    }

    /// The `.qdc` text of a REFI-QDA code tree.
    public static func render(_ codes: [QDACode], origin: String = "Leitbild") -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<CodeBook xmlns=\"\(namespace)\" origin=\"\(XMLEscape.attribute(origin))\">\n"
        out += "  <Codes>\n"
        for code in codes { write(code, depth: 2, into: &out) }
        out += "  </Codes>\n"
        out += "</CodeBook>\n"
        return out
    }

    private static func write(_ code: QDACode, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        out += "\(indent)<Code guid=\"\(code.guid)\" name=\"\(XMLEscape.attribute(code.name))\" isCodable=\"\(code.isCodable)\""
        if let color = code.color { out += " color=\"\(XMLEscape.attribute(color))\"" }
        let description = code.description.flatMap { $0.isEmpty ? nil : $0 }
        if description == nil && code.children.isEmpty {
            out += "/>\n"
            return
        }
        out += ">\n"
        if let description { out += "\(indent)  <Description>\(XMLEscape.text(description))</Description>\n" }
        for child in code.children { write(child, depth: depth + 1, into: &out) }
        out += "\(indent)</Code>\n"
    }
}

/// XML escaping for text and attribute values. Characters XML 1.0 cannot carry (most C0
/// controls) are dropped rather than written as invalid references.
public enum XMLEscape {
    public static func text(_ s: String) -> String { escape(s, attribute: false) }
    public static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#10;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#9;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\n", "\t": out.append(c)
            default:
                let v = c.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.append(c)
            }
        }
        return String(out)
    }
}
