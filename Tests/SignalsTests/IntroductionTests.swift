import Signals
import Testing

/// Self-introductions: the answers to an interviewer's request to introduce oneself ("Stellen Sie
/// sich bitte kurz vor") name the speaker's office, employer and clubs, not fields they raise. Their
/// segments are kept and marked, and count for no priority (docs/priorities.md, "Self-introductions";
/// found in a review of the demo: a care service's staff, "der Rest Hauswirtschaft und Verwaltung",
/// was its only mention of Verwaltung & Bürgerservice, and club offices made fields spontaneous).
@Suite("Self-introductions")
struct IntroductionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        /// Whether each coded respondent segment, in order, is marked as an introduction.
        var introduction: [Bool]
        var testDescription: String { script }
    }

    @Test("the answers to a request for a self-introduction are marked, and nothing else", arguments: [
        Case(script: "I: Stellen Sie sich bitte kurz vor.\nB: Ich leite die Schule in Naila.\nI: Was beschäftigt Sie?\nB: Der Bus fährt kaum noch.",
             introduction: [true, false]),
        // Everybody who answers before the interviewer speaks again (a group interview).
        Case(script: "I: Was ist Ihre Rolle hier im Haus?\nB1: Ich leite die Schule.\nB2: Und ich fahre den Bus.\nI: Was fehlt?\nB1: Der Arzt.",
             introduction: [true, true, false]),
        Case(script: "I: Erzähl doch mal, wer du bist und was du machst.\nB: Ich mach eine Ausbildung an der Schule.", introduction: [true]),
        Case(script: "I: Würden Sie sich kurz vorstellen?\nB: Ich fahre seit zwanzig Jahren den Bus.", introduction: [true]),
        Case(script: "I: Stellt euch doch mal kurz vor.\nB1: Ich geh auf die Schule.\nB2: Ich auch, in die Schule in Zell.",
             introduction: [true, true]),
        Case(script: "I: Dann fangen wir gleich an. Was machen Sie genau?\nB: Ich bin Pflegedienstleitung beim Pflegedienst.", introduction: [true]),
        // After talk about the recording: the third interviewer turn still may ask.
        Case(script: "I: Die Aufnahme läuft.\nB: Gut.\nI: Danke.\nB: Bitte.\nI: Kurz zu Ihrer Person?\nB: Ich leite die Schule.",
             introduction: [true]),
        // A request whose sentence names a field asks about the field.
        Case(script: "I: Stellen Sie sich kurz vor und sagen Sie, wie es mit dem Bus aussieht.\nB: Der Bus fährt kaum noch.", introduction: [false]),
        // Later than the interviewer's third turn, "Ihre Rolle" asks about a project.
        Case(script: "I: Was beschäftigt Sie?\nB: Die Schule.\nI: Und?\nB: Der Arzt.\nI: Und sonst?\nB: Das Internet.\nI: Was ist Ihre Rolle dabei?\nB: Ich fahre den Bus.",
             introduction: [false, false, false, false]),
        // No request.
        Case(script: "I: Was beschäftigt Sie?\nB: Ich leite die Schule, und der Bus fehlt.", introduction: [false]),
        // "sich vorstellen" as "to imagine".
        Case(script: "I: Stellen Sie sich vor, Sie wären Bürgermeister.\nB: Dann baue ich eine Schule.", introduction: [false]),
        Case(script: "I: Können Sie sich vorstellen, hier alt zu werden?\nB: Nur mit einem Arzt im Ort.", introduction: [false]),
        Case(script: "I: Wie stellen Sie sich das Dorf in zehn Jahren vor?\nB: Mit einer Schule und einem Laden.", introduction: [false]),
        Case(script: "I: Können Sie sich kurz vorstellen?\nB: Ich leite die Schule.", introduction: [true]),
    ])
    func marked(_ c: Case) {
        let t = Fixture.signals(c.script)
        #expect(t.segments.map(\.introduction) == c.introduction)
    }

    @Test("a self-introduction ranks nothing")
    func noRanking() {
        let t = Fixture.signals("I: Stellen Sie sich bitte kurz vor.\nB: Erstens bin ich Busfahrer, zweitens Elternbeirat an der Schule.")
        #expect(t.rankings.isEmpty)
        let asked = Fixture.signals("I: Was ist Ihnen wichtig?\nB: Erstens der Bus, zweitens die Schule.")
        #expect(asked.rankings.count == 1)
    }

    @Test("a field named only in a self-introduction counts in no interview, group, cue or share")
    func notCounted() {
        let transcripts = [
            Fixture.signals("T1", group: "Wirtschaft", "I: Stellen Sie sich bitte kurz vor.\nB: Ich fahre den Bus, das ist ganz dringend.\nI: Was fehlt?\nB: Der Arzt fehlt."),
            Fixture.signals("T2", group: "Verwaltung", "I: Was fehlt?\nB: Der Bus fehlt, das ist dringend."),
        ]
        let analysis = AggregationTests.aggregate(transcripts, settings: Fixture.noBootstrap)
        let bus = analysis.codes.first { $0.codeID == "mobilitaet" }
        #expect(bus?.interviews == 1)
        #expect(bus?.groups == 1)
        #expect(bus?.segments == 1)
        let doctor = analysis.codes.first { $0.codeID == "gesundheit" }
        #expect(doctor?.interviews == 1)
        // The same scripts without the request count the bus in both interviews.
        let asked = [
            Fixture.signals("T1", group: "Wirtschaft", "I: Was machen Sie so?\nB: Ich fahre den Bus, das ist ganz dringend.\nI: Was fehlt?\nB: Der Arzt fehlt."),
            transcripts[1],
        ]
        #expect(AggregationTests.aggregate(asked, settings: Fixture.noBootstrap).codes.first { $0.codeID == "mobilitaet" }?.interviews == 2)
    }
}
