import GermanText
import LeitbildCore
import Testing
@testable import Themes

/// Two codes, so that the scope of a cue can be seen: Mobilität and Bildung.
private let twoCodes = Codebook(name: "test", codes: [
    Code(id: "mobil", name: "Mobilität", kind: .handlungsfeld, terms: ["Mobilität", "Radweg", "Bus", "Arzt"]),
    Code(id: "bildung", name: "Bildung", kind: .handlungsfeld, terms: ["Bildung", "Schule"]),
])

struct NegationCase: Sendable, CustomTestStringConvertible {
    var text: String
    /// Code id -> whether it must be flagged negated. Codes not listed must not be assigned.
    var expected: [String: Bool]
    var testDescription: String { "\"\(text)\" -> \(expected.sorted { $0.key < $1.key })" }
    init(_ text: String, _ expected: [String: Bool]) {
        self.text = text
        self.expected = expected
    }
}

@Suite("Rule: negated or dismissed mentions are recorded but flagged")
struct NegationRuleTests {
    @Test("dismissals are flagged with their cue", arguments: [
        NegationCase("Mobilität ist bei uns kein Thema.", ["mobil": true]),
        NegationCase("Der Bus spielt bei uns keine Rolle.", ["mobil": true]),
        NegationCase("Der Bus spielt bei uns keine große Rolle.", ["mobil": true]),
        NegationCase("Die Schule spielt keine wesentliche Rolle.", ["bildung": true]),
        NegationCase("Radwege brauchen wir nicht.", ["mobil": true]),
        NegationCase("Radwege, die brauchen wir hier wirklich nicht.", ["mobil": true]),
        NegationCase("Einen Bus braucht hier keiner.", ["mobil": true]),
        NegationCase("Für Radwege gibt es keinen Bedarf.", ["mobil": true]),
        // Accepting a loss (found in a review after "kein Problem" stopped dismissing).
        NegationCase("Ich hätte kein Problem damit, den Bus abzuschaffen.", ["mobil": true]),
        NegationCase("Weniger Busse wären für uns kein Problem.", ["mobil": true]),
        NegationCase("Eine Schließung der Radwege wäre für viele kein Problem.", ["mobil": true]),
        NegationCase("Mit weniger Radwegen hätten wir keine Probleme.", ["mobil": true]),
        NegationCase("Der Bus ist uns egal.", ["mobil": true]),
        // The guards of the litotes below leave these dismissals as they were.
        NegationCase("Der Bus ist unwichtig.", ["mobil": true]),
        NegationCase("Der Bus ist ganz unwichtig.", ["mobil": true]),
        NegationCase("Die Schule ist so überflüssig.", ["bildung": true]),
        NegationCase("Radwege sind völlig irrelevant.", ["mobil": true]),
        NegationCase("Der Radweg ist vernachlässigbar.", ["mobil": true]),
    ])
    func dismissed(_ c: NegationCase) { check(c) }

