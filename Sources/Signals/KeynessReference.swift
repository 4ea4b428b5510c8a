/// Word frequencies of general German, the yardstick for "unusual" in the emergent-term search.
///
/// GermanText's `WordFrequencies` (wordfreq Zipf values) is the production source; tests use a
/// small table. Zipf = log10 of occurrences per billion words (7.5 for "die", 3 for rare words).
public protocol ReferenceFrequencies: Sendable {
    /// Zipf frequency of a lower-case word form, or nil when the list does not have it.
    func zipf(_ word: String) -> Double?
    /// The lowest Zipf value in the list: unlisted words are rarer than this.
    var minimumZipf: Double { get }
}

/// Function words that are never suggested as emergent terms.
public protocol StopWordList: Sendable {
    /// Whether a lower-case word is a stop word.
    func contains(_ word: String) -> Bool
}

/// What the emergent-term search compares respondent speech with.
public struct KeynessReference: Sendable {
    public var frequencies: any ReferenceFrequencies
    public var stopWords: any StopWordList
    /// Zipf assumed for unlisted words: the list's floor, the most they can have, so that their
    /// keyness is a lower bound.
    public var unlistedZipf: Double { frequencies.minimumZipf }

    public init(frequencies: any ReferenceFrequencies, stopWords: any StopWordList) {
        self.frequencies = frequencies
        self.stopWords = stopWords
    }
}

/// A reference built from in-memory tables (tests, or a list read by the caller).
public struct ReferenceTable: ReferenceFrequencies, StopWordList {
    public var zipfByWord: [String: Double]
    public var stopWords: Set<String>
    public var minimumZipf: Double

    public init(zipf: [String: Double], stopWords: Set<String> = [], minimumZipf: Double? = nil) {
        self.zipfByWord = zipf
        self.stopWords = stopWords
        self.minimumZipf = minimumZipf ?? zipf.values.min() ?? 3
    }

    public func zipf(_ word: String) -> Double? { zipfByWord[word] }
    public func contains(_ word: String) -> Bool { stopWords.contains(word) }
}
