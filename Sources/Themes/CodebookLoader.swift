import Foundation
import GermanText
import LeitbildCore
import Yams

/// Reads and validates `codebook.yaml`. Every problem is reported with file, line and key and a
/// suggested fix; all problems of a file are reported at once.
public enum CodebookLoader {
    /// Keys a code may have. Anything else is most likely a typo that would silently drop terms.
    static let codeKeys = ["id", "name", "parent", "kind", "description", "color", "terms", "exclude", "context", "include_children"]
    static let topKeys = ["version", "name", "description", "codes"]

    public static func load(path: String) throws(CodebookErrors) -> Codebook {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CodebookErrors(errors: [CodebookError(file: path, line: nil, key: nil, message: "cannot read the codebook: \(error.reasonClause)",
                                                        hint: "check the path: the project's codebook.yaml, or the file given with --codebook")])
        }
        // UTF-8, UTF-16 with its mark or Windows-1252, as editors on Windows save it (`SettingsText`).
        switch SettingsText.decode(data) {
        case .success(let text): return try parse(text, path: path)
        case .failure(let problem):
            throw CodebookErrors(errors: [CodebookError(file: path, line: problem.line, key: nil, message: problem.message, hint: problem.hint)])
        }
    }

    public static func parse(_ text: String, path: String) throws(CodebookErrors) -> Codebook {
        var errors: [CodebookError] = []
        func fail(_ node: Node?, _ key: String?, _ message: String, _ hint: String) {
            errors.append(CodebookError(file: path, line: node?.mark?.line, key: key, message: message, hint: hint))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let problem = YAMLSyntaxProblem(error)
            throw CodebookErrors(errors: [CodebookError(file: path, line: problem.line, key: nil, message: problem.message, hint: problem.hint)])
        }
        guard let mapping = root?.mapping else {
            throw CodebookErrors(errors: [CodebookError(file: path, line: 1, key: nil, message: "the codebook must be a mapping with 'version' and 'codes'",
                                                        hint: "start the file with 'version: 1' and a 'codes:' list")])
        }
        checkKeys(mapping, allowed: topKeys, context: "the codebook", fail: fail)
        let version = mapping["version"]?.int
        if version != Codebook.currentVersion {
            fail(mapping["version"] ?? root, "version", "unsupported codebook version \(mapping["version"]?.string ?? "(missing)")",
                 "write 'version: \(Codebook.currentVersion)'")
        }
        let name = mapping["name"]?.string ?? PathName.stem(path)
        guard let codeNodes = mapping["codes"]?.sequence else {
            fail(root, "codes", "no 'codes' list", "add 'codes:' with one entry per code")
            throw CodebookErrors(errors: errors)
        }
        let tokenizer = Tokenizer()
        var codes: [Code] = []
        var seen: [String: Int] = [:]
        // The line of each code's `parent:`, for a message about it (not the code's `id:` line).
        var parentLines: [String: Int] = [:]
        for node in codeNodes {
            guard let m = node.mapping else { fail(node, nil, "a code must be a mapping", "write '- id: ...' with name, terms, ..."); continue }
            guard let id = m["id"]?.string, !id.trimmingWhitespace().isEmpty else { fail(node, "id", "code without an id", "add 'id: some-id'"); continue }
            if let first = seen[id] {
                fail(m["id"], "id", "duplicate code id '\(id)' (first defined on line \(first))", "give each code its own id")
                continue
            }
            seen[id] = node.mark?.line ?? 0
            checkKeys(m, allowed: codeKeys, context: "code '\(id)'", fail: fail)
            let kindText = m["kind"]?.string ?? "handlungsfeld"
            guard let kind = CodeKind(rawValue: kindText) else {
                let suggestion = closest(kindText, among: CodeKind.allCases.map(\.rawValue))
                fail(m["kind"], "kind", "unknown kind '\(kindText)' of code '\(id)'",
                     suggestion.map { "Did you mean '\($0)'?" } ?? "use one of: \(CodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }

            /// Raw strings of a list key, each with its node (for the line of a message).
            func strings(_ key: String) -> [(String, Node)] {
                guard let n = m[key] else { return [] }
                guard let seq = n.sequence else { fail(n, key, "'\(key)' of '\(id)' must be a list", "write one entry per line starting with '- '"); return [] }
                return seq.compactMap { item in
                    guard let s = item.string else { fail(item, key, "entry of '\(key)' in '\(id)' is not text", "quote it"); return nil }
                    return (s, item)
                }
            }
            /// Parses term strings, reporting syntax problems; keeps the valid ones.
            func parsedTerms(_ key: String) -> [(String, ParsedTerm, Node)] {
                var out: [(String, ParsedTerm, Node)] = []
                var firstLine: [String: Int] = [:]
                for (s, item) in strings(key) {
                    switch TermSyntax.parse(s, tokenizer: tokenizer) {
                    case .failure(let problem):
                        let message = problem.message == "empty term" ? "empty term in '\(key)' of '\(id)'" : problem.message + " (in '\(key)' of '\(id)')"
                        fail(item, key, message, problem.hint)
                    case .success(let parsed):
                        let norm = normalizedKey(parsed)
                        if let line = firstLine[norm] {
                            fail(item, key, "'\(s)' is listed twice in '\(key)' of '\(id)' (first on line \(line))", "remove one of them")
                            continue
                        }
                        firstLine[norm] = item.mark?.line ?? 0
                        out.append((s, parsed, item))
                    }
                }
                return out
            }

            let terms = parsedTerms("terms")
            let exclusions = parsedTerms("exclude")
            if kind == .category && !terms.isEmpty {
                fail(m["terms"], "terms", "code '\(id)' is a category, so its terms can never match", "move the terms to a child code or change 'kind' to handlungsfeld or value")
            }
            let listedTerms = m["terms"]?.sequence?.count ?? 0
            if kind != .category && listedTerms == 0 && !(m["include_children"]?.bool ?? false) {
                fail(m["terms"] ?? node, "terms", "code '\(id)' has no terms and can never match", "add terms or make it 'kind: category'")
            }
            // A term that an exclusion of the same code covers word for word would always be vetoed.
            let exclusionKeys = Set(exclusions.map { normalizedKey($0.1) })
            for (s, parsed, item) in terms where exclusionKeys.contains(normalizedKey(parsed)) {
                fail(item, "terms", "term '\(s)' of '\(id)' can never match: it is also listed under 'exclude', which vetoes every hit",
                     "remove it from one of the two lists")
            }

            var contextRules: [ContextRule] = []
            if let ctxNode = m["context"] {
                if let ctx = ctxNode.sequence {
                    for rule in ctx {
                        guard let r = rule.mapping, let term = r["term"]?.string, let req = r["require"]?.sequence, !req.isEmpty else {
                            fail(rule, "context", "a context rule of '\(id)' needs 'term' and a non-empty 'require' list",
                                 "write '- term: Netz' and 'require: [Internet, Glasfaser]'")
                            continue
                        }
                        checkKeys(r, allowed: ["term", "require"], context: "a context rule of '\(id)'", fail: fail)
                        let termKeys = terms.map { ($0.0, Folding.key($0.0.trimmingWhitespace())) }
                        if !termKeys.contains(where: { $0.1 == Folding.key(term.trimmingWhitespace()) }) {
                            let suggestion = closest(term, among: terms.map(\.0))
                            fail(r["term"], "context", "context rule for '\(term)', which is not a term of '\(id)'",
                                 suggestion.map { "Did you mean '\($0)'?" } ?? "add '\(term)' to 'terms' or fix the spelling")
                        }
                        var required: [String] = []
                        for item in req {
                            guard let s = item.string else { fail(item, "context", "entry of 'require' is not text", "quote it"); continue }
                            if case .failure(let problem) = TermSyntax.parse(s, tokenizer: tokenizer) {
                                fail(item, "context", problem.message + " (in 'require' of '\(id)')", problem.hint)
                                continue
                            }
                            required.append(s)
                        }
                        if !required.isEmpty { contextRules.append(ContextRule(term: term, require: required)) }
                    }
                } else {
                    fail(ctxNode, "context", "'context' of '\(id)' must be a list of rules", "write '- term: Netz' and 'require: [Internet, Glasfaser]'")
                }
            }
            let color = m["color"]?.string
            if let color, !(color.count == 7 && color.hasPrefix("#") && color.dropFirst().allSatisfy(\.isHexDigit)) {
                fail(m["color"], "color", "colour '\(color)' of '\(id)' is not #RRGGBB", "write it like '#1f77b4' (quoted, since # starts a YAML comment)")
            }
            var includeChildren = false
            if let n = m["include_children"] {
                if let b = n.bool { includeChildren = b } else {
                    fail(n, "include_children", "'include_children' of '\(id)' must be true or false", "write 'include_children: true'")
                }
            }
            if let line = m["parent"]?.mark?.line { parentLines[id] = line }
            codes.append(Code(id: id, name: m["name"]?.string ?? id, parent: m["parent"]?.string, kind: kind,
                              description: m["description"]?.string ?? "", color: color, terms: terms.map(\.0),
                              exclusions: exclusions.map(\.0), context: contextRules, includeChildren: includeChildren,
                              line: node.mark?.line))
        }
        // A codebook that can code nothing gives reports without a theme: surely a mistake.
        if codeNodes.isEmpty {
            fail(mapping["codes"], "codes", "the codebook has no codes",
                 "add one entry under 'codes:' per Handlungsfeld or Leitbild value, with its terms (docs/codebook.md)")
        } else if errors.isEmpty, !codes.isEmpty, !codes.contains(where: \.isCodable) {
            fail(mapping["codes"], "codes", "no code can be coded: every code has kind 'category', which only groups codes",
                 "give the codes that name themes 'kind: handlungsfeld' or 'kind: value', with terms")
        }
        let byID = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for code in codes {
            guard let parent = code.parent else { continue }
            if parent == code.id {
                errors.append(CodebookError(file: path, line: parentLines[code.id] ?? code.line, key: "parent", message: "code '\(code.id)' is its own parent",
                                            hint: "remove 'parent' or name another code"))
            } else if byID[parent] == nil {
                let suggestion = Self.closest(parent, among: Array(seen.keys))
                errors.append(CodebookError(file: path, line: parentLines[code.id] ?? code.line, key: "parent", message: "unknown parent '\(parent)' of code '\(code.id)'",
                                            hint: suggestion.map { "Did you mean '\($0)'?" } ?? "define the parent code or remove 'parent'"))
            } else {
                // Walk up; a chain that comes back to the code is a cycle.
                var current = byID[parent]
                var steps = 0
                while let c = current, steps <= codes.count {
                    if c.id == code.id {
                        errors.append(CodebookError(file: path, line: code.line, key: "parent", message: "parent cycle through code '\(code.id)'",
                                                    hint: "make one of the codes in the cycle a top-level code"))
                        break
                    }
                    current = c.parent.flatMap { byID[$0] }
                    steps += 1
                }
            }
        }
        for code in codes where code.includeChildren && !codes.contains(where: { $0.parent == code.id }) {
            errors.append(CodebookError(file: path, line: code.line, key: "include_children",
                                        message: "code '\(code.id)' has 'include_children: true' but no child codes",
                                        hint: "remove 'include_children' or add codes with 'parent: \(code.id)'"))
        }
        if !errors.isEmpty {
            errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
            throw CodebookErrors(errors: errors)
        }
        return Codebook(version: Codebook.currentVersion, name: name, codes: codes, path: path)
    }

    /// Reports keys that the codebook does not know, with the closest known key.
    private static func checkKeys(_ mapping: Node.Mapping, allowed: [String], context: String,
                                  fail: (Node?, String?, String, String) -> Void) {
        for (keyNode, _) in mapping {
            guard let key = keyNode.string, !allowed.contains(key) else { continue }
            let suggestion = closest(key, among: allowed)
            fail(keyNode, key, "unknown key in \(context)",
                 suggestion.map { "Did you mean '\($0)'?" } ?? "known keys: \(allowed.joined(separator: ", "))")
        }
    }

    /// A key that is equal for terms that match the same things (case and spelling folded).
    static func normalizedKey(_ term: ParsedTerm) -> String {
        (term.adjacent ? "\"" : "") + term.words.map { w in
            switch w.kind {
            case .exact: "=" + w.text
            // "Parken" (noun: also inside compounds) and "parken" (verb) match differently.
            case .lexical: (w.text.first?.isUppercase == true ? "^" : "") + Folding.key(w.text)
            case .prefix: Folding.key(w.text) + "*"
            case .suffix: "*" + Folding.key(w.text)
            case .infix: "*" + Folding.key(w.text) + "*"
            }
        }.joined(separator: " ")
    }

    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    public static func closest(_ word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Folding.key(word), Folding.key($0))) }.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        if let best = scored, best.1 <= max(2, word.count / 3) { return best.0 }
        // A shared start of four letters or more also gives a useful suggestion ("exclusions" -> "exclude").
        let folded = Array(Folding.key(word).unicodeScalars)
        let prefixed = candidates.map { c -> (String, Int) in
            let other = Array(Folding.key(c).unicodeScalars)
            var n = 0
            while n < min(folded.count, other.count), folded[n] == other[n] { n += 1 }
            return (c, n)
        }.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }
        if let best = prefixed, best.1 >= 4 { return best.0 }
        return nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
