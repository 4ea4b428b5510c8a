import Foundation

/// What kind of name a pseudonym stands for; decides the pseudonym's prefix ("Person A", "Verein A").
public enum PseudonymKind: String, Codable, Sendable, CaseIterable, Comparable {
    case person, club, place, organisation

    /// The German prefix of the pseudonyms of this kind.
    public var prefix: String {
        switch self {
        case .person: "Person"
        case .club: "Verein"
        case .place: "Ort"
        case .organisation: "Organisation"
        }
    }

    /// The words a consultant may write before the colon in `pseudonyms.txt` (German and English).
    static let keywords: [String: PseudonymKind] = [
        "person": .person, "personen": .person, "name": .person,
        "verein": .club, "club": .club,
        "ort": .place, "place": .place, "ortsteil": .place,
        "organisation": .organisation, "organization": .organisation, "firma": .organisation, "unternehmen": .organisation,
    ]

    private var order: Int { PseudonymKind.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: PseudonymKind, b: PseudonymKind) -> Bool { a.order < b.order }
}

/// One name that must not appear in shared reports, with where it was learnt.
public struct PseudonymEntry: Hashable, Codable, Sendable {
    public var kind: PseudonymKind
    /// The name as written (titles such as "Frau" or "Dr." are allowed and ignored for matching).
    public var name: String
    /// A pseudonym fixed by the consultant (`= Verein Nord`); assigned automatically when `nil`.
    public var pseudonym: String?
    /// Where it came from: `corpus/pseudonyms.txt:4`, `metadata I04 respondent`, `speaker label in I11`.
    public var origin: String

    public init(kind: PseudonymKind, name: String, pseudonym: String? = nil, origin: String) {
        self.kind = kind
        self.name = name
        self.pseudonym = pseudonym
        self.origin = origin
    }
}

/// The consultant-editable list of names to pseudonymise (`PROJECT/pseudonyms.txt`).
///
/// One entry per line, `#` starts a comment:
/// ```
/// Person: Frau Dörfler
/// Verein: Heimat- und Burgverein = Verein Burg
/// Ort: Wüstenselbitz
/// Hannelore Pöhlmann            # no kind: a person
/// ```
/// See `docs/reports.md`.
public enum PseudonymList {
    /// Reads the list; a malformed line is an error naming file and line.
    public static func load(path: String) throws(ReportingError) -> [PseudonymEntry] {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ReportingError.pseudonymList(path: path, line: 1, message: "the file is not UTF-8",
                                                   hint: "save it as UTF-8 text")
            }
            // Normalised like the transcripts (NFC, LF), or a name saved decomposed never matches.
            text = decoded.normalizedForLeitbild
        } catch let error as ReportingError {
            throw error
        } catch {
            throw ReportingError.cannotRead(path: path, reason: error.localizedDescription)
        }
        return try parse(text, path: path)
    }

    /// Parses the list text (see the type's documentation).
    public static func parse(_ text: String, path: String) throws(ReportingError) -> [PseudonymEntry] {
        var entries: [PseudonymEntry] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (i, rawLine) in lines.enumerated() {
            let lineNumber = i + 1
            var line = Substring(rawLine)
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            var kind = PseudonymKind.person
            var rest = Substring(trimmed)
            if let colon = trimmed.firstIndex(of: ":") {
                let keyword = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                guard let k = PseudonymKind.keywords[keyword] else {
                    throw ReportingError.pseudonymList(
                        path: path, line: lineNumber, message: "unknown kind '\(keyword)'",
                        hint: "write one of Person, Verein, Ort, Organisation before the colon")
                }
                kind = k
                rest = trimmed[trimmed.index(after: colon)...]
            }
            var name = String(rest).trimmingCharacters(in: .whitespaces)
            var pseudonym: String?
            if let eq = name.firstIndex(of: "=") {
                let fixed = name[name.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                name = name[..<eq].trimmingCharacters(in: .whitespaces)
                guard !fixed.isEmpty else {
                    throw ReportingError.pseudonymList(path: path, line: lineNumber, message: "empty pseudonym after '='",
                                                       hint: "write a pseudonym after '=' or remove the '='")
                }
                pseudonym = fixed
            }
            guard !name.isEmpty, NameTokens.words(of: name).contains(where: { !NameTokens.isTitle($0) }) else {
                throw ReportingError.pseudonymList(path: path, line: lineNumber, message: "no name in this entry",
                                                   hint: "write the name after the kind, e.g. 'Person: Frau Dörfler'")
            }
            entries.append(PseudonymEntry(kind: kind, name: name, pseudonym: pseudonym, origin: "\(path):\(lineNumber)"))
        }
        return entries
    }
}

/// Splitting names and texts into words for name matching.
enum NameTokens {
    /// Titles and forms of address that precede a name; they are replaced together with it
    /// (`Resources/name-titles.txt`).
    static let titles: Set<String> = Set(resourceLines("name-titles"))
    /// Titles after which an unknown capitalised word is taken as a surname ("Frau Zapf").
    /// (`Pseudonymizer.titledNames` skips words by their first letter: F, H, D, P. Keep it in step.)
    static let addressTitles: Set<String> = ["Frau", "Herr", "Herrn", "Dr", "Prof"]
    /// Capitalised words after "Frau"/"Herr" that are not names (`Resources/not-names.txt`).
    static let notNames: Set<String> = Set(resourceLines("not-names"))

    /// Non-comment, non-empty lines of `Resources/<name>.txt`.
    static func resourceLines(_ name: String) -> [String] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("Reporting resource '\(name).txt' is missing from the bundle; rebuild the package")
        }
        return text.split(separator: "\n").compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    static func isTitle(_ word: some StringProtocol) -> Bool { titles.contains(String(word)) }

    /// Whether a scalar belongs to a name word (letters, and `-`/`'` between letters).
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        // ASCII and Latin-1 (most of German text) without the Unicode property lookup, which
        // dominated pseudonymising large projects; the same answer as `isAlphabetic` there.
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xB5, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF: return true
        case 0..<0x100: return false
        default: return s.properties.isAlphabetic
        }
    }

    /// The words of a name ("Dr. Stefan Hertel" -> Dr, Stefan, Hertel).
    static func words(of name: String) -> [String] {
        scan(name).map { String(name.slice(utf8: $0)) }
    }

    /// UTF-8 ranges of the words of a text: runs of letters, joined by an inner `-`.
    static func scan(_ text: String) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int? = nil
        var offset = 0
        var previousWasHyphen = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let s = pending {
            let next = scalars.next()
            let width = UTF8.width(s)
            if isWordScalar(s) {
                if start == nil { start = offset }
                previousWasHyphen = false
            } else if s == "-", start != nil, !previousWasHyphen, let n = next, isWordScalar(n) {
                // A hyphen between letters joins double names ("Hans-Peter", "Müller-Lüdenscheidt").
                previousWasHyphen = true
            } else if let st = start {
                out.append(st..<offset)
                start = nil
            }
            offset += width
            pending = next
        }
        if let st = start { out.append(st..<offset) }
        return out
    }
}
