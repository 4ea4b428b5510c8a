import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("Subtitles: WebVTT and SRT", .scratchFolder)
struct SubtitleReaderTests {
    func read(_ text: String, name: String) throws -> Transcript {
        let folder = try TempFolder()
        return try readOne(try folder.write(name, text)).0
    }

    @Test("Teams voice tags: consecutive cues of one speaker merge into one turn")
    func teams() throws {
        let t = try read("""
        WEBVTT

        a1/1-0
        00:00:01.000 --> 00:00:03.000
        <v Anna Roth>Wie ist der Bus?</v>

        a1/2-0
        00:00:03.500 --> 00:00:06.000
        <v Paul Frank>Der Bus kommt &amp; geht selten.</v>

        a1/3-0
        00:00:06.000 --> 00:00:08.000 align:start position:10%
        <v.loud Paul Frank><i>Und</i> abends gar nicht.</v>
        """, name: "teams.vtt")
        #expect(t.speakers.map(\.label) == ["Anna Roth", "Paul Frank"])
        #expect(t.turnTexts == ["Wie ist der Bus?", "Der Bus kommt & geht selten. Und abends gar nicht."])
        #expect(t.turns[1].startTime == 3.5)
        #expect(t.turns[1].endTime == 8.0)
        #expect(t.text == "Anna Roth: Wie ist der Bus?\n\nPaul Frank: Der Bus kommt & geht selten. Und abends gar nicht.")
    }

    @Test("Zoom: 'Name: text' in the cue")
    func zoom() throws {
        let t = try read("""
        1
        00:00:01,000 --> 00:00:03,000
        Anna Roth: Wie ist der Bus?

        2
        00:00:03,500 --> 00:00:06,000
        Paul Frank: Selten. Aber: abends nie.
        """, name: "zoom.srt")
        #expect(t.speakers.map(\.label) == ["Anna Roth", "Paul Frank"])
        #expect(t.turnTexts == ["Wie ist der Bus?", "Selten. Aber: abends nie."])
    }

    @Test("Whisper: no speakers, one turn per cue, times kept")
    func whisper() throws {
        let t = try read("WEBVTT\n\n00:00.000 --> 00:02.500\nDer Bus fehlt.\n\n00:02.500 --> 00:05.000\nUnd der Arzt.\n", name: "whisper.vtt")
        #expect(t.speakers.map(\.role) == [.respondent])
        #expect(t.turnTexts == ["Der Bus fehlt.", "Und der Arzt."])
        #expect(t.turns.map(\.startTime) == [0, 2.5])
        #expect(t.text == "Der Bus fehlt.\n\nUnd der Arzt.")
    }

    struct RealFile: Sendable, CustomTestStringConvertible {
        var path: String
        var cues: Int
        var first: String
        var last: String
        var lastStart: Double
        var testDescription: String { path }
    }

    @Test("real subtitle files: cue count, text and times", .enabled(if: Paths.sharedDataPresent), arguments: [
        RealFile(path: "subtitles/sintel-de.vtt", cues: 14, first: "[Test]", last: "Wir sind fast fertig. Ruhig...", lastStart: 118.25),
        RealFile(path: "subtitles/sintel_de.srt", cues: 26, first: "Diese Klinge birgt eine finstere Vergangenheit.", last: "Scales...", lastStart: 626.2),
        RealFile(path: "subtitles/TOS-de.srt", cues: 76, first: "Du bist ein Vollidiot, Thom.", last: "...hätte schlimmer kommen können.", lastStart: 566),
    ])
    func realFiles(_ f: RealFile) throws {
        let path = Paths.shared(f.path)
        let t = try readOne(path).0
        let raw = try String(contentsOfFile: path, encoding: .utf8)
        #expect(raw.components(separatedBy: "-->").count - 1 == f.cues)
        #expect(t.turns.count == f.cues)
        #expect(t.turnTexts.first == f.first)
        #expect(t.turnTexts.last == f.last)
        #expect(t.turns.last?.startTime == f.lastStart)
        // Multi-line cues are joined with a space.
        #expect(t.turnTexts.contains("Es ist töricht, so ganz allein und unvorbereitet zu reisen!") || f.path.contains("TOS"))
    }
}
