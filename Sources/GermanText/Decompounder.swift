/// One part of a compound word, as it appears in the word (`arzt` in `hausarztversorgung`).
public struct CompoundPart: Hashable, Codable, Sendable {
    /// The part's lexical form (lower case, linking element removed).
    public var lemma: String
    /// Offset range of the part within the word, in scalars.
    public var scalars: Range<Int>
    public init(lemma: String, scalars: Range<Int>) {
        self.lemma = lemma
        self.scalars = scalars
    }
}

/// Splits German compounds into parts.
///
/// Skeleton version: returns the word as its only part. The German text issue adds the
/// lexicon-based splitter with linking elements.
public struct Decompounder: Sendable {
    public init() {}

    public func split(_ word: some StringProtocol) -> [CompoundPart] {
        let lower = word.lowercased()
        return [CompoundPart(lemma: lower, scalars: 0..<lower.unicodeScalars.count)]
    }
}