    /// Found at the fifth stop of 2026-11-29: Signals read "nicht unwichtig" as importance, but the
    /// coder flagged the mention dismissed ("unwichtig" was a cue whatever stood before it), so the
    /// field was weakened all the same.
    @Test("a negated dismissal is litotes, no dismissal", arguments: [
        NegationCase("Die Schule ist nicht unwichtig.", ["bildung": false]),
        NegationCase("Der Bus ist nicht ganz unwichtig.", ["mobil": false]),
        NegationCase("Der Bus ist gar nicht so unwichtig.", ["mobil": false]),
        NegationCase("Der Arzt ist keineswegs unwichtig.", ["mobil": false]),
        NegationCase("Radwege sind nicht irrelevant.", ["mobil": false]),
        NegationCase("Die Schule ist nicht überflüssig.", ["bildung": false]),
        NegationCase("Bildung ist nicht uninteressant.", ["bildung": false]),
        NegationCase("Der Radweg ist nicht vernachlässigbar.", ["mobil": false]),
        NegationCase("Ein Bus ist keinesfalls unnötig.", ["mobil": false]),
        // A negation up to three words before (a first fix looked one word back; found in a review).
        NegationCase("Der Bus ist nicht ganz so unwichtig.", ["mobil": false]),
        NegationCase("Die Schule ist nicht völlig unwichtig.", ["bildung": false]),
        NegationCase("Der Bus ist auf keinen Fall unwichtig.", ["mobil": false]),
        NegationCase("Die Schule ist alles andere als unwichtig.", ["bildung": false]),
        // Not across a comma: the negation belongs to another clause.
        NegationCase("Ich sage nicht viel, Radwege sind unwichtig.", ["mobil": true]),
        // A re-review's cases: "nicht nur unwichtig" and "wie andere … unwichtig" dismiss, "in keiner Weise" is litotes.
        NegationCase("Radwege sind nicht nur unwichtig, sie sind rausgeworfenes Geld.", ["mobil": true]),
        NegationCase("Der Radweg ist wie andere Prestigeprojekte unwichtig.", ["mobil": true]),
        NegationCase("Die Schule ist in keiner Weise unwichtig.", ["bildung": false]),
        NegationCase("Bildung ist alles andere als wichtig.", ["bildung": true]),
        // A negation later in the clause, or in the matrix clause before "dass", is litotes too;
        // "nicht mal unwichtig" is a stronger dismissal (found in an analyst's review, sixth stop).
        NegationCase("Unwichtig ist der Radweg nicht.", ["mobil": false]),
        NegationCase("Überflüssig ist die Schule auf keinen Fall.", ["bildung": false]),
        NegationCase("Ich würde nicht sagen, dass Radwege unwichtig sind.", ["mobil": false]),
        NegationCase("Ich glaube nicht, dass die Schule irrelevant ist.", ["bildung": false]),
        NegationCase("Der Radweg ist nicht mal unwichtig, sondern schädlich.", ["mobil": true]),
        NegationCase("Unwichtig ist der Radweg.", ["mobil": true]),
        NegationCase("Ich würde sagen, dass Radwege unwichtig sind.", ["mobil": true]),
        NegationCase("Unwichtig ist der Radweg, nicht die Schule.", ["mobil": true, "bildung": false]),
    ])
    func litotes(_ c: NegationCase) { check(c) }

    /// Found in a user review: "Radwege sind überflüssig und nicht gewollt" was no dismissal (the
    /// "nicht" of the second predicate read as the litotes guard of "überflüssig"), and "nicht
    /// gewollt" was no cue.
    @Test("a negation opening a coordinated predicate is no litotes; 'nicht gewollt' dismisses", arguments: [
        NegationCase("Radwege sind überflüssig und nicht gewollt.", ["mobil": true]),
        NegationCase("Der Bus ist unwichtig und keineswegs dringend.", ["mobil": true]),
        NegationCase("Ein Radweg ist hier nicht gewollt.", ["mobil": true]),
        NegationCase("Radwege sind bei uns überhaupt nicht gewollt.", ["mobil": true]),
        // Unchanged: a negation of the cue itself, before it or at the clause's end, is litotes; a
        // negation after "und" that denies a noun phrase still counts.
        NegationCase("Unwichtig und überflüssig ist der Radweg nicht.", ["mobil": false]),
        NegationCase("Der Radweg ist nicht unwichtig und nicht überflüssig.", ["mobil": false]),
        NegationCase("Unwichtig sind Radwege und Busse nicht.", ["mobil": false]),
        // What is not wanted is the "dass" clause's event, something unintended, or someone else's will.
        NegationCase("Es ist nicht gewollt, dass der Bus ausfällt.", ["mobil": false]),
        NegationCase("Es ist nicht gewollt dass der Bus ausfällt.", ["mobil": false]),
        NegationCase("Der neue Fahrplan beim Bus ist so nicht gewollt.", ["mobil": false]),
        NegationCase("Der Radweg ist politisch nicht gewollt.", ["mobil": false]),
    ])
    func coordinatedAndUnwanted(_ c: NegationCase) { check(c) }

