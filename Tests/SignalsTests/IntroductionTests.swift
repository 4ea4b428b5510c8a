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
        // Everybody who answers before the interviewer speaks again (a group interview), also across
        // a backchannel or a turn passed on ("Danke. Und Sie?"; found in a review).
        Case(script: "I: Was ist Ihre Rolle hier im Haus?\nB1: Ich leite die Schule.\nB2: Und ich fahre den Bus.\nI: Was fehlt Ihnen hier?\nB1: Der Arzt.",
             introduction: [true, true, false]),
        Case(script: "I: Stellen Sie sich bitte reihum vor.\nB1: Ich leite die Schule.\nI: Danke. Und Sie?\nB2: Ich fahre den Bus.\nI: Mhm.\nB2: Und ich bin im Elternbeirat der Schule.\nI: Was fehlt Ihnen hier?\nB1: Der Arzt.",
             introduction: [true, true, true, false]),
        Case(script: "I: Erzähl doch mal, wer du bist und was du machst.\nB: Ich mach eine Ausbildung an der Schule.", introduction: [true]),
        Case(script: "I: Würden Sie sich kurz vorstellen?\nB: Ich fahre seit zwanzig Jahren den Bus.", introduction: [true]),
        Case(script: "I: Mögen Sie sich vorstellen?\nB: Ich unterrichte an der Schule in Naila.", introduction: [true]),
        Case(script: "I: Stellen Sie sich doch bitte mal kurz vor.\nB: Ich unterrichte an der Schule in Naila.", introduction: [true]),
        Case(script: "I: Stellt euch doch mal kurz vor.\nB1: Ich geh auf die Schule.\nB2: Ich auch, in die Schule in Zell.",
             introduction: [true, true]),
        Case(script: "I: Dann fangen wir gleich an. Was machen Sie genau?\nB: Ich bin Pflegedienstleitung beim Pflegedienst.", introduction: [true]),
        Case(script: "I: Wer sind Sie und was machen Sie?\nB: Ich leite die Schule.", introduction: [true]),
        Case(script: "I: Danke für die Zeit. Erzählen Sie kurz, was Sie hier machen?\nB: Ich leite die Schule.", introduction: [true]),
        Case(script: "I: Erzählen Sie mal, was Sie machen würden, wenn Sie Bürgermeister wären.\nB: Erstens die Schule.", introduction: [false]),
        Case(script: "I: Erzählen Sie doch etwas über sich.\nB: Ich leite die Schule.", introduction: [true]),
        // After the talk about the recording: the fourth interviewer turn still may ask.
        Case(script: "I: Schön, dass Sie da sind.\nB: Gern.\nI: Die Aufnahme läuft jetzt.\nB: Gut.\nI: Sie haben die Einwilligung unterschrieben.\nB: Ja.\nI: Kurz zu Ihrer Person?\nB: Ich leite die Schule.",
             introduction: [true]),
        // A request whose sentence names a field asks about the field.
        Case(script: "I: Stellen Sie sich kurz vor und sagen Sie, wie es mit dem Bus aussieht.\nB: Der Bus fährt kaum noch.", introduction: [false]),
        // A question after the request asks about something else (found in a review).
        Case(script: "I: Stellen Sie sich bitte kurz vor. Und dann gleich die erste Frage: Welches Thema brennt Ihnen unter den Nägeln?\nB: Ich leite die Schule. Die Schule.",
             introduction: [false, false]),
        // Substance ends the introduction: a cue or a ranking counts, and so does the rest of the turn
        // (found in a review: the whole answer was taken, its first place with it).
        Case(script: "I: Stellen Sie sich bitte kurz vor.\nB: Ich leite die Schule seit 2014. Unser größtes Problem ist der Arzt. Und der Bus.",
             introduction: [true, false, false]),
        Case(script: "I: Stellen Sie sich bitte kurz vor.\nB: Ich leite die Schule. An erster Stelle steht für mich der Arzt.\nB2: Ich fahre den Bus.",
             introduction: [true, false, true]),
        // Also in the speaker's later turns of the answer (a subtitle file cuts it into cues).
        Case(script: "I: Stellen Sie sich bitte kurz vor.\nB: Ich leite die Schule.\nB: Unser größtes Problem ist der Arzt.\nB: Und der Bus.",
             introduction: [true, false, false]),
        // Later than the interviewer's fourth turn, "Ihre Rolle" asks about a project.
        Case(script: "I: Was beschäftigt Sie?\nB: Die Schule.\nI: Was noch?\nB: Der Arzt.\nI: Was fällt Ihnen sonst ein?\nB: Das Internet.\nI: Was denken Sie darüber?\nB: Nichts.\nI: Was ist Ihre Rolle dabei?\nB: Ich fahre den Bus.",
             introduction: [false, false, false, false]),
        // No request.
        Case(script: "I: Was beschäftigt Sie?\nB: Ich leite die Schule, und der Bus fehlt.", introduction: [false]),
        Case(script: "I: Ihre Angaben zur Person werden anonymisiert. Was beschäftigt Sie?\nB: Die Schule.", introduction: [false]),
        Case(script: "I: Niemand wird erfahren, wer Sie sind. Was beschäftigt Sie?\nB: Die Schule.", introduction: [false]),
        Case(script: "I: Ich erkläre kurz, was Sie machen müssen: einfach erzählen.\nB: Die Schule.", introduction: [false]),
        Case(script: "I: Wie sehen Sie Ihre Rolle in der Entwicklung der Gemeinde?\nB: Ich kümmere mich um die Schule.", introduction: [false]),
        Case(script: "I: Was machen Sie genau, wenn Sie abends nach Hof wollen?\nB: Ich fahre mit dem Bus.", introduction: [false]),
        // "sich vorstellen" as "to imagine".
        Case(script: "I: Stellen Sie sich vor, Sie wären Bürgermeister.\nB: Dann baue ich eine Schule.", introduction: [false]),
        Case(script: "I: Stellen Sie sich bitte kurz vor, Sie wären Bürgermeister.\nB: Dann baue ich eine Schule.", introduction: [false]),
        Case(script: "I: Stellen Sie sich bitte kurz Folgendes vor: Der Bus fährt nicht mehr.\nB: Dann baue ich eine Schule.", introduction: [false]),
        Case(script: "I: Können Sie sich vorstellen, hier alt zu werden?\nB: Nur mit einem Arzt im Ort.", introduction: [false]),
        Case(script: "I: Wie stellen Sie sich das Dorf in zehn Jahren vor?\nB: Mit einer Schule und einem Laden.", introduction: [false]),
        Case(script: "I: Können Sie sich kurz vorstellen?\nB: Ich leite die Schule.", introduction: [true]),
    ])
    func marked(_ c: Case) {
        let t = Fixture.signals(c.script)
        #expect(t.segments.map(\.introduction) == c.introduction)
    }

    @Test("an introduction takes away no ranking: the ranked segments count")
    func rankingKept() {
        let t = Fixture.signals("I: Stellen Sie sich bitte kurz vor.\nB: Ich leite die Schule. Erstens brauchen wir den Bus, zweitens einen Arzt.")
        #expect(t.rankings.count == 1)
        #expect(t.segments.map(\.introduction) == [true, false])
    }

    @Test("a field named only in a self-introduction counts in no interview, group or share")
    func notCounted() {
        let transcripts = [
            Fixture.signals("T1", group: "Wirtschaft", "I: Stellen Sie sich bitte kurz vor.\nB: Ich fahre seit zwanzig Jahren den Bus.\nI: Was fehlt?\nB: Der Arzt fehlt."),
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
            Fixture.signals("T1", group: "Wirtschaft", "I: Was beschäftigt Sie?\nB: Ich fahre seit zwanzig Jahren den Bus.\nI: Was fehlt?\nB: Der Arzt fehlt."),
            transcripts[1],
        ]
        #expect(AggregationTests.aggregate(asked, settings: Fixture.noBootstrap).codes.first { $0.codeID == "mobilitaet" }?.interviews == 2)
    }
}
