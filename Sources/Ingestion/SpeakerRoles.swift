import Foundation
import LeitbildCore

/// What is known about one speaker before roles are decided.
struct SpeakerEvidence {
    var id: String
    var label: String
    /// A role the file itself states (TEI `<person role=…>`, an EXMARaLDA speaker attribute).
    var statedRole: (role: SpeakerRole, reason: String)?
    var turns = 0
    /// Turns whose text ends in a question mark (`QuestionMark.ends`): the heuristic that finds
    /// the interviewer when nobody else names one.
    var questions = 0
    /// Turns that ask: the last sentence ends in a question mark and is no question tag
    /// ("…, oder?"; `QuestionTags.asks`): the warning about a possible second interviewer. (Used
    /// for the heuristic above too, tags made an interviewer who checks back with "…, oder?" a
    /// respondent and a respondent with two rhetorical questions the interviewer; found in a
    /// re-review.)
    var asks = 0
    /// Index of the speaker's first turn.
    var firstTurn = Int.max
}

/// Decides interviewer vs respondent, and says why (`Speaker.roleReason`, shown by `ingest --json`).
///
/// Rules, first match wins:
/// 1. **Metadata**: the label names a person of the metadata row's `interviewer` column
///    (interviewer) or `respondent` column (respondent): whole name, surname or first name,
///    ignoring titles (Frau, Herr, Dr., ...).
/// 2. **The file says so**: a role stated by the format (TEI `role`, EXMARaLDA speaker information).
/// 3. **Label conventions**: `I`, `I1`, `Interviewer(in)`, `Moderation`, `Moderator(in)`, `Int`, `F`
///    (Frage) are interviewers; `B`, `B1`, `Befragte(r)`, `IP`, `Interviewpartner(in)`, `GP`, `TN`,
///    `Teilnehmer(in)`, `E`/`Experte`, `A` (Antwort), `R`, `Respondent` are respondents; also with
///    an organisation beside them (`Interviewer (Leitbild GmbH)`) or in brackets beside a name
///    (`Anna Roth (Interviewerin)`).
/// 4. **Heuristic** for the rest: if an interviewer is already known, everyone else is a
///    respondent; one who asks as an interviewer would (below; `QuestionTags.asks`, at least twice)
///    gets a warning that names him, since he may be a second interviewer the sheet does not name.
///    He is not taken for one: the first version did, with evidence of 3 questions in 4 turns, and
///    silenced respondents who ask rhetorical questions ("Wer soll das bezahlen?"), so a whole
///    interview could lose its respondent (found in two reviews); a counted question costs less.
///    Otherwise the speaker who ends the largest share of turns with `?` is the
///    interviewer, if that share is at least 30 % and 15 points above every other speaker's;
///    failing that, the first speaker (interviews open with a question). A single speaker is a
///    respondent. Each heuristic decision also gives a warning (shown in the summary).
enum SpeakerRoles {

    /// Words that are titles, not names, when matching labels to metadata names.
    static let titles: Set<String> = ["frau", "herr", "hr.", "fr.", "dr.", "prof.", "dr", "prof", "bürgermeister", "bürgermeisterin"]

    /// The role a label's convention implies (`SpeakerLabelConventions` in LeitbildCore, which
    /// the pseudonymiser shares), with the reason ingestion records.
    static func conventionalRole(forLabel label: String) -> (SpeakerRole, String)? {
        switch SpeakerLabelConventions.role(forLabel: label) {
        case .interviewer: return (.interviewer, "label '\(label)' is an interviewer label")
        case .respondent: return (.respondent, "label '\(label)' is a respondent label")
        case nil: return nil
        }
    }

    /// Names listed in a metadata cell ("Anna Roth; Paul Frank", "A. Roth und P. Frank"), parted
    /// as the pseudonymiser parts them (`PersonCells.parts(of:)`).
    static func names(in cell: String?) -> [String] { PersonCells.parts(of: cell) }

    /// Lower-cased words of a name without titles.
    static func nameWords(_ name: String) -> [String] {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { !titles.contains($0) }
    }

    /// Whether a speaker label refers to a person named in the metadata: one of the people it
    /// names (`SpeakerLabelShape.people(in:)`: "A. Roth (Leitbild GmbH)", Teams' "Roth, Anna",
    /// "Stadt Naila | Anna Beck").
    static func label(_ label: String, names name: String) -> Bool {
        SpeakerLabelShape.people(in: label).contains { person(named: $0, is: name) }
    }

