import Foundation
@testable import GermanText
import LeitbildCore
import Testing

@Suite("UD mode: tokens as UD German GSD splits them")
struct UniversalDependenciesModeTests {
    @Test(arguments: [
        TokenCase("die Smart-City-Strategie", "die | Smart | - | City | - | Strategie", ["City": .word, "-": .punctuation]),
        TokenCase("Rad- und Fußwege", "Rad | - | und | Fußwege"),
        TokenCase("von 1990-1995", "von | 1990 | - | 1995", ["1990": .number]),
        TokenCase("seit Covid-19", "seit | Covid | - | 19", ["Covid": .word, "19": .number]),
        TokenCase("ca. 20 bzw. 30", "ca | . | 20 | bzw | . | 30", ["ca": .abbreviation]),
        TokenCase("Dr. Sieben und St. Peter", "Dr. | Sieben | und | St. | Peter"),
        TokenCase("z.B. und z. B.", "z.B. | und | z. | B."),
        TokenCase("Toll!!! Echt?!", "Toll | ! | ! | ! | Echt | ? | !"),
        TokenCase("bei Schuchmann's", "bei | Schuchmann | 's"),
        TokenCase("Es ist (lacht) gut", "Es | ist | ( | lacht | ) | gut"),
        TokenCase("Spa-/Wellness-Bereich", "Spa-/Wellness-Bereich"),
        TokenCase("Lehrer/-innen und Bürger*innen-Rat", "Lehrer/-innen | und | Bürger*innen | - | Rat"),
        // What GSD keeps whole stays whole.
        TokenCase("am 3. Oktober um 20.00 Uhr", "am | 3. | Oktober | um | 20.00 | Uhr"),
        TokenCase("``Gut'' :-)", "`` | Gut | '' | :-)"),
        TokenCase("für 14.-- Euro", "für | 14.-- | Euro"),
    ])
    func ud(_ c: TokenCase) { TokenizerCheck.run(c, mode: .universalDependencies) }
}

@Suite("Word lists")
struct WordListTests {
    let lists = GermanLexicon.WordLists.bundled()

    @Test("every list loads and has entries")
    func load() {
        for (name, list) in [("abbreviations", lists.abbreviations), ("abbreviations-final", lists.sentenceFinalAbbreviations),
                             ("abbreviations-ud", lists.universalDependenciesAbbreviations), ("months", lists.months),
                             ("ordinal-cues", lists.ordinalCues), ("transcript-marks", lists.transcriptMarks),
                             ("gender-suffixes", lists.genderSuffixes), ("gender-exceptions", lists.genderExceptions),
                             ("top-level-domains", lists.topLevelDomains), ("emoticons", lists.emoticons)] {
            #expect(!list.isEmpty, "\(name).txt is empty")
            #expect(Set(list).count == list.count, "\(name).txt has duplicates: \(Dictionary(grouping: list) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
        }
    }

    /// LeitbildCore's bracket marks (`[Lacht]:` is no speaker label) restate this file's sounds,
    /// gestures, pauses and noises, since LeitbildCore cannot read GermanText's resources. Every
    /// word of the file is one of them or one a name or heading may be (found in a review, fifth
    /// stop of 2026-11-29: nothing kept the two lists in step).
    @Test("every transcript mark is a bracket mark of SpeakerLabelShape, or a word a label may be")
    func bracketMarksFollowTranscriptMarks() {
        // A speaker may be anonymised as `[Name]:` or be on the phone (`Telefon:`); pause words come in pairs.
        let labelWords: Set<String> = ["kurze", "längere", "lange", "telefon", "handy", "tür", "türklingel", "hintergrund", "aufnahme",
                                       "anonymisiert", "name", "ort", "firmenname", "ortsname", "vorname", "nachname",
                                       "sek.", "sek", "sekunden", "sec", "min.", "minuten"]
        let missing = lists.transcriptMarks.map { $0.lowercased() }.filter {
            !SpeakerLabelShape.transcriptionMarks.contains($0) && !labelWords.contains($0)
        }
        #expect(missing.isEmpty, "add to SpeakerLabelShape.transcriptionMarks, or to this test's words a label may be: \(missing)")
    }

    @Test("abbreviations end with a period, and the final and UD lists are abbreviations")
    func abbreviations() {
        let compact = Set(lists.abbreviations.map { $0.filter { !$0.isWhitespace } })
        for a in lists.abbreviations { #expect(a.hasSuffix("."), "\(a)") }
        for a in lists.sentenceFinalAbbreviations { #expect(compact.contains(a.filter { !$0.isWhitespace }), "\(a)") }
        for a in lists.universalDependenciesAbbreviations { #expect(compact.contains(a.filter { !$0.isWhitespace }), "\(a)") }
    }

    @Test("a list file: one entry per line, # comments, \\# for a literal #, spaces trimmed")
    func parse() {
        let text = "# comment\n  z. B.  \n\nbzw. # trailing comment\n\\#tag\n"
        #expect(GermanLexicon.parseList(text) == ["z. B.", "bzw.", "#tag"])
    }

    @Test("a lexicon built from changed lists tokenizes by them")
    func custom() {
        var changed = lists
        changed.abbreviations.append("Lkrs.")
        let text = "Der Lkrs. Hof"
        let tokens = Tokenizer(lexicon: GermanLexicon(changed)).tokenize(text)
        #expect(TokenizerCheck.surface(text, tokens) == "Der | Lkrs. | Hof")
        #expect(TokenizerCheck.surface(text, Tokenizer().tokenize(text)) == "Der | Lkrs | . | Hof")
    }

    @Test("byte-set lookups agree with set membership", arguments: ["bzw.", "z.B.", "Nr.", "nr.", "", "x", "Oktober"])
    func byteSet(_ word: String) {
        let set = ByteSet(["bzw.", "z.B.", "Nr.", "Oktober"])
        #expect(set.contains(word) == ["bzw.", "z.B.", "Nr.", "Oktober"].contains(word))
    }
}

@Suite("Fast text checks")
struct TextCheckTests {
    @Test(arguments: [
        ("Schöne Straße „mit“ Anführungszeichen – und €", true),
        ("plain ascii text that is long enough to use words", true),
        ("Cafe\u{301}", false),      // combining accent: NFC would compose it
        ("\u{212B}ngström", false),  // Angstrom sign: not NFC
        ("zeile\r\nzwei", false),
    ])
    func normalized(_ c: (String, Bool)) {
        var text = c.0
        let ok = text.withUTF8 { String.isNormalizedLeitbildText(utf8: $0) }
        #expect(ok == c.1)
        if ok { #expect(text.normalizedForLeitbild == text) }
    }

    @Test("invalid UTF-8 is not taken as normalised text", arguments: [[0xC3], [0xFF, 0x41], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80]] as [[UInt8]])
    func invalid(_ bytes: [UInt8]) {
        #expect(bytes.withUnsafeBufferPointer { String.isNormalizedLeitbildText(utf8: $0) } == false)
    }
}

@Suite("Token layout")
struct TokenLayoutTests {
    @Test("a token takes 40 bytes: range first, then the one-byte fields (a million tokens per 6 MB of text)")
    func stride() {
        #expect(MemoryLayout<Token>.stride == 40)
    }
}
