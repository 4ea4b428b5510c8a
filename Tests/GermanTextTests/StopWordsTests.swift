import GermanText
import Testing

@Suite("Stop words and reference frequencies")
struct StopWordsTests {
    @Test("function words and fillers are stop words, in any spelling", arguments: [
        "und", "der", "Die", "dass", "daß", "ähm", "halt", "sozusagen", "ausser", "außer",
    ])
    func stopWords(_ word: String) {
        #expect(StopWords.shared.contains(word))
    }

    @Test("negations, priority cues, rankings and nouns are not stop words", arguments: [
        "nicht", "kein", "keine", "nie", "ohne", "kaum", "wichtig", "besonders", "dringend", "muss",
        "vielleicht", "erste", "zweitens", "eins", "Weg", "Zeit", "Teil", "Menschen", "Jahr", "gut", "schlecht",
    ])
    func notStopWords(_ word: String) {
        #expect(!StopWords.shared.contains(word))
    }

    @Test("the shipped list has hundreds of entries")
    func size() {
        #expect(StopWords.shared.count > 400)
    }

    @Test("Zipf values come from wordfreq's German list", arguments: [
        ("die", 7.47), ("arbeit", 5.56), ("glasfaser", 3.36),
    ])
    func zipf(_ c: (String, Double)) {
        #expect(WordFrequencies.shared.zipf(c.0) == c.1)
    }

    @Test("a rare word has no Zipf value; the list's floor bounds it")
    func rare() {
        #expect(WordFrequencies.shared.zipf("hausarztversorgungsnotstand") == nil)
        #expect(WordFrequencies.shared.minimumZipf == 3.0)
        #expect(WordFrequencies.shared.count == 39_277)
    }

    @Test("relative frequency is 10^(zipf - 9)")
    func relative() throws {
        let f = try #require(WordFrequencies.shared.relativeFrequency("arbeit"))
        #expect(abs(f - 3.631e-4) < 1e-6)
    }

    @Test("log-likelihood: over-used words score high, words at their reference rate near zero")
    func keyness() {
        let wf = WordFrequencies.shared
        // "glasfaser" 200 times in 100,000 words is far above its rate of 2.3 per million.
        #expect(wf.logLikelihood(observed: 200, corpusSize: 100_000, word: "glasfaser") > 1_000)
        // "und" at about its reference rate (2.57 %).
        #expect(wf.logLikelihood(observed: 2_570, corpusSize: 100_000, word: "und") < 1)
        #expect(wf.logLikelihood(observed: 0, corpusSize: 0, word: "und") == 0)
    }
}
