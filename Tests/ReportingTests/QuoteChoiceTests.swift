import LeitbildCore
import Signals
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

/// A self-introduction is no quote for a field (docs/priorities.md, "Self-introductions").
@Suite("Quote choice without self-introductions")
struct IntroductionQuoteTests {
    typealias Turn = QuoteChoiceTests.Turn

    @Test("the answer to a request for a self-introduction is never quoted, however well it scores")
    func notQuoted() {
        // No cue: one would end the introduction (and make the sentence count).
        let introduction = "Ich fahre seit zwanzig Jahren jeden Tag den Bus hier durch unser Dorf und kenne jede Haltestelle."
        let later = "Der Bus fährt morgens um sieben und abends um sechs durch unser Dorf."
        func chosen(asking request: String) -> [String] {
            QuoteChoiceTests.chosen([QuoteChoiceTests.interview("F1", "a.txt", group: "G", [
                ("I", .interviewer, request, nil), ("B", .respondent, introduction, nil),
                ("I", .interviewer, "Und was fehlt hier?", nil), ("B", .respondent, later, nil),
            ])], limit: 2)
        }
        #expect(chosen(asking: "Stellen Sie sich bitte kurz vor.") == ["F1 a.txt:7"])
        // Asked something else, the same sentence is the better quote.
        #expect(chosen(asking: "Was ist Ihnen wichtig?") == ["F1 a.txt:3", "F1 a.txt:7"])
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

/// Which signal gives a candidate its cue: the first signal of the code in the segment, among the
/// signals of every entry with the interview's id, found by the segment's index whatever the
/// signals' order. One interview with the same sentence twice (lines 3 and 7): they tie, so the
/// earlier line comes first unless the later one gets a cue.
@Suite("Quote choice: the signal that gives the cue")
struct QuoteCueTests {
    enum Change: String, Sendable {
        case none
        case emphasisOnLater, problemOnLater
        /// A second signal of the code in the later segment, with a cue: after the first (which
        /// decides) or before it.
        case laterDuplicateWithCue, earlierDuplicateWithCue
        /// The later segment's signal with a cue, the signals listed in reverse.
        case reversedSegments
        /// The later segment's signal with a cue, in a second entry with the same interview id.
        case separateEntry
        /// The cue on a signal whose segment index is no coded segment's.
        case otherSegmentIndex
        /// The later segment's emphasis from a cue carried in from the next sentence, or standing
        /// outside the segment: no quote shows it (found in an analyst review).
        case carriedCue, cueOutside
        /// The same cue in the segment.
        case ownCue
    }

    static func chosen(_ change: Change) throws -> [Int] {
        let turns: [QuoteChoiceTests.Turn] = [("I", .interviewer, "Frage?", nil), ("B", .respondent, QuoteChoiceTests.plain, nil),
                                              ("I", .interviewer, "Und?", nil), ("B", .respondent, QuoteChoiceTests.plain, nil)]
        var input = ReportFixture.input(interviews: [QuoteChoiceTests.interview("F1", "a.txt", group: "G", turns)])
        var entry = try #require(input.analysis.interviews.first)
        let later = try #require(entry.segments.firstIndex { $0.sourceLine == 7 })
        try #require(entry.segments[later].codes.map(\.codeID) == ["mobilitaet"])
        var strong = entry.segments[later].codes[0]
        strong.emphasis = 1
        var second: InterviewPriority? = nil
        switch change {
        case .none: break
        case .emphasisOnLater: entry.segments[later].codes[0].emphasis = 1
        case .problemOnLater: entry.segments[later].codes[0].problem = 1
        case .laterDuplicateWithCue: entry.segments[later].codes.append(strong)
        case .earlierDuplicateWithCue: entry.segments[later].codes.insert(strong, at: 0)
        case .reversedSegments:
            entry.segments[later].codes[0] = strong
            entry.segments.reverse()
        case .separateEntry:
            var other = entry
            other.segments = [entry.segments[later]]
            other.segments[0].codes[0] = strong
            entry.segments.remove(at: later)
            second = other
        case .otherSegmentIndex:
            entry.segments[later].codes[0] = strong
            entry.segments[later].segmentIndex += 100
        case .carriedCue, .cueOutside, .ownCue:
            entry.segments[later].codes[0] = strong
            let inside = entry.segments[later].range
            let outside = TextRange(scalars: SourceSpan(start: inside.scalars.end + 1, end: inside.scalars.end + 5),
                                    utf8: (inside.utf8.upperBound + 1)..<(inside.utf8.upperBound + 5))
            entry.segments[later].cues = [CueHit(kind: .urgency, lexiconKind: .urgency, cue: "dringend", range: change == .cueOutside ? outside : inside,
                                                 weight: 1, negation: nil, hedge: nil, intensifier: nil, codes: ["mobilitaet"], carried: change == .carriedCue)]
        }
        input.analysis.interviews[0] = entry
        if let second { input.analysis.interviews.append(second) }
        return QuotePool(input).quotes(for: "mobilitaet", in: input, limit: 2).map(\.line)
    }

    @Test("the cue comes from the code's first signal in the segment", arguments: [
        (Change.none, [3, 7]),
        (.emphasisOnLater, [7, 3]), (.problemOnLater, [7, 3]),
        (.laterDuplicateWithCue, [3, 7]), (.earlierDuplicateWithCue, [7, 3]),
        (.reversedSegments, [7, 3]), (.separateEntry, [7, 3]), (.otherSegmentIndex, [3, 7]),
        (.carriedCue, [3, 7]), (.cueOutside, [3, 7]), (.ownCue, [7, 3]),
    ])
    func cue(_ change: Change, lines: [Int]) throws {
        #expect(try Self.chosen(change) == lines)
    }
}

/// A quote is a coded segment, and a transcript without full stops makes one segment of
/// megabytes: reports show at most `Format.maxQuoteScalars` of it.
@Suite("Long quotes are shortened")
struct QuoteShorteningTests {
    static let words = Array(repeating: "Bushaltestelle", count: 100).joined(separator: " ")  // 1,499 scalars

    @Test("cut at the last space before the limit, with [\u{2026}]; short texts stay", arguments: [
        // text, limit, expected
        ("Der Bus fehlt.", 600, "Der Bus fehlt."),
        ("Der Bus fehlt.", 14, "Der Bus fehlt."),
        ("Der Bus fehlt abends.", 14, "Der Bus fehlt […]"),
        ("Der Bus fehlt abends.", 8, "Der Bus […]"),
        // No space in the second half: cut at the limit (scalars, not bytes: ü is one).
        ("Überlandbusverbindung", 6, "Überla […]"),
        ("Bus Überlandbusverbindung", 12, "Bus Überland […]"),
    ])
    func shortened(_ c: (String, Int, String)) {
        #expect(Format.shortened(c.0, maxScalars: c.1) == c.2)
    }

    @Test("a long segment's quote shows the term that coded it", arguments: [
        // focus (UTF-8 offset of the term), expected start of the quote
        (40, "Bushaltestelle Bushaltestelle"),     // within the first two thirds: from the start
        (1_200, "[…] Bushaltestelle"),               // later: a third of the window before it
    ])
    func focused(_ c: (Int, String)) {
        let text = Format.shortened(Self.words, focus: c.0)
        #expect(text.hasPrefix(c.1))
        #expect(text.unicodeScalars.count <= Format.maxQuoteScalars + 4)
        let tail = Self.words + " Breitband fehlt hier."
        let quote = Format.shortened(tail, focus: tail.utf8.count - 18)
        #expect(quote.contains("Breitband fehlt hier.") && quote.hasPrefix("[…] "))
    }

    @Test("a quote of a megabyte-long segment is at most the limit and the mark")
    func longSegment() {
        let text = Format.shortened(Self.words)
        #expect(text.unicodeScalars.count <= Format.maxQuoteScalars + 4)
        #expect(text.hasSuffix("Bushaltestelle […]"))
    }
}
