import GermanText
import LeitbildCore
import Testing
@testable import Themes

/// The compound rule with the real German decompounder (GermanText), on the words the issue names.
@Suite("Rule: compounds with the German decompounder")
struct DecompounderMatchingTests {
    static func matched(_ text: String, _ terms: [String], exclude: [String] = []) -> [String] {
        let t = Fixture.respondent(text)
        let book = Fixture.book(terms: terms, exclude: exclude)
        let coded = ThemeCoder(codebook: book).code(GermanAnalyzer().analyze(t))
        return coded.segments.flatMap { $0.codes.flatMap(\.matches) }.map { String(t.text(of: $0.range)) }
    }

    @Test("head or modifier", arguments: [
        MatchCase(["Arzt"], "Die Hausarztpraxis schließt.", ["Hausarztpraxis"]),
        MatchCase(["Arzt"], "Der Ärztemangel ist groß.", ["Ärztemangel"]),
        MatchCase(["Arzt"], "Der Aerztemangel ist groß.", ["Aerztemangel"]),
        MatchCase(["Weg"], "Das Radwegenetz hat Lücken.", ["Radwegenetz"]),
        MatchCase(["Radweg"], "Das Radwegenetz hat Lücken.", ["Radwegenetz"]),
        MatchCase(["Rad"], "Ein Lastenrad wäre gut, und mehr Fahrradparkplätze.", ["Lastenrad", "Fahrradparkplätze"]),
        MatchCase(["Platz"], "Es fehlen Arbeitsplätze.", ["Arbeitsplätze"]),
        MatchCase(["Parkplatz"], "Mehr Anwohnerparkplätze!", ["Anwohnerparkplätze"]),
        MatchCase(["Glasfaser"], "Das Glasfasernetz kommt.", ["Glasfasernetz"]),
        MatchCase(["Breitband*"], "Das Landesbreitbandprogramm hilft.", ["Landesbreitbandprogramm"]),
        MatchCase(["*versorgung"], "Die Gesundheitsversorgungen sind knapp.", ["Gesundheitsversorgungen"]),
        MatchCase(["öffentlicher Nahverkehr"], "Ein öffentliches Nahverkehrsangebot fehlt.", ["öffentliches Nahverkehrsangebot"]),
        MatchCase(["Museum"], "Die Museen sind zu.", ["Museen"]),
        MatchCase(["Radfahrer"], "Viele Radfahrerinnen fahren hier.", ["Radfahrerinnen"]),
        MatchCase(["Fahrer"], "Die Radfahrerinnen klagen.", ["Radfahrerinnen"]),
    ])
    func positive(_ c: MatchCase) {
        #expect(Self.matched(c.text, c.terms, exclude: c.exclude) == c.expected, "\(c.testDescription)")
    }

    @Test("never inside unrelated words", arguments: [
        MatchCase(["Rad"], "Im Radio lief es.", []),
        MatchCase(["Rad"], "Das Bad ist neu.", []),
        MatchCase(["Rad"], "Es hat 30 Grad.", []),
        MatchCase(["rot"], "Das Brot ist teuer.", []),
        MatchCase(["Zug"], "Der Zugang ist frei.", []),
        MatchCase(["Natur"], "Natürlich geht das.", []),
        MatchCase(["Wirtschaft"], "Die Landwirtschaftsförderung läuft.", [], exclude: ["Landwirtschaft"]),
        MatchCase(["Bahn"], "Die Fahrbahnbreite reicht.", [], exclude: ["Fahrbahn"]),
    ])
    func negative(_ c: MatchCase) {
        #expect(Self.matched(c.text, c.terms, exclude: c.exclude) == c.expected, "\(c.testDescription)")
    }
}

@Suite("Rule: lower-case terms (verbs, adjectives) match whole words only")
struct VerbCompoundTests {
    @Test("cases", arguments: [
        MatchCase(["fahren"], "Die Fahrräder stehen im Weg.", []),
        MatchCase(["fahren"], "Die Fahrbahn ist eng.", []),
        MatchCase(["fahren"], "Wir fahren mit dem Rad.", ["fahren"]),
        MatchCase(["Fahr*"], "Die Fahrbahn ist eng.", ["Fahrbahn"]),
    ])
    func cases(_ c: MatchCase) {
        #expect(DecompounderMatchingTests.matched(c.text, c.terms) == c.expected, "\(c.testDescription)")
    }
}

@Suite("The decompounding filter never hides a match")
struct PartFilterTests {
    @Test("every word of UD German GSD test whose parts match a term of the demo codebook passes the filter", .enabled(if: SharedData.present))
    func noLostMatches() throws {
        let book = CompiledCodebook(codebook: try demoCodebook(), lexicon: .shared, splitter: GermanCompoundSplitter())
        let path = SharedData.path("ud-german-gsd/de_gsd-ud-test.conllu")
        var words = Set<String>()
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where line.hasPrefix("# text = ") {
            for w in line.dropFirst(9).split(whereSeparator: { !$0.isLetter && $0 != "-" }) { words.insert(String(w)) }
        }
        #expect(words.count > 5000)
        var lost: [String] = []
        var skipped = 0
        for word in words.sorted() {
            let keys = WordAnalysis.parts(of: word, splitter: GermanCompoundSplitter()).map(\.key)
            var matches = false
            for i in keys.indices {
                var key = ""
                for j in i..<keys.count {
                    key += (j == i ? "" : "|") + keys[j]
                    // Lower-case terms match whole words through their forms, not through lemmas.
                    if let ids = book.lemmaIndex[key], ids.contains(where: book.compoundPatterns.contains) { matches = true }
                }
            }
            let passes = WordAnalysis.mayMatchInside(word.lowercased(), book: book)
            if matches && !passes { lost.append(word) }
            if !passes { skipped += 1 }
        }
        #expect(lost.isEmpty, "\(lost.prefix(20))")
        // And it is worth having: most words skip the decompounder.
        #expect(skipped * 2 > words.count)
    }
}
