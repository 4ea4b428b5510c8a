/// The metadata columns that name people, and how a cell of one is parted into its people: one
/// definition for the speaker roles (Ingestion, which matches speaker labels against the names)
/// and the pseudonymiser (Reporting, which learns the names; it also leaves out parts that are
/// roles or organisations and reads "Hertel, Stefan" as one person, by its word lists).
public enum PersonCells {
    /// Column names (lower case) that hold the interviewer(s), in the order they are looked up.
    public static let interviewerColumns = ["interviewer", "interviewerin", "interviewer_in", "interviewer:in", "interviewer/in", "interviewer*in"]

    /// Column names (lower case) that hold the respondent(s), in the order they are looked up:
    /// speaker labels that name one of them are respondents.
    public static let respondentColumns = [
        "respondent", "befragte", "befragter", "interviewee", "respondent_name", "respondents", "befragter/befragte", "befragte*r",
        "befragte:r", "befragte/r", "befragte person", "befragte_person", "interviewte", "interviewter", "interviewpartner",
        "interviewpartnerin", "interviewpartner:in", "interviewpartner_in", "gesprächspartner", "gesprächspartnerin",
        "gesprächspartner:in", "gesprächspartner_in",
    ]

    /// Column names (lower case) that hold people who may be anyone present, the interviewer too
    /// ("Teilnehmende: Anna Roth (Moderation); Paul Frank"): their names are pseudonymised, but
    /// they say nothing about roles (found in a review: read as respondents, they made the
    /// interviewer's questions count).
    public static let otherPeopleColumns = ["ansprechpartner", "ansprechpartnerin", "name", "names", "teilnehmende",
                                            "teilnehmer", "teilnehmerin", "teilnehmer:in"]

    /// Every column name (lower case) that holds people.
    public static let columns: Set<String> = Set(interviewerColumns + respondentColumns + otherPeopleColumns)

    /// Whether a column name (lower case) holds the interviewer rather than the respondent.
    public static func isInterviewerColumn(_ name: String) -> Bool { interviewerColumns.contains(name) }

    /// Separators between the people of one part of a cell ("Anna Roth & Paul Frank",
    /// "Helmut Ströbel und Renate Dietel"); parts are parted by "," first.
    public static let pieceSeparators = ["&", "/", "+", " und ", " and "]

    /// The entries of a cell, parted by ";" or a line break, with what stands in round or square
    /// brackets left out ("Renate Dietel (Kämmerin); Helmut Ströbel").
    public static func entries(of cell: String) -> [Substring] {
        withoutBrackets(cell).split(whereSeparator: { $0 == ";" || $0 == "\n" })
    }

    /// A part of an entry (between commas) parted at `pieceSeparators`, trimmed (`trimmed`), empty ones left out.
    public static func pieces(of part: String) -> [String] {
        var pieces = [part]
        for separator in pieceSeparators { pieces = pieces.flatMap { $0.components(separatedBy: separator) } }
        return pieces.map { trimmed($0[...]) }.filter { !$0.isEmpty }
    }

    /// Every name-like part of a cell, without brackets, parted by ";", a line break, "," and
    /// `pieceSeparators`, in order: what speaker labels are matched against ("Anna Roth; Paul
    /// Frank", "A. Roth und P. Frank", "Hertel, Stefan" gives "Hertel" and "Stefan").
    public static func parts(of cell: String?) -> [String] {
        guard let cell, !cell.isEmpty else { return [] }
        return entries(of: cell).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).flatMap { pieces(of: String($0)) } }
    }

    /// A cell without what stands in round or square brackets.
    public static func withoutBrackets(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "(" || $0 == "[" }) else { return cell }
        var out = ""
        var depth = 0
        for c in cell {
            switch c {
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            default: if depth == 0 { out.append(c) }
            }
        }
        return out
    }

    /// Without white space at either end: `text.trimmingCharacters(in: .whitespaces)` without
    /// Foundation, whose trimming of every name in the metadata led the profile of the
    /// pseudonymiser's set-up (0.11 CPU-s of a +1 file run at 5,001 interviews, on one core): the
    /// same scalars go from both ends (tab, the space separators, U+200B ZERO WIDTH SPACE), one by
    /// one as Foundation's do.
    public static func trimmed(_ text: Substring) -> String {
        func isWhitespace(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09, 0x20, 0x200B: return true
            case 0..<0x80: return false
            default: return s.properties.generalCategory == .spaceSeparator
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}
