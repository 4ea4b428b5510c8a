import GermanText

// GermanText's shipped lists are the production reference for the emergent-term search.
extension WordFrequencies: ReferenceFrequencies {}
extension StopWords: StopWordList {}

/// GermanText's stop words with a fast path for the emergent-term loop: a lower-case ASCII word
/// is its own folded key, so it is looked up without folding.
struct FastStopWords: StopWordList {
    let list: StopWords
    func contains(_ word: String) -> Bool {
        word.utf8.allSatisfy { $0 < 0x80 } ? list.keys.contains(word) : list.keys.contains(String(decoding: ByteFolding.fold(word), as: UTF8.self))
    }
}

extension KeynessReference {
    /// wordfreq's German list and Leitbild's stop words, as shipped with GermanText.
    public static var german: KeynessReference {
        KeynessReference(frequencies: WordFrequencies.shared, stopWords: FastStopWords(list: StopWords.shared))
    }
}
