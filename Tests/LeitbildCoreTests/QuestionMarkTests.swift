import LeitbildCore
import Testing

/// One reading of "ends in a question" for the speaker roles and the signals.
@Suite("Question mark at a text's end")
struct QuestionMarkTests {
    @Test("the last character but white space, closing quotes and brackets", arguments: [
        ("Wie geht es?", true), ("Wie geht es? ", true), ("„Wie geht es?“", true), ("(Wie geht es?)", true),
        ("\"Wie?\" ", true), ("»Wie?«", true), ("‚Wie?‘", true), ("Wie?\n", true),
        ("Gut.", false), ("Wie? Gut.", false), ("Wie?!", false), ("", false), ("?“x", false),
        // A closing mark's bytes alone are no closing mark: "†" is E2 80 A0.
        ("Wie?†", false),
    ])
    func ends(_ text: String, _ question: Bool) {
        #expect(QuestionMark.ends(Array(text.utf8)) == question)
    }
}
