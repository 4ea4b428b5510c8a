import Foundation
import Ingestion
import LeitbildCore
import Testing

/// One interview written in every supported format must read the same everywhere.
@Suite("Twins: one interview in all formats")
struct TwinsTests {
    static let formats: [(file: String, format: SourceFormat)] = [
        ("interview.docx", .docx), ("interview.rtf", .rtf), ("interview.vtt", .webVTT), ("interview.srt", .srt), ("interview.xml", .tei),
        ("interview.exb", .exmaralda), ("interview.eaf", .elan), ("interview.qdpx", .refiQDA), ("interview.csv", .csv),
    ]

    static func twin(_ name: String) throws -> Transcript {
        try readOne(Paths.fixture("twins/\(name)")).0
    }

    @Test("the plain-text twin reads as written")
    func reference() throws {
        let t = try Self.twin("interview.txt")
        #expect(t.speakers == [
            Speaker(id: "I", label: "I", role: .interviewer, roleReason: "label 'I' is an interviewer label"),
            Speaker(id: "B", label: "B", role: .respondent, roleReason: "label 'B' is a respondent label"),
        ])
        #expect(t.turns.map(\.speakerID) == ["I", "B", "I", "B", "I", "B", "I"])
        #expect(t.turnTexts[1] == "An erster Stelle steht für mich der Bus. (lacht) Der fährt z. B. am Wochenende kaum noch, und ohne Auto ist man hier abgehängt.")
        #expect(t.turns.map(\.startTime) == [0, 6.5, 21, 24.2, 38.7, 42, 55.3])
        #expect(t.turns.map(\.endTime) == [6.5, 21, 24.2, 38.7, 42, 55.3, 57])
    }

    @Test("speakers, roles, turn texts and times equal the plain-text twin", arguments: formats)
    func sameAsPlainText(_ twin: (file: String, format: SourceFormat)) throws {
        let reference = try Self.twin("interview.txt")
        let t = try Self.twin(twin.file)
        #expect(t.source.format == twin.format)
        #expect(t.speakers == reference.speakers)
        #expect(t.summaries == reference.summaries)
    }

    @Test("turn ranges cover exactly the spoken text, in scalars and UTF-8", arguments: ["interview.txt"] + formats.map(\.file))
    func rangesAgree(_ file: String) throws {
        let t = try Self.twin(file)
        let scalars = Array(t.text.unicodeScalars)
        for turn in t.turns {
            let byScalars = String(String.UnicodeScalarView(scalars[turn.span.start..<turn.span.end]))
            #expect(byScalars == String(t.text(of: turn)))
            #expect(t.text == t.text.precomposedStringWithCanonicalMapping)
            #expect(!t.text.contains("\r"))
        }
    }

    @Test("structured formats render one 'Label: text' paragraph per turn", arguments: ["interview.vtt", "interview.xml", "interview.exb", "interview.eaf", "interview.csv"])
    func rendering(_ file: String) throws {
        let t = try Self.twin(file)
        let paragraphs = t.text.components(separatedBy: "\n\n")
        #expect(paragraphs.count == t.turns.count)
        for (paragraph, turn) in zip(paragraphs, t.turns) {
            #expect(paragraph == "\(turn.speakerID): \(t.text(of: turn))")
        }
        #expect(t.source.textLinesAreSourceLines == false)
    }
}
