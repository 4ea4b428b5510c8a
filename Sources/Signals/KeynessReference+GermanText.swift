import GermanText

// GermanText's shipped lists are the production reference for the emergent-term search.
extension WordFrequencies: ReferenceFrequencies {}
extension StopWords: StopWordList {}

extension KeynessReference {
    /// wordfreq's German list and Leitbild's stop words, as shipped with GermanText.
    public static var german: KeynessReference {
        KeynessReference(frequencies: WordFrequencies.shared, stopWords: StopWords.shared)
    }
}
