import Foundation
import Ingestion
import LeitbildCore
import Testing

@Suite("Word .docx")
struct DocxReaderTests {
    @Test("soft breaks, tabs, non-breaking hyphens, field codes, moves and tables")
    func features() throws {
        let (t, _) = try readOne(Paths.fixture("docx/features.docx"))
        #expect(t.summaries.map(\.speaker) == ["I", "B", "I", "B", "I", "B"])
        #expect(t.turnTexts == [
            "Wie kommen Sie zum Arzt?",
            "Mit dem Bus nach Naila,\nwenn er fährt.\tSonst-Taxi.",
            "Und das Ehrenamt?",
            "Der Bürgerbus wird ehrenamtlich gefahren.",
            "Und im Winter?",
            "Im Winter fährt gar nichts. Dann bleibt nur das Taxi.",
        ])
        // Source lines are paragraph numbers (a table row counts as one).
        #expect(t.turns.map(\.sourceLine) == [1, 2, 3, 4, 5, 6])
        #expect(!t.source.textLinesAreSourceLines)
    }

    @Test("tracked insertions kept, deletions dropped, comments/header/footer ignored, deleted paragraph marks join paragraphs")
    func trackedChanges() throws {
        let (t, diagnostics) = try readOne(Paths.fixture("twins/interview.docx"))
        #expect(t.turnTexts[1].contains("Der fährt z. B. am Wochenende kaum noch, und ohne Auto"))
        #expect(!t.text.contains("nur selten"))
        #expect(!t.text.contains("Vertraulich"))
        #expect(!t.text.contains("Seite 1"))
        #expect(!t.text.contains("Rufbus nachfragen"))
        #expect(t.turnTexts[3].contains("Hausarztversorgung"))
        #expect(t.turnTexts[5] == "Die Gemeinde allein schafft das nicht – da braucht es den Landkreis und die Nachbarorte. Interkommunale Zusammenarbeit ist das Wichtigste.")
        #expect(t.turns.map(\.sourceLine) == [2, 4, 5, 6, 7, 8, 10])
        #expect(diagnostics.contains { $0.message.contains("line 1 comes before the first speaker label") })
    }
}