    @Test("what is not a dismissal stays a plain mention", arguments: [
        // Absence is a problem, not a dismissal (Signals scores "fehlt", "kein ... mehr").
        NegationCase("Wir haben keinen Arzt mehr.", ["mobil": false]),
        NegationCase("Wir brauchen nicht nur Radwege.", ["mobil": false]),
        NegationCase("Brauchen wir nicht mehr Busse?", ["mobil": false]),
        NegationCase("Der Bus ist uns nicht egal.", ["mobil": false]),
        NegationCase("Radwege brauchen wir dringend.", ["mobil": false]),
        // "Kein Problem" says the field is fine (Signals: a weak asset), not that it does not
        // matter (a dismissal until a domain review called it a misreading).
        NegationCase("Der Bus ist bei uns kein Problem.", ["mobil": false]),
        NegationCase("Mit den Radwegen haben wir keine Probleme.", ["mobil": false]),
        // A cue lies within one clause: "wäre … kein Problem" across a comma is none (found in a review).
        NegationCase("Ein Bus wäre wichtig, Parken ist kein Problem.", ["mobil": false]),
        NegationCase("Ein Arzt wäre schön, aber sonst keine Probleme.", ["mobil": false]),
        NegationCase("Hätten wir einen Bus, kein Problem.", ["mobil": false]),
    ])
    func notDismissed(_ c: NegationCase) { check(c) }

    @Test("a cue reaches only its own clause", arguments: [
        NegationCase("Mobilität ist bei uns kein Thema, aber Bildung schon.", ["mobil": true, "bildung": false]),
        NegationCase("Die Schule ist wichtig, Mobilität ist kein Thema.", ["mobil": true, "bildung": false]),
        NegationCase("Bildung ist kein Thema, jedoch die Schule.", ["bildung": false]),
        // A concessive dismissal stays with its own clause: after a comma, an article before a
        // capitalised word opens a clause the cue before does not reach (found in an analyst's
        // review: "Das Geld spielt keine große Rolle, die Sicherheit geht vor" dismissed Sicherheit).
        NegationCase("Das Geld spielt keine große Rolle, die Schule geht vor.", ["bildung": false]),
        NegationCase("Die Schule spielt keine Rolle, der Bus schon.", ["bildung": true, "mobil": false]),
        // A negation after the cue counts only up to the next comma.
        NegationCase("Unwichtig ist der Radweg, das weiß hier nicht jeder.", ["mobil": true]),
        // A pronoun picking up what came before still keeps the clause open, and a cue after the
        // article still reaches back (an enumeration before its dismissal).
        NegationCase("Das Thema Bus, das spielt keine Rolle.", ["mobil": true]),
        NegationCase("Der Bus, die Schule, das spielt alles keine Rolle.", ["mobil": true, "bildung": true]),
        NegationCase("Radwege, die Schule, die brauchen wir nicht.", ["mobil": true, "bildung": true]),
    ])
    func scope(_ c: NegationCase) { check(c) }

    @Test("a code with a plain mention elsewhere in the unit is not negated")
    func mixedMentions() throws {
        let t = Fixture.respondent("Radwege brauchen wir nicht. Aber der Bus fehlt.")
        let coded = Fixture.coded(t, twoCodes, unit: .turn)
        let assignment = try #require(coded.segments.first?.codes.first)
        #expect(assignment.negated == false)
        #expect(assignment.matches.count == 2)
    }

    @Test("the cue is recorded with its position and pattern")
    func cueRecorded() throws {
        let t = Fixture.respondent("Mobilität ist bei uns kein Thema.")
        let assignment = try #require(Fixture.coded(t, twoCodes).segments.first?.codes.first)
        #expect(t.text(of: try #require(assignment.negationCue)) == "kein Thema")
        #expect(assignment.negationPattern == "kein thema")
    }

    private func check(_ c: NegationCase) {
        let coded = Fixture.coded(Fixture.respondent(c.text), twoCodes)
        let got = Dictionary(coded.segments.flatMap(\.codes).map { ($0.codeID, $0.negated) }, uniquingKeysWith: { a, b in a && b })
        #expect(got == c.expected, "\(c.testDescription), got \(got)")
    }
}

@Suite("Rule: unit of coding is sentence, turn or document; interviewer text only prompts")
struct CodingUnitTests {
    static let interview = Fixture.transcript([
        (.interviewer, "Wie ist es mit dem Bus? Und mit der Schule?"),
        (.respondent, "Der Bus fährt selten. Die Schule ist gut. Sonst nichts."),
        (.interviewer, "Danke."),
        (.respondent, "Radwege fehlen."),
    ])

    struct UnitCase: Sendable, CustomTestStringConvertible {
        var unit: CodingUnit
        var segments: Int
        var units: Int
        var prompts: Int
        var testDescription: String { unit.rawValue }
    }

