import Foundation

/// German stop words: words that carry neither a theme nor a priority signal.
///
/// Read from `Resources/stopwords.txt` (one word per line, `#` comments), a curated version of
/// stopwords-iso 0.7.1 (MIT): negations ("nicht", "kein"), priority and hedge cues ("besonders",
/// "vielleicht", "muss"), ranking words ("erste", "zwei") and nouns in disguise ("Weg", "Zeit")
/// were taken out, spoken fillers ("ähm", "halt", "sozusagen") added. Lookups go through
/// `Folding.key`, so case and ä/ae, ß/ss spellings do not matter.
public struct StopWords: Sendable {
    /// The list shipped with Leitbild, loaded once.
    public static let shared = StopWords(words: ResourceText.entries("stopwords", extension: "txt"))

    /// The folded keys of all stop words.
    public let keys: Set<String>
    /// The stop words in lower case as listed (with umlauts and ß).
    public let words: Set<String>

    /// A stop-word list from the given words (any case or spelling).
    public init(words: some Sequence<String>) {
        let lower = Set(words.map { $0.lowercased() })
        self.words = lower
        keys = Set(lower.map { Folding.key($0) })
    }

    /// True when `word` is a stop word (any case; ä/ae and ß/ss spellings match).
    public func contains(_ word: some StringProtocol) -> Bool {
        keys.contains(Folding.key(word))
    }

    /// Number of stop words.
    public var count: Int { keys.count }
}