    /// Whether one person's name from a label names the sheet's person.
    private static func person(named label: String, is name: String) -> Bool {
        let l = nameWords(label), n = nameWords(name)
        guard !l.isEmpty, !n.isEmpty else { return false }
        if l == n { return true }
        // "Frau Roth" or "Roth" for "Anna Roth"; "Anna" for "Anna Roth".
        if l.count == 1 { return l[0].count > 1 && (l[0] == n.last || l[0] == n.first) }
        // "Anna M. Roth" / "A. Roth" for "Anna Roth": same surname, same first name or its initial.
        guard l.last == n.last, let lf = l.first, let nf = n.first else { return false }
        return lf == nf || (lf.count == 2 && lf.hasSuffix(".") && nf.hasPrefix(String(lf.prefix(1))))
    }

    /// The respondent name(s) of a metadata row: the first respondent column with a value
    /// (`PersonCells.respondentColumns`: `respondent`, `befragte`, `interviewee`, `Gesprächspartner`, ...).
    static func respondentNames(_ metadata: InterviewMetadata) -> [String] {
        for column in PersonCells.respondentColumns {
            if let value = metadata.variables.first(where: { $0.name.lowercased() == column })?.value, !value.isEmpty {
                return names(in: value)
            }
        }
        return []
    }

