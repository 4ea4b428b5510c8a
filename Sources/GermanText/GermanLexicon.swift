import Foundation

/// German word lists the text stage needs, loaded once from the module's resource files
/// (one entry per line, `#` starts a comment).
public struct GermanLexicon: Sendable {
    public var abbreviations: Set<String>
    public var months: Set<String>

    public static let shared = GermanLexicon()

    public init() {
        abbreviations = Set(Self.lines("abbreviations"))
        months = Set(Self.lines("months"))
    }

    public func isAbbreviation(_ withPeriod: String) -> Bool { abbreviations.contains(withPeriod) }
    public func isMonth(_ word: String) -> Bool { months.contains(word) }

    /// Non-comment, non-empty lines of `Resources/<name>.txt`.
    public static func lines(_ name: String) -> [String] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("GermanText resource '\(name).txt' is missing from the bundle; rebuild the package")
        }
        return text.split(separator: "\n").compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}
