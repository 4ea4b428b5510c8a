import Foundation
import GermanText
import LeitbildCore

/// What a code stands for in a Leitbild codebook.
public enum CodeKind: String, Codable, Sendable, CaseIterable {
    /// A folder in the tree (e.g. "Handlungsfelder"); not assigned to text.
    case category
    /// An action field: what the county should work on.
    case handlungsfeld
    /// A Leitbild value: how and why.
    case value
}

/// A term rule that makes an ambiguous term count only when one of `require` occurs in the
/// same sentence.
public struct ContextRule: Hashable, Codable, Sendable {
    public var term: String
    public var require: [String]
    public init(term: String, require: [String]) {
        self.term = term
        self.require = require
    }
}

/// One code of the codebook.
public struct Code: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var parent: String?
    public var kind: CodeKind
    public var description: String
    /// `#RRGGBB`
    public var color: String?
    /// Terms: words, multiword phrases, `*` globs (`Breitband*`, `*versorgung`), `=Form` exact forms.
    public var terms: [String]
    /// Phrases that veto a hit they overlap ("soziales Netz" for "Netz").
    public var exclusions: [String]
    public var context: [ContextRule]
    /// `include_children: true`: a hit of any descendant code also assigns this code (the
    /// match names the child in `TermMatch.viaCode`), e.g. "Radverkehr" under "Nichtmotorisiert".
    public var includeChildren: Bool
    /// 1-based line of the code in the codebook file, for messages.
    public var line: Int?

    public init(id: String, name: String, parent: String? = nil, kind: CodeKind, description: String = "",
                color: String? = nil, terms: [String] = [], exclusions: [String] = [], context: [ContextRule] = [],
                includeChildren: Bool = false, line: Int? = nil) {
        self.id = id
        self.name = name
        self.parent = parent
        self.kind = kind
        self.description = description
        self.color = color
        self.terms = terms
        self.exclusions = exclusions
        self.context = context
        self.includeChildren = includeChildren
        self.line = line
    }

    /// Whether the code is assigned to text (categories are not).
    public var isCodable: Bool { kind != .category }
}

/// A consultant-editable codebook of Leitbild categories (`codebook.yaml`, `version: 1`).
public struct Codebook: Hashable, Codable, Sendable {
    public static let currentVersion = 1
    public var version: Int
    public var name: String
    /// Codes in file order.
    public var codes: [Code]
    /// Where it was read from.
    public var path: String?

    public init(version: Int = Codebook.currentVersion, name: String, codes: [Code], path: String? = nil) {
        self.version = version
        self.name = name
        self.codes = codes
        self.path = path
    }

    public func code(id: String) -> Code? { codes.first { $0.id == id } }

    /// The direct children of a code (or the top-level codes for `nil`), in file order.
    public func children(of id: String?) -> [Code] { codes.filter { $0.parent == id } }

    /// All descendants of a code, depth first in file order (cycles are rejected by the loader).
    public func descendants(of id: String) -> [Code] {
        var out: [Code] = []
        var seen: Set<String> = [id]
        func visit(_ parent: String) {
            for child in children(of: parent) where seen.insert(child.id).inserted {
                out.append(child)
                visit(child.id)
            }
        }
        visit(id)
        return out
    }

    /// Codes that are assigned to text.
    public var codableCodes: [Code] { codes.filter(\.isCodable) }
}

extension Codebook {
    /// Terms (compared as folded words, `Folding.key`) that more than one code lists, with those
    /// codes in codebook order: a mention of such a term counts for each of them, which may be
    /// meant (a word at home in two fields) or a slip (found in a user review, fifth stop of
    /// 2026-11-29: `codebook validate` said nothing). `codebook validate` prints them as notes.
    public func sharedTerms() -> [(term: String, codes: [Code])] {
        var owners: [String: [Int]] = [:]
        var firstSpelling: [String: String] = [:]
        var order: [String] = []
        for (index, code) in codes.enumerated() {
            for term in code.terms {
                let key = Folding.key(term)
                if owners[key] == nil { order.append(key); firstSpelling[key] = term }
                if owners[key]?.last != index { owners[key, default: []].append(index) }
            }
        }
        return order.compactMap { key in
            guard let indices = owners[key], indices.count > 1 else { return nil }
            return (firstSpelling[key] ?? key, indices.map { codes[$0] })
        }
    }
}