    /// Roles for all speakers of a transcript, in the given order, plus notes for guessed roles.
    static func resolve(_ evidence: [SpeakerEvidence], metadata: InterviewMetadata, file: String) -> ([Speaker], [Diagnostic]) {
        let interviewers = names(in: metadata.interviewer)
        let respondents = respondentNames(metadata)
        let origin = metadata.origin.map { " (\($0))" } ?? ""
        var decided: [(role: SpeakerRole, reason: String)?] = evidence.map { e in
            let label = e.label.isEmpty ? e.id : e.label
            let isInterviewer = interviewers.first { Self.label(label, names: $0) }
            let isRespondent = respondents.first { Self.label(label, names: $0) }
            switch (isInterviewer, isRespondent) {
            case let (name?, nil):
                return (.interviewer, "label '\(label)' names the interviewer '\(name)' in the metadata\(origin)")
            case let (nil, name?):
                return (.respondent, "label '\(label)' names the respondent '\(name)' in the metadata\(origin)")
            default:
                if let stated = e.statedRole { return stated }
                if let conventional = conventionalRole(forLabel: label) { return conventional }
                // "Interviewer (Leitbild GmbH)", "Anna Roth (Interviewerin)": a role beside the name.
                let person = SpeakerLabelShape.person(in: label)
                if person != label, let conventional = conventionalRole(forLabel: person) { return conventional }
                for role in SpeakerLabelShape.bracketed(in: label) {
                    if let (found, _) = conventionalRole(forLabel: role) { return (found, "label '\(label)' names the role '\(role)'") }
                }
                return nil
            }
        }
        var diagnostics: [Diagnostic] = []
        let undecided = decided.indices.filter { decided[$0] == nil }
        let knownInterviewer = decided.firstIndex(where: { $0?.role == .interviewer })
        if !undecided.isEmpty {
            if let known = knownInterviewer {
                // A second interviewer the sheet does not name (a tandem) asks in as many of his
                // turns as the heuristic below asks of an interviewer: at least 30 %, 15 points more
                // than every other speaker who is no interviewer, and at least twice. He is named in a
                // warning, and read as a respondent (found in a first-day review: his questions were
                // 4 of 5 codings, with only a note; taking him for an interviewer silenced respondents).
                func share(_ i: Int) -> Double { evidence[i].turns > 0 ? Double(evidence[i].asks) / Double(evidence[i].turns) : 0 }
                let others = evidence.indices.filter { decided[$0]?.role != .interviewer && evidence[$0].id != StructuredTranscript.unlabelledID }
                var asking = undecided.filter { i in
                    let rest = others.filter { $0 != i }.map(share).max() ?? 0
                    return evidence[i].asks >= 2 && share(i) >= 0.3 && share(i) - rest >= 0.15
                }
                // Everyone beside the interviewer asks so: respondents who ask back, no doubt to name.
                if others.allSatisfy({ asking.contains($0) }) { asking = [] }
                for i in asking {
                    let e = evidence[i]
                    diagnostics.append(Diagnostic(.warning, "'\(e.label)' is not named in the metadata and asks questions in \(e.asks) of \(e.turns) turns, as a second interviewer would: read as respondent, whose words count",
                                                  file: file, hint: "add the name to the metadata's interviewer column if this is a second interviewer (then the words do not count), or to the respondent column"))
                }
                let rest = undecided.filter { decided[$0] == nil }
                // Those without the warning above get the note below.
                let unnamed = rest.filter { !asking.contains($0) }
                for i in rest {
                    decided[i] = (.respondent, "not the interviewer ('\(evidence[known].label)' is)")
                }
                // Only surprising when the metadata names the respondents (a relative helping).
                if !respondents.isEmpty, !unnamed.isEmpty {
                    let names = unnamed.map { "'\(evidence[$0].label)'" }.joined(separator: ", ")
                    diagnostics.append(Diagnostic(.note, "\(names) \(unnamed.count == 1 ? "is" : "are") not named in the metadata; read as respondent\(unnamed.count == 1 ? "" : "s")",
                                                  file: file, hint: "add the name to the respondent or interviewer column"))
                }
            } else if evidence.filter({ $0.id != StructuredTranscript.unlabelledID }).count == 1 {
                for i in undecided { decided[i] = (.respondent, "the only named speaker") }
            } else {
                let shares = undecided.map { i in (i, evidence[i].turns > 0 ? Double(evidence[i].questions) / Double(evidence[i].turns) : 0) }
                    .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : evidence[$0.0].firstTurn < evidence[$1.0].firstTurn }
                let best = shares[0]
                let runnerUp = shares.count > 1 ? shares[1].1 : 0
                let others = decided.compactMap { $0 }
                if best.1 >= 0.3, best.1 - runnerUp >= 0.15 {
                    let e = evidence[best.0]
                    decided[best.0] = (.interviewer, "asks questions in \(e.questions) of \(e.turns) turns, more than anyone else (heuristic)")
                } else if others.isEmpty || !others.contains(where: { $0.role == .interviewer }) {
                    let first = undecided.min { evidence[$0].firstTurn < evidence[$1].firstTurn } ?? undecided[0]
                    decided[first] = (.interviewer, "speaks first and no one asks clearly more questions (heuristic)")
                }
                let interviewer = decided.firstIndex { $0?.role == .interviewer }
                for i in undecided where decided[i] == nil {
                    let who = interviewer.map { "'\(evidence[$0].label)' is" } ?? "no interviewer found"
                    decided[i] = (.respondent, "not the interviewer (\(who)) (heuristic)")
                }
            }
            // (A second interviewer beside a known one has a warning of his own, above.)
            if knownInterviewer == nil, decided.contains(where: { $0?.reason.hasSuffix("(heuristic)") == true }) {
                let guessed = undecided.map { "'\(evidence[$0].label)' \(decided[$0]?.role.rawValue ?? "?")" }.joined(separator: ", ")
                // A warning, so the summary's "Hinweise zur Datengrundlage" shows it: a wrong guess
                // makes the interviewer's words count (a respondent who opens with a sound check).
                diagnostics.append(Diagnostic(.warning, "speaker roles guessed: \(guessed)", file: file,
                                              hint: "label turns I:/B:, or name the interviewer in the metadata's interviewer column"))
            }
        }
        // The sheet names an interviewer, but no speaker of the file is one: her words, if she
        // speaks, count as a respondent's. (A file without any speaker is told so by its reader.)
        if !interviewers.isEmpty, !decided.contains(where: { $0?.role == .interviewer }),
           evidence.contains(where: { $0.id != StructuredTranscript.unlabelledID }) {
            let labels = evidence.filter { $0.id != StructuredTranscript.unlabelledID }.map { "'\($0.label)'" }.joined(separator: ", ")
            diagnostics.append(Diagnostic(.warning, "the metadata names the interviewer '\(interviewers.joined(separator: "', '"))'\(origin), but no speaker label of the file (\(labels)) names her or him: if the interviewer speaks, those words count as the respondent's",
                                          file: file, hint: "label the interviewer's turns with I: or the name in the sheet"))
        }
        let speakers = evidence.enumerated().map { i, e in
            Speaker(id: e.id, label: e.label, role: decided[i]?.role ?? .unknown, roleReason: decided[i]?.reason ?? "undecided")
        }
        return (speakers, diagnostics)
    }

}
