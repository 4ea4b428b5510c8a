import Signals
import Testing

@Suite("Emergent terms")
struct EmergentTermTests {
    static let reference = KeynessReference(
        frequencies: ReferenceTable(zipf: ["heute": 5.6, "wirklich": 5.4, "dorf": 3.9, "gemeinde": 4.4, "treffpunkt": 3.2, "bürgerbus": 3.0,
                                            "strasse": 5.0],
                                    minimumZipf: 3.0),
        stopWords: ReferenceTable(zipf: [:], stopWords: ["und", "der", "die", "das", "ist", "im", "wir", "es", "ein", "einen", "eine", "gibt"]))
    static let detector = SignalDetector(reference: reference)

    static func corpus() -> [SignalledTranscript] {
        [
            Fixture.signals("E1", municipality: "Selbitz", """
            B: Im Dorf fehlt ein Dorfladen. Ein Dorfladen wäre heute wirklich ein Treffpunkt. Der Bus fährt selten.
            B: In Selbitz gibt es einen Dorfladen nur noch am Samstag. Das ist regional wichtig, ganz regional.
            B: In der Straße ist es laut, die Straße ist eng.
            """, detector: detector),
            Fixture.signals("E2", municipality: "Naila", """
            B: Der Dorfladen ist weg. Ein Dorfladen fehlt uns sehr. Der Bus ist Thema. Wir denken regional.
            B: Die Straße ist neu.
            """, detector: detector),
            Fixture.signals("E3", municipality: "Naila", "B: Der Bus ist schlecht. Heute ist Selbitz weit.", detector: detector),
        ]
    }

    @Test("frequent, unusual, uncovered words are suggested with examples")
    func suggested() throws {
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: Self.corpus(), codebook: Fixture.codebook,
                                                                       settings: Fixture.noBootstrap))
        #expect(analysis.emergentTermsNote == nil)
        let terms = analysis.emergentTerms
        let top = try #require(terms.first)
        #expect(top.term == "Dorfladen")
        #expect(top.count == 5 && top.interviews == 2)
        #expect(top.referenceZipf == nil)
        #expect(top.keyness > 15.13)
        #expect(top.examples.map(\.interviewID) == ["E1", "E2"])
        #expect(top.examples[0].text == "Im Dorf fehlt ein Dorfladen.")
        #expect(top.examples[0].line == 1)
        // Covered by a code ("Bus"), too common ("heute"), stop words, names of places, and
        // words of a single interview are not suggested.
        // Adjectives ("regional", lower case inside sentences) are not suggested, and "Straße" is found
        // in the reference list under wordfreq's spelling "strasse".
        for word in ["bus", "heute", "wirklich", "und", "selbitz", "treffpunkt", "dorf", "regional", "straße"] {
            #expect(!terms.contains { $0.forms.contains(word) }, "\(word)")
        }
    }

    @Test("without a reference list the search is skipped and says so")
    func noReference() {
        let plain = [Fixture.signals("E1", "B: Ein Dorfladen fehlt."), Fixture.signals("E2", "B: Ein Dorfladen fehlt.")]
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: plain, codebook: Fixture.codebook, settings: Fixture.noBootstrap))
        #expect(analysis.emergentTerms.isEmpty)
        #expect(analysis.emergentTermsNote != nil)
    }
}
