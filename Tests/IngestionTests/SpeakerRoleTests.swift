import Foundation
@testable import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("Speaker roles: conventions, metadata, heuristic", .scratchFolder)
struct SpeakerRoleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var interviewer: String?
        var roles: [String: SpeakerRole]
        var reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "f4 convention", text: "I: Frage?\n\nB1: Ja.\n\nB2: Nein.\n", interviewer: nil,
             roles: ["I": .interviewer, "B1": .respondent, "B2": .respondent], reason: "label 'B2' is a respondent label"),
        // Abbreviations with their dot (fifth stop of 2026-11-29; before, the roles were guessed).
        Case(name: "abbreviated conventions with a dot", text: "Int.: Frage?\n\nBefr.: Ja.\n\nBefr.: Und der Bus.\n", interviewer: nil,
             roles: ["Int.": .interviewer, "Befr.": .respondent], reason: "label 'Befr.' is a respondent label"),
        Case(name: "metadata names the interviewer by surname", text: "Herr Frank: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n", interviewer: "Paul Frank",
             roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "label 'Herr Frank' names the interviewer 'Paul Frank'"),
        Case(name: "metadata beats the first-speaker heuristic", text: "Frau Kessler: Also der Bus.\n\nHerr Frank: Was noch?\n\nFrau Kessler: Ein Arzt.\n",
             interviewer: "Paul Frank", roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "names the interviewer"),
        Case(name: "the questioner is the interviewer", text: "Frau Kessler: Guten Tag.\n\nHerr Frank: Was fehlt?\n\nFrau Kessler: Ein Arzt.\n\nHerr Frank: Und sonst?\n\nFrau Kessler: Der Bus.\n",
             interviewer: nil, roles: ["Herr Frank": .interviewer, "Frau Kessler": .respondent], reason: "asks questions in 2 of 2 turns, more than anyone else (heuristic)"),
        Case(name: "no clear questioner: the first speaker", text: "Frau Kessler: Guten Tag.\n\nHerr Frank: Hallo.\n",
             interviewer: nil, roles: ["Frau Kessler": .interviewer, "Herr Frank": .respondent], reason: "speaks first and no one asks clearly more questions (heuristic)"),
        Case(name: "a single named speaker is a respondent", text: "Frau Kessler: Der Bus fehlt.\n\nFrau Kessler: Und der Arzt.\n",
             interviewer: nil, roles: ["Frau Kessler": .respondent], reason: "the only named speaker"),
        // An interviewer who checks back with question tags still asks; a respondent's rhetorical
        // questions do not make her the interviewer (found in a re-review: discounting tags here too
        // swapped the two).
        Case(name: "an interviewer checking back with tags", text: "Frau Schmidt: Sie leiten den Pflegedienst, richtig?\n\n"
                + "Frau Kießling: Ja, seit zwölf Jahren. Wer soll das sonst machen?\n\nFrau Schmidt: Und das Personal fehlt, oder?\n\n"
                + "Frau Kießling: Ja. Wer soll das bezahlen?\n\nFrau Schmidt: Was wünschen Sie sich?\n\nFrau Kießling: Mehr Leute.\n\n"
                + "Frau Schmidt: Das ist schwierig, nicht wahr?\n\nFrau Kießling: Sehr.\n",
             interviewer: nil, roles: ["Frau Schmidt": .interviewer, "Frau Kießling": .respondent], reason: "asks questions in 4 of 4 turns"),
    ]

    @Test("role and reason", arguments: cases)
    func roles(_ c: Case) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", c.text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer\nx,\(c.interviewer ?? "")\n".utf8), path: "m.csv")
        let (t, diagnostics) = try readOne(file, sheet: sheet)
        #expect(Dictionary(uniqueKeysWithValues: t.speakers.map { ($0.id, $0.role) }) == c.roles)
        #expect(t.speakers.contains { $0.roleReason.contains(c.reason) }, "\(t.speakers.map(\.roleReason))")
        for turn in t.turns { #expect(turn.role == c.roles[turn.speakerID]) }
        // A warning, so that the summary's "Hinweise zur Datengrundlage" shows a guess (found in a domain review).
        if c.reason.contains("heuristic") { #expect(diagnostics.contains { $0.message.hasPrefix("speaker roles guessed") && $0.severity == .warning }) }
    }

    /// The sheet's person columns and cells, parted as the pseudonymiser parts them (`PersonCells`).
    @Test("labels are matched against the people of the sheet's person columns", arguments: [
        ("Gesprächspartner", "Maria Kessler (Kassenwartin)", "Frau Kessler", SpeakerRole.respondent, "names the respondent 'Maria Kessler'"),
        ("Interviewer/in", "Paul Frank", "Herr Frank", .interviewer, "names the interviewer 'Paul Frank'"),
        ("respondent", "Kessler, Maria", "Frau Kessler", .respondent, "names the respondent 'Kessler'"),
        ("Befragte/r", "Helmut Ströbel + Renate Dietel", "Frau Dietel", .respondent, "names the respondent 'Renate Dietel'"),
        ("interviewer", "Anna Roth\u{2028}Paul Frank", "Herr Frank", .interviewer, "names the interviewer 'Paul Frank'"),
    ])
    func personColumns(_ column: String, _ cell: String, _ label: String, _ role: SpeakerRole, _ reason: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", "Gerda Zeh: Guten Tag.\n\n\(label): Hallo.\n\nGerda Zeh: Ja.\n")
        let sheet = try MetadataSheet.parse(Data("interview_id,\(column)\nx,\"\(cell)\"\n".utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        let speaker = try #require(t.speakers.first { $0.label == label })
        #expect(speaker.role == role)
        #expect(speaker.roleReason.contains(reason), "\(speaker.roleReason)")
    }

    /// Found in a domain review: names as Teams, Zoom and transcribers write them beside an
    /// organisation or a role were matched to nobody (Zoom's "A. Roth (Leitbild GmbH): ..." was no
    /// label at all), so the roles were guessed, and a respondent opening with a sound check made
    /// the interviewer's words count.
    @Test("a label with an organisation, a role in brackets or Teams' 'Surname, First name' names its person", arguments: [
        // Plain text and Zoom's "Name: text" in a cue: a group in brackets, a bar, a spaced dash.
        ("x.txt", "Karl Meier (Stadt Naila): Hallo, hören Sie mich?\n\nA. Roth (Leitbild GmbH): Ja. Erzählen Sie vom Bus.\n",
         ["Karl Meier (Stadt Naila)": SpeakerRole.respondent, "A. Roth (Leitbild GmbH)": .interviewer]),
        ("x.txt", "Karl Meier: Hallo, hören Sie mich?\n\nAnna Roth | Leitbild: Ja. Erzählen Sie vom Bus.\n",
         ["Karl Meier": .respondent, "Anna Roth | Leitbild": .interviewer]),
        ("x.txt", "Karl Meier - Stadt Naila: Hallo, hören Sie mich?\n\nAnna Roth: Ja. Erzählen Sie vom Bus.\n",
         ["Karl Meier - Stadt Naila": .respondent, "Anna Roth": .interviewer]),
        ("x.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nKarl Meier (Gast): Hören Sie mich?\n\n00:00:03.000 --> 00:00:04.000\nA. Roth (Leitbild GmbH): Ja.\n",
         ["Karl Meier (Gast)": .respondent, "A. Roth (Leitbild GmbH)": .interviewer]),
        // Teams voice tags: "Surname, First name", a guest's suffix.
        ("x.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Meier, Karl (Stadt Naila)>Hören Sie mich?\n\n00:00:03.000 --> 00:00:04.000\n<v Roth, Anna>Ja.\n",
         ["Meier, Karl (Stadt Naila)": .respondent, "Roth, Anna": .interviewer]),
        ("x.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Meier, Karl>Hören Sie mich?\n\n00:00:03.000 --> 00:00:04.000\n<v Roth, Anna (Extern)>Ja.\n",
         ["Meier, Karl": .respondent, "Roth, Anna (Extern)": .interviewer]),
    ])
    func labelsBesideNames(_ name: String, _ text: String, _ roles: [String: SpeakerRole]) throws {
        let folder = try TempFolder()
        let file = try folder.write(name, text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer,respondent\nx,Anna Roth,Karl Meier\n".utf8), path: "m.csv")
        let (t, diagnostics) = try readOne(file, sheet: sheet)
        #expect(Dictionary(uniqueKeysWithValues: t.speakers.map { ($0.label, $0.role) }) == roles, "\(t.speakers.map(\.roleReason))")
        #expect(t.speakers.allSatisfy { $0.roleReason.contains("in the metadata") }, "\(t.speakers.map(\.roleReason))")
        #expect(!diagnostics.contains { $0.message.contains("guessed") })
    }

    @Test("a role in brackets beside a name, or an organisation beside a role label, gives the role without the sheet", arguments: [
        ("Anna Roth (Interviewerin): Was fehlt?\n\nKarl Meier: Der Bus.\n", "Anna Roth (Interviewerin)", SpeakerRole.interviewer, "names the role 'Interviewerin'"),
        ("Karl Meier (Befragter): Der Bus.\n\nAnna Roth: Was noch?\n", "Karl Meier (Befragter)", .respondent, "names the role 'Befragter'"),
        // A convention with a group in brackets is that speaker: "Interviewer (Leitbild GmbH):" is the Interviewer.
        ("Interviewer (Leitbild GmbH): Was fehlt?\n\nKarl Meier: Der Bus.\n", "Interviewer", .interviewer, "is an interviewer label"),
    ])
    func rolesBesideNames(_ text: String, _ label: String, _ role: SpeakerRole, _ reason: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer\nx,\n".utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        let speaker = try #require(t.speakers.first { $0.label == label }, "\(t.speakers.map(\.label))")
        #expect(speaker.role == role)
        #expect(speaker.roleReason.contains(reason), "\(speaker.roleReason)")
    }

    /// Found in a review: a column of everyone present read as respondents made the interviewer's
    /// questions count; such columns are pseudonymised but decide no role.
    @Test("a column of everyone present (Teilnehmende, Name) decides no role", arguments: ["Teilnehmende", "Name", "Ansprechpartner"])
    func participantsColumn(_ column: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", "Anna Roth: Was fehlt?\n\nPaul Frank: Der Bus.\n\nAnna Roth: Und sonst?\n\nPaul Frank: Nichts.\n")
        let sheet = try MetadataSheet.parse(Data("interview_id,\(column)\nx,\"Anna Roth (Moderation); Paul Frank\"\n".utf8), path: "m.csv")
        let (t, _) = try readOne(file, sheet: sheet)
        #expect(t.speakers.map(\.role) == [.interviewer, .respondent], "\(t.speakers.map(\.roleReason))")
    }

    /// Found in a first-day review: a second interviewer the sheet does not name (a tandem) was a
    /// respondent, with only a note; 4 of 5 codings came from his questions. Taking such a speaker
    /// for an interviewer silenced respondents who ask rhetorical questions (two reviews), so he
    /// stays a respondent, with a warning that names him and says to add him to the sheet.
    @Test("a speaker the sheet does not name who asks questions in most of his turns is named in a warning", arguments: [
        // Markus Lindner only asks (p20's tandem, with four questions): a warning naming him.
        ("Anna Roth: Was ist Ihnen wichtig?\n\nHelga Zapf: Die Schule.\n\nMarkus Lindner: Wie sieht es mit dem Rufbus aus?\n\n"
            + "Helga Zapf: Weiß nicht.\n\nMarkus Lindner: Und die Apotheke?\n\nHelga Zapf: Nichts.\n\n"
            + "Markus Lindner: Und der Pflegedienst?\n\nHelga Zapf: Gut.\n\nMarkus Lindner: Und das Breitband?\n\nHelga Zapf: Langsam.\n",
         "Markus Lindner", SpeakerRole.respondent, "'Markus Lindner' is not named in the metadata and asks questions in 4 of 4 turns, as a second interviewer would: read as respondent"),
        // Three questions and one remark: the same.
        ("Anna Roth: Was ist Ihnen wichtig?\n\nHelga Zapf: Die Schule.\n\nMarkus Lindner: Wie sieht es mit dem Rufbus aus?\n\n"
            + "Helga Zapf: Weiß nicht.\n\nMarkus Lindner: Gut, das notiere ich.\n\nHelga Zapf: Ja.\n\n"
            + "Markus Lindner: Und der Pflegedienst?\n\nHelga Zapf: Gut.\n\nMarkus Lindner: Und das Breitband?\n\nHelga Zapf: Langsam.\n",
         "Markus Lindner", SpeakerRole.respondent, "asks questions in 3 of 4 turns, as a second interviewer would: read as respondent"),
        // A grandson who helps with the microphone asks nothing: a respondent, with a note (the demo's Lukas Schübel).
        ("Anna Roth: Hören Sie mich?\n\nLukas Zapf: Oma, du bist stumm geschaltet.\n\nHelga Zapf: Jetzt?\n\nAnna Roth: Ja. Was fehlt?\n\nHelga Zapf: Der Bus.\n",
         "Lukas Zapf", .respondent, "'Lukas Zapf' is not named in the metadata; read as respondent"),
        // Who asks back once is no interviewer, with only the note (the respondent's "oder?" and "gell?" are no questions).
        ("Anna Roth: Was fehlt?\n\nHelga Zapf: Der Bus, oder?\n\nKarl Zapf: Meinst du den Rufbus?\n\nHelga Zapf: Ja. Und der Arzt, gell?\n\nKarl Zapf: Ja, der Arzt.\n",
         "Karl Zapf", .respondent, "'Karl Zapf' is not named in the metadata; read as respondent"),
    ])
    func secondInterviewer(_ text: String, _ label: String, _ role: SpeakerRole, _ diagnostic: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer,respondent\nx,Anna Roth,Helga Zapf\n".utf8), path: "m.csv")
        let (t, diagnostics) = try readOne(file, sheet: sheet)
        let speaker = try #require(t.speakers.first { $0.label == label })
        #expect(speaker.role == role, "\(speaker.roleReason)")
        #expect(t.speakers.first { $0.label == "Anna Roth" }?.role == .interviewer)
        #expect(t.speakers.first { $0.label == "Helga Zapf" }?.role == .respondent)
        let found = try #require(diagnostics.first { $0.message.contains(diagnostic) }, "\(diagnostics)")
        #expect(found.severity == (diagnostic.contains("as a second interviewer would") ? .warning : .note))
        // One warning, not a second "speaker roles guessed" beside it.
        #expect(!diagnostics.contains { $0.message.hasPrefix("speaker roles guessed") })
    }
}

/// Found in a review of the second-interviewer rule (2026-11-29): it silenced respondents. "Herr
/// Müller", the only respondent of an interview whose sheet left the respondent blank, ended two of
/// his four turns with "?" ("…, oder?") and became an interviewer, so the interview had no
/// respondent segment; a focus group's member who spoke twice, both times asking, was silenced.
@Suite("A possible second interviewer is named, never taken: respondents keep their words", .scratchFolder)
struct SecondInterviewerEvidenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The sheet's respondent cell (the interviewer is Anna Roth).
        var respondent: String
        var text: String
        var label: String
        var role: SpeakerRole
        /// A diagnostic that must be given, if any, and its severity.
        var diagnostic: String? = nil
        var severity: Diagnostic.Severity = .note
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // r2/01-mueller: the sheet names no respondent; two of his four turns end in "?", one a tag.
        Case(name: "a respondent who ends 2 of 4 turns in '?' (one a tag), the sheet's respondent blank", respondent: "",
             text: "Anna Roth: Herr Müller, wie sehen Sie die Lage beim Bus?\n\n"
                + "Herr Müller: Der Bus fährt am Wochenende gar nicht. Wie sollen die Jugendlichen da nach Hof kommen?\n\n"
                + "Anna Roth: Und die Schule?\n\nHerr Müller: Die Schule ist gut, aber der Schulbus ist völlig überfüllt, das ist doch ein Skandal, oder?\n\n"
                + "Anna Roth: Was ist mit den Ärzten?\n\nHerr Müller: Der Hausarzt hört auf. Wir brauchen dringend einen Nachfolger.\n\n"
                + "Anna Roth: Und die Feuerwehr?\n\nHerr Müller: Die Feuerwehr braucht ein neues Gerätehaus, das ist dringend.\n\nAnna Roth: Danke.\n",
             label: "Herr Müller", role: .respondent),
        // The only respondent who asks back is no doubt to name, however much he asks.
        Case(name: "the only respondent asks in 4 of 4 turns", respondent: "",
             text: "Anna Roth: Was fehlt?\n\nHerr Müller: Wer fragt das?\n\nAnna Roth: Die Gemeinde.\n\nHerr Müller: Und was macht die damit?\n\n"
                + "Anna Roth: Einen Plan.\n\nHerr Müller: Wann denn?\n\nAnna Roth: Nächstes Jahr.\n\nHerr Müller: Und wer bezahlt das?\n",
             label: "Herr Müller", role: .respondent),
        // r2/11-zell: a focus group's member who speaks twice, both times asking.
        Case(name: "a speaker with 2 turns, both questions, beside named respondents", respondent: "Helga Zapf",
             text: "Moderation: Wie kommen Sie in die Stadt?\n\nHelga Zapf: Mit dem Bus, aber abends fährt keiner.\n\n"
                + "Lena Pöhlmann: Aber gibt's den Rufbus eigentlich auch am Wochenende?\n\nModeration: Und die Ärzte?\n\n"
                + "Helga Zapf: Der Hausarzt hört auf.\n\nLena Pöhlmann: Und wer soll das bezahlen, wenn der Bus abends leer fährt?\n\n"
                + "Helga Zapf: Der Landkreis.\n",
             label: "Lena Pöhlmann", role: .respondent,
             diagnostic: "'Lena Pöhlmann' is not named in the metadata and asks questions in 2 of 2 turns, as a second interviewer would: read as respondent",
             severity: .warning),
        // Question tags keep a statement a statement.
        Case(name: "3 of 4 turns end in a question tag", respondent: "Helga Zapf",
             text: "Anna Roth: Was fehlt?\n\nHelga Zapf: Der Bus.\n\nKarl Zapf: Der Bus ist wirklich wichtig, oder?\n\nAnna Roth: Und sonst?\n\n"
                + "Karl Zapf: Der Arzt fehlt auch, nicht?\n\nHelga Zapf: Ja.\n\nKarl Zapf: Das Gerätehaus ist zu klein, gell?\n\n"
                + "Anna Roth: Danke.\n\nKarl Zapf: Gern.\n",
             label: "Karl Zapf", role: .respondent),
        // A question inside a turn that ends in a statement is no question.
        Case(name: "3 of 4 turns ask inside and end in a statement", respondent: "Helga Zapf",
             text: "Anna Roth: Was fehlt?\n\nHelga Zapf: Der Bus.\n\nKarl Zapf: Und wer soll das bezahlen? Die Gemeinde hat kein Geld.\n\n"
                + "Anna Roth: Und sonst?\n\nKarl Zapf: Wie soll man da hinkommen? Ohne Auto geht nichts.\n\nHelga Zapf: Ja.\n\n"
                + "Karl Zapf: Was will man machen? Wir brauchen einen Arzt.\n\nAnna Roth: Danke.\n\nKarl Zapf: Gern.\n",
             label: "Karl Zapf", role: .respondent),
        // Two questions are too few to tell a tandem partner from a respondent who asks back (p20 as
        // it was: 2 of 2): a respondent, with the note that names him.
        Case(name: "a tandem partner who asks only twice is a respondent", respondent: "Helga Zapf",
             text: "Anna Roth: Was ist Ihnen wichtig?\n\nHelga Zapf: Die Schule.\n\nMarkus Lindner: Wie sieht es mit dem Rufbus aus?\n\n"
                + "Helga Zapf: Weiß nicht.\n\nMarkus Lindner: Und die Apotheke?\n\nHelga Zapf: Nichts.\n",
             label: "Markus Lindner", role: .respondent,
             diagnostic: "'Markus Lindner' is not named in the metadata and asks questions in 2 of 2 turns, as a second interviewer would", severity: .warning),
    ]

    @Test("role, and no second-interviewer warning for a respondent", arguments: cases)
    func evidence(_ c: Case) throws {
        let folder = try TempFolder()
        let file = try folder.write("x.txt", c.text)
        let sheet = try MetadataSheet.parse(Data("interview_id,interviewer,respondent\nx,Anna Roth,\(c.respondent)\n".utf8), path: "m.csv")
        let (t, diagnostics) = try readOne(file, sheet: sheet)
        let speaker = try #require(t.speakers.first { $0.label == c.label }, "\(t.speakers.map(\.label))")
        #expect(speaker.role == c.role, "\(speaker.roleReason)")
        #expect(!diagnostics.contains { $0.message.contains("read as a second interviewer") }, "\(diagnostics)")
        // Only a warning the case names: the only respondent, tags and questions inside a turn are no doubt.
        #expect(diagnostics.filter { $0.message.contains("asks questions") && $0.severity == .warning }.count == (c.severity == .warning ? 1 : 0), "\(diagnostics)")
        // At least one respondent speaks, and his turns are there to be coded.
        #expect(t.turns.contains { $0.role == .respondent })
        if let diagnostic = c.diagnostic {
            let found = try #require(diagnostics.first { $0.message.contains(diagnostic) }, "\(diagnostics)")
            #expect(found.severity == c.severity)
            #expect(found.file == file)
            #expect(found.hint?.isEmpty == false)
        }
    }

    @Test("question tags after a comma are no questions; a question is", arguments: [
        ("Der Bus ist wichtig, oder?", false), ("Das ist doch ein Skandal, oder nicht?", false), ("Der Arzt fehlt, nicht wahr?", false),
        ("Das Gerätehaus ist zu klein, gell?", false), ("Stimmt doch, stimmt\u{2019}s?", false), ("Der Bus, ne?\u{201C}", false),
        ("Das wissen Sie, weißt du?", false), ("Und der Bus, oder??", false),
        ("Oder?", true), ("Und die Schule?", true), ("Wann fährt der Bus, wenn es schneit?", true), ("Rufbus, Carsharing oder?", true),
        ("Kommt er. Oder?", true), ("Das ist so.", false), ("Wie soll das gehen? Keiner weiß es.", false),
    ])
    func tags(_ text: String, _ asks: Bool) {
        #expect(QuestionTags.asks(Array(text.utf8)) == asks)
    }

    /// Ingestion cannot read the signals stage's list (it depends on LeitbildCore only), so it
    /// keeps a copy: the two must not drift apart.
    @Test("the tags are those of Sources/Signals/Resources/question-tags.txt")
    func tagsMatchSignals() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Signals/Resources/question-tags.txt").standardized
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(Set(lines.map { $0.lowercased() }) == QuestionTags.tags)
    }
}
