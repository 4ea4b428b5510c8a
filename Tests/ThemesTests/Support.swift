import Foundation
import GermanText
import LeitbildCore
@testable import Themes

/// Builds transcripts and coders for the matching tests.
enum Fixture {
    /// A transcript with one paragraph per turn (`I: ...` / `B: ...`), turn ranges after the label.
    static func transcript(_ turns: [(SpeakerRole, String)], id: String = "t1") -> Transcript {
        var builder = TextBuilder()
        var turnList: [Turn] = []
        for (i, (role, text)) in turns.enumerated() {
            if i > 0 { builder.append("\n") }
            builder.append(role == .interviewer ? "I: " : "B: ")
            let range = builder.append(text)
            turnList.append(Turn(index: i, speakerID: role == .interviewer ? "I" : "B", role: role, range: range, sourceLine: i + 1))
        }
        let source = SourceDocument(path: "\(id).txt", format: .plainText, encoding: "UTF-8", byteCount: builder.utf8Count,
                                    textLinesAreSourceLines: true)
        let speakers = [Speaker(id: "I", label: "I", role: .interviewer, roleReason: "test"),
                        Speaker(id: "B", label: "B", role: .respondent, roleReason: "test")]
        return Transcript(id: id, source: source, text: builder.text, speakers: speakers, turns: turnList, metadata: InterviewMetadata(interviewID: id))
    }

    static func respondent(_ text: String) -> Transcript { transcript([(.respondent, text)]) }

    /// Compound splits that imitate the German decompounder for the words the tests use, so the
    /// rules are tested on their own (the real decompounder has its own tests in GermanText).
    static let splitter = TableCompoundSplitter([
        "hausarztpraxis": ["haus", "arzt", "praxis"],
        "hausarztversorgung": ["haus", "arzt", "versorgung"],
        "ärztemangel": ["ärzte>arzt", "mangel"],
        "aerztemangel": ["aerzte>arzt", "mangel"],
        "radwegenetz": ["rad", "wege>weg", "netz"],
        "radweg": ["rad", "weg"],
        "radwege": ["rad", "wege>weg"],
        "fahrradweg": ["fahr", "rad", "weg"],
        "lastenrad": ["lasten>last", "rad"],
        "arbeitsplätze": ["arbeits>arbeit", "plätze>platz"],
        "hausarzt": ["haus", "arzt"],
        "breitbandausbau": ["breitband", "ausbau"],
        "landesbreitbandprogramm": ["landes>land", "breitband", "programm"],
        "gesundheitsversorgung": ["gesundheits>gesundheit", "versorgung"],
        "versorgungslage": ["versorgungs>versorgung", "lage"],
        "glasfasernetz": ["glasfaser", "netz"],
        "fahrbahnbreite": ["fahr", "bahn", "breite"],
        "fahrbahn": ["fahr", "bahn"],
        "busbahnhof": ["bus", "bahn", "hof"],
        "schulweg": ["schul>schule", "weg"],
        "wegfall": ["weg", "fall"],
        "landwirtschaft": ["land", "wirtschaft"],
        "landwirtschaftsförderung": ["land", "wirtschafts>wirtschaft", "förderung"],
        "busfahrer": ["bus", "fahrer"],
        "parkplätze": ["park", "plätze>platz"],
        "anwohnerparkplätze": ["anwohner", "park", "plätze>platz"],
        "nahverkehrsangebot": ["nahverkehrs>nahverkehr", "angebot"],
        "internetanschluss": ["internet", "anschluss"],
        "mobilfunknetz": ["mobilfunk", "netz"],
    ])

    /// A one-code codebook.
    static func book(terms: [String], exclude: [String] = [], context: [ContextRule] = []) -> Codebook {
        Codebook(name: "test", codes: [Code(id: "x", name: "X", kind: .handlungsfeld, terms: terms, exclusions: exclude, context: context)])
    }

    static func coded(_ transcript: Transcript, _ book: Codebook, unit: CodingUnit = .sentence) -> CodedTranscript {
        let coder = ThemeCoder(codebook: book, unit: unit, splitter: splitter)
        return coder.code(GermanAnalyzer().analyze(transcript))
    }

    /// The matches of code `x` in a respondent sentence.
    static func matches(_ text: String, terms: [String], exclude: [String] = [], context: [ContextRule] = []) -> [TermMatch] {
        let t = respondent(text)
        return coded(t, book(terms: terms, exclude: exclude, context: context)).segments.flatMap { $0.codes.flatMap(\.matches) }
    }

    /// The matched text of each match of code `x` (the part inside a compound where there is one).
    static func matchedTexts(_ text: String, terms: [String], exclude: [String] = [], context: [ContextRule] = []) -> [String] {
        let t = respondent(text)
        let coded = coded(t, book(terms: terms, exclude: exclude, context: context))
        return coded.segments.flatMap { $0.codes.flatMap(\.matches) }.map { String(t.text(of: $0.range)) }
    }
}

/// Paths to data read in place.
enum SharedData {
    static let root = #filePath.replacingOccurrences(of: "Tests/ThemesTests/Support.swift", with: "../shared/data/")
    /// Whether ../shared/data is there (CI runs without it skip the tests that need it).
    static let present = FileManager.default.fileExists(atPath: root + "README.md")
    static func path(_ relative: String) -> String { root + relative }
}
