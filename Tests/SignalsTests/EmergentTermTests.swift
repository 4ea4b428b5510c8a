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

    @Test("keyness: each unlisted form of a term adds the reference list's lowest frequency")
    func unlistedForms() throws {
        let transcripts = [
            Fixture.signals("E1", "B: Der Dorfladen fehlt. Des Dorfladens Tür ist zu. Ein Dorfladen wäre gut.", detector: Self.detector),
            Fixture.signals("E2", "B: Der Dorfladen ist weg. Des Dorfladens Regal ist leer.", detector: Self.detector),
        ]
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: transcripts, codebook: Fixture.codebook,
                                                                       settings: Fixture.noBootstrap))
        let term = try #require(analysis.emergentTerms.first { $0.term == "Dorfladen" })
        try #require(term.forms.count == 2, "\(term.forms)")
        #expect(term.referenceZipf == nil)
        let a = Double(term.count), c = a / term.perMillion * 1e6
        // Two unlisted forms: twice the stand-in frequency (10^3 per billion words) in the reference.
        let expected = Statistics.logLikelihood(a: a, b: 2 * 1000, c: c, d: 1e9)
        #expect(abs(term.keyness - expected) < 1e-6 * expected, "\(term.keyness) vs \(expected)")
    }

    @Test("interviews without a group count for no group in a term's groups, unless no interview has one", arguments: [
        ("Jugend" as String?, 1), (nil, 1),
    ])
    func ungrouped(_ c: (first: String?, groups: Int)) throws {
        let transcripts = [
            Fixture.signals("E1", group: c.first, "B: Der Dorfladen fehlt. Ein Dorfladen wäre gut. Der Dorfladen ist zu.", detector: Self.detector),
            Fixture.signals("E2", group: nil, "B: Der Dorfladen ist weg. Ein Dorfladen fehlt uns.", detector: Self.detector),
        ]
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: transcripts, codebook: Fixture.codebook,
                                                                       settings: Fixture.noBootstrap))
        let term = try #require(analysis.emergentTerms.first { $0.term == "Dorfladen" })
        #expect(term.interviews == 2)
        #expect(term.groups == c.groups)
    }

    @Test("without a reference list the search is skipped and says so")
    func noReference() {
        let plain = [Fixture.signals("E1", "B: Ein Dorfladen fehlt."), Fixture.signals("E2", "B: Ein Dorfladen fehlt.")]
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: plain, codebook: Fixture.codebook, settings: Fixture.noBootstrap))
        #expect(analysis.emergentTerms.isEmpty)
        #expect(analysis.emergentTermsNote != nil)
    }
}

/// The consultant's ignore list (`emergent.ignore` in weights.yaml).
@Suite("Emergent terms: ignore list")
struct EmergentIgnoreTests {
    /// "Höllental" (6×) outranks "Dorfladen" (4×); both in two interviews, neither in the reference list.
    static func corpus() -> [SignalledTranscript] {
        [
            Fixture.signals("H1", """
            B: Wir wohnen im Höllental. Im Höllental fehlt ein Dorfladen. Das ist im Höllental so.
            B: Ein Dorfladen wäre gut.
            """, detector: EmergentTermTests.detector),
            Fixture.signals("H2", """
            B: Unten im Höllental ist es ruhig. Das kennt man im Höllental. Wir wandern im Höllental.
            B: Der Dorfladen ist weg. Ein Dorfladen fehlt.
            """, detector: EmergentTermTests.detector),
        ]
    }

    static func terms(maxTerms: Int = 30, ignore: [String]) -> [String] {
        var settings = Fixture.noBootstrap
        settings.emergent.maxTerms = maxTerms
        settings.emergent.ignore = ignore
        return PriorityAggregator().aggregate(AggregationInput(transcripts: corpus(), codebook: Fixture.codebook, settings: settings))
            .emergentTerms.map(\.term)
    }

    @Test("without an ignore list both terms are suggested, the more frequent first")
    func baseline() {
        #expect(Self.terms(ignore: []) == ["Höllental", "Dorfladen"])
        #expect(Self.terms(maxTerms: 1, ignore: []) == ["Höllental"])
    }

    @Test("the kept candidates, a term left out and cut again, equal a second search that leaves it out", arguments: [1, 2, 30])
    func candidatesCutAgain(_ maxTerms: Int) {
        var settings = Fixture.noBootstrap
        settings.emergent.maxTerms = maxTerms
        let input = AggregationInput(transcripts: Self.corpus(), codebook: Fixture.codebook, settings: settings)
        let analysis = PriorityAggregator().aggregate(input)
        #expect(analysis.emergentTerms == Array(analysis.emergentCandidates.prefix(maxTerms)))
        let leftOut = { (term: String) in term == "Höllental" }
        let again = PriorityAggregator().emergentTerms(input, leavingOut: leftOut)
        #expect(Array(analysis.emergentCandidates.filter { !leftOut($0.term) }.prefix(maxTerms)) == again)
        #expect(again.map(\.term) == ["Dorfladen"])
    }

    @Test("an ignored term takes no place in max_terms: the next term moves up", arguments: [1, 2, 30])
    func nextMovesUp(_ maxTerms: Int) {
        #expect(Self.terms(maxTerms: maxTerms, ignore: ["Höllental"]) == ["Dorfladen"])
    }

    /// The pipeline passes the names of the pseudonym list this way: out of the settings, which the reports show.
    @Test("excluded names take no place in max_terms either, and stay out of the settings", arguments: [1, 30])
    func excludedNames(_ maxTerms: Int) {
        var settings = Fixture.noBootstrap
        settings.emergent.maxTerms = maxTerms
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: Self.corpus(), codebook: Fixture.codebook, settings: settings,
                                                                       excludedTerms: [EmergentTerm.matchKey("HÖLLENTAL")]))
        #expect(analysis.emergentTerms.map(\.term) == ["Dorfladen"])
        #expect(analysis.settings.emergent.ignore.isEmpty)
    }

    struct Spelling: Sendable, CustomTestStringConvertible {
        var entry: String
        var ignored: Bool
        var testDescription: String { entry.unicodeScalars.map { $0.isASCII ? String($0) : "U+\(String($0.value, radix: 16, uppercase: true))" }.joined() }
    }

    @Test("the list matches whole words regardless of case and Unicode normalisation", arguments: [
        Spelling(entry: "Höllental", ignored: true),
        Spelling(entry: "höllental", ignored: true),
        Spelling(entry: "HÖLLENTAL", ignored: true),
        Spelling(entry: "Ho\u{0308}llental", ignored: true),            // decomposed (NFD), as some editors save it
        Spelling(entry: "  Höllental ", ignored: true),
        Spelling(entry: "Hollental", ignored: false),                   // no umlaut folding: another word
        Spelling(entry: "Höllen", ignored: false),                      // part of a word is not the word
        Spelling(entry: "Höllental-Bahn", ignored: false),
    ])
    func spellings(_ s: Spelling) {
        let terms = Self.terms(ignore: [s.entry])
        #expect(terms.contains("Höllental") == !s.ignored)
        #expect(terms.contains("Dorfladen"))
    }

    @Test("ß and ss compare equal, as an upper-case entry writes it", arguments: [
        ("WEISSDORF", "Weißdorf", true), ("Weissdorf", "Weißdorf", true), ("Straße", "STRASSE", true), ("Weißdorf", "Weisdorf", false),
    ])
    func sharpS(_ c: (String, String, Bool)) {
        #expect((EmergentTerm.matchKey(c.0) == EmergentTerm.matchKey(c.1)) == c.2)
    }
}
