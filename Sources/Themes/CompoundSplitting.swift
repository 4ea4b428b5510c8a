import GermanText

/// Splits a word into compound parts. `Decompounder` (GermanText) is the production splitter;
/// tests and benchmarks may supply fixed splits so that matching rules are tested on their own.
public protocol CompoundSplitting: Sendable {
    /// Parts in order, with lower-case lemmas and scalar ranges within `word`; one part for a
    /// word that is not a compound.
    func split(_ word: String) -> [CompoundPart]
}

/// The German decompounder of the text stage.
public struct GermanCompoundSplitter: CompoundSplitting {
    /// nil: the shipped lexicon's decompounder, taken when a word is first split. Loading the
    /// lexicon takes 0.06 s, which a run whose files all come from the run cache never needs.
    private let decompounder: Decompounder?
    public init() { decompounder = nil }
    public init(decompounder: Decompounder) { self.decompounder = decompounder }
    public func split(_ word: String) -> [CompoundPart] { (decompounder ?? Decompounder()).split(word) }
}

/// Splits from a fixed table (`"hausarztpraxis": ["haus", "arzt", "praxis"]`), keyed by the
/// lower-cased word; the lemma of each part is the piece itself. Other words stay whole.
public struct TableCompoundSplitter: CompoundSplitting {
    /// Lower-case word -> pieces: each is `surface` or `surface>lemma` ("ärzte>arzt").
    public var table: [String: [String]]
    public init(_ table: [String: [String]]) { self.table = table }

    public func split(_ word: String) -> [CompoundPart] {
        let lower = word.lowercased()
        let count = lower.unicodeScalars.count
        guard let pieces = table[lower] else { return [CompoundPart(lemma: lower, scalars: 0..<count)] }
        var parts: [CompoundPart] = []
        var offset = 0
        for piece in pieces {
            let halves = piece.split(separator: ">", maxSplits: 1)
            let surface = String(halves[0]), lemma = halves.count > 1 ? String(halves[1]) : surface
            let length = surface.unicodeScalars.count
            parts.append(CompoundPart(lemma: lemma, scalars: offset..<min(offset + length, count)))
            offset += length
        }
        return parts
    }
}
