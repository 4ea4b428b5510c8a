import Signals
import Testing

/// Prompted vs spontaneous: a mention is prompted once the interviewer has raised its field in
/// any earlier turn, and spontaneous when the respondent raised it before the interviewer asked
/// about it (shared/domain.md, "spontaneity").
@Suite("Prompted and spontaneous mentions")
struct PromptingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        /// Whether each respondent segment coded `mobilitaet`, in order, is prompted.
        var prompted: [Bool]
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "I: Wie ist es mit dem Bus?\nB: Der Bus fährt selten.", prompted: [true]),
        Case(script: "I: Was beschäftigt Sie?\nB: Der Bus fährt selten.", prompted: [false]),
        Case(script: "B: Der Bus fährt selten.", prompted: [false]),
        Case(script: "I: Wie ist es mit der Schule?\nB: Der Bus fährt selten.", prompted: [false]),
        Case(script: "I: Wie ist es mit dem Bus?\nB1: Der Bus fährt selten.\nB2: Der Bus ist teuer.", prompted: [true, true]),
        Case(script: "I: Ist der Bus kein Thema?\nB: Doch, der Bus ist wichtig.", prompted: [true]),
        // Raised by the respondent first, then asked about: the first mention is spontaneous, the
        // ones after the question are not.
        Case(script: "B: Der Bus fährt selten.\nI: Erzählen Sie mehr über den Bus.\nB: Der Bus ist teuer.", prompted: [false, true]),
        Case(script: "I: Was beschäftigt Sie?\nB: Der Bus fährt selten.\nI: Und die Schule?\nB: Die Schule ist gut, aber der Bus fehlt.",
             prompted: [false, false]),
        // Asked about earlier, come back to later: prompted, whatever the interviewer said in between
        // (found in a domain review: after "Und sonst?" it counted as spontaneous).
        Case(script: "I: Wie ist es mit dem Bus?\nB: Der Bus fährt selten.\nI: Und sonst?\nB: Der Bus ist teuer.", prompted: [true, true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm. Da muss ich nachdenken.\nI: Mhm.\nB: Also der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Ja, verstehe.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Und sonst?\nB: Der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Dann reden wir über etwas anderes.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Gut. Themenwechsel.\nB: Der Bus ist mir trotzdem wichtig.", prompted: [true]),
        // The introduction before the first answer prompts by its questions only (found in a review:
        // an introduction naming the topics made every later mention prompted).
        Case(script: "I: Wir reden heute über Bus, Schule und Arzt.\nB: Gut.\nI: Was fällt Ihnen ein?\nB: Der Bus fährt kaum noch.",
             prompted: [false]),
        Case(script: "I: Heute geht es um Bus und Schule. Was ist Ihnen wichtiger, der Bus oder die Schule?\nB: Der Bus fährt kaum noch.",
             prompted: [true]),
        Case(script: "I: Willkommen.\nB: Danke.\nI: Jetzt zum Bus.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        // A request in the introduction asks like a question (found in a re-review).
        Case(script: "I: Erzählen Sie doch mal, wie es bei Ihnen mit dem Bus aussieht.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Beschreiben Sie bitte die Lage beim Bus.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Dann erzählen Sie mal vom Bus.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        // Not a request anywhere in the sentence, across a comma, or any "bitte" (found in a review).
        Case(script: "I: Guten Tag. Viele im Dorf sagen, sie brauchen vor allem einen besseren Bus.\nB: Der Bus fährt kaum noch.", prompted: [false]),
        Case(script: "I: Es geht heute um den Bus, und bitte entschuldigen Sie die Verspätung.\nB: Der Bus fährt kaum noch.", prompted: [false]),
        Case(script: "I: Bitte fühlen Sie sich frei, über Bus und Schule zu sprechen.\nB: Der Bus fährt kaum noch.", prompted: [false]),
        // A question after the mention prompts nothing before it.
        Case(script: "B: Der Bus fährt selten.\nI: Und der Bus am Wochenende?", prompted: [false]),
    ])
    func prompting(_ c: Case) {
        let t = Fixture.signals(c.script)
        let flags = t.segments.compactMap { $0.codes.first { $0.codeID == "mobilitaet" }?.prompted }
        #expect(flags == c.prompted)
    }

    @Test("a prompted mention names the latest interviewer turn before it that raised its field")
    func promptedBy() {
        let t = Fixture.signals("I: Wie ist es mit dem Bus?\nB: Der Bus fährt selten.\nI: Und der Bus am Abend?\nB: Hm.\nI: Und sonst?\nB: Der Bus ist teuer.")
        let turns = t.segments.compactMap { $0.codes.first { $0.codeID == "mobilitaet" }?.promptedBy }
        #expect(turns == [0, 2])
    }

    @Test("interviewer words never produce a cue or a mention")
    func interviewerCues() {
        let t = Fixture.signals("I: Ist der Bus dringend, das Wichtigste, erstens?\nB: Der Bus fährt um acht.")
        #expect(t.segments.count == 1)
        let signal = Fixture.signal("mobilitaet", in: t)
        #expect(signal?.emphasis == 0)
        #expect(signal?.prompted == true)
        #expect(t.rankings.isEmpty)
    }
}
