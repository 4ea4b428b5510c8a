import Foundation
import GermanText
import LeitbildCore

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
            let decoded = try decode(data, path: path)
            // Normalised like the transcripts (NFC, LF), or a name saved decomposed never matches.
            text = decoded.normalizedForLeitbild
        } catch let error as ReportingError {
            throw error
        } catch {
            throw ReportingError.cannotRead(path: path, reason: error.reasonClause)
        }
        return try parse(text, path: path)
    }

    /// The list's text (`SettingsText`: UTF-8, UTF-16 with its mark, or Windows-1252); anything
    /// else is refused with its line: a name decoded wrongly would never be found, and leak.
    static func decode(_ data: Data, path: String) throws(ReportingError) -> String {
        switch SettingsText.decode(data) {
        case .success(let text): return text
        case .failure(let problem): throw ReportingError.pseudonymList(path: path, line: problem.line, message: problem.message, hint: problem.hint)
        }
    }

    /// A warning for each fixed pseudonym the list gives to more than one name ("= Person X" after
    /// two people): they become one identity in the reports, which may be meant (two spellings of
    /// one person) or a copy-and-paste slip (found in a workflow review: merged without a word).
    /// Names the names: for the terminal only.
    public static func sharedPseudonymNotes(_ entries: [PseudonymEntry]) -> [Diagnostic] {
        var byPseudonym: [String: [PseudonymEntry]] = [:]
        var order: [String] = []
        for entry in entries {
            guard let fixed = entry.pseudonym else { continue }
            if byPseudonym[fixed] == nil { order.append(fixed) }
            byPseudonym[fixed, default: []].append(entry)
        }
        return order.compactMap { fixed in
            let holders = byPseudonym[fixed] ?? []
            let names = holders.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            guard names.count > 1 else { return nil }
            let places = holders.map(\.origin).joined(separator: ", ")
            return Diagnostic(.warning, "the pseudonym '\(fixed)' is given to \(names.map { "'\($0)'" }.joined(separator: " and ")) (\(places)): "
                              + "they are one person in the reports", file: holders.first.map { String($0.origin.split(separator: ":").dropLast().joined(separator: ":")) },
                              hint: "give each person a pseudonym of their own, unless the names are spellings of one person")
        }
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
            } else if let gap = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }),
                      let k = PseudonymKind.keywords[trimmed[..<gap].lowercased()] {
                // The colon forgotten ("Ort Wüstenselbitz", "Verein⇥Heimat- und Burgverein"): read as
                // the kind, not as a person whose first name "Ort" would be replaced in every text.
                kind = k
                rest = trimmed[gap...]
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
    static let titles: Set<String> = Set(resourceLines("name-titles").map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
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

    /// Titles that are written with a dot ("Dr.", "Prof."; in `Resources/name-titles.txt` with
    /// their dot), without it: only after these may a dot stand between a title and a name
    /// ("eine Frau. Weiß ich nicht" holds no title).
    static let abbreviatedTitles: Set<String> = Set(resourceLines("name-titles").filter { $0.hasSuffix(".") }.map { String($0.dropLast()) })

    /// Whether a word is a German function word (`StopWords`: "und", "der", "ja"), which does
    /// not end a name broken at a line's end.
    static func isStopWord(_ word: String) -> Bool { StopWords.shared.contains(word) }

    /// The people a metadata cell names: parted by ";", a line break, ",", "&", "/", "+", " und "
    /// or " and " (`PersonCells`, as Ingestion parts them to match speaker labels; "Helmut Ströbel; Renate Dietel", "Helmut Ströbel⏎Renate Dietel", "Helmut
    /// Ströbel, Renate Dietel"), with what stands in brackets left out ("Renate Dietel
    /// (Kämmerin)"). Between two semicolons, two single words around the first comma are one
    /// person, surname first ("Hertel, Stefan", "Ströbel, Helmut, Vorstand"). A part after the
    /// first is a role, not a person, when a word of it is a title of office or in
    /// `role-words.txt` ("Stefan Hertel, Erster Bürgermeister", "…, Gemeinde Schauenstein",
    /// "…, Pflegedienstleitung"), and so is a part of one word that is a common word ("Hans und
    /// Grete Kunzmann" names Grete Kunzmann; "Hans" alone is shared with too many).
    static func people(inCell cell: String) -> [String] {
        var out: [String] = []
        for entry in PersonCells.entries(of: cell) {
            var parts: [String] = []
            let commaParts = entry.split(separator: ",", omittingEmptySubsequences: false).map { trimmingWhitespace($0) }
            var rest = commaParts[...]
            if commaParts.count >= 2, core(of: commaParts[0]).count == 1, core(of: commaParts[1]).count == 1, !isRole(commaParts[1]),
               !commaParts[0].contains(where: { "&/+".contains($0) }), !commaParts[1].contains(where: { "&/+".contains($0) }) {
                parts.append(commaParts[1] + " " + commaParts[0])
                rest = commaParts.dropFirst(2)
            }
            for part in rest { parts += PersonCells.pieces(of: part) }
            out += parts.enumerated().filter { index, name in
                let words = core(of: name)
                guard !words.isEmpty else { return false }
                if index > 0, isRole(name) { return false }
                // The first part too, by its words before the last (a surname may end like a role,
                // "Renate Baumeister"): "Stadt Naila", "Markt Lichtenberg" are no people.
                let named = words.filter { !notNames.contains($0) }
                if index == 0, named.count > 1, isRole(named.dropLast().joined(separator: " ")) { return false }
                return parts.count == 1 || words.count > 1 || (!isCommonWord(words[0]) && words[0].first?.isUppercase == true)
            }.map(\.element)
        }
        return out
    }

    /// Words that make a part of a person cell a role (`Resources/role-words.txt`): whole words, and
    /// endings (entries starting with "-").
    static let roleWords: (words: Set<String>, endings: [String]) = {
        let lines = resourceLines("role-words").map { $0.lowercased() }
        return (Set(lines.filter { !$0.hasPrefix("-") }), lines.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) })
    }()

    /// Whether a part of a person cell names a role or an organisation (`roleWords`, titles of office).
    static func isRole(_ part: String) -> Bool {
        words(of: part).contains { word in
            let lower = word.lowercased()
            return notNames.contains(word) || roleWords.words.contains(lower)
                || roleWords.endings.contains { lower.count > $0.count + 2 && lower.hasSuffix($0) }
        }
    }

    /// The words of a name without titles.
    private static func core(of name: String) -> [String] {
        words(of: name).filter { !isTitle($0) }
    }

    /// First names that end in "s" (`Resources/first-names-s.txt`): after a title they start a
    /// full name, not a surname in the genitive.
    static let firstNamesEndingInS: Set<String> = Set(resourceLines("first-names-s"))

    /// Whether a capitalised word after a title, before another capitalised word, is a surname in
    /// the genitive: "Hertels" in "Herr Hertels Vorschlag", but not "Andreas" in "Herr Andreas
    /// Köhler" (a listed first name), "Strauss" (a name ending in s, z, x or ß takes no "s") nor
    /// "Fuchs" or "Sachs" (surnames in "-chs" are common; genitives of names in "-ch" are not);
    /// and only before a common word (`isCommonWord`: "Vorschlag", "Meinung"), not before a rare
    /// one, which is more likely a surname after an unlisted first name ("Herr Niels Hansen").
    static func isGenitive(_ word: String, before next: String) -> Bool {
        guard word.hasSuffix("s"), !word.hasSuffix("chs"), word.unicodeScalars.count > 3, !firstNamesEndingInS.contains(word),
              let last = word.unicodeScalars.dropLast().last, !"szxß".unicodeScalars.contains(last) else { return false }
        return isCommonWord(next)
    }

    /// Whether a word is a common German word: Zipf 3.5 or more in the reference list
    /// (`WordFrequencies`; "Vorschlag" 4.56, "Jäger" 4.37, "Hansen" 3.64) — a form of a name that
    /// is one (the spelling "Weiß" of the surname "Weiss", the capitals "BUND") is not replaced.
    static func isCommonWord(_ word: String) -> Bool {
        let lowered = word.lowercased().replacing("ß", with: "ss")
        return (WordFrequencies.shared.zipf(lowered) ?? 0) >= commonZipf
    }

    /// The Zipf value from which `isCommonWord` calls a word common (names such as "Kiessling",
    /// 3.06, or "Mueller", 3.30, lie below).
    static let commonZipf = 3.5

    /// A name word as it is compared across spellings: lower-cased, with umlauts and ß written out
    /// ("Kießling", "KIESSLING" and "Kiessling" are all "kiessling"). People whose names have the
    /// same key are one person; forms with the same key cannot tell two people apart.
    /// A word lower-cased with its umlauts and ß dropped ("Ströbel" → "strobel", "Kießling" →
    /// "kiesling"): how an ASCII file name may write a name.
    static func looseKey(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        // Other letters' marks are dropped too: "Çelik" is "celik", "Şahin" "sahin".
        let lowered = word.lowercased()
        let letters = lowered.unicodeScalars.allSatisfy({ $0.isASCII }) ? lowered : lowered.decomposedStringWithCanonicalMapping
        for s in letters.unicodeScalars {
            switch s {
            case "ß", "ẞ": out.append("s")
            case "ı": out.append("i")
            case "ø": out.append("o")
            case "ł": out.append("l")
            case "đ": out.append("d")
            default: if s.properties.generalCategory != .nonspacingMark { out.append(s) }
            }
        }
        return String(out)
    }

    static func key(_ word: String) -> String {
        writtenOut(sharpSOf: writtenOut(umlautsOf: word.lowercased()))
    }

    /// The forms of a name a transcript may use besides the one written, first the name as
    /// written: umlauts written out or back ("Hölzel" for "Hoelzel"), ß written out or back
    /// ("Kiessling" for "Kießling"), each independently ("Rössler" for "Roessler"), and each of
    /// these in capitals ("KIESSLING"). A one-word form other than the one written is left out when
    /// it is a common word (`isCommonWord`: "Weiß" for "Weiss", "Jäger" for "Jaeger"); capitals only
    /// for words of five letters or more ("BUND", "EVA", "LEA" are more often acronyms).
    static func spellings(of words: [String]) -> [[String]] {
        spellingsAndTitledOnes(of: words).forms
    }

    /// `spellings(of:)`, and the spellings of a one-word name that are left out of them as
    /// common words ("Weiß" for "Weiss"): after a title ("Herr Weiß") such a word is the name, so
    /// `redact` replaces them there (`Pseudonymizer.Pattern.needsTitle`). A name of several
    /// words keeps such spellings among its forms: "Karl Weiß" is not a common phrase.
    static func spellingsAndTitledOnes(of words: [String]) -> (forms: [[String]], titled: [[String]]) {
        var out = [words]
        var titled: [[String]] = []
        for umlauts in [{ (w: String) in w }, writtenOut(umlautsOf:), writtenBack(umlautsOf:)] {
            for sharpS in [{ (w: String) in w }, writtenOut(sharpSOf:), writtenBack(sharpSOf:)] {
                let form = words.map { sharpS(umlauts($0)) }
                guard !out.contains(form), !titled.contains(form) else { continue }
                // Only the words this spelling changes are checked ("Walter" is common, "Hölzel" not).
                if words.count == 1, form[0] != words[0], isCommonWord(form[0]) {
                    titled.append(form)
                } else {
                    out.append(form)
                }
            }
        }
        for form in out where form.allSatisfy({ $0.unicodeScalars.count >= 5 }) {
            let upper = form.map { $0.uppercased() }
            if !out.contains(upper) { out.append(upper) }
        }
        return (out, titled)
    }

    /// "Hölzel" -> "Hoelzel", "Ärmel" -> "Aermel".
    static func writtenOut(umlautsOf word: String) -> String {
        guard word.unicodeScalars.contains(where: { "äöüÄÖÜ".unicodeScalars.contains($0) }) else { return word }
        var out = ""
        for s in word.unicodeScalars {
            switch s {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "Ä": out += "Ae"
            case "Ö": out += "Oe"
            case "Ü": out += "Ue"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// "Hoelzel" -> "Hölzel".
    static func writtenBack(umlautsOf word: String) -> String {
        var out = word
        for (written, letter) in [("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü")] where out.contains(written) {
            out = out.replacing(written, with: letter)
        }
        return out
    }

    /// "Kießling" -> "Kiessling".
    static func writtenOut(sharpSOf word: String) -> String {
        // By scalars: `String.contains(_:)` of a string goes through Foundation's search, which
        // was most of `key`'s time (every word of every interview's id and path).
        word.unicodeScalars.contains { $0 == "ß" || $0 == "ẞ" } ? word.replacing("ß", with: "ss").replacing("ẞ", with: "SS") : word
    }

    /// "Kiessling" -> "Kießling".
    static func writtenBack(sharpSOf word: String) -> String {
        word.contains("ss") ? word.replacing("ss", with: "ß") : word
    }

    /// Words made from a name that stand for its bearer: a woman called by her surname with "-in"
    /// ("die Dörflerin", for surnames in "-er" of five letters or more) and the adjective of a
    /// place of six letters or more ("Wüstenselbitzer Straße"). None from a name that is a common
    /// word, and none that is one (`isCommonWord`: "Richterin", "Bürgerin", "Hammer", "Rainer").
    static func derivedForms(of word: String, kind: PseudonymKind, isSurname: Bool) -> [String] {
        let count = word.unicodeScalars.count
        let derived: String
        switch kind {
        case .person where isSurname && count >= 5 && word.hasSuffix("er"): derived = word + "in"
        case .place where count >= 6 && !word.hasSuffix("er"): derived = word + "er"
        default: return []
        }
        return isCommonWord(word) || isCommonWord(derived) ? [] : [derived]
    }

    /// Without white space at either end (`PersonCells.trimmed`).
    static func trimmingWhitespace(_ text: Substring) -> String { PersonCells.trimmed(text) }

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

    /// The runs of letters of a text, hyphens parting them too ("Müller-Lüdenscheidt" →
    /// "Müller", "Lüdenscheidt"): how an identifier's words are compared with a name's.
    static func letterRuns(of text: String) -> [String] {
        text.unicodeScalars.split { !isWordScalar($0) }.map { String(String.UnicodeScalarView($0)) }
    }

    /// UTF-8 ranges of the words of a text: runs of letters, joined by an inner `-`.
    static func scan(_ text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// `scan` over UTF-8 bytes (valid UTF-8, as every `String` holds). Decodes only what
    /// `isWordScalar` needs: ASCII and two-byte scalars inline, longer ones through `Unicode.Scalar`.
    static func scan(_ utf8: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(utf8.count / 6)
        let count = utf8.count
        /// Whether the scalar at `i` is a word scalar, and its width in bytes.
        @inline(__always) func scalar(at i: Int) -> (isWord: Bool, width: Int, isHyphen: Bool) {
            let b = utf8[i]
            if b < 0x80 {
                let isLetter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
                return (isLetter, 1, b == 0x2D)
            }
            if b < 0xE0 {
                guard i + 1 < count else { return (false, 1, false) }
                let value = (UInt32(b & 0x1F) << 6) | UInt32(utf8[i + 1] & 0x3F)
                return (isWordScalar(Unicode.Scalar(value) ?? " "), 2, false)
            }
            let width = b < 0xF0 ? 3 : 4
            guard i + width <= count else { return (false, count - i, false) }
            var value = UInt32(b & (width == 3 ? 0x0F : 0x07))
            for k in 1..<width { value = (value << 6) | UInt32(utf8[i + k] & 0x3F) }
            return (isWordScalar(Unicode.Scalar(value) ?? " "), width, false)
        }
        var start = -1
        var previousWasHyphen = false
        var i = 0
        while i < count {
            let s = scalar(at: i)
            if s.isWord {
                if start < 0 { start = i }
                previousWasHyphen = false
            } else if s.isHyphen, start >= 0, !previousWasHyphen, i + 1 < count, scalar(at: i + 1).isWord {
                // A hyphen between letters joins double names ("Hans-Peter", "Müller-Lüdenscheidt").
                previousWasHyphen = true
            } else if start >= 0 {
                out.append(start..<i)
                start = -1
            }
            i += s.width
        }
        if start >= 0 { out.append(start..<count) }
        return out
    }

    /// A key for the first two bytes of a word (the first alone for a one-byte word), for
    /// `Pseudonymizer.redact`'s filter of words that cannot start a name.
    @inline(__always) static func prefixKey(_ utf8: some Collection<UInt8>) -> Int {
        var iterator = utf8.makeIterator()
        guard let first = iterator.next() else { return 0 }
        return Int(first) << 8 | Int(iterator.next() ?? 0)
    }

    /// Whether the bytes between two words are a hyphen at a line's end: "-", at most two spaces or
    /// tabs, a line feed, then any indent of spaces or tabs ("Hopper-\ndietzel").
    static func isLineBreakHyphen(_ gap: some Collection<UInt8>) -> Bool {
        // "-", or a soft hyphen (U+00AD) as PDFs leave it, then a line break.
        if gap.first == 0x2D { return isLineBreak(gap.dropFirst()) }
        return gap.starts(with: [0xC2, 0xAD]) && isLineBreak(gap.dropFirst(2))
    }

    /// Whether the bytes between two words are a hyphen and one space before a word in small
    /// letters ("Hopper- dietzel"): a subtitle reader joins the lines of a cue with a space, so a
    /// name hyphenated across them reads so. Not the hyphen of a word left out before "und",
    /// "oder" and the like (`suspendedHyphenWords`: "Kinder- und Jugendarbeit"), nor a dash ("Kieß - ling").
    /// `next`: the word after the gap, from its first byte to the text's end or further.
    static func isSpacedHyphen(_ gap: some Collection<UInt8>, before next: some Collection<UInt8>) -> Bool {
        guard gap.elementsEqual([0x2D, 0x20]) else { return false }
        // The word's letters: up to the first byte that is no letter (ASCII) and no part of a UTF-8 sequence.
        let word = next.prefix { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x80 }
        guard let first = String(decoding: word, as: UTF8.self).unicodeScalars.first,
              first.properties.isLowercase else { return false }
        return !suspendedHyphenWords.contains(String(decoding: word, as: UTF8.self))
    }

    /// The words after a hyphen that stands for a left-out part of a word ("Kinder- und
    /// Jugendarbeit", "Ein- bzw. Ausstieg"): the hyphen and the word are no name broken in two.
    /// Only these, not every function word: a name's second half may be one ("Schnei- der",
    /// "Mei- er", found in a review).
    static let suspendedHyphenWords: Set<String> = ["und", "oder", "bis", "sowie", "bzw", "beziehungsweise", "respektive", "resp",
                                                    "als", "wie", "noch", "statt", "anstatt", "plus", "versus", "vs", "sondern", "aber"]

    /// Whether the line from UTF-8 offset `start` opens with what may be a speaker's label: a word
    /// not in small letters with a label's shape (`SpeakerLabelShape`, as Ingestion reads labels:
    /// "B: Ja", "Georg Meier: Ja", "„Schorsch“: Ja"; not "dietzel sagt: ja"). A word at a line's
    /// start is not joined to the word hyphenated before it then ("Frau Zapf-⏎B: Ja" is Frau Zapf,
    /// broken off).
    static func opensWithLabel(_ utf8: [UInt8], at start: Int) -> Bool {
        guard start < utf8.count, !(0x61...0x7A).contains(utf8[start]) else { return false }
        let lineEnd = utf8[start...].firstIndex(of: 10) ?? utf8.count
        return utf8.withUnsafeBufferPointer { SpeakerLabelShape.candidate($0, from: start, to: lineEnd) != nil }
    }

    /// Whether the bytes between two words are only a soft hyphen (U+00AD) or a zero-width space
    /// (U+200B), which Word and PDFs leave inside a word ("Hopper\u{AD}dietzel"): the two are one word.
    static func isInvisibleBreak(_ gap: some Collection<UInt8>) -> Bool {
        gap.elementsEqual([0xC2, 0xAD]) || gap.elementsEqual([0xE2, 0x80, 0x8B])
    }

    /// How a title and the word after it are parted (`title` as written): by spaces, a tab or
    /// a no-break space (at most three bytes), or by a line break ("Herr⏎Kowalski"); a dot may
    /// stand first only after an abbreviation ("Dr. Weiß"; "eine ältere Frau. Weiß ich nicht"
    /// holds no title). Nil: they are not title and name. `Pseudonymizer.titledNames` learns a
    /// name after a line break only when it is no common word; `redact` replaces known ones.
    enum TitleGap { case spaces, lineBreak }

    static func titleGap(_ gap: some Collection<UInt8>, after title: String) -> TitleGap? {
        var rest = gap[...]
        if abbreviatedTitles.contains(title), rest.first == 0x2E { rest = rest.dropFirst() }
        if isSpaceGap(rest) { return .spaces }
        return isLineBreak(rest) ? .lineBreak : nil
    }

    /// Whether the bytes between two words are spaces, a tab or a no-break space, at most three bytes.
    static func isSpaceGap(_ gap: some Collection<UInt8>) -> Bool {
        !gap.isEmpty && gap.count <= 3 && gap.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0xC2 || $0 == 0xA0 }
    }

    /// Whether the bytes between two words are a line break: at most two spaces or tabs, a line
    /// feed, any indent ("Herr⏎Kowalski", and after the hyphen of `isLineBreakHyphen`).
    static func isLineBreak(_ gap: some Collection<UInt8>) -> Bool {
        var sawLineFeed = false, trailing = 0
        for b in gap {
            switch b {
            case 0x20, 0x09: if !sawLineFeed { trailing += 1; if trailing > 2 { return false } }
            case 0x0A: if sawLineFeed { return false }; sawLineFeed = true
            default: return false
            }
        }
        return sawLineFeed
    }

    /// Whether a text has a place where `redact` may join two words into a name the text does not
    /// hold as it is: a hyphen at a line's end as `isLineBreakHyphen` takes it (without the words
    /// around it), a hyphen and a space as `isSpacedHyphen` takes them, a soft hyphen or a
    /// zero-width space (`isInvisibleBreak`). `PseudonymMemo`'s check by the changed names' bytes
    /// cannot see those.
    static func containsWordJoins(_ text: String) -> Bool {
        func search(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = utf8.baseAddress else { return false }
            // A soft hyphen or a zero-width space between two words joins them too (`isInvisibleBreak`).
            if ByteSearch.occurs([0xC2, 0xAD], in: utf8) || ByteSearch.occurs([0xE2, 0x80, 0x8B], in: utf8) { return true }
            // A hyphen and a space after a word ("Hopper- dietzel"): the word before is not looked at,
            // as in `redact` the two words must make a known name, which no check here knows.
            var from = 0
            while from < utf8.count, let hit = memchr(base + from, 0x2D, utf8.count - from) {
                let hyphen = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if hyphen > 0, ![0x20, 0x09, 0x0A].contains(utf8[hyphen - 1]), hyphen + 2 <= utf8.count,
                   isSpacedHyphen(utf8[hyphen..<hyphen + 2], before: utf8[(hyphen + 2)...]) { return true }
                from = hyphen + 1
            }
            var at = 0
            while at < utf8.count, let hit = memchr(base + at, 0x0A, utf8.count - at) {
                let lineFeed = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var k = lineFeed - 1
                while k >= 0, lineFeed - k <= 3, utf8[k] == 0x20 || utf8[k] == 0x09 { k -= 1 }
                if k >= 0, lineFeed - k <= 3, utf8[k] == 0x2D || (utf8[k] == 0xAD && k > 0 && utf8[k - 1] == 0xC2) { return true }
                at = lineFeed + 1
            }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(search)
    }
}
