import Foundation
import GermanText
import Testing

@Suite("Snowball German stemmer (libstemmer 2.2.0, classic 2009 algorithm)")
struct StemmerTests {
    @Test("agrees with the classic 2009 vocabulary on every word", .enabled(if: TestPaths.hasSharedData))
    func classicVocabulary() throws {
        let dir = TestPaths.sharedData.appendingPathComponent("snowball-german/classic_2009")
        let words = try String(contentsOf: dir.appendingPathComponent("voc.txt"), encoding: .utf8).split(separator: "\n")
        let stems = try String(contentsOf: dir.appendingPathComponent("output.txt"), encoding: .utf8).split(separator: "\n")
        #expect(words.count == 35_033)
        #expect(words.count == stems.count)
        let stemmer = try #require(SnowballStemmer())
        var wrong: [String] = []
        for (word, expected) in zip(words, stems) where stemmer.stem(word) != expected {
            wrong.append("\(word): \(expected) -> \(stemmer.stem(word))")
        }
        #expect(wrong.isEmpty, "\(wrong.count) disagreements, first: \(wrong.prefix(5))")
    }

    @Test("the line stemmer gives the same stems, from its cache too", .enabled(if: TestPaths.hasSharedData))
    func lineStemmerMatches() throws {
        let dir = TestPaths.sharedData.appendingPathComponent("snowball-german/classic_2009")
        let input = try Data(contentsOf: dir.appendingPathComponent("voc.txt"))
        let expected = try Data(contentsOf: dir.appendingPathComponent("output.txt"))
        var stemmer = try #require(LineStemmer(algorithm: .snowball))
        var once: [UInt8] = []
        input.withUnsafeBytes { stemmer.stemLines($0.bindMemory(to: UInt8.self), into: &once) }
        #expect(once.elementsEqual(expected))
        var twice: [UInt8] = []
        input.withUnsafeBytes { stemmer.stemLines($0.bindMemory(to: UInt8.self), into: &twice) }
        #expect(twice == once)
        #expect(stemmer.distinctWords == 35_033)
    }

    @Test("line handling: CRLF, empty lines, no final newline, upper case lowered", arguments: [
        ("häuser\r\nDarüber\n\naalglatten", "haus\ndarub\n\naalglatt\n"),
        ("", ""),
        ("\n", "\n"),
        ("HÄUSER\n", "haus\n"),
    ])
    func lines(_ pair: (String, String)) throws {
        var stemmer = try #require(LineStemmer(algorithm: .snowball))
        var out: [UInt8] = []
        Array(pair.0.utf8).withUnsafeBufferPointer { stemmer.stemLines($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == pair.1)
    }
}
