import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// Reads a text written to a temporary file.
func readText(_ text: String, name: String = "t.txt", sheet: MetadataSheet = .empty) throws -> (Transcript, [Diagnostic]) {
    let folder = try TempFolder()
    return try readOne(try folder.write(name, text), sheet: sheet)
}

@Suite("Plain text: f4 labels and timestamps", .scratchFolder)
struct F4Tests {
    @Test("labels give roles; a trailing timestamp is cut from the turn and kept as its end time")
    func f4() throws {
        let t = try readText("I: Wie geht es? #00:00:05-2#\n\nB: Gut, danke. Der Bus fehlt. #00:01:02-7#\n").0
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent])
        #expect(t.turnTexts == ["Wie geht es?", "Gut, danke. Der Bus fehlt."])
        #expect(t.turns.map(\.startTime) == [0, 5.2])
        #expect(t.turns.map(\.endTime) == [5.2, 62.7])
        #expect(t.turns.map(\.sourceLine) == [1, 3])
        #expect(t.source.textLinesAreSourceLines)
    }

    @Test("a paragraph without a label continues the turn")
    func multiParagraph() throws {
        let t = try readText("I: Frage?\n\nB: Erster Absatz.\n\nZweiter Absatz.\n").0
        #expect(t.turnTexts == ["Frage?", "Erster Absatz.\n\nZweiter Absatz."])
    }

    @Test("after a stamped paragraph the same speaker goes on in a new turn, so no stamp sits inside a turn")
    func stampedParagraphs() throws {
        let t = try readText("I: Frage? #00:00:03-0#\n\nB: Erster Absatz. #00:00:10-5#\n\nZweiter Absatz. #00:00:20-0#\n").0
        #expect(t.turnTexts == ["Frage?", "Erster Absatz.", "Zweiter Absatz."])
        #expect(t.turns.map(\.speakerID) == ["I", "B", "B"])
        #expect(t.turns.map(\.endTime) == [3, 10.5, 20])
    }

    struct StampCase: Sendable, CustomTestStringConvertible {
        var line: String
        var text: String
        var start: Double?
        var end: Double?
        var testDescription: String { line }
    }

    @Test("timestamp forms before and after the label", arguments: [
        StampCase(line: "#00:01:02-3# B: Text.", text: "Text.", start: 62.3, end: nil),
        StampCase(line: "B: #00:01:02-3# Text.", text: "Text.", start: 62.3, end: nil),
        StampCase(line: "[00:01:02] B: Text.", text: "Text.", start: 62, end: nil),
        StampCase(line: "(00:01:02.5) B: Text.", text: "Text.", start: 62.5, end: nil),
        StampCase(line: "B: Text. #01:00:00#", text: "Text.", start: 0, end: 3600),
        StampCase(line: "B: Text mit #Hashtag#", text: "Text mit #Hashtag#", start: nil, end: nil),
        StampCase(line: "B: Um 10:30 Uhr.", text: "Um 10:30 Uhr.", start: nil, end: nil),
    ])
    func stamps(_ c: StampCase) throws {
        let t = try readText("I: Frage?\n\n" + c.line + "\n").0
        #expect(t.turnTexts.last == c.text)
        #expect(t.turns.last?.endTime == c.end)
        if c.end == nil { #expect(t.turns.last?.startTime == c.start) }
    }

    @Test("text before the first label is a header, not a turn, and is reported")
    func header() throws {
        let (t, diagnostics) = try readText("Interview 3\nNaila, 12.03.2024\n\nI: Frage?\n\nB: Antwort.\n")
        #expect(t.turnTexts == ["Frage?", "Antwort."])
        #expect(t.turns.map(\.sourceLine) == [4, 6])
        #expect(diagnostics.contains { $0.message.contains("lines 1–2 come before the first speaker label") && $0.line == 1 })
    }

    @Test("text without labels is one respondent turn")
    func unlabelled() throws {
        let (t, diagnostics) = try readText("Der Bus fährt zu selten.\n\nUnd abends gar nicht.\n")
        #expect(t.speakers == [Speaker(id: "?", label: "", role: .respondent, roleReason: "no speaker labels in the file: read as one respondent")])
        #expect(t.turnTexts == ["Der Bus fährt zu selten.\n\nUnd abends gar nicht."])
        #expect(diagnostics.contains { $0.message.contains("no speaker labels") })
    }
}

