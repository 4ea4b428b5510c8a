import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("Speaker roles: conventions, metadata, heuristic", .scratchFolder)
struct SpeakerRoleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var interviewer: String?
        var roles: [String: SpeakerRole]
        var reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "f4 convention", text: "I: Frage?\n\nB1: Ja.\n\nB2: Nein.\n", interviewer: nil,
             roles: ["I": .interviewer, "B1": .respondent, "B2": .respondent], reason: "label 'B2' is a respondent label"),
        Case(name: "metadata names the interviewer by surname", text: "Herr Frank: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n", interviewer: "Paul Frank",
             roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "label 'Herr Frank' names the interviewer 'Paul Frank'"),
        Case(name: "metadata beats the first-speaker heuristic", text: "Frau Kessler: Also der Bus.\n\nHerr Frank: Was noch?\n\nFrau Kessler: Ein Arzt.\n",
             interviewer: "Paul Frank", roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "names the interviewer"),
        Case(name: "the questioner is the interviewer", text: "Frau Kessler: Guten Tag.\n\nHerr Frank: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n\nHerr Frank: Und sonst?\n\nFrau Kessler: Der Bus.\n",
             interviewer: nil, roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "asks questions in 2 of 2 turns, more than anyone else (heuristic)"),
        Case(name: "no clear questioner: the first speaker", text: "Frau Kessler: Guten Tag.\n\nHerr Frank: Hallo.\n",
             interviewer: nil, roles: ["Frau Kessler": .interviewer, "Herr Frank": .respondent], reason: "speaks first and no one asks clearly more questions (heuristic)"),
        Case(name: "a single named speaker is a respondent", text: "Frau Kessler: Der Bus fehlt.\n\nFrau Kessler: Und der Arzt.\n",
             interviewer: nil, roles: ["Frau Kessler": .respondent], reason: "the only named speaker"),
    ]

    @Test("role and reason", arguments: cases)
    func roles(_ c: Case) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", c.text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer\nx,\(c.interviewer ?? "")\n".utf8), path: "m.csv")
        let (t, diagnostics) = try readOne(file, sheet: sheet)
        #expect(Dictionary(uniqueKeysWithValues: t.speakers.map { ($0.id, $0.role) }) == c.roles)
        #expect(t.speakers.contains { $0.roleReason.contains(c.reason) }, "\(t.speakers.map(\.roleReason))")
        for turn in t.turns { #expect(turn.role == c.roles[turn.speakerID]) }
        if c.reason.contains("heuristic") { #expect(diagnostics.contains { $0.message.hasPrefix("speaker roles guessed") }) }
    }

    /// The sheet's person columns and cells, parted as the pseudonymiser parts them (`PersonCells`).
    @Test("labels are matched against the people of the sheet's person columns", arguments: [
        ("Gesprächspartner", "Maria Kessler (Kassenwartin)", "Frau Kessler", SpeakerRole.respondent, "names the respondent 'Maria Kessler'"),
        ("Interviewer/in", "Paul Frank", "Herr Frank", .interviewer, "names the interviewer 'Paul Frank'"),
        ("respondent", "Kessler, Maria", "Frau Kessler", .respondent, "names the respondent 'Kessler'"),
        ("Befragte/r", "Helmut Ströbel + Renate Dietel", "Frau Dietel", .respondent, "names the respondent 'Renate Dietel'"),
        ("interviewer", "Anna Roth\u{2028}Paul Frank", "Herr Frank", .interviewer, "names the interviewer 'Paul Frank'"),
    ])
    func personColumns(_ column: String, _ cell: String, _ label: String, _ role: SpeakerRole, _ reason: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", "Gerda Zeh: Guten Tag.\n\n\(label): Hallo.\n\nGerda Zeh: Ja.\n")
        let sheet = try MetadataSheet.parse(Data("interview_id,\(column)\nx,\"\(cell)\"\n".utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        let speaker = try #require(t.speakers.first { $0.label == label })
        #expect(speaker.role == role)
        #expect(speaker.roleReason.contains(reason), "\(speaker.roleReason)")
    }

    /// Found in a review: a column of everyone present read as respondents made the interviewer's
    /// questions count; such columns are pseudonymised but decide no role.
    @Test("a column of everyone present (Teilnehmende, Name) decides no role", arguments: ["Teilnehmende", "Name", "Ansprechpartner"])
    func participantsColumn(_ column: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", "Anna Roth: Was fehlt?\n\nPaul Frank: Der Bus.\n\nAnna Roth: Und sonst?\n\nPaul Frank: Nichts.\n")
        let sheet = try MetadataSheet.parse(Data("interview_id,\(column)\nx,\"Anna Roth (Moderation); Paul Frank\"\n".utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent], "\(t.speakers.map(\.roleReason))")
    }
}
