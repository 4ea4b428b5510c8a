import Foundation
import GermanText

/// The German word lists of the themes stage (`Sources/Themes/Resources/*.txt`), folded and
/// parsed once.
public struct ThemeLexicon: Sendable {
    /// Words that match a term only as the same word (`function-words.txt`).
    public var functionWords: Set<String>
    /// Dismissal cues (`dismissal-cues.txt`).
    public var cues: [DismissalCue]
    /// Words that start a new clause for a cue's scope (`clause-breaks.txt`).
    public var clauseBreaks: Set<String>
    /// Words that keep a clause open across a comma (`resumptive-words.txt`).
    public var resumptiveWords: Set<String>
    /// Those of them that are also articles (`| article`): before a capitalised word they open a
    /// clause that a cue before the comma does not reach ("Das Geld spielt keine große Rolle, die
    /// Sicherheit geht vor"), while a cue after it still reaches back ("Der Bus, die Schule, das
    /// spielt keine Rolle").
    public var resumptiveArticles: Set<String>

    public static let shared = ThemeLexicon()

    public init() {
        self.init(functionWords: Self.lines("function-words"), cues: Self.lines("dismissal-cues"),
                  clauseBreaks: Self.lines("clause-breaks"), resumptiveWords: Self.lines("resumptive-words"))
    }

    /// A lexicon from explicit lists (tests); entries are folded here. A resumptive word may carry
    /// the flag `| article` (`resumptiveArticles`).
    public init(functionWords: [String], cues: [String], clauseBreaks: [String], resumptiveWords: [String]) {
        self.functionWords = Set(functionWords.map { Folding.key($0) })
        self.cues = cues.map(DismissalCue.init(pattern:))
        self.clauseBreaks = Set(clauseBreaks.map { Folding.key($0) })
        let resumptive = resumptiveWords.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        self.resumptiveWords = Set(resumptive.map { Folding.key($0[0]) })
        self.resumptiveArticles = Set(resumptive.filter { $0.dropFirst().contains("article") }.map { Folding.key($0[0]) })
    }

    /// Non-comment, non-empty lines of `Resources/<name>.txt`.
    static func lines(_ name: String) -> [String] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("Themes resource '\(name).txt' is missing from the bundle; rebuild the package")
        }
        return text.split(separator: "\n").compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = entry.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}

/// A cue that marks a mention as negated or dismissed, e.g. `spielt ... keine rolle`.
public struct DismissalCue: Hashable, Sendable {
    public enum Element: Hashable, Sendable {
        /// A folded word.
        case word(String)
        /// A folded word prefix (`brauch*`).
        case prefix(String)
        /// Up to `maxGap` other words.
        case gap
    }

    /// Words a gap (`...`) may skip.
    public static let maxGap = 3

    /// The line as written in the data file.
    public var pattern: String
    public var elements: [Element]
    /// `!wort` before the first word: the preceding word must not be one of these.
    public var notBefore: [String]
    /// `!wort` after the last word: the following word must not be one of these.
    public var notAfter: [String]
    /// `!..wort` before the first word: none of the `maxGap` words before the cue in its clause
    /// may be one of these ("!..nicht unwichtig": "nicht ganz so unwichtig" is litotes), nor, in a
    /// clause that opens with "dass", the `maxGap` words before "dass" ("Ich würde nicht sagen,
    /// dass Radwege unwichtig sind").
    public var notNear: [String]
    /// `!..wort` after the last word: none of the words after the cue, to the end of its clause or
    /// the next comma, may be one of these ("unwichtig !..nicht": "Unwichtig ist der Radweg nicht"
    /// is litotes).
    public var notLater: [String]

    public init(pattern: String) {
        self.pattern = pattern
        var elements: [Element] = []
        var before: [String] = [], after: [String] = [], near: [String] = [], later: [String] = []
        for piece in pattern.split(separator: " ") {
            if piece == "..." { elements.append(.gap); continue }
            if piece.hasPrefix("!..") {
                if elements.isEmpty { near.append(Folding.key(piece.dropFirst(3))) } else { later.append(Folding.key(piece.dropFirst(3))) }
                continue
            }
            if piece.hasPrefix("!") {
                let word = Folding.key(piece.dropFirst())
                if elements.isEmpty { before.append(word) } else { after.append(word) }
                continue
            }
            if piece.hasSuffix("*") { elements.append(.prefix(Folding.key(piece.dropLast()))) } else { elements.append(.word(Folding.key(piece))) }
        }
        self.elements = elements
        self.notBefore = before
        self.notAfter = after
        self.notNear = near
        self.notLater = later
    }
}
