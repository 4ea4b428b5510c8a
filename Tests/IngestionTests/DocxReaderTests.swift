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

    /// Found in an offsets review: each carriage return moved every later paragraph a line on.
    @Test("a carriage return written inside a paragraph (&#13;) is a line break of that paragraph")
    func carriageReturn() throws {
        let (t, _) = try readOne(Paths.fixture("docx/carriage-return.docx"))
        #expect(t.turnTexts == ["Frage?", "Breitband\nfehlt.", "Danke.", "Der Bus\nfehlt.", "Gut."])
        #expect(t.turns.map(\.sourceLine) == [1, 2, 3, 4, 5])
    }

    @Test("a turn of several paragraphs: each paragraph keeps its number")
    func paragraphAnchors() throws {
        let (t, _) = try readOne(Paths.fixture("docx/carriage-return.docx"))
        // "Breitband⏎fehlt." is one paragraph (2) broken by a carriage return: one line of the source.
        let offset = try #require(t.text.utf8Offset(of: "fehlt."))
        #expect(t.sourceLine(atUTF8Offset: offset) == 2)
        let (multi, _) = try readOne(Paths.fixture("docx/paragraphs.docx"))
        #expect(multi.turnTexts == ["Frage?", "Der Bus fehlt.\n\nUnd der Arzt auch.", "Danke."])
        let arzt = try #require(multi.text.utf8Offset(of: "Und der Arzt"))
        #expect(multi.sourceLine(atUTF8Offset: arzt) == 4)
        #expect(multi.sourceLine(atUTF8Offset: try #require(multi.text.utf8Offset(of: "Der Bus"))) == 2)
        #expect(multi.turns.map(\.sourceLine) == [1, 2, 5])
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