    @Test("segments, unit counts and interviewer mentions per unit", arguments: [
        UnitCase(unit: .sentence, segments: 3, units: 4, prompts: 2),
        UnitCase(unit: .turn, segments: 2, units: 2, prompts: 1),
        UnitCase(unit: .document, segments: 1, units: 1, prompts: 1),
    ])
    func units(_ c: UnitCase) {
        let coded = Fixture.coded(Self.interview, twoCodes, unit: c.unit)
        #expect(coded.segments.count == c.segments)
        #expect(coded.respondentUnitCount == c.units)
        #expect(coded.interviewerMentions.count == c.prompts)
        #expect(coded.respondentWordCount == 12)
        #expect(coded.segments.allSatisfy { $0.segment.role == .respondent })
        #expect(coded.interviewerMentions.allSatisfy { $0.segment.role == .interviewer })
        #expect(coded.segments.map(\.segment.index) == Array(0..<c.segments))
    }

    @Test("a document unit codes all respondent turns together")
    func documentUnit() throws {
        let coded = Fixture.coded(Self.interview, twoCodes, unit: .document)
        let segment = try #require(coded.segments.first)
        #expect(Set(segment.codes.map(\.codeID)) == ["mobil", "bildung"])
        #expect(segment.codes.first { $0.codeID == "mobil" }?.matches.count == 2)
    }
}

@Suite("Every hit records which term matched, where, and by which rule")
struct ExplanationTests {
    @Test("term, rule, range, tokens and source line")
    func explained() throws {
        let t = Fixture.transcript([(.interviewer, "Frage?"), (.respondent, "Die Busse fehlen. Die Hausarztpraxis schließt.")])
        let book = Codebook(name: "b", codes: [
            Code(id: "mobil", name: "Mobilität", kind: .handlungsfeld, terms: ["Bus"]),
            Code(id: "gesund", name: "Gesundheit", kind: .handlungsfeld, terms: ["Arzt"]),
        ])
        let analyzed = GermanAnalyzer().analyze(t)
        let coded = ThemeCoder(codebook: book, splitter: Fixture.splitter).code(analyzed)
        #expect(coded.segments.count == 2)
        let bus = try #require(coded.segments.first?.codes.first?.matches.first)
        #expect(bus.term == "Bus")
        #expect(bus.rule == .word)
        #expect(t.text(of: bus.range) == "Busse")
        let tokens = try #require(bus.tokens)
        #expect(analyzed.tokens[tokens.lowerBound].range == bus.range)
        #expect(coded.segments[0].segment.sourceLine == 2)
        #expect(String(t.text.unicodeScalars.dropFirst(bus.range.scalars.start).prefix(bus.range.scalars.length)) == "Busse")
        let arzt = try #require(coded.segments.last?.codes.first?.matches.first)
        #expect(arzt.rule == .compoundPart)
        #expect(arzt.part == "arzt")
    }

    @Test("codes with include_children take over their children's hits and name them")
    func includeChildren() throws {
        let book = Codebook(name: "b", codes: [
            Code(id: "nonmotor", name: "Nichtmotorisiert", kind: .handlungsfeld, terms: ["zu Fuß"], includeChildren: true),
            Code(id: "rad", name: "Rad", parent: "nonmotor", kind: .handlungsfeld, terms: ["Fahrrad"]),
        ])
        let t = Fixture.respondent("Mit dem Fahrrad geht es schnell.")
        let codes = try #require(Fixture.coded(t, book).segments.first?.codes)
        #expect(codes.map(\.codeID) == ["nonmotor", "rad"])
        #expect(codes[0].matches.first?.viaCode == "rad")
        #expect(codes[1].matches.first?.viaCode == nil)
    }

    @Test("coding is deterministic and a session gives the same result as a fresh coder")
    func deterministic() {
        let analyzed = GermanAnalyzer().analyze(CodingUnitTests.interview)
        let coder = ThemeCoder(codebook: twoCodes, splitter: Fixture.splitter)
        let session = coder.makeSession()
        let a = session.code(analyzed), b = session.code(analyzed), c = coder.code(analyzed)
        #expect(a.segments == b.segments)
        #expect(a.segments == c.segments)
        #expect(a.interviewerMentions == c.interviewerMentions)
    }
}
