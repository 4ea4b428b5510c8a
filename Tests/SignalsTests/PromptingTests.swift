import Signals
import Testing

/// Prompted vs spontaneous: a code is prompted in a respondent turn when the interviewer's
/// preceding turn raised it.
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
        Case(script: "I: Wie ist es mit dem Bus?\nB: Der Bus fährt selten.\nI: Und sonst?\nB: Der Bus ist teuer.", prompted: [true, false]),
        Case(script: "I: Wie ist es mit dem Bus?\nB1: Der Bus fährt selten.\nB2: Der Bus ist teuer.", prompted: [true, true]),
        Case(script: "I: Ist der Bus kein Thema?\nB: Doch, der Bus ist wichtig.", prompted: [true]),
        // A backchannel is no new prompt (found in a domain review: "Mhm." made the answer spontaneous).
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm. Da muss ich nachdenken.\nI: Mhm.\nB: Also der Bus fährt kaum noch.", prompted: [true]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Ja, verstehe.\nB: Der Bus fährt kaum noch.", prompted: [true]),
        // A short question, or a longer turn, is a new prompt.
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Und sonst?\nB: Der Bus fährt kaum noch.", prompted: [false]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Dann reden wir über etwas anderes.\nB: Der Bus fährt kaum noch.", prompted: [false]),
        // Short, but no backchannel (found in a review).
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Gut. Themenwechsel.\nB: Der Bus ist mir trotzdem wichtig.", prompted: [false]),
        Case(script: "I: Wie ist es mit dem Bus?\nB: Hm.\nI: Ganz was anderes.\nB: Der Bus fährt kaum noch.", prompted: [false]),
    ])
    func prompting(_ c: Case) {
        let t = Fixture.signals(c.script)
        let flags = t.segments.compactMap { $0.codes.first { $0.codeID == "mobilitaet" }?.prompted }
        #expect(flags == c.prompted)
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
