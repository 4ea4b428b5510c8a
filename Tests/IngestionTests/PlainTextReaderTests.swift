import Foundation
import Ingestion
import LeitbildCore
import Testing

@Suite("Plain text: f4 and MAXQDA labels")
struct PlainTextReaderTests {
    func read(_ text: String, name: String = "t.txt", encoding: String.Encoding = .utf8) throws -> Transcript {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-\(UUID().uuidString)-\(name)").path
        try text.data(using: encoding)!.write(to: URL(fileURLWithPath: path))
        return try Ingestor().read(file: path).0
    }

    @Test("f4 labels give roles, timestamps are cut from the turn and kept as times")
    func f4() throws {
        let t = try read("I: Wie geht es? #00:00:05-2#\n\nB: Gut, danke. Der Bus fehlt. #00:01:02-7#\n")
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent])
        #expect(t.turns.map { String(t.text(of: $0)) } == ["Wie geht es?", "Gut, danke. Der Bus fehlt."])
        #expect(t.turns[1].endTime == 62.7)
        #expect(t.turns.map(\.sourceLine) == [1, 3])
    }

    @Test("a paragraph without a label continues the turn")
    func multiParagraph() throws {
        let t = try read("I: Frage?\n\nB: Erster Absatz.\n\nZweiter Absatz.\n")
        #expect(t.turns.count == 2)
        #expect(String(t.text(of: t.turns[1])) == "Erster Absatz.\n\nZweiter Absatz.")
    }

    @Test("MAXQDA name labels: Moderation is the interviewer")
    func maxqda() throws {
        let t = try read("Moderation: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n\nModeration: Danke.\n")
        #expect(t.speakers.map(\.label) == ["Moderation", "Frau Kessler"])
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent])
    }

    @Test("offsets are Unicode scalars in NFC text with LF line ends")
    func offsets() throws {
        let t = try read("I: Grüß Gott.\r\n\r\nB: Straße und Mühle.\r\n")
        let turn = t.turns[1]
        #expect(turn.span == SourceSpan(start: 18, end: 35))
        #expect(Array(t.text.unicodeScalars)[turn.span.start..<turn.span.end].map(String.init).joined() == "Straße und Mühle.")
    }

    @Test("Windows-1252 is detected and reported")
    func windows1252() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-\(UUID().uuidString).txt").path
        try Data("B: Grüße aus Schwarzenbach.".data(using: .windowsCP1252)!).write(to: URL(fileURLWithPath: path))
        let (t, diagnostics) = try Ingestor().read(file: path)
        #expect(t.source.encoding == "Windows-1252")
        #expect(String(t.text(of: t.turns[0])) == "Grüße aus Schwarzenbach.")
        #expect(diagnostics.contains { $0.message.contains("Windows-1252") })
    }
}

@Suite("Subtitles: WebVTT and SRT")
struct SubtitleReaderTests {
    @Test("Teams voice tags: consecutive cues of one speaker merge into one turn")
    func teams() throws {
        let vtt = """
        WEBVTT

        a1/1-0
        00:00:01.000 --> 00:00:03.000
        <v Anna Roth>Wie ist der Bus?</v>

        a1/2-0
        00:00:03.500 --> 00:00:06.000
        <v Paul Frank>Der Bus kommt selten.</v>

        a1/3-0
        00:00:06.000 --> 00:00:08.000
        <v Paul Frank>Und abends gar nicht.</v>
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-\(UUID().uuidString).vtt").path
        try vtt.write(toFile: path, atomically: true, encoding: .utf8)
        let t = try Ingestor().read(file: path).0
        #expect(t.turns.count == 2)
        #expect(String(t.text(of: t.turns[1])) == "Der Bus kommt selten. Und abends gar nicht.")
        #expect(t.turns[1].startTime == 3.5)
        #expect(t.turns[1].endTime == 8.0)
    }
}
