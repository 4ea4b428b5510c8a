import Foundation

/// German word lists the text stage needs, loaded once from the module's resource files
/// (`Resources/<name>.txt`, one entry per line, `#` starts a comment).
///
/// The tokenizer looks entries up by byte slices of the input (no `String` per lookup); the
/// `Set<String>` views are for callers and tests.
public struct GermanLexicon: Sendable {
    /// The raw lists, by file. Change them to tokenize with other rules, then build a lexicon with
    /// `GermanLexicon(_:)`.
    public struct WordLists: Sendable, Equatable {
        /// `abbreviations.txt`: abbreviations with their period; multi-part ones as written (`z. B.`).
        public var abbreviations: [String]
        /// `abbreviations-final.txt`: abbreviations that often end a sentence (`usw.`, `etc.`).
        public var sentenceFinalAbbreviations: [String]
        /// `abbreviations-ud.txt`: abbreviations that UD German GSD keeps with their period.
        public var universalDependenciesAbbreviations: [String]
        /// `months.txt`: month names and their abbreviations (`3. Oktober`, `3. Okt.`).
        public var months: [String]
        /// `ordinal-cues.txt`: words after which `3.` before a capitalised word is an ordinal.
        public var ordinalCues: [String]
        /// `transcript-marks.txt`: first words of transcript marks in parentheses (`lacht`, `unv.`).
        public var transcriptMarks: [String]
        /// `gender-suffixes.txt`: endings after `:`, `*`, `_`, `/` in gender forms (`innen`).
        public var genderSuffixes: [String]
        /// `gender-exceptions.txt`: words that look like Binnen-I forms but are not (`PlugIn`).
        public var genderExceptions: [String]
        /// `top-level-domains.txt`: endings that make `hoferland.digital` a URL without `www.`.
        public var topLevelDomains: [String]
        /// `emoticons.txt`: ASCII emoticons kept as one token (`:-)`).
        public var emoticons: [String]
        /// `truncation-joiners.txt`: words after which a word with a trailing hyphen is a
        /// truncated compound (`Rad- und Fußwege`), not a word and a dash (`gut- sehr gut`).
        public var truncationJoiners: [String]
        /// `sentence-starters.txt`: words that make `B.` before them a sentence end (`Plan B. Dann`),
        /// not an initial (`M. Schulz`).
        public var sentenceStarters: [String]

        /// The lists shipped in the module's resources.
        public static func bundled() -> WordLists {
            WordLists(
                abbreviations: GermanLexicon.lines("abbreviations"),
                sentenceFinalAbbreviations: GermanLexicon.lines("abbreviations-final"),
                universalDependenciesAbbreviations: GermanLexicon.lines("abbreviations-ud"),
                months: GermanLexicon.lines("months"),
                ordinalCues: GermanLexicon.lines("ordinal-cues"),
                transcriptMarks: GermanLexicon.lines("transcript-marks"),
                genderSuffixes: GermanLexicon.lines("gender-suffixes"),
                genderExceptions: GermanLexicon.lines("gender-exceptions"),
                topLevelDomains: GermanLexicon.lines("top-level-domains"),
                emoticons: GermanLexicon.lines("emoticons"),
                truncationJoiners: GermanLexicon.lines("truncation-joiners"),
                sentenceStarters: GermanLexicon.lines("sentence-starters"))
        }
    }

    public let lists: WordLists
    /// Abbreviations as written in the list (`z. B.`, `bzw.`).
    public var abbreviations: Set<String> { Set(lists.abbreviations) }
    public var months: Set<String> { Set(lists.months) }

    /// Lookup tables keyed by UTF-8 bytes, shared by every copy of the lexicon.
    let tables: LexiconTables

    /// The lexicon from the bundled word lists, loaded once.
    public static let shared = GermanLexicon()

    public init() { self.init(.bundled()) }

    public init(_ lists: WordLists) {
        self.lists = lists
        self.tables = LexiconTables(lists)
    }

    /// Whether `withPeriod` (e.g. `bzw.`, `z. B.`, `z.B.`) is a listed abbreviation.
    public func isAbbreviation(_ withPeriod: String) -> Bool {
        tables.abbreviationSet.contains(withPeriod.filter { !$0.isWhitespace })
    }

    public func isMonth(_ word: String) -> Bool { tables.monthSet.contains(word) }

