import LeitbildCore
@testable import Reporting
import Testing

/// Quote choice where transcripts share an interview id. The pipeline leaves a repeated id out
/// (`GatheredFiles.leftOut`), but a `ReportInput` made through the API may hold one: cues and
/// order then go by the id, as they always did.
@Suite("Quote choice with a repeated interview id")
struct QuoteChoiceTests {
    typealias Turn = (label: String, role: SpeakerRole, text: String, time: Double?)
    static let plain = "Der Bus fährt morgens um sieben und abends um sechs durch unser Dorf."

    static func interview(_ id: String, _ file: String, group: String, _ turns: [Turn]) -> ReportFixture.Interview {
        ReportFixture.Interview(id: id, file: file, group: group, municipality: nil, interviewer: "Anna Roth", respondent: "Lena Zeitler",
                                turns: turns)
    }

    static func chosen(_ interviews: [ReportFixture.Interview], limit: Int) -> [String] {
        let input = ReportFixture.input(interviews: interviews)
        return QuotePool(input).quotes(for: "mobilitaet", in: input, limit: limit).map { "\($0.interviewID) \($0.file):\($0.line)" }
    }

    @Test("equal scores under one id: the earlier line wins, whichever transcript holds it")
    func tieByLine() {
        let first: [Turn] = [("I", .interviewer, "Frage?", nil), ("B", .respondent, "Ja.", nil), ("I", .interviewer, "Und?", nil),
                             ("B", .respondent, Self.plain, nil)]
        let second: [Turn] = [("I", .interviewer, "Frage?", nil), ("B", .respondent, Self.plain, nil)]
        #expect(Self.chosen([Self.interview("F1", "a.txt", group: "G", first), Self.interview("F1", "b.txt", group: "G", second)], limit: 1)
                == ["F1 b.txt:3"])
    }

    @Test("a cue counts for every transcript with the id")
    func cueByID() {
        let urgent = "Ein besserer Bus ist wirklich sehr dringend und extrem wichtig für unser ganzes Dorf hier."
        let chosen = Self.chosen([
            Self.interview("F1", "a.txt", group: "G", [("I", .interviewer, "Frage?", nil), ("B", .respondent, Self.plain, nil)]),
            Self.interview("F1", "b.txt", group: "G", [("I", .interviewer, "Frage?", nil), ("B", .respondent, Self.plain, nil),
                                                       ("I", .interviewer, "Und?", nil), ("B", .respondent, urgent, nil)]),
            Self.interview("F2", "c.txt", group: "H", [("I", .interviewer, "Frage?", nil),
                                                       ("B", .respondent, "Der Bus ist mir wirklich sehr wichtig, das ist dringend nötig bei uns.", nil)]),
        ], limit: 3)
        #expect(chosen == ["F1 b.txt:7", "F2 c.txt:3", "F1 a.txt:3"])
    }
}

/// `QuotePool.quotes` sorts only the best-scored candidates when its first pass fills the limit
/// among them, and the whole list otherwise: either way the choice is the whole sort's.
@Suite("Quote choice from the best-scored candidates")
struct QuoteHeadTests {
    static let sentences = [
        "Der Bus fährt morgens um sieben und abends um sechs durch unser Dorf.",
        "Ein besserer Bus ist wirklich sehr dringend und extrem wichtig für unser ganzes Dorf hier.",
        "Bus.",
        "Der Bus kommt zu selten, und am Wochenende fährt gar keiner mehr zu uns raus, das ist ein Problem für alle, die kein Auto haben oder nicht mehr fahren können.",
        "Wir brauchen den Bus (lacht), sonst geht hier nichts.",
    ]

    /// Interviews in `groups` groups, each with every sentence above, rotated so that each
    /// interview starts elsewhere (scores tie across interviews, lines differ).
    static func input(interviews: Int, groups: Int) -> ReportInput {
        ReportFixture.input(interviews: (0..<interviews).map { i in
            var turns: [QuoteChoiceTests.Turn] = []
            for k in 0..<sentences.count {
                turns.append(("I", .interviewer, "Frage?", nil))
                turns.append(("B", .respondent, sentences[(i + k) % sentences.count], nil))
            }
            return QuoteChoiceTests.interview("Q\(i)", "q\(i).txt", group: "G\(i % groups)", turns)
        })
    }

    static func chosen(_ input: ReportInput, limit: Int, head: Int) -> [String] {
        QuotePool(input).quotes(for: "mobilitaet", in: input, limit: limit, head: head).map { "\($0.interviewID):\($0.line)" }
    }

    @Test("the same quotes whatever the head", arguments: [
        // (interviews, groups, limit): the first pass fills the limit, or cannot (fewer groups than quotes).
        (6, 3, 2), (6, 3, 3), (6, 2, 3), (6, 1, 4), (8, 4, 8), (3, 3, 10), (5, 5, 0),
    ])
    func sameChoice(interviews: Int, groups: Int, limit: Int) {
        let input = Self.input(interviews: interviews, groups: groups)
        let whole = Self.chosen(input, limit: limit, head: .max)
        #expect(whole.count == min(limit, interviews * Self.sentences.count))
        for head in [1, 2, 3, 5, 8, 13, 21] {
            #expect(Self.chosen(input, limit: limit, head: head) == whole, "head \(head)")
        }
    }
}
