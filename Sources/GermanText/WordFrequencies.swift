import Foundation

/// Reference frequencies of German words, for keyness (what is unusually frequent in the
/// interviews) and for weighing compound parts.
///
/// The data is wordfreq 3.1.1's "small" German list (39,277 lower-cased words with a Zipf
/// value; CC BY-SA 4.0, see `Resources/word-frequencies.LICENSE.md`). Zipf is log10 of the
/// occurrences per billion words: "die" 7.47, "arbeit" 5.56, "glasfaser" 3.36. The list stops
/// at Zipf 3.0 (one in a million words), so a word that is not in it is rarer than that:
/// `minimumZipf` is the upper bound to assume for it.
public struct WordFrequencies: Sendable {
    /// The shipped list, loaded once.
    public static let shared = WordFrequencies(tsv: ResourceText.data("word-frequencies", extension: "tsv"))

    /// Size of the notional reference corpus that `expectedCount` and `logLikelihood` use:
    /// relative frequencies are exact to the list's two decimals, so a billion words is ample.
    public static let referenceCorpusSize: Double = 1_000_000_000

    private let zipfs: [String: Double]
    /// The lowest Zipf value in the list (3.0 for wordfreq's small list).
    public let minimumZipf: Double

    /// A list from `word<TAB>zipf` lines (`#` comment lines and malformed lines are skipped).
    public init(tsv: Data) {
        var table: [String: Double] = [:]
        table.reserveCapacity(40_000)
        var minimum = Double.infinity
        ResourceText.forEachLine(in: tsv) { line in
            guard let tab = line.firstIndex(of: 9) else { return }
            let word = String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self)
            guard let z = Double(String(decoding: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)) else { return }
            // The list is sorted by frequency: keep the first (highest) value of a duplicate.
            if table[word] == nil { table[word] = z }
            minimum = min(minimum, z)
        }
        zipfs = table
        minimumZipf = minimum.isFinite ? minimum : 0
    }

    /// A list from a dictionary of lower-case words and Zipf values (tests, other sources).
    public init(zipf: [String: Double]) {
        zipfs = zipf
        minimumZipf = zipf.values.min() ?? 0
    }

    /// Zipf frequency of a lower-case word, or nil when the word is rarer than `minimumZipf`.
    public func zipf(_ lowercasedWord: some StringProtocol) -> Double? {
        zipfs[String(lowercasedWord)]
    }

    /// Share of all running words (Zipf 6 = 0.001), or nil when the word is not in the list.
    public func relativeFrequency(_ lowercasedWord: some StringProtocol) -> Double? {
        zipf(lowercasedWord).map { Self.relativeFrequency(zipf: $0) }
    }

    /// Number of words in the list.
    public var count: Int { zipfs.count }

    /// 10^(zipf - 9): the share of all running words.
    public static func relativeFrequency(zipf: Double) -> Double {
        pow(10, zipf - 9)
    }

    /// Dunning's log-likelihood G² of a word seen `observed` times in a corpus of `corpusSize`
    /// words, against the reference list (taken as `referenceCorpusSize` words).
    ///
    /// A word missing from the list is given `minimumZipf`, the most it can have, so the
    /// score of a rare word is a lower bound. Positive G² with `observed` above expectation
    /// marks an over-used word; 3.84 is p < 0.05, 10.83 is p < 0.001 (one degree of freedom).
    public func logLikelihood(observed: Int, corpusSize: Int, word lowercasedWord: some StringProtocol) -> Double {
        let z = zipf(lowercasedWord) ?? minimumZipf
        let a = Double(observed)
        let b = Self.relativeFrequency(zipf: z) * Self.referenceCorpusSize
        let c = Double(corpusSize)
        let d = Self.referenceCorpusSize
        guard c > 0 else { return 0 }
        let e1 = c * (a + b) / (c + d)
        let e2 = d * (a + b) / (c + d)
        var g2 = 0.0
        if a > 0 { g2 += a * log(a / e1) }
        if b > 0 { g2 += b * log(b / e2) }
        return 2 * g2
    }
}
