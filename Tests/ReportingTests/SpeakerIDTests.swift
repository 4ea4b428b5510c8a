import Testing
@testable import Reporting

/// Speakers whose ids pseudonymise to the same words stay apart (`ReportInput.distinctIDs`).
@Suite("Shareable speaker ids")
struct SpeakerIDTests {
    @Test("ids that become the same shareable id get (2), (3), ... in transcript and speaker order", arguments: [
        ([[("Frau Schübel", "[Person]"), ("Herr Schübel", "[Person]")]], ["Frau Schübel": "[Person]", "Herr Schübel": "[Person] (2)"]),
        ([[("I", "I"), ("Anna Roth", "Person A")], [("Anna Roth", "Person A"), ("Roth", "Person A"), ("B", "B")]],
         ["I": "I", "Anna Roth": "Person A", "Roth": "Person A (2)", "B": "B"]),
        ([[("x", "Person A (2)"), ("y", "Person A"), ("z", "Person A")]], ["x": "Person A (2)", "y": "Person A", "z": "Person A (3)"]),
        ([[("B", "B")], [("B", "B")]], ["B": "B"]),
    ])
    func distinct(_ c: ([[(String, String)]], [String: String])) {
        let ids = ReportInput.distinctIDs(c.0.map { $0.map { (id: $0.0, shareable: $0.1) } })
        #expect(ids == c.1)
        #expect(Set(ids.values).count == ids.count, "every id has a shareable id of its own")
    }
}