    /// The folder of the bundled word lists, looked up once.
    private static let resourceDirectory: URL? = Bundle.module.url(forResource: "Resources", withExtension: nil)

    /// Non-comment, non-empty lines of `Resources/<name>.txt`, trimmed.
    public static func lines(_ name: String) -> [String] {
        guard let directory = resourceDirectory,
              let data = FileManager.default.contents(atPath: directory.appendingPathComponent("\(name).txt").path)
        else {
            preconditionFailure("GermanText resource '\(name).txt' is missing from the bundle; rebuild the package")
        }
        return data.withUnsafeBytes { parseList(utf8: $0.bindMemory(to: UInt8.self)) }
    }

    /// The entries of a word-list text: one per line, `#` to the end of the line is a comment
    /// (write `\#` for a literal `#`), surrounding spaces and tabs are ignored.
    public static func parseList(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { parseList(utf8: $0) }
    }

    /// `parseList` on UTF-8 bytes (start-up reads every list, so this works on bytes).
    static func parseList(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var result: [String] = []
        var entry: [UInt8] = []
        var i = 0
        let n = bytes.count
        while i < n {
            entry.removeAll(keepingCapacity: true)
            var inComment = false
            while i < n, bytes[i] != 0x0A {
                let b = bytes[i]
                if !inComment {
                    if b == UInt8(ascii: "\\"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "#") {
                        entry.append(UInt8(ascii: "#"))
                        i += 2
                        continue
                    }
                    if b == UInt8(ascii: "#") { inComment = true } else { entry.append(b) }
                }
                i += 1
            }
            i += 1
            var lower = 0
            var upper = entry.count
            while lower < upper, [0x20, 0x09, 0x0D].contains(entry[lower]) { lower += 1 }
            while upper > lower, [0x20, 0x09, 0x0D].contains(entry[upper - 1]) { upper -= 1 }
            if upper > lower { result.append(String(decoding: entry[lower..<upper], as: UTF8.self)) }
        }
        return result
    }
}

/// The lexicon's lists as byte-keyed sets. A class, so that the scanner holds one reference
/// instead of copying a dozen arrays. Multi-part abbreviations are keyed without their spaces
/// (`z.B.`), so that `z. B.` and `z.B.` both match.
final class LexiconTables: Sendable {
    let abbreviationSet: ByteSet
    let finalAbbreviationSet: ByteSet
    let udAbbreviationSet: ByteSet
    let monthSet: ByteSet
    let ordinalCueSet: ByteSet
    let transcriptMarkSet: ByteSet
    let genderSuffixSet: ByteSet
    let genderExceptionSet: ByteSet
    let topLevelDomainSet: ByteSet
    let emoticonSet: ByteSet
    let truncationJoinerSet: ByteSet
    let sentenceStarterSet: ByteSet
    /// Most parts of a multi-part abbreviation (`i. d. R.` has 3).
    let maxAbbreviationParts: Int

    init(_ lists: GermanLexicon.WordLists) {
        // Without spaces (`z. B.` -> `z.B.`); by bytes, as grapheme-aware filtering costs start-up time.
        func compact(_ list: [String]) -> [String] {
            list.map { entry in String(decoding: entry.utf8.filter { $0 != 0x20 }, as: UTF8.self) }
        }
        abbreviationSet = ByteSet(compact(lists.abbreviations))
        finalAbbreviationSet = ByteSet(compact(lists.sentenceFinalAbbreviations))
        udAbbreviationSet = ByteSet(compact(lists.universalDependenciesAbbreviations))
        monthSet = ByteSet(lists.months)
        ordinalCueSet = ByteSet(lists.ordinalCues)
        transcriptMarkSet = ByteSet(lists.transcriptMarks.map { $0.lowercased() })
        genderSuffixSet = ByteSet(lists.genderSuffixes)
        genderExceptionSet = ByteSet(lists.genderExceptions.map { $0.lowercased() })
        topLevelDomainSet = ByteSet(lists.topLevelDomains.map { $0.lowercased() })
        emoticonSet = ByteSet(lists.emoticons)
        truncationJoinerSet = ByteSet(lists.truncationJoiners.map { $0.lowercased() })
        sentenceStarterSet = ByteSet(lists.sentenceStarters.map { $0.lowercased() })
        maxAbbreviationParts = compact(lists.abbreviations).map { $0.split(separator: ".").count }.max() ?? 1
    }
}
