import Foundation
import GermanText
import LeitbildCore

/// Conversion between a Leitbild codebook and REFI-QDA codes (`[QDACode]`, as the `.qdc` reader
/// in Ingestion gives them and the `.qdc`/`.qdpx` writers take them).
///
/// REFI-QDA has no place for term lists, so they travel at the end of the code's
/// `<Description>` in a plain-text block that QDA programs show and keep as they are:
///
///     Doctors, hospitals, telemedicine.
///
///     [Leitbild]
///     id: gesundheit_pflege
///     kind: handlungsfeld
///     terms: Arzt; Hausarzt; *versorgung; medizinische Versorgung
///     exclude: Landschaftspflege
///     context: Netz => Internet, Glasfaser
///
/// Terms cannot contain `;`, `,`, `:` or line breaks (the tokenizer would never match them),
/// so the block parses back unambiguously, even if a program joins its lines with spaces.
public enum CodebookQDA {
    /// The marker line that starts the Leitbild block in a description.
    public static let marker = "[Leitbild]"
    static let blockKeys = ["id", "kind", "terms", "exclude", "context", "include_children"]

    /// The stable GUID of a code: derived from its id, so exports are deterministic and a code
    /// keeps its GUID across exports.
    public static func guid(forCodeID id: String) -> String {
        StableUUID.make("leitbild-code:" + id)
    }

    /// The codebook as a REFI-QDA code tree (file order; children under their parents). Code
    /// names are made unique, as REFI-QDA clients require, by adding the id to repeated names.
    public static func qdaCodes(from book: Codebook) -> [QDACode] {
        var nameCount: [String: Int] = [:]
        for code in book.codes { nameCount[code.name, default: 0] += 1 }
        let ids = Set(book.codes.map(\.id))
        func node(_ code: Code, visited: Set<String>) -> QDACode {
            let name = (nameCount[code.name] ?? 0) > 1 ? "\(code.name) (\(code.id))" : code.name
            let children = book.codes.filter { $0.parent == code.id && !visited.contains($0.id) }
                .map { node($0, visited: visited.union([$0.id])) }
            return QDACode(guid: guid(forCodeID: code.id), name: name, isCodable: code.isCodable, color: code.color,
                           description: description(of: code), children: children)
        }
        return book.codes.filter { $0.parent == nil || !ids.contains($0.parent ?? "") }.map { node($0, visited: [$0.id]) }
    }

    /// The `<Description>` text of a code: its description, then the Leitbild block.
    public static func description(of code: Code) -> String {
        var lines = [marker, "id: \(code.id)", "kind: \(code.kind.rawValue)"]
        if !code.terms.isEmpty { lines.append("terms: " + code.terms.joined(separator: "; ")) }
        if !code.exclusions.isEmpty { lines.append("exclude: " + code.exclusions.joined(separator: "; ")) }
        if !code.context.isEmpty {
            lines.append("context: " + code.context.map { "\($0.term) => \($0.require.joined(separator: ", "))" }.joined(separator: "; "))
        }
        if code.includeChildren { lines.append("include_children: true") }
        let block = lines.joined(separator: "\n")
        let text = code.description.trimmingWhitespace()
        return text.isEmpty ? block : text + "\n\n" + block
    }

    /// What a description holds: the free text and the parsed Leitbild block (if any).
    public struct ParsedDescription: Hashable, Sendable {
        public var text: String
        public var id: String?
        public var kind: CodeKind?
        public var terms: [String]
        public var exclusions: [String]
        public var context: [ContextRule]
        public var includeChildren: Bool
    }

    /// Splits a description into free text and the Leitbild block.
    public static func parseDescription(_ description: String) -> ParsedDescription {
        var result = ParsedDescription(text: description.trimmingWhitespace(), id: nil, kind: nil, terms: [], exclusions: [],
                                       context: [], includeChildren: false)
        guard let markerRange = description.range(of: marker, options: .backwards) else { return result }
        result.text = String(description[..<markerRange.lowerBound]).trimmingWhitespace()
        let block = String(description[markerRange.upperBound...])
        for (key, value) in keyValues(block) {
            switch key {
            case "id": result.id = value.isEmpty ? nil : value
            case "kind": result.kind = CodeKind(rawValue: value)
            case "terms": result.terms = list(value)
            case "exclude": result.exclusions = list(value)
            case "context":
                result.context = list(value).compactMap { rule in
                    guard let arrow = rule.range(of: "=>") else { return nil }
                    let term = String(rule[..<arrow.lowerBound]).trimmingWhitespace()
                    let require = String(rule[arrow.upperBound...]).split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                    return term.isEmpty || require.isEmpty ? nil : ContextRule(term: term, require: require)
                }
            case "include_children": result.includeChildren = value.lowercased() == "true"
            default: break
            }
        }
        return result
    }

