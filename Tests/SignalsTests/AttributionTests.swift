import Signals
import Testing

/// Which field a cue belongs to when a sentence names several, and anaphoric follow-ups.
@Suite("Attaching cues to codes")
struct AttributionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        /// code → (emphasis, weakening, problem)
        var expected: [String: [Double]]
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "B: Der Bus ist dringend, die Schule eher nachrangig.",
             expected: ["mobilitaet": [1, 0, 0], "bildung": [0, 0.5, 0]]),
        Case(script: "B: Die Schule ist gut, aber der Bus fehlt.",
             expected: ["bildung": [0, 0, 0], "mobilitaet": [0, 0, 1]]),
        Case(script: "B: Der Bus, die Schule und der Arzt sind wichtig.",
             expected: ["mobilitaet": [0.5, 0, 0], "bildung": [0.5, 0, 0], "gesundheit": [0.5, 0, 0]]),
        Case(script: "B: Mir ist wichtig, dass der Bus öfter fährt.",
             expected: ["mobilitaet": [0.5, 0, 0]]),
        Case(script: "B: Nicht der Bus, sondern die Schule ist dringend.",
             expected: ["mobilitaet": [0, 0, 0], "bildung": [1, 0, 0]]),
        // The cue before "nicht X, sondern Y" is about Y (found in a domain review: it went to X).
        Case(script: "B: Wichtig ist nicht der Bus, sondern die Schule.",
             expected: ["mobilitaet": [0, 0, 0], "bildung": [0.5, 0, 0]]),
        Case(script: "B: Das Problem ist nicht die Schule, sondern der Bus.",
             expected: ["bildung": [0, 0, 0], "mobilitaet": [0, 0, 0.5]]),
        Case(script: "B: Am dringendsten ist keine Schule, sondern ein Arzt.",
             expected: ["bildung": [0, 0, 0], "gesundheit": [1, 0, 0]]),
        // An enumeration's items end with their field's word; a short clause with a verb is no item.
        Case(script: "B: Der Bus läuft, der Arzt fehlt aber.",
             expected: ["mobilitaet": [0, 0, 0], "gesundheit": [0, 0, 1]]),
        Case(script: "B: Der Bus, die neue Schule und der Arzt fehlen.",
             expected: ["mobilitaet": [0, 0, 1], "bildung": [0, 0, 1], "gesundheit": [0, 0, 1]]),
        // Stop words after the field's word keep an item (found in a review: "hier" lost it).
        Case(script: "B: Die Schule hier, der Bus und der Arzt fehlen.",
             expected: ["mobilitaet": [0, 0, 1], "bildung": [0, 0, 1], "gesundheit": [0, 0, 1]]),
        // A short clause without a field is passed over (found when the demo corpus lost a problem).
        Case(script: "B: Beim Arzt, finde ich, ist der Bus zu wenig da.",
             expected: ["gesundheit": [0, 0, 1], "mobilitaet": [0, 0, 1]]),
        Case(script: "B: Der Bus halt, die Schule, das ist wichtig.",
             expected: ["mobilitaet": [0.5, 0, 0], "bildung": [0.5, 0, 0]]),
        // "Nicht nur X, sondern auch Y": the cue is about both (found in a domain review: Y only).
        Case(script: "B: Nicht nur der Bus, sondern auch die Schule ist wichtig.",
             expected: ["mobilitaet": [0.5, 0, 0], "bildung": [0.5, 0, 0]]),
        Case(script: "B: Nicht nur der Laden fehlt, sondern auch die Schule.",
             expected: ["nahversorgung": [0, 0, 1], "bildung": [0, 0, 1]]),
        Case(script: "B: Nicht nur der Laden fehlt, sondern auch die Schule ist wichtig.",
             expected: ["nahversorgung": [0, 0, 1], "bildung": [0.5, 0, 0]]),
        // Without "sondern", a field denied with "nicht" negates the cue ("kein" states an absence).
        Case(script: "B: Wichtig ist nicht der Bus.", expected: ["mobilitaet": [0, 0.5, 0]]),
        Case(script: "B: Das Wichtigste ist nicht die Schule.", expected: ["bildung": [0, 1, 0]]),
        Case(script: "B: Das Problem ist nicht der Arzt.", expected: ["gesundheit": [0, 0, 0]]),
        Case(script: "B: Das Problem ist kein Arzt.", expected: ["gesundheit": [0, 0, 0.5]]),
        // Not when the denial is the cue's own negation (found in a review).
        Case(script: "B: Wir brauchen keine neue Schule, sondern einen Bus.",
             expected: ["bildung": [0, 1, 0], "mobilitaet": [0, 0, 0]]),
        Case(script: "B: Wir haben keinen Arzt mehr, sondern müssen mit dem Bus fahren.",
             expected: ["gesundheit": [0, 0, 1], "mobilitaet": [0, 0, 0]]),
        // Only when the field itself is denied.
        Case(script: "B: Wichtig ist der Bus, sondern auch die Schule.",
             expected: ["mobilitaet": [0.5, 0, 0]]),
        Case(script: "B: Der Bus fährt zweimal am Tag. Das ist wirklich dringend.",
             expected: ["mobilitaet": [1, 0, 0]]),
        Case(script: "B: Der Bus fährt zweimal am Tag. Gestern war es dringend.",
             expected: ["mobilitaet": [0, 0, 0]]),
        Case(script: "B: Der Bus fährt zweimal am Tag.\nI: Aha.\nB: Das ist dringend.",
             expected: ["mobilitaet": [0, 0, 0]]),
    ])
    func attribution(_ c: Case) throws {
        let t = Fixture.signals(c.script)
        for (code, values) in c.expected {
            let signal = try #require(Fixture.signal(code, in: t), "\(code) not coded")
            #expect([signal.emphasis, signal.weakening, signal.problem] == values, "\(code)")
        }
    }

    @Test("a cue carried from an anaphoric sentence says so")
    func carried() throws {
        let t = Fixture.signals("B: Der Bus fährt zweimal am Tag. Das ist wirklich dringend.")
        let cue = try #require(t.segments.first?.cues.first)
        #expect(cue.carried)
        #expect(cue.intensifier != nil)
        #expect(cue.codes == ["mobilitaet"])
    }
}
