import Foundation
import GermanText
import Testing

@Suite("CISTEM stemmer (port of Weissweiler & Fraser 2017)")
struct CistemTests {
    @Test("agrees with NLTK's reference implementation on the fixture")
    func fixture() throws {
        let pairs = try TestPaths.pairs(TestPaths.fixtures.appendingPathComponent("cistem-nltk.tsv"))
        #expect(pairs.count > 2_500)
        let stemmer = CistemStemmer()
        let wrong = pairs.filter { stemmer.stem($0.0) != $0.1 }.map { "\($0.0): \($0.1) -> \(stemmer.stem($0.0))" }
        #expect(wrong.isEmpty, "\(wrong.count) disagreements, first: \(wrong.prefix(5))")
    }

    @Test("case matters: a capitalised word keeps its final t", arguments: [
        ("Arbeit", "arbeit"), ("arbeit", "arbei"), ("Speicherbehältern", "speicherbehalt"),
        ("Grenzpostens", "grenzpost"), ("Ausgefeiltere", "ausgefeilt"),
    ])
    func caseSensitive(_ pair: (String, String)) {
        #expect(CistemStemmer().stem(pair.0) == pair.1)
    }

    @Test("case-insensitive mode strips the t of nouns too", arguments: [
        ("Speicherbehältern", "speicherbehal"), ("Grenzpostens", "grenzpo"), ("Ausgefeiltere", "ausgefeil"),
    ])
    func caseInsensitive(_ pair: (String, String)) {
        #expect(CistemStemmer(caseInsensitive: true).stem(pair.0) == pair.1)
    }

    @Test("the line stemmer runs CISTEM on words as written")
    func lineStemmer() throws {
        var stemmer = try #require(LineStemmer(algorithm: .cistem))
        var out: [UInt8] = []
        Array("Arbeit\narbeit\n".utf8).withUnsafeBufferPointer { stemmer.stemLines($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "arbeit\narbei\n")
    }
}
