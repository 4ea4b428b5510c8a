/// The speaker labels transcription conventions use for a role rather than a person (`I`, `Int.`,
/// `Interviewerin`, `B2`, `Befr.`, `Expertin`): ingestion reads the role from them
/// (`SpeakerRoles` in Ingestion), and the pseudonymiser never takes them for a name. One list for
/// both: before 2026-11-29, fifth stop, the pseudonymiser kept a shorter one of its own, so `Int:`,
/// `Mod:`, `Expertin:` and `Befr.:` were read as interviewer or respondent and yet replaced as
/// people ("Ich bin keine Person B", a file `Person B-gespraech.txt`; found in a user review).
public enum SpeakerLabelConventions {
    public static let interviewerLabels: Set<String> = [
        "i", "int", "interviewer", "interviewerin", "interviewende", "interviewer:in", "interviewer*in", "moderation",
        "moderator", "moderatorin", "moderator:in", "moderator*in", "mod", "f", "frage", "fragesteller", "fragestellerin",
    ]
    public static let respondentLabels: Set<String> = [
        "b", "befr", "befragte", "befragter", "befragte:r", "befragte*r", "ip", "interviewpartner", "interviewpartnerin",
        "interviewpartner:in", "interviewte", "interviewter", "gp", "gesprächspartner", "gesprächspartnerin", "tn",
        "teilnehmer", "teilnehmerin", "teilnehmende", "e", "experte", "expertin", "a", "antwort", "r", "respondent", "befragt",
        // a voice from the group, not a person: `[Zwischenruf]:`, `Alle:` (found in a review: "Zwischenruf" was a speaker
        // of unknown role, and a name to the pseudonymiser)
        "zwischenruf", "zwischenrufe", "einwurf", "alle", "mehrere", "publikum", "unbekannt",
    ]

    public enum Role: Sendable { case interviewer, respondent }

    /// The role a label's convention implies, ignoring case, a trailing number (`B2`,
    /// `Interviewer 1`), a trailing `_` or `-` and an abbreviation's dot (`Int.`, `Befr.`).
    public static func role(forLabel label: String) -> Role? {
        var key = label.lowercased().trimmedBlanks
        while let last = key.unicodeScalars.last, ("0"..."9").contains(last) { key.unicodeScalars.removeLast() }
        key = key.trimmedBlanks
        if key.hasSuffix("_") || key.hasSuffix("-") || key.hasSuffix(".") { key.removeLast() }
        key = key.trimmedBlanks
        if interviewerLabels.contains(key) || key.hasPrefix("interviewer") || key.hasPrefix("moderat") { return .interviewer }
        if respondentLabels.contains(key) || key.hasPrefix("befragte") || key.hasPrefix("interviewpartner") { return .respondent }
        return nil
    }
}
