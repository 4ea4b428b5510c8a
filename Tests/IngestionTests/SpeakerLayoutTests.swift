import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// Found in a first-day review: transcript layouts whose speaker labels were not recognised, so
/// that the whole file was one respondent's turn and the interviewer's questions were coded
/// ("Wie wichtig sind Ihnen Rufbus und Hausarzt?" counted for Mobilität).
@Suite("Speaker layouts: labels without a space, in square brackets, on a line of their own, in table columns", .scratchFolder)
struct SpeakerLayoutTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var text: String
        /// Speaker and text of each turn.
        var turns: [String]
        var roles: [String: SpeakerRole]
        var starts: [Double?]? = nil
        var testDescription: String { name }
    }

    static let sheet = "interview_id,interviewer,respondent\nx,Anna Roth,Helga Zapf\n"

    static let cases: [Case] = [
        // f4 typed without a space after the colon.
        Case(name: "'I:Wie …' without a space after the colon", file: "x.txt",
             text: "I:Wie wichtig sind Ihnen Rufbus und Hausarzt? #00:00:05-0#\n\nB:Mir ist die Schule am wichtigsten. #00:00:10-0#\n",
             turns: ["I|Wie wichtig sind Ihnen Rufbus und Hausarzt?", "B|Mir ist die Schule am wichtigsten."],
             roles: ["I": .interviewer, "B": .respondent], starts: [0, 5]),
        Case(name: "a sheet's name without a space after the colon", file: "x.txt",
             text: "Anna Roth:Was fehlt?\nHelga Zapf:Der Bus.\n",
             turns: ["Anna Roth|Was fehlt?", "Helga Zapf|Der Bus."], roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent]),
        // Without a space only a convention or a sheet's name: a recurring word is text then.
        Case(name: "'Word:text' that is no convention stays text", file: "x.txt",
             text: "B: Ja.\nBahnhof:Der fehlt.\nBahnhof:Und der Bus.\n",
             turns: ["B|Ja.\nBahnhof:Der fehlt.\nBahnhof:Und der Bus."], roles: ["B": .respondent]),
        // Diarisation tools (aTrain, WhisperX) write the speaker in square brackets.
        Case(name: "'[SPEAKER_00]:' in subtitles", file: "x.srt",
             text: "1\n00:00:00,000 --> 00:00:04,000\n[SPEAKER_00]: Herzlich willkommen.\n\n2\n00:00:05,000 --> 00:00:09,000\n[SPEAKER_01]: Der Bus fehlt.\n\n"
                 + "3\n00:00:10,000 --> 00:00:14,000\n[SPEAKER_00]: Wie wichtig ist Ihnen der Hausarzt?\n\n4\n00:00:15,000 --> 00:00:19,000\n[SPEAKER_01]: Sehr.\n\n"
                 + "5\n00:00:20,000 --> 00:00:24,000\n[SPEAKER_00]: Und die Apotheke?\n",
             turns: ["SPEAKER_00|Herzlich willkommen.", "SPEAKER_01|Der Bus fehlt.", "SPEAKER_00|Wie wichtig ist Ihnen der Hausarzt?",
                     "SPEAKER_01|Sehr.", "SPEAKER_00|Und die Apotheke?"],
             roles: ["SPEAKER_00": .interviewer, "SPEAKER_01": .respondent], starts: [0, 5, 10, 15, 20]),
        Case(name: "'[Name]:' in plain text", file: "x.txt",
             text: "[Anna Roth]: Was fehlt?\n\n[Helga Zapf]: Der Bus.\n",
             turns: ["Anna Roth|Was fehlt?", "Helga Zapf|Der Bus."], roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent]),
        // Zoom's transcript: "[Name] hh:mm:ss" on a line of its own, the words on the next lines.
        Case(name: "Zoom's '[Name] 10:02:03' line", file: "x.txt",
             text: "[Anna Roth] 10:02:03\nWie wichtig sind Ihnen Rufbus und Hausarzt?\n[Helga Zapf] 10:02:10\nDie Schule.\nUnd die Kita fehlt.\n"
                 + "[Anna Roth] 10:02:20\nUnd der Bus?\n",
             turns: ["Anna Roth|Wie wichtig sind Ihnen Rufbus und Hausarzt?", "Helga Zapf|Die Schule.\nUnd die Kita fehlt.", "Anna Roth|Und der Bus?"],
             roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent], starts: [36123, 36130, 36140]),
        // Teams' transcript as text: "Surname, First name   m:ss".
        Case(name: "Teams' 'Roth, Anna   0:03' line", file: "x.txt",
             text: "Roth, Anna   0:03\nWas fehlt?\n\nZapf, Helga   0:10\nDer Bus.\n",
             turns: ["Roth, Anna|Was fehlt?", "Zapf, Helga|Der Bus."], roles: ["Roth, Anna": .interviewer, "Zapf, Helga": .respondent],
             starts: [3, 10]),
        // One name-and-time line is a heading, not a layout.
        Case(name: "a single name-and-time line is a heading", file: "x.txt",
             text: "Sitzung Naila 10:00\nB: Der Bus fehlt.\n",
             turns: ["B|Der Bus fehlt."], roles: ["B": .respondent]),
        // Found in a review of 2026-11-29: an agenda's lines were speakers, its header text a respondent's words.
        Case(name: "an agenda with times is a header, not speakers", file: "x.txt",
             text: "Bürgerwerkstatt Naila, Protokoll und Transkript\n\nAblauf\nBegrüßung Bürgermeister Huber 18:00\nImpuls Mobilität 18:15\n"
                 + "Arbeitsgruppen zu Schule, Ärzten und Breitband 18:45\n\nI: Was ist Ihnen beim Thema Bus wichtig?\n\nB: Der Bus muss öfter fahren.\n",
             turns: ["I|Was ist Ihnen beim Thema Bus wichtig?", "B|Der Bus muss öfter fahren."], roles: ["I": .interviewer, "B": .respondent]),
        // ... and a timetable's stops in a respondent's turn were speakers, one of them a second interviewer.
        Case(name: "a timetable in a respondent's turn stays her words", file: "x.txt",
             text: "I: Wann fahren die Busse?\n\nB: Der erste Bus fährt spät, ich hab den Plan hier:\n\nNaila Bahnhof 10:00\n\nSchauenstein Rathaus 10:25\n\n"
                 + "Und dann nichts mehr. Wie sollen die Pendler da zur Arbeit kommen?\n\nI: Und was wünschen Sie sich?\n\nB: Einen Takt.\n",
             turns: ["I|Wann fahren die Busse?",
                     "B|Der erste Bus fährt spät, ich hab den Plan hier:\n\nNaila Bahnhof 10:00\n\nSchauenstein Rathaus 10:25\n\nUnd dann nichts mehr. Wie sollen die Pendler da zur Arbeit kommen?",
                     "I|Und was wünschen Sie sich?", "B|Einen Takt."],
             roles: ["I": .interviewer, "B": .respondent]),
        // Found in a re-review: a timetable whose stops recur ("Naila Bahnhof" twice) read as
        // speakers; its lines stand one under the other, with no words after each.
        Case(name: "a timetable whose stops recur stays her words", file: "x.txt",
             text: "Anna Roth: Wie kommen Sie nach Hof?\n\nHelga Zapf: Ich schau auf den Fahrplan:\n\nNaila Bahnhof 7:05\nHof Hbf 7:40\n"
                 + "Naila Bahnhof 12:05\nHof Hbf 12:40\n\nHelga Zapf: Mehr fährt nicht.\n\nAnna Roth: Danke.\n",
             turns: ["Anna Roth|Wie kommen Sie nach Hof?",
                     "Helga Zapf|Ich schau auf den Fahrplan:\n\nNaila Bahnhof 7:05\nHof Hbf 7:40\nNaila Bahnhof 12:05\nHof Hbf 12:40",
                     "Helga Zapf|Mehr fährt nicht.", "Anna Roth|Danke."],
             roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent]),
        // Found in a re-review: once the file has the layout, a name met once is a speaker too (a
        // first rule made a husband's one sentence his wife's, with his name line in it).
        Case(name: "Zoom: a third person who speaks once", file: "x.txt",
             text: "[Anna Roth] 10:02:03\nWie sehen Sie den Bus?\n\n[Helga Zapf] 10:02:15\nDer Bus fehlt.\n\n[Anna Roth] 10:03:00\nUnd die Ärzte?\n\n"
                 + "[Erwin Zapf] 10:04:00\nDer Radweg ist überflüssig.\n\n[Helga Zapf] 10:04:20\nMein Mann sieht das so.\n",
             turns: ["Anna Roth|Wie sehen Sie den Bus?", "Helga Zapf|Der Bus fehlt.", "Anna Roth|Und die Ärzte?",
                     "Erwin Zapf|Der Radweg ist überflüssig.", "Helga Zapf|Mein Mann sieht das so."],
             roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent, "Erwin Zapf": .respondent]),
        // One name on every such line, however often, is a transcriber's note, not a conversation.
        Case(name: "'[Zwischenruf Publikum] 12:30' twice: one name does not alternate", file: "x.txt",
             text: "I: Wie ist die Lage?\n\nB: Zu wenig Leute.\n\n[Zwischenruf Publikum] 12:30\n\nB: Das Gerätehaus ist zu klein.\n\n[Zwischenruf Publikum] 12:45\n\nI: Danke.\n",
             turns: ["I|Wie ist die Lage?", "B|Zu wenig Leute.\n\n[Zwischenruf Publikum] 12:30", "B|Das Gerätehaus ist zu klein.\n\n[Zwischenruf Publikum] 12:45", "I|Danke."],
             roles: ["I": .interviewer, "B": .respondent]),
        // Names once each are speakers when they name the sheet's people; names off the sheet when they recur.
        Case(name: "Zoom: each of the sheet's people once", file: "x.txt",
             text: "[Anna Roth] 10:02:03\nWas fehlt?\n[Helga Zapf] 10:02:10\nDer Bus.\n",
             turns: ["Anna Roth|Was fehlt?", "Helga Zapf|Der Bus."], roles: ["Anna Roth": .interviewer, "Helga Zapf": .respondent],
             starts: [36123, 36130]),
        Case(name: "Teams: names off the sheet that recur", file: "x.txt",
             text: "Frank, Paul   0:03\nWas fehlt?\n\nMeier, Karl   0:10\nDer Bus.\n\nFrank, Paul   0:20\nUnd sonst?\n\nMeier, Karl   0:25\nDer Arzt.\n",
             turns: ["Frank, Paul|Was fehlt?", "Meier, Karl|Der Bus.", "Frank, Paul|Und sonst?", "Meier, Karl|Der Arzt."],
             roles: ["Frank, Paul": .interviewer, "Meier, Karl": .respondent], starts: [3, 10, 20, 25]),
        // Found in a review of 2026-11-29: "[Lacht]:", capitalised as Word does, was a speaker "Lacht".
        Case(name: "'[Lacht]:' is a transcription mark in the turn, not a speaker", file: "x.txt",
             text: "I: Was halten Sie vom Radweg?\n\nB: Der Radweg ist super.\n\n[Lacht]: Ja, wirklich.\n\n[Lacht]: Aber im Winter nicht.\n\n"
                 + "[Räuspert sich]: Nie.\n\nI: Danke.\n",
             turns: ["I|Was halten Sie vom Radweg?", "B|Der Radweg ist super.\n\n[Lacht]: Ja, wirklich.\n\n[Lacht]: Aber im Winter nicht.\n\n[Räuspert sich]: Nie.", "I|Danke."],
             roles: ["I": .interviewer, "B": .respondent]),
        Case(name: "'[Ironisch]:' and '[Betont]:' are marks of manner in the turn, not speakers", file: "x.txt",
             text: "I: Was halten Sie vom Radweg?\n\nB: Der Radweg ist super.\n\n[Ironisch]: Ganz toll.\n\n[Betont]: Wirklich.\n\nI: Danke.\n",
             turns: ["I|Was halten Sie vom Radweg?", "B|Der Radweg ist super.\n\n[Ironisch]: Ganz toll.\n\n[Betont]: Wirklich.", "I|Danke."],
             roles: ["I": .interviewer, "B": .respondent]),
        Case(name: "'[Zwischenruf]:' is a voice from the group: a respondent", file: "x.txt",
             text: "I: Was fehlt?\n\nB: Der Bus.\n\n[Zwischenruf]: Und der Arzt!\n\nI: Danke.\n",
             turns: ["I|Was fehlt?", "B|Der Bus.", "Zwischenruf|Und der Arzt!", "I|Danke."],
             roles: ["I": .interviewer, "B": .respondent, "Zwischenruf": .respondent]),
        Case(name: "'[Pause] 12:30' lines are marks, not a layout", file: "x.txt",
             text: "I: Was fehlt?\n\nB: Der Bus.\n[Pause] 12:30\n[Anna Roth] 12:31\nUnd sonst?\n[Pause] 12:40\n[Anna Roth] 12:41\nDanke.\n",
             turns: ["I|Was fehlt?", "B|Der Bus.\n[Pause] 12:30\n[Anna Roth] 12:31\nUnd sonst?\n[Pause] 12:40\n[Anna Roth] 12:41\nDanke."],
             roles: ["I": .interviewer, "B": .respondent]),
    ]

    @Test("speakers, texts and times", arguments: cases)
    func layouts(_ c: Case) throws {
        let folder = try TempFolder()
        let file = try folder.write(c.file, c.text)
        let sheet = try MetadataSheet.parse(Data(Self.sheet.utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        #expect(t.turns.map { "\($0.speakerID)|\(t.text(of: $0))" } == c.turns)
        #expect(Dictionary(uniqueKeysWithValues: t.speakers.map { ($0.id, $0.role) }) == c.roles, "\(t.speakers.map(\.roleReason))")
        if let starts = c.starts { #expect(t.turns.map(\.startTime) == starts) }
    }

    @Test("Word: Teams' export (a name-and-time paragraph, then the words) and a table of time | speaker | text", arguments: [
        ("docx/teams-export.docx", ["Roth, Anna", "Zapf, Helga", "Roth, Anna", "Zapf, Helga"], [3.0, 10, 3740, 3745], [4, 6, 8, 10]),
        ("docx/table-time-speaker-text.docx", ["Interviewer", "Befragte", "Interviewer", "Befragte"], [5.0, 10, 15, 20], [2, 3, 4, 5]),
    ])
    func word(_ fixture: String, _ speakers: [String], _ starts: [Double], _ lines: [Int]) throws {
        let sheet = try MetadataSheet.parse(Data("file,interviewer,respondent\n\((fixture as NSString).lastPathComponent),Anna Roth,Helga Zapf\n".utf8), path: "m.csv")
        let (t, _) = try readOne(Paths.fixture(fixture), sheet: sheet)
        #expect(t.turns.map(\.speakerID) == speakers)
        #expect(t.turns.map(\.role) == [.interviewer, .respondent, .interviewer, .respondent], "\(t.speakers.map(\.roleReason))")
        #expect(t.turns.map(\.startTime) == starts)
        #expect(t.turnTexts[0] == "Wie wichtig sind Ihnen Rufbus und Hausarzt?")
        #expect(t.turnTexts[3] == "Das kann ich nicht beurteilen.")
        // The words are cited at their own paragraph, not at the name's.
        let offset = try #require(t.text.utf8Offset(of: "Mir ist"))
        #expect(t.sourceLine(atUTF8Offset: offset) == lines[1])
        #expect(t.turns.map(\.sourceLine) == lines)
    }
}

/// Found in a first-day review: a file read as one respondent although an interviewer speaks in it
/// got only a note, which no report shows; the interviewer's words counted.
@Suite("A transcript without an interviewer is a warning when one must speak", .scratchFolder)
struct MissingInterviewerTests {
    @Test("severity and wording", arguments: [
        // Plain text without labels: a warning when the sheet names an interviewer, else a note (a written statement).
        ("x.txt", "Wie wichtig ist Ihnen der Bus?\nSehr.\n", "Anna Roth", Diagnostic.Severity.warning, "no speaker labels found, although the metadata names the interviewer 'Anna Roth'"),
        ("x.txt", "Der Bus fehlt.\n", "", .note, "no speaker labels found"),
        // Subtitles without speakers are a machine transcript of a conversation: always a warning.
        ("x.srt", "1\n00:00:00,000 --> 00:00:02,000\nWie wichtig ist Ihnen der Bus?\n\n2\n00:00:03,000 --> 00:00:04,000\nSehr.\n", "", .warning, "no speakers found"),
        ("x.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWie wichtig ist Ihnen der Bus?\n", "Anna Roth", .warning, "no speakers found, although the metadata names the interviewer 'Anna Roth'"),
        // Labels, but none is the sheet's interviewer.
        ("x.txt", "B: Der Bus fehlt.\n\nB: Und der Arzt.\n", "Anna Roth", .warning, "but no speaker label of the file ('B') names her or him"),
    ] as [(String, String, String, Diagnostic.Severity, String)])
    func severity(_ name: String, _ text: String, _ interviewer: String, _ severity: Diagnostic.Severity, _ message: String) throws {
        let folder = try TempFolder()
        let file = try folder.write(name, text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer\nx,\(interviewer)\n".utf8), path: "m.csv")
        let (_, diagnostics) = try readOne(file, sheet: sheet)
        let found = try #require(diagnostics.first { $0.message.contains(message) }, "\(diagnostics)")
        #expect(found.severity == severity)
        #expect(found.file == file)
        if severity == .warning {
            #expect(found.message.contains("the interviewer's words count as the respondent's") || found.message.contains("count as the respondent's"))
            #expect(found.hint?.contains("I:") == true)
        }
    }

    @Test("a survey table (answers alone) and a file with its interviewer are not warned about")
    func noWarning() throws {
        let folder = try TempFolder()
        let survey = try folder.write("s.csv", "id,antwort\n1,Der Bus fehlt.\n")
        let output = Ingestor().ingest(IngestionInput(files: [survey], options: IngestionOptions(textColumn: "antwort")))
        #expect(!output.diagnostics.contains { $0.message.contains("no speaker") }, "\(output.diagnostics)")
        let file = try folder.write("x.txt", "Anna Roth: Was fehlt?\n\nHelga Zapf: Der Bus.\n")
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer,respondent\nx,Anna Roth,Helga Zapf\n".utf8), path: "m.csv")
        let (_, diagnostics) = try readOne(file, sheet: sheet)
        #expect(!diagnostics.contains { $0.severity >= .warning }, "\(diagnostics)")
    }
}