    /// `key: value` pairs of the block, found by their keys (so joined lines still parse).
    private static func keyValues(_ block: String) -> [(String, String)] {
        let scalars = Array(block.unicodeScalars)
        var starts: [(key: String, keyStart: Int, valueStart: Int)] = []
        var i = 0
        while i < scalars.count {
            let atBoundary = i == 0 || scalars[i - 1].properties.isWhitespace
            if atBoundary {
                for key in blockKeys {
                    let k = Array(key.unicodeScalars)
                    if i + k.count < scalars.count, Array(scalars[i..<(i + k.count)]) == k, scalars[i + k.count] == ":" {
                        starts.append((key, i, i + k.count + 1))
                        i += k.count
                        break
                    }
                }
            }
            i += 1
        }
        return starts.enumerated().map { n, s in
            let end = n + 1 < starts.count ? starts[n + 1].keyStart : scalars.count
            return (s.key, String(String.UnicodeScalarView(scalars[s.valueStart..<end])).trimmingWhitespace())
        }
    }

    private static func list(_ value: String) -> [String] {
        value.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// A codebook from REFI-QDA codes. Codes without a Leitbild block get an id from their name,
    /// kind from `isCodable`, and their name's words as terms ("Gesundheit & Pflege" ->
    /// Gesundheit, Pflege), so that a codebook from another program codes text right away.
    /// Returns the codebook and one warning per code that has no usable term.
    public static func codebook(from codes: [QDACode], name: String) -> (codebook: Codebook, warnings: [String]) {
        var out: [Code] = []
        var warnings: [String] = []
        var used: Set<String> = []
        let tokenizer = Tokenizer()
        func uniqueID(_ wanted: String) -> String {
            var id = wanted.isEmpty ? "code" : wanted
            var n = 2
            while used.contains(id) { id = "\(wanted)_\(n)"; n += 1 }
            used.insert(id)
            return id
        }
        func visit(_ qda: QDACode, parent: String?) {
            let parsed = parseDescription(qda.description ?? "")
            let id = uniqueID(parsed.id ?? slug(qda.name))
            let kind = parsed.kind ?? (qda.isCodable ? .handlungsfeld : .category)
            var terms = parsed.terms
            if terms.isEmpty && kind != .category && !parsed.includeChildren {
                terms = termsFromName(qda.name).filter { if case .success = TermSyntax.parse($0, tokenizer: tokenizer) { true } else { false } }
                if terms.isEmpty { warnings.append("code '\(qda.name)' has no terms: add some to '\(id)' before coding with it") }
            }
            let name = parsed.id != nil ? qda.name.replacingOccurrences(of: " (\(parsed.id ?? ""))", with: "") : qda.name
            out.append(Code(id: id, name: name, parent: parent, kind: kind, description: parsed.text, color: normalizedColor(qda.color),
                            terms: terms, exclusions: parsed.exclusions, context: parsed.context, includeChildren: parsed.includeChildren))
            for child in qda.children { visit(child, parent: id) }
        }
        for code in codes { visit(code, parent: nil) }
        return (Codebook(name: name, codes: out), warnings)
    }

    /// An id from a name: folded, lower case, letters and digits, `_` between words.
    static func slug(_ name: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for s in Folding.key(name).unicodeScalars {
            if ("a"..."z").contains(s) || ("0"..."9").contains(s) {
                if pendingUnderscore && !out.isEmpty { out += "_" }
                out.unicodeScalars.append(s)
                pendingUnderscore = false
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }

    /// Words of a code name usable as terms: split at `&`, `/`, `,`, `+` and " und ".
    static func termsFromName(_ name: String) -> [String] {
        name.replacingOccurrences(of: " und ", with: "&")
            .split(whereSeparator: { "&/,+;:()".contains($0) })
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    /// `#RRGGBB` from `#RGB` or `#RRGGBB` (any case); nil for anything else.
    static func normalizedColor(_ color: String?) -> String? {
        guard let color, color.hasPrefix("#") else { return nil }
        let hex = color.dropFirst()
        guard hex.allSatisfy(\.isHexDigit) else { return nil }
        if hex.count == 6 { return "#" + hex.lowercased() }
        if hex.count == 3 { return "#" + hex.lowercased().map { "\($0)\($0)" }.joined() }
        return nil
    }
}

/// Deterministic UUIDs (RFC 9562 version 8, "custom") from a string: the same string always
/// gives the same GUID, and different strings practically never collide.
enum StableUUID {
    static func make(_ text: String) -> String {
        // Two independent 64-bit FNV-1a hashes (different offset bases), each finalised with
        // SplitMix64 so that every bit depends on every input byte.
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
            h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
            return h ^ (h >> 31)
        }
        var hi = fnv(0xcbf2_9ce4_8422_2325), lo = fnv(0x8422_2325_cbf2_9ce4 ^ UInt64(text.utf8.count))
        hi = (hi & ~0xF000) | 0x8000  // version 8 in bits 48-51
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC variant
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s
        }
        return "\(hex(hi >> 32, 8))-\(hex((hi >> 16) & 0xFFFF, 4))-\(hex(hi & 0xFFFF, 4))-\(hex(lo >> 48, 4))-\(hex(lo & 0xFFFF_FFFF_FFFF, 12))"
    }
}
