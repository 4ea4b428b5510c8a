import LeitbildCore
import Signals
import Testing

/// Explicit rankings mapped to the codes they name within the respondent's turn.
@Suite("Explicit rankings")
struct RankingTests {
    struct Entry: Sendable, Equatable, CustomStringConvertible {
        var rank: Int
        var code: String
        var description: String { "\(rank):\(code)" }
    }
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        var expected: [Entry]
        var testDescription: String { script }
    }

    @Test("markers name the right fields", arguments: [
        Case(script: "B: Erstens der Bus, zweitens die Schule und drittens der Arzt.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung"), Entry(rank: 3, code: "gesundheit")]),
        Case(script: "B: An erster Stelle steht für mich der Bus. Die Schule kommt an zweiter Stelle.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Meine Top drei: Bus, Schule und Internet.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung"), Entry(rank: 3, code: "digital")]),
        Case(script: "B: Platz eins ist ganz klar der Bus, danach kommt die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Der Bus ist für mich Priorität eins.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Erstens. Die Schule braucht mehr Lehrer. Zweitens der Arzt.",
             expected: [Entry(rank: 1, code: "bildung"), Entry(rank: 2, code: "gesundheit")]),
        Case(script: "B: Die Schule ist gut. Das kommt für mich an erster Stelle.",
             expected: [Entry(rank: 1, code: "bildung")]),
        Case(script: "B: Meine Top drei: Erstens der Bus am Abend, also die Bahn auch, zweitens die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Zuerst der Arzt, weil der Bus nicht fährt. Dann die Schule.",
             expected: [Entry(rank: 1, code: "gesundheit"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Erstens eine Schule, weil die Kinder sonst mit dem Bus fahren müssen.",
             expected: [Entry(rank: 1, code: "bildung")]),
        Case(script: "B: Das Wichtigste ist der Bus. Danach die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Das Allerwichtigste ist der Laden im Ort.\nB: Dann der Arzt.\nB: Und zum Schluss der Bus.",
             expected: [Entry(rank: 1, code: "nahversorgung"), Entry(rank: 2, code: "gesundheit"), Entry(rank: 3, code: "mobilitaet")]),
        Case(script: "B: Erstens der Bus. Heute regnet es. Es ist kalt. Es ist spät. Dann die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Ganz oben steht, dass der Arzt bleibt. An zweiter Stelle steht der Transport, also dass man zum Arzt kommt – Bus, Rufbus.",
             expected: [Entry(rank: 1, code: "gesundheit"), Entry(rank: 2, code: "gesundheit"), Entry(rank: 2, code: "mobilitaet")]),
        Case(script: "B: Der Bus, der steht für mich an erster Stelle.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Der Bus steht bei mir ganz oben.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        // A field denied with "nicht" is not what the marker ranks (found in a domain review).
        Case(script: "B: Das Wichtigste ist nicht die Schule, sondern der Bus.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Erstens der Bus, zweitens die Schule, oder?",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        // "dann" as a condition's consequence continues no ranking: the school gets no second
        // place (found in a report review, fifth stop of 2026-11-29).
        Case(script: "B: Das Wichtigste ist der Bus. Aber wenn ich höre, die wollen alles verlagern, dann sag ich: Nein. Die Schule muss bleiben.",
             expected: [Entry(rank: 1, code: "mobilitaet")]),
        // … whatever verb follows the "dann" (found in an analyst's review, sixth stop of 2026-11-29).
        Case(script: "B: Das Wichtigste ist der Bus. Wenn das kommt, dann brauchen wir die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Erstens der Bus. Falls der kommt, dann fehlt noch die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet")]),
        // A ranking after a condition, and a modal verb after "zuerst", still rank.
        Case(script: "B: Wenn ich was zu sagen hätte: Zuerst die Schule, dann der Bus.",
             expected: [Entry(rank: 1, code: "bildung"), Entry(rank: 2, code: "mobilitaet")]),
        Case(script: "B: Zuerst muss die Schule saniert werden, dann der Bus.",
             expected: [Entry(rank: 1, code: "bildung"), Entry(rank: 2, code: "mobilitaet")]),
        Case(script: "B: Zuerst brauchen wir den Arzt. Danach die Schule.",
             expected: [Entry(rank: 1, code: "gesundheit"), Entry(rank: 2, code: "bildung")]),
        // "ich" and "wir" after the adverb rank; a survey word in another clause, or a word that
        // only contains one ("Studierende"), takes nothing (found in a review of stop 40).
        Case(script: "B: Als Erstes nenne ich den Bus, als Zweites die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Zuerst denke ich an den Bus, danach denke ich an die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Die Statistik kenne ich nicht, aber für mich steht der Bus ganz klar an erster Stelle.",
             expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Für die Studierenden ist der Bus das Wichtigste.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        // After a condition, "dann kommt" and "dann" before a noun phrase still name the next place.
        Case(script: "B: An erster Stelle steht der Bus. Wenn ich weiter überlege, dann kommt die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        Case(script: "B: Erstens der Bus, wenn es geht, dann die Schule.",
             expected: [Entry(rank: 1, code: "mobilitaet"), Entry(rank: 2, code: "bildung")]),
        // A condition that asks for one choice: its consequence is the speaker's first place (found
        // in a user review: "dann" after "wenn" was read as a mere consequence, ranking nothing).
        Case(script: "B: Wenn ich eins nennen soll, dann nenne ich den Bus.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Wenn ich nur eine Sache nennen dürfte, dann wäre das die Schule.",
             expected: [Entry(rank: 1, code: "bildung")]),
        Case(script: "B: Wenn ich eins nennen soll: der Arzt. Danach die Schule.",
             expected: [Entry(rank: 1, code: "gesundheit"), Entry(rank: 2, code: "bildung")]),
        // The "dann" of the consequence without a verb is no next place either (found by this stop's
        // second helper: "dann den Bus" ranked the bus second).
        Case(script: "B: Wenn ich eins nennen soll, dann den Bus.", expected: [Entry(rank: 1, code: "mobilitaet")]),
        Case(script: "B: Wenn ich nur eins nennen müsste, dann die Schule. Danach den Bus.",
             expected: [Entry(rank: 1, code: "bildung"), Entry(rank: 2, code: "mobilitaet")]),
        // A place that names a field without a code keeps its place.
        Case(script: "B: Erstens die Feuerwehr, dann der Bus.", expected: [Entry(rank: 2, code: "mobilitaet")]),
        Case(script: "B: Als Erstes die Feuerwehr und dann die Schule.", expected: [Entry(rank: 2, code: "bildung")]),
        // Asked for the speaker's view, a first-place marker in the consequence ranks as before.
        Case(script: "B: Wenn Sie mich fragen, dann steht der Bus an erster Stelle.", expected: [Entry(rank: 1, code: "mobilitaet")]),
    ])
    func rankings(_ c: Case) {
        let t = Fixture.signals(c.script)
        #expect(t.rankings.flatMap(\.entries).map { Entry(rank: $0.rank, code: $0.codeID) } == c.expected)
    }

    @Test("no ranking without a marker, without a field, negated, or from the interviewer", arguments: [
        "B: Die Schule ist wichtig.",
        "B: Der Bus ist nicht das Wichtigste.",
        "B: Das Wichtigste ist nicht die Schule.",
        "B: Der Bus fährt.\nI: Und dann?\nB: Dann die Schule.",
        "B: Danach fahre ich mit dem Bus.",
        "B: Erstens muss ich sagen, dass ich neu hier bin.",
        "I: Erstens der Bus, zweitens die Schule?\nB: Ja, genau.",
        // An entity described as the most important employer is no first rank of a field (an analyst's review).
        "B: Das Busunternehmen ist der wichtigste Arbeitgeber hier.",
        // The steps of a procedure and a survey's ranking are no ranking of the respondent's (found
        // in an analyst's review, sixth stop of 2026-11-29).
        "B: Zuerst melden Sie sich beim Arzt an. Dann gehen Sie zur Schule. Danach fahren Sie mit dem Bus.",
        "B: Als Erstes geht man zum Arzt, dann fährt man mit dem Bus zur Schule.",
        "B: In der Umfrage lag der Bus auf Platz eins.",
        "B: Bei der Bürgerbefragung kam die Schule an erster Stelle, danach der Bus.",
        "B: In den Umfragen lag der Bus auf Platz eins.",
        "B: Zuerst gehst du zum Arzt, dann fährst du mit dem Bus zur Schule.",
        // A condition that asks for no choice: its consequence ranks nothing (a user review's
        // counterpart to "Wenn ich eins nennen soll, dann …").
        "B: Wenn der Bus kommt, dann gehe ich zur Schule.",
        "B: Wenn Sie mich fragen, dann ist der Bus zu teuer.",
        "B: Wenn ich eins sagen darf, dann ist der Bus zu teuer.",
        "B: Wenn ich Namen nennen soll, dann fällt mir der Arzt ein.",
        "B: Wenn ich eins nennen soll, dann sicher nicht den Bus.",
        // A negation between the marker's words (found in a user review: a first place).
        "B: Der Bus steht bei mir nicht ganz oben.",
        // "noch eins" is one more, no first place.
        "B: Wenn ich noch eins nennen darf, dann den Arzt.",
    ])
    func noRanking(_ script: String) {
        #expect(Fixture.signals(script).rankings.isEmpty)
    }

    @Test("the one choice a condition asks for is a first place, with its importance")
    func choiceAskedFor() throws {
        let signal = try #require(Fixture.signal("mobilitaet", in: Fixture.signals("B: Wenn ich eins nennen soll, dann nenne ich den Bus.")))
        #expect(signal.emphasis == 1)
        let plain = try #require(Fixture.signal("mobilitaet", in: Fixture.signals("B: Wenn Sie mich fragen, dann ist der Bus zu teuer.")))
        #expect(plain.emphasis == 0)
    }

    struct FirstPlaceCase: Sendable, CustomTestStringConvertible {
        var script: String
        var code: String
        var emphasis: Double
        var weakening: Double = 0
        var testDescription: String { "\(script) (\(code))" }
    }

    /// Found in a user review: "Wenn ich eins nennen soll, dann sicher nicht den Bus" ranked nothing
    /// but gave the bus the first place's importance, as the cue went to the nearest clause with a
    /// field. A first place's importance now goes only to fields the marker may rank (none denied
    /// with "nicht"), and past a denied field to the one "sondern" puts in its place.
    @Test("a first place's importance goes to no field denied with 'nicht'", arguments: [
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann sicher nicht den Bus.", code: "mobilitaet", emphasis: 0),
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann ist es nicht der Bus.", code: "mobilitaet", emphasis: 0),
        FirstPlaceCase(script: "B: Erstens die Schule, nicht der Bus.", code: "mobilitaet", emphasis: 0),
        FirstPlaceCase(script: "B: Das Wichtigste ist die Schule und nicht der Bus.", code: "mobilitaet", emphasis: 0),
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann nicht den Bus, sondern die Schule.", code: "mobilitaet", emphasis: 0),
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann nicht den Bus, sondern die Schule.", code: "bildung", emphasis: 1),
        // Unchanged: the field the marker ranks, a marker negated itself (a weakening), a "nicht"
        // of another clause, the correction in the marker's own clause.
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann nenne ich den Bus.", code: "mobilitaet", emphasis: 1),
        FirstPlaceCase(script: "B: Erstens die Schule, nicht der Bus.", code: "bildung", emphasis: 1),
        FirstPlaceCase(script: "B: Das Wichtigste ist die Schule und nicht der Bus.", code: "bildung", emphasis: 1),
        FirstPlaceCase(script: "B: Das Wichtigste ist nicht die Schule.", code: "bildung", emphasis: 0, weakening: 1),
        FirstPlaceCase(script: "B: Das Wichtigste ist nicht die Schule, sondern der Bus.", code: "mobilitaet", emphasis: 1),
        FirstPlaceCase(script: "B: Wenn ich eins nennen soll, dann die Schule, weil der Bus nicht fährt.", code: "bildung", emphasis: 1),
    ])
    func firstPlaceDenied(_ c: FirstPlaceCase) throws {
        let signal = try #require(Fixture.signal(c.code, in: Fixture.signals(c.script)))
        #expect(signal.emphasis == c.emphasis, "emphasis")
        #expect(signal.weakening == c.weakening, "weakening")
    }

    @Test("a step of a procedure or a survey's first place is no importance either", arguments: [
        ("B: Zuerst melden Sie sich beim Arzt an.", "gesundheit"),
        ("B: In der Umfrage lag der Bus auf Platz eins.", "mobilitaet"),
    ])
    func noFirstPlaceImportance(_ script: String, _ code: String) throws {
        let signal = try #require(Fixture.signal(code, in: Fixture.signals(script)))
        #expect(signal.emphasis == 0)
    }

    @Test("the marker's offsets point at the marker")
    func markerOffsets() throws {
        let script = "B: Zweitens die Schule."
        let entry = try #require(Fixture.signals(script).rankings.first?.entries.first)
        #expect(String(script.slice(utf8: entry.markerRange.utf8)) == "Zweitens")
        #expect(entry.marker == "zweitens")
    }
}
