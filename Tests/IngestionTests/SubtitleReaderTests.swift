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

    /// Found in an offsets review: a quote from a later cue was cited with the line and time of
    /// the turn's first cue.
    @Test("text from a merged cue keeps that cue's line and time, also after decomposed umlauts")
    func mergedCueAnchors() throws {
        let t = try read("""
        WEBVTT

        00:00:01.000 --> 00:00:03.000
        <v Anna Roth>Was fehlt?</v>

        00:00:03.500 --> 00:00:06.000
        <v Paul Frank>Der Bus kommt selten, gru\u{308}n ist anders.</v>

        00:01:40.000 --> 00:01:44.000
        <v Paul Frank>Und die A\u{308}rztin fehlt.</v>

        00:01:45.000 --> 00:01:47.000
        <v Paul Frank><i>Ganz</i>
        ehrlich.</v>
        """, name: "anchors.vtt")
        #expect(t.turnTexts == ["Was fehlt?", "Der Bus kommt selten, grün ist anders. Und die Ärztin fehlt. Ganz ehrlich."])
        func at(_ phrase: String) throws -> (line: Int, time: Double?) {
            let offset = try #require(t.text.utf8Offset(of: phrase))
            return (t.sourceLine(atUTF8Offset: offset), t.startTime(atUTF8Offset: offset))
        }
        #expect(try at("Der Bus") == (7, 3.5))
        #expect(try at("grün") == (7, 3.5))
        #expect(try at("Und die") == (10, 100))
        #expect(try at("fehlt.") == (10, 100))
        #expect(try at("Ganz") == (13, 105))
        #expect(try at("Was") == (4, 1))
        #expect(t.anchors.map(\.line) == [10, 13])
    }

    /// Found in an offsets review: both stood in the quotes as written.
    @Test("numeric character references are characters; a subtitle editor's {\\an8} is layout", arguments: [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nMit dem &#x1F6B2; zur Schule, gr&#252;n &amp; gut.\n", "Mit dem 🚲 zur Schule, grün & gut."),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nKein &#7; Steuerzeichen, &#xD800; und &#x; bleiben.\n", "Kein &#7; Steuerzeichen, &#xD800; und &#x; bleiben."),
        ("1\n00:00:01,000 --> 00:00:03,000\n{\\an8}Der Bus {\\i1}fehlt{\\i0}. {Notiz} bleibt.\n", "Der Bus fehlt. {Notiz} bleibt."),
    ])
    func referencesAndOverrides(_ text: String, _ turn: String) throws {
        let t = try read(text, name: text.hasPrefix("WEBVTT") ? "refs.vtt" : "refs.srt")
        #expect(t.turnTexts == [turn])
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

    func readWithNotes(_ text: String, name: String) throws -> (Transcript, [String]) {
        let folder = try TempFolder()
        let (t, notes) = try readOne(try folder.write(name, text))
        return (t, notes.map { "\($0.line.map(String.init) ?? "-"): \($0.message)" })
    }

    @Test("two voices in one cue become two turns", arguments: [
        // Teams: a voice tag at the start of a later line of the cue.
        ("two.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Anna Roth>Was ist wichtig?</v>\n<v Paul Frank>Der Bus.</v>\n",
         ["Anna Roth", "Paul Frank"], ["Was ist wichtig?", "Der Bus."]),
        // Zoom: "Name: text" at the start of a later line.
        ("two.srt", "1\n00:00:01,000 --> 00:00:04,000\nI: Was fehlt?\nB: Der Bus.\n\n2\n00:00:05,000 --> 00:00:06,000\nB: Und der Arzt.\n",
         ["I", "B"], ["Was fehlt?", "Der Bus. Und der Arzt."]),
        // A line break inside one voice's text is layout.
        ("one.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Paul Frank>Der Bus\nkommt selten.</v>\n",
         ["Paul Frank"], ["Der Bus kommt selten."]),
        // A wrapped line that looks like a label is no speaker unless a cue starts with that label.
        ("wrap.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWir haben gewartet, dann sagte die\nDeutsche Bahn: das geht nicht.\n\n00:00:03.000 --> 00:00:04.000\nSchade.\n",
         [""], ["Wir haben gewartet, dann sagte die Deutsche Bahn: das geht nicht.", "Schade."]),
        // An arrow in the text is no timing line.
        ("arrow.srt", "1\n00:00:01,000 --> 00:00:02,000\nB: Antrag --> Prüfung dauert.\n\n2\n00:00:03,000 --> 00:00:04,000\nI: Wie lange?\n",
         ["B", "I"], ["Antrag --> Prüfung dauert.", "Wie lange?"]),
        // A colon inside a line is no label.
        ("colon.srt", "1\n00:00:01,000 --> 00:00:04,000\nB: Zwei Dinge:\nBus und Arzt.\n\n2\n00:00:05,000 --> 00:00:06,000\nI: Danke.\n",
         ["B", "I"], ["Zwei Dinge: Bus und Arzt.", "Danke."]),
        // A label after an indent of no-break spaces (`&nbsp;`, U+00A0) or spaces, on a later line and on the first.
        ("nbsp.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nInterviewer: Und der Bus?\n\n00:00:05.000 --> 00:00:09.000\n"
         + "Befragte: Fährt selten.\n&nbsp;Interviewer: Und die Schule?\n\n00:00:10.000 --> 00:00:12.000\n&nbsp;&nbsp;Befragte: Ist gut.\n",
         ["Interviewer", "Befragte"], ["Und der Bus?", "Fährt selten.", "Und die Schule?", "Ist gut."]),
        ("nbsp.srt", "1\n00:00:01,000 --> 00:00:04,000\nI: Was fehlt?\n\u{A0} B: Der Bus.\n\n2\n00:00:05,000 --> 00:00:06,000\n\u{202F}B: Und der Arzt.\n",
         ["I", "B"], ["Was fehlt?", "Der Bus. Und der Arzt."]),
        // No-break spaces are blanks in a turn's text: none at a turn's ends, runs as one space.
        ("nbsp-text.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Anna Roth>&nbsp;Hallo&nbsp; zusammen.&nbsp;\n\n"
         + "00:00:05.000 --> 00:00:06.000\n<v Interviewer>\u{202F}Wie geht es?\n\n00:00:07.000 --> 00:00:08.000\nB:&nbsp;Gut.\n",
         ["Anna Roth", "Interviewer", "B"], ["Hallo zusammen.", "Wie geht es?", "Gut."]),
    ])
    func twoVoices(_ c: (String, String, [String], [String])) throws {
        let (t, notes) = try readWithNotes(c.1, name: c.0)
        #expect(t.speakers.map(\.label) == c.2)
        #expect(t.turnTexts == c.3)
        #expect(!notes.contains { $0.contains("cue") }, "\(notes)")
    }

    @Test("cues without blank lines between them stay apart, with a warning", arguments: [
        ("run.srt", "1\n00:00:01,000 --> 00:00:02,000\nDer Bus fehlt.\n2\n00:00:03,000 --> 00:00:04,000\nUnd der Arzt.\n3\n00:00:05,000 --> 00:00:06,000\nJa.\n",
         ["Der Bus fehlt.", "Und der Arzt.", "Ja."], [1.0, 3, 5], "4: cues are not separated by blank lines"),
        ("run.vtt", "WEBVTT\n\na1/1-0\n00:00:01.000 --> 00:00:02.000\nDer Bus fehlt.\na1/2-0\n00:00:03.000 --> 00:00:04.000\nJa.\n",
         ["Der Bus fehlt.", "Ja."], [1.0, 3], "6: cues are not separated by blank lines"),
        // A number before a timing line is a counter only if it is the next cue's.
        ("year.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUngefähr\n2019\n00:00:05.000 --> 00:00:06.000\nseit Corona.\n",
         ["Ungefähr 2019", "seit Corona."], [1.0, 5], "6: cues are not separated by blank lines"),
        // Without cue ids, a short line before a timing line is the cue's text, not an id.
        ("noid.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJa.\n00:00:03.000 --> 00:00:04.000\nNein.\n",
         ["Ja.", "Nein."], [1.0, 3], "5: cues are not separated by blank lines"),
    ])
    func unseparatedCues(_ c: (String, String, [String], [Double], String)) throws {
        let (t, notes) = try readWithNotes(c.1, name: c.0)
        #expect(t.turnTexts == c.2)
        #expect(t.turns.map(\.startTime) == c.3)
        #expect(notes.contains { $0.hasPrefix(c.4) }, "\(notes)")
    }

    @Test("impossible cue times are read as they stand, with a warning", arguments: [
        ("WEBVTT\n\n00:00:04.000 --> 00:00:01.000\nRückwärts.\n", ["4: a cue ends before it starts"]),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nSpäter.\n\n00:00:01.000 --> 00:00:02.000\nFrüher.\n\n00:00:00.500 --> 00:00:00.900\nNoch früher.\n",
         ["7: 2 cues start before the cue above them (the first here)"]),
        // Overlapping cues (two people at once) are normal.
        ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v A>Eins.</v>\n\n00:00:04.000 --> 00:00:06.000\n<v B>Zwei.</v>\n", []),
    ])
    func impossibleTimes(_ c: (String, [String])) throws {
        let (t, notes) = try readWithNotes(c.0, name: "times.vtt")
        #expect(!t.turns.isEmpty)
        // (Cues without speakers have a warning of their own: MissingInterviewerTests.)
        #expect(notes.filter { !$0.contains("no speakers found") } == c.1)
    }

    @Test("a file cut off in its last cue keeps the cues before it, with a warning", arguments: [
        ("cut.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nDer Bus fehlt.\n\n00:00:05.000 --> 00:0", "6: the file ends in the middle of a cue"),
        ("cut.srt", "1\n00:00:01,000 --> 00:00:04,000\nDer Bus fehlt.\n\n2\n00:00:05,0", "5: the file ends in the middle of a cue"),
        ("cut2.srt", "1\n00:00:01,000 --> 00:00:04,000\nDer Bus fehlt.\n\n2", "5: the file ends in the middle of a cue"),
        // Cut off after the next cue's counter and its line break.
        ("cut3.srt", "1\n00:00:01,000 --> 00:00:04,000\nDer Bus fehlt.\n\n2\n", "5: the file ends in the middle of a cue"),
    ])
    func cutOff(_ c: (String, String, String)) throws {
        let (t, notes) = try readWithNotes(c.1, name: c.0)
        #expect(t.turnTexts == ["Der Bus fehlt."])
        #expect(notes.contains { $0.hasPrefix(c.2) }, "\(notes)")
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
