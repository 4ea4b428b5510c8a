import LeitbildCore
import Testing

/// How a metadata cell of people is parted: one rule for the speaker roles and the pseudonymiser.
@Suite("People in a metadata cell")
struct PersonCellsTests {
    @Test("parts of a cell, in order, without brackets", arguments: [
        ("Anna Roth; Paul Frank", ["Anna Roth", "Paul Frank"]),
        ("Anna Roth\nPaul Frank", ["Anna Roth", "Paul Frank"]),
        ("A. Roth und P. Frank", ["A. Roth", "P. Frank"]),
        ("Anna Roth & Paul Frank / Gerda Zeh + Karl Weiss", ["Anna Roth", "Paul Frank", "Gerda Zeh", "Karl Weiss"]),
        ("Hertel, Stefan", ["Hertel", "Stefan"]),
        ("Renate Dietel (Kämmerin), Helmut Ströbel [Vorsitz]", ["Renate Dietel", "Helmut Ströbel"]),
        ("  Anna\u{00A0}Roth\u{200B} ;; ", ["Anna\u{00A0}Roth"]),
        ("Grund- und Mittelschule", ["Grund-", "Mittelschule"]),  // parts, not people: the pseudonymiser weighs them
        ("", []), ("(nur Notiz)", []),
    ])
    func parts(_ cell: String, _ expected: [String]) {
        #expect(PersonCells.parts(of: cell) == expected)
    }

    @Test("person columns: every interviewer column is one, and none is both")
    func columns() {
        #expect(PersonCells.interviewerColumns.allSatisfy { PersonCells.columns.contains($0) && PersonCells.isInterviewerColumn($0) })
        #expect(Set(PersonCells.interviewerColumns).isDisjoint(with: PersonCells.respondentColumns))
        #expect(PersonCells.columns.allSatisfy { $0 == $0.lowercased() })
        #expect(!PersonCells.isInterviewerColumn("respondent") && PersonCells.isInterviewerColumn("interviewer/in"))
    }
}
