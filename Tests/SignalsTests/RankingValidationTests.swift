import Signals
import Testing

@Suite("Ranking validation")
struct RankingValidationTests {
    static func analysis(_ transcripts: [SignalledTranscript]) -> PriorityAnalysis {
        PriorityAggregator().aggregate(AggregationInput(transcripts: transcripts, codebook: Fixture.codebook, settings: Fixture.noBootstrap))
    }

    @Test("stated order equal to the computed one gives tau 1; reversed gives -1")
    func tau() throws {
        let t = Fixture.signals("R1", """
        B: Der Bus ist das Wichtigste, der Bus fehlt, der Bus ist dringend. Der Bus fährt selten.
        B: Die Schule ist wichtig. Die Schule ist alt.
        B: Der Arzt kommt montags.
        """)
        let analysis = Self.analysis([t])
        let same = RankingValidation.validate([StatedRanking(interviewID: "R1", text: "Mobilität > Bildung > Gesundheit & Pflege")],
                                              analysis: analysis, codebook: Fixture.codebook)
        let c = try #require(same.comparisons.first)
        #expect(c.statedCodes == ["mobilitaet", "bildung", "gesundheit"])
        #expect(c.tau == 1)
        #expect(c.tauSignals == 1)
        let reversed = RankingValidation.validate([StatedRanking(interviewID: "R1", text: "Gesundheit > Bildung > Mobilität")],
                                                  analysis: analysis, codebook: Fixture.codebook)
        #expect(reversed.comparisons.first?.tau == -1)
        #expect(reversed.meanTau == -1)
        #expect(reversed.interviewsWithTau == 1)
    }

    @Test("the explicit ranking found in the text is compared too")
    func extracted() throws {
        let t = Fixture.signals("R2", "B: Erstens der Arzt, zweitens die Schule, drittens der Bus.")
        let v = RankingValidation.validate([StatedRanking(interviewID: "R2", text: "Gesundheit & Pflege > Bildung > Mobilität")],
                                           analysis: Self.analysis([t]), codebook: Fixture.codebook)
        let c = try #require(v.comparisons.first)
        #expect(c.extractedRanks == [1, 2, 3])
        #expect(c.tauExtracted == 1)
        #expect(c.tau == 1)
    }

    @Test("unknown names and interviews become diagnostics with the metadata row")
    func diagnostics() {
        let t = Fixture.signals("R3", "B: Der Bus fährt selten.")
        let v = RankingValidation.validate([
            StatedRanking(interviewID: "R3", text: "Mobilität > Bilduung", origin: "corpus/metadata.csv:4"),
            StatedRanking(interviewID: "R9", text: "Mobilität", origin: "corpus/metadata.csv:9"),
        ], analysis: Self.analysis([t]), codebook: Fixture.codebook)
        #expect(v.comparisons.first?.statedCodes == ["mobilitaet"])
        #expect(v.comparisons.first?.unknownNames == ["Bilduung"])
        #expect(v.diagnostics.contains { $0.line == 4 && $0.file == "corpus/metadata.csv" && $0.hint == "Did you mean 'Bildung'?" })
        #expect(v.diagnostics.contains { $0.line == 9 })
    }
}
