/// The inflected forms of a term word, generated from German ending lists.
///
/// Why not Snowball stems: the stemmer strips derivational and plural endings alike and drops
/// umlauts, so "natürlich" meets "Natur", "Gründe" meets "Gründer", "Wände" meets "Wandern" and
/// "wegen" meets "Weg". Matching the forms a word can actually take keeps those apart, and a text
/// word is looked up by its own form, with no stemming per word.
///
/// Forms are compared on the *base fold*: lower case, ß = ss, umlauts without their dots. The
/// dots are checked apart: a term's own umlauts must be in the text ("schön" is not "schon"),
/// and an -er plural of a noun needs the plural umlaut where the stem has a, o, u or au ("Rad" ->
/// "Räder", but "Bau" is not "Bauer"). Other umlauts in the text are accepted, because
/// inflection adds them ("Arzt" -> "Ärzte", "fahren" -> "fährt").
enum Inflection {
    /// How a term word inflects, decided by how the consultant wrote it.
    enum WordClass: Hashable, Sendable {
        /// Capitalised: a noun (singular base form).
        case noun
        /// Lower case: a verb (infinitive) or an adjective, possibly written inflected.
        case other
        /// A word before the last word of a phrase: usually an adjective, written inflected
        /// ("öffentlicher Nahverkehr"), sometimes a noun ("Digitalisierung der Verwaltung").
        case modifier
    }

    /// A form with the umlauts a matching text word must have at those positions.
    struct Form: Hashable, Sendable {
        var key: String
        var umlauts: [CompiledCodebook.UmlautAt]
    }

    static let nounEndings = ["", "e", "en", "n", "s", "es", "se", "sen", "nen", "ns", "in", "innen"]
    /// -er plurals: only with the plural umlaut where the stem can take one.
    static let nounUmlautEndings = ["er", "ern"]
    static let adjectiveEndings = ["", "e", "en", "em", "er", "es", "n", "r", "s", "m",
                                   "ere", "eren", "erem", "erer", "eres",
                                   "st", "ste", "sten", "stem", "ster", "stes", "est", "este", "esten", "estem", "ester", "estes"]
    static let verbEndings = ["e", "st", "t", "et", "est", "te", "test", "ten", "tet", "end", "ende", "enden", "endem", "ender", "endes"]
    static let participleEndings = ["t", "te", "ten", "tem", "ter", "tes", "et", "ete", "eten", "en", "ene", "enen", "ener", "enes"]
    /// Endings stripped from a lower-case term to find the stem its forms grow from.
    static let strippable = ["en", "em", "er", "es", "e", "n"]

    static func wordClass(of text: String, isLastWordOfPhrase: Bool, inPhrase: Bool) -> WordClass {
        if inPhrase && !isLastWordOfPhrase { return .modifier }
        return text.first?.isUppercase == true ? .noun : .other
    }

    /// All forms of a term word (lower case, ß as ss), with umlaut requirements.
    static func forms(of word: String, as wordClass: WordClass) -> [Form] {
        let lower = Array(WordAnalysis.prelude(word.lowercased()))
        var out: [Form] = []
        var seen: Set<Form> = []
        func add(_ scalars: [Unicode.Scalar], extra: CompiledCodebook.UmlautAt? = nil) {
            var umlauts = WordAnalysis.umlauts(in: scalars, upTo: scalars.count)
            if let extra, !umlauts.contains(where: { $0.index == extra.index }) { umlauts.append(extra) }
            let form = Form(key: baseFold(scalars), umlauts: umlauts.sorted { $0.index < $1.index })
            if seen.insert(form).inserted { out.append(form) }
        }
        func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

        if wordClass == .noun || wordClass == .modifier {
            for ending in nounEndings { add(lower + scalars(ending)) }
            let pluralUmlaut = Self.pluralUmlaut(lower)
            for ending in nounUmlautEndings {
                if let pluralUmlaut { add(lower + scalars(ending), extra: pluralUmlaut) } else { add(lower + scalars(ending)) }
            }
        }
        if wordClass == .other || wordClass == .modifier {
            var cores = [lower]
            for ending in strippable {
                let e = scalars(ending)
                if lower.count > e.count + 2, Array(lower.suffix(e.count)) == e { cores.append(Array(lower.dropLast(e.count))) }
            }
            for core in cores {
                for ending in adjectiveEndings { add(core + scalars(ending)) }
                for ending in verbEndings { add(core + scalars(ending)) }
                for ending in participleEndings { add(scalars("ge") + core + scalars(ending)) }
            }
        }
        return out
    }

    /// Female forms of a noun's last compound part, folded: "fahrer" -> "fahrerin"; "arzt" ->
    /// "arztin", "aerztin" (the decompounder gives "Radfahrerinnen" as rad|fahrerin).
    static func femaleLemmaKeys(_ lemma: String) -> [String] {
        let scalars = Array(lemma.lowercased().unicodeScalars)
        var keys = [FastFold.key(lemma.lowercased() + "in")]
        if let u = pluralUmlaut(scalars) {
            var umlauted = scalars
            umlauted[u.index] = u.scalar
            keys.append(FastFold.key(String(String.UnicodeScalarView(umlauted)) + "in"))
        }
        return keys
    }

    /// Where an -er plural puts its umlaut: the last a, o or u of the stem (the a of au).
    static func pluralUmlaut(_ scalars: [Unicode.Scalar]) -> CompiledCodebook.UmlautAt? {
        var i = scalars.count - 1
        while i >= 0 {
            switch scalars[i] {
            case "ä", "ö", "ü", "e", "i", "y": return nil
            case "u" where i > 0 && scalars[i - 1] == "a": return CompiledCodebook.UmlautAt(index: i - 1, scalar: "ä")
            case "u" where i > 0 && scalars[i - 1] == "e": return nil  // eu: no umlaut
            case "a": return CompiledCodebook.UmlautAt(index: i, scalar: "ä")
            case "o": return CompiledCodebook.UmlautAt(index: i, scalar: "ö")
            case "u": return CompiledCodebook.UmlautAt(index: i, scalar: "ü")
            default: i -= 1
            }
        }
        return nil
    }

    /// Lower-case scalars with umlauts undotted, as a string: the lookup key of a form.
    static func baseFold(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        for s in scalars {
            switch s {
            case "ä": out.append("a")
            case "ö": out.append("o")
            case "ü": out.append("u")
            default: out.append(s)
            }
        }
        return String(out)
    }
}