@Suite("Plain text: MAXQDA and named speakers", .scratchFolder)
struct NamedSpeakerTests {
    @Test("Moderation is the interviewer, names are respondents")
    func maxqda() throws {
        let t = try readText("Moderation: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n\nHerr Dr. Hertel: Ein Bus.\n\nModeration: Danke.\n").0
        #expect(t.speakers.map(\.label) == ["Moderation", "Frau Kessler", "Herr Dr. Hertel"])
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent, .respondent])
    }

    struct LabelCase: Sendable, CustomTestStringConvertible {
        var line: String
        var isLabel: Bool
        var testDescription: String { "\(line) → \(isLabel)" }
    }

    @Test("which `Words:` at a paragraph start are speaker labels", arguments: [
        LabelCase(line: "B2: Ja.", isLabel: true),
        LabelCase(line: "Interviewer 1: Ja.", isLabel: true),
        LabelCase(line: "Befragte: Ja.", isLabel: true),
        LabelCase(line: "Frau von Berg: Ja.", isLabel: true),
        LabelCase(line: "Bürgermeister Dr. Kessler: Ja.", isLabel: true),
        LabelCase(line: "Zum Beispiel: der Bus.", isLabel: false),
        LabelCase(line: "Wichtig ist: der Bus.", isLabel: false),
        LabelCase(line: "Das Problem: der Bus.", isLabel: false),
        LabelCase(line: "Also ehrlich gesagt, das ist so: der Bus.", isLabel: false),
        LabelCase(line: "Erstens: der Bus.", isLabel: false),
        LabelCase(line: "Stichwort Mobilität: der Bus.", isLabel: false),
        LabelCase(line: "Uhrzeit 10:30 passt.", isLabel: false),
        // A group in brackets beside the name; the words before it are judged.
        LabelCase(line: "Anna Roth (Interviewerin): Ja.", isLabel: true),
        LabelCase(line: "Das Problem (Bus): der Bus.", isLabel: false),
        LabelCase(line: "Erstens (Mobilität): der Bus.", isLabel: false),
        // Once, a capitalised line with a group in brackets is text (found in a review).
        LabelCase(line: "Themenblock 2 (Mobilität): Wie wichtig ist der Bus?", isLabel: false),
        LabelCase(line: "Stadtrat Meier (CSU): der Bus.", isLabel: false),
        LabelCase(line: "Freiwillige Feuerwehr (FFW): der Bus.", isLabel: false),
        LabelCase(line: "Ein sehr langer Satz mit vielen Wörtern vor dem: Doppelpunkt.", isLabel: false),
    ])
    func labels(_ c: LabelCase) throws {
        let t = try readText("I: Frage?\n\n\(c.line)\n").0
        let labelled = t.turns.count == 2
        #expect(labelled == c.isLabel, "\(t.summaries)")
    }

    /// Found in a report review on the cimt texts (fifth stop of 2026-11-29): "Einfache Lösung:"
    /// in a respondent's turn became a speaker, then a person, and "Lösung" was replaced in every
    /// text. Beside labels that are all conventions, such a one-off heading stays text.
    @Test("beside conventions only, a one-off label that only looks like a name is a heading; a titled one is a speaker", arguments: [
        ("I: Was ist Ihnen wichtig?\n\nB: Der Weg ist schlecht.\nEinfache Lösung: Die Parkplätze entfernen.\n", ["I", "B"]),
        ("I: Was ist wichtig?\n\nB: Der Bus.\n\nAbriss Bismarck-Bad: Das war ein Fehler.\n", ["I", "B"]),
        ("I: Was ist wichtig?\n\nB: Der Bus.\n\nFrau Müller: Ja, genau.\n", ["I", "B", "Frau Müller"]),
        // Beside a named speaker, as before: a full name once is a speaker.
        ("Anna Roth: Was ist wichtig?\n\nKarl Meier: Der Bus.\n\nAnna Roth: Danke.\n", ["Anna Roth", "Karl Meier"]),
        // Twice, it is a speaker.
        ("I: Was?\n\nB: Bus.\n\nKarl Meier: Ja.\n\nI: Und?\n\nKarl Meier: Nein.\n", ["I", "B", "Karl Meier"]),
    ])
    func oneOffHeadings(_ text: String, _ speakers: [String]) throws {
        let t = try readText(text).0
        #expect(t.speakers.map(\.label) == speakers, "\(t.summaries)")
    }

    @Test("a label after an indent of no-break spaces (Word, copied from a web page) is a label", arguments: [
        "\u{A0}B: Ein Arzt.", "\u{A0}\u{A0} B: Ein Arzt.", "\u{202F}B: Ein Arzt.", "\u{FEFF}B: Ein Arzt.", "\t B: Ein Arzt.",
    ])
    func indentedLabel(_ line: String) throws {
        let t = try readText("I: Was fehlt?\n\n\(line)\n\nI: Danke.\n").0
        #expect(t.speakers.map(\.label) == ["I", "B"])
        #expect(t.turns.map(\.speakerID) == ["I", "B", "I"], "\(t.summaries)")
        #expect(t.turnTexts[1] == "Ein Arzt.")
    }

    @Test("a no-break space after the colon, before it or between a label's words is a blank (Word, templates)", arguments: [
        ("B:\u{A0}Ein Arzt.", "B", "Ein Arzt."), ("B:\u{202F}Ein Arzt.", "B", "Ein Arzt."), ("B\u{A0}: Ein Arzt.", "B", "Ein Arzt."),
        ("B:\u{A0}\u{A0} Ein Arzt.\u{A0}", "B", "Ein Arzt."), ("B: Ein Arzt. #00:01:02-3#\u{A0}", "B", "Ein Arzt."),
        // The same speaker as written with plain spaces: "Frau Kessler" twice is one label.
        ("Frau\u{A0}Kessler: Ein Arzt.", "Frau Kessler", "Ein Arzt."),
        // A no-break space does not make a colon inside a sentence a label.
        ("Das Problem:\u{A0}der Bus.", nil, nil),
    ])
    func noBreakSpaceInLabel(_ line: String, _ label: String?, _ text: String?) throws {
        let t = try readText("I: Was fehlt?\n\n\(line)\n\nI: Danke.\n\nFrau Kessler: Gut.\n").0
        if let label, let text {
            #expect(t.speakers.map(\.label).prefix(2) == ["I", label], "\(t.summaries)")
            #expect(t.turns.map(\.speakerID).prefix(3) == ["I", label, "I"], "\(t.summaries)")
            #expect(t.turnTexts[1] == text)
            #expect(Set(t.speakers.map(\.label)).count == t.speakers.count)
        } else {
            // Text of the interviewer's turn, as before.
            #expect(t.turns.map(\.speakerID) == ["I", "I", "Frau Kessler"], "\(t.summaries)")
            #expect(t.turnTexts[0].hasSuffix("der Bus."))
        }
    }

    @Test("a label with a group in brackets whose person is a label of the file is that speaker")
    func bracketedSameSpeaker() throws {
        let t = try readText("I: Was fehlt?\n\nB (lacht): Der Bus.\n\nI: Und sonst?\n\nB: Der Arzt.\n\nAnna Roth (Moderation): Danke.\n").0
        #expect(t.speakers.map(\.label) == ["I", "B", "Anna Roth (Moderation)"], "\(t.summaries)")
        #expect(t.turns.map(\.speakerID) == ["I", "B", "I", "B", "Anna Roth (Moderation)"])
        #expect(t.speakers.last?.role == .interviewer)
    }

    @Test("a nickname in quotation marks is a label by the same rules, and the same speaker as without them", arguments: [
        ("\"Schorsch\": Der Bus.", true), ("„Schorsch“: Der Bus.", true), ("»Schorsch«: Der Bus.", true), ("«Schorsch»: Der Bus.", true),
        ("'Schorsch': Der Bus.", true), ("‚Schorsch‘: Der Bus.", true), ("“Schorsch”: Der Bus.", true),
        ("„Schorsch Meier“: Der Bus.", true),
        // Marks paired as autocorrection pairs them.
        ("„Schorsch”: Der Bus.", true), ("„Schorsch\": Der Bus.", true), ("“Schorsch“: Der Bus.", true), ("‚Schorsch’: Der Bus.", true),
        ("›Schorsch‹: Der Bus.", true), ("”Schorsch”: Der Bus.", true),
        ("\"Schorsch\" sagt: Der Bus.", false),  // the mark must close right before the colon
        ("„Schorsch: Der Bus.", false),  // not closed
        ("„Schorsch, der Alte“: Der Bus.", false),  // a label's own rules inside the marks
        ("\"\": Der Bus.", false),
    ])
    func quotedLabel(_ line: String, _ isLabel: Bool) throws {
        let t = try readText("I: Was fehlt?\n\n\(line)\n\nI: Und sonst?\n\n\(line)\n\nSchorsch: Ein Arzt.\n").0
        if isLabel {
            // "Schorsch Meier" twice: the one bare "Schorsch:" is no label then (a single word once).
            let label = line.contains("Meier") ? "Schorsch Meier" : "Schorsch"
            #expect(t.speakers.map(\.label) == ["I", label], "\(t.summaries)")
            #expect(t.turnTexts[1] == "Der Bus.")
            #expect(t.turns.count == (label == "Schorsch" ? 5 : 4), "\(t.summaries)")
        } else {
            // Text of the interviewer's turn before it, as any paragraph without a label (and so is
            // the one "Schorsch:", a single word once).
            #expect(t.turns.count == 2, "\(t.summaries)")
            #expect(t.turnTexts[0].hasSuffix("Der Bus."), "\(t.summaries)")
        }
    }

    @Test("a quoted word or title that opens a paragraph once is no label, though it would be one unquoted", arguments: [
        "„Digitalisierung“: das ist so ein Wort.", "„Digitale Dörfer“: das Programm hilft.", "\"Smarte Region\": da gab es Geld.",
    ])
    func quotedWordOnce(_ line: String) throws {
        let t = try readText("I: Was fehlt?\n\nB: Na ja.\n\n\(line)\n").0
        #expect(t.turns.count == 2, "\(t.summaries)")
        #expect(t.turnTexts[1] == "Na ja.\n\n\(line)")
    }

    @Test("a recurring capitalised label counts even as one word")
    func recurringSingleWord() throws {
        let t = try readText("Roth: Was fehlt?\n\nKessler: Ein Arzt.\n\nRoth: Und sonst?\n\nKessler: Ein Bus.\n").0
        #expect(t.speakers.map(\.label) == ["Roth", "Kessler"])
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent])
    }
}

@Suite("Plain text: offsets", .scratchFolder)
struct OffsetTests {
    @Test("offsets are Unicode scalars in NFC text with LF line ends")
    func offsets() throws {
        let t = try readText("I: Grüß Gott.\r\n\r\nB: Straße und Mühle.\r\n").0
        let turn = t.turns[1]
        #expect(turn.span == SourceSpan(start: 18, end: 35))
        #expect(String(String.UnicodeScalarView(Array(t.text.unicodeScalars)[turn.span.start..<turn.span.end])) == "Straße und Mühle.")
        #expect(!t.text.contains("\r"))
    }

    @Test("emoji and combining marks count as scalars, not characters")
    func scalars() throws {
        let t = try readText("I: 👍🏽 Gut?\n\nB: Mu\u{0308}hle.\n").0
        #expect(t.turns[0].span == SourceSpan(start: 3, end: 10))
        #expect(t.turnTexts[1] == "Mühle.")
        #expect(t.turns[1].span.length == 6)
    }
}
