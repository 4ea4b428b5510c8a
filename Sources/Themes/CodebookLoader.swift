import Foundation
import GermanText
import LeitbildCore
import Yams

/// Reads and validates `codebook.yaml`. Every problem is reported with file, line and key.
public enum CodebookLoader {
    public static func load(path: String) throws(CodebookErrors) -> Codebook {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CodebookErrors(errors: [CodebookError(file: path, line: nil, key: nil, message: "cannot read the codebook: \(error.localizedDescription)",
                                                        hint: "check the path given with --codebook")])
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(CodebookErrors) -> Codebook {
        var errors: [CodebookError] = []
        func fail(_ node: Node?, _ key: String?, _ message: String, _ hint: String) {
            errors.append(CodebookError(file: path, line: node?.mark?.line, key: key, message: message, hint: hint))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            var line: Int? = nil
            if case let YamlError.scanner(_, _, mark, _) = error { line = mark.line }
            if case let YamlError.parser(_, _, mark, _) = error { line = mark.line }
            throw CodebookErrors(errors: [CodebookError(file: path, line: line, key: nil, message: "not valid YAML: \(error)",
                                                        hint: "check indentation and quoting around this line")])
        }
        guard let mapping = root?.mapping else {
            throw CodebookErrors(errors: [CodebookError(file: path, line: 1, key: nil, message: "the codebook must be a mapping with 'version' and 'codes'",
                                                        hint: "start the file with 'version: 1' and a 'codes:' list")])
        }
        let version = mapping["version"]?.int
        if version != Codebook.currentVersion {
            fail(mapping["version"] ?? root, "version", "unsupported codebook version \(mapping["version"]?.string ?? "(missing)")",
                 "write 'version: \(Codebook.currentVersion)'")
        }
        let name = mapping["name"]?.string ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let codeNodes = mapping["codes"]?.sequence else {
            fail(root, "codes", "no 'codes' list", "add 'codes:' with one entry per code")
            throw CodebookErrors(errors: errors)
        }
        var codes: [Code] = []
        var seen: [String: Int] = [:]
        for node in codeNodes {
            guard let m = node.mapping else { fail(node, nil, "a code must be a mapping", "write '- id: ...' with name, terms, ..."); continue }
            guard let id = m["id"]?.string, !id.isEmpty else { fail(node, "id", "code without an id", "add 'id: some-id'"); continue }
            if let first = seen[id] {
                fail(m["id"], "id", "duplicate code id '\(id)' (first defined on line \(first))", "give each code its own id")
                continue
            }
            seen[id] = node.mark?.line ?? 0
            let kindText = m["kind"]?.string ?? "handlungsfeld"
            guard let kind = CodeKind(rawValue: kindText) else {
                fail(m["kind"], "kind", "unknown kind '\(kindText)'", "use one of: \(CodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            func strings(_ key: String) -> [String] {
                guard let n = m[key] else { return [] }
                guard let seq = n.sequence else { fail(n, key, "'\(key)' must be a list", "write one entry per line starting with '- '"); return [] }
                return seq.compactMap { item in
                    guard let s = item.string else { fail(item, key, "entry of '\(key)' is not text", "quote it"); return nil }
                    if s.trimmingCharacters(in: .whitespaces).isEmpty { fail(item, key, "empty term in '\(key)' of '\(id)'", "remove the empty entry"); return nil }
                    return s
                }
            }
            var contextRules: [ContextRule] = []
            if let ctx = m["context"]?.sequence {
                for rule in ctx {
                    guard let r = rule.mapping, let term = r["term"]?.string, let req = r["require"]?.sequence?.compactMap(\.string), !req.isEmpty else {
                        fail(rule, "context", "a context rule needs 'term' and a non-empty 'require' list", "write '- term: Netz' and 'require: [Internet, Glasfaser]'")
                        continue
                    }
                    contextRules.append(ContextRule(term: term, require: req))
                }
            }
            let color = m["color"]?.string
            if let color, !(color.count == 7 && color.hasPrefix("#") && color.dropFirst().allSatisfy(\.isHexDigit)) {
                fail(m["color"], "color", "colour '\(color)' is not #RRGGBB", "write it like '#1f77b4'")
            }
            let terms = strings("terms")
            if kind != .category && terms.isEmpty {
                fail(node, "terms", "code '\(id)' has no terms and can never match", "add terms or make it 'kind: category'")
            }
            codes.append(Code(id: id, name: m["name"]?.string ?? id, parent: m["parent"]?.string, kind: kind,
                              description: m["description"]?.string ?? "", color: color, terms: terms,
                              exclusions: strings("exclude"), context: contextRules, line: node.mark?.line))
        }
        for code in codes {
            if let parent = code.parent, seen[parent] == nil {
                let suggestion = Self.closest(parent, among: Array(seen.keys))
                errors.append(CodebookError(file: path, line: code.line, key: "parent", message: "unknown parent '\(parent)' of code '\(code.id)'",
                                            hint: suggestion.map { "Did you mean '\($0)'?" } ?? "define the parent code or remove 'parent'"))
            }
        }
        if !errors.isEmpty { throw CodebookErrors(errors: errors) }
        return Codebook(version: Codebook.currentVersion, name: name, codes: codes, path: path)
    }

    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Folding.key(word), Folding.key($0))) }.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best = scored, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
