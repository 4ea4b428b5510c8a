/// Writes a codebook as `codebook.yaml` (version 1), in the key order of docs/codebook.md, with
/// strings quoted only where YAML needs it, so that an imported codebook reads like a hand-written one.
public enum CodebookWriter {
    public static func yaml(_ book: Codebook, header: [String] = []) -> String {
        var out = ""
        for line in header { out += "# \(line)\n" }
        out += "version: \(Codebook.currentVersion)\n"
        out += "name: \(scalar(book.name))\n"
        out += "codes:\n"
        for (i, code) in book.codes.enumerated() {
            if i > 0 { out += "\n" }
            out += "  - id: \(scalar(code.id))\n"
            if let parent = code.parent { out += "    parent: \(scalar(parent))\n" }
            out += "    name: \(scalar(code.name))\n"
            out += "    kind: \(code.kind.rawValue)\n"
            if let color = code.color { out += "    color: \(scalar(color))\n" }
            if !code.description.isEmpty { out += "    description: \(scalar(code.description))\n" }
            if code.includeChildren { out += "    include_children: true\n" }
            if code.kind != .category || !code.terms.isEmpty {
                if code.terms.isEmpty { out += "    terms: []\n" } else {
                    out += "    terms:\n"
                    for term in code.terms { out += "      - \(scalar(term))\n" }
                }
            }
            if !code.exclusions.isEmpty {
                out += "    exclude:\n"
                for term in code.exclusions { out += "      - \(scalar(term))\n" }
            }
            if !code.context.isEmpty {
                out += "    context:\n"
                for rule in code.context {
                    out += "      - term: \(scalar(rule.term))\n"
                    out += "        require: [\(rule.require.map(scalar).joined(separator: ", "))]\n"
                }
            }
        }
        return out
    }

    /// A YAML scalar: plain when it is unambiguous text, else double-quoted with escapes.
    static func scalar(_ s: String) -> String {
        plainIsSafe(s) ? s : quoted(s)
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    private static func plainIsSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        guard first.properties.isAlphabetic, !last.properties.isWhitespace else { return false }
        guard !reserved.contains(s.lowercased()) else { return false }
        // Letters, digits, spaces and a few marks that never start YAML syntax inside a word.
        return s.unicodeScalars.allSatisfy { c in
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == " " || c == "-" || c == "." || c == "*" || c == "(" || c == ")" || c == "/"
        } && !s.contains("  ")
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += "\\x" + String(c.value, radix: 16).leftPadded(2) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
