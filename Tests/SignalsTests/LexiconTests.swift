import Foundation
import GermanText
@testable import Signals
import Testing

@Suite("Signal lexicons")
struct LexiconTests {
    @Test("the built-in lexicons load and hold every kind")
    func builtIn() {
        let lexicon = SignalLexicon.standard
        for kind in CueKind.allCases {
            #expect(lexicon.entries.contains { if case .cue(kind) = $0.role { true } else { false } }, "\(kind)")
        }
        #expect(lexicon.entries.contains { if case .rank = $0.role { true } else { false } })
        #expect(lexicon.clauseWords["aber"]?.contrast == true)
        #expect(lexicon.clauseWords["weil"]?.subordinate == true)
        #expect(lexicon.anaphora.contains("das"))
        // A flagged line of anaphora.txt is no sentence start that refers back.
        #expect(!lexicon.anaphora.contains("also") && lexicon.appositions.contains("ich meine") && lexicon.placeholders.contains("thema"))
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        var file: String
        var line: String
        var fragment: String
        var testDescription: String { "\(file): \(line)" }
    }

    @Test("malformed lines name file, line and the fix", arguments: [
        BadLine(file: "importance.txt", line: "wichtig | sehr", fragment: "neither a weight nor 'verb'"),
        BadLine(file: "importance.txt", line: "wichtig | 2", fragment: "neither a weight nor 'verb'"),
        BadLine(file: "problem.txt", line: ".. fehlt", fragment: "starts with '..'"),
        BadLine(file: "problem.txt", line: "fehlt ..", fragment: "ends with '..'"),
        BadLine(file: "problem.txt", line: "f*hlt", fragment: "malformed word"),
        BadLine(file: "ranking.txt", line: "erstens | eins | after", fragment: "unknown rank"),
        BadLine(file: "ranking.txt", line: "erstens | 1 | vorher", fragment: "unknown scope"),
        BadLine(file: "ranking.txt", line: "erstens | 1", fragment: "three fields"),
        BadLine(file: "modal-particles.txt", line: "aber", fragment: "needs one role"),
        BadLine(file: "modal-particles.txt", line: "aber | partikel", fragment: "needs one role"),
        BadLine(file: "anaphora.txt", line: "thema | platzhalter", fragment: "unknown flag"),
    ])
    func malformed(_ c: BadLine) throws {
        let source = SignalLexicon.resourceDirectory
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let path = (copy as NSString).appendingPathComponent(c.file)
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + c.line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let lineNumber = original.split(separator: "\n", omittingEmptySubsequences: false).count
        do {
            _ = try SignalLexicon(directory: copy)
            Issue.record("no error for '\(c.line)'")
        } catch {
            #expect(error.file == path)
            #expect(error.line == lineNumber)
            #expect(error.localizedDescription.contains(c.fragment), "\(error.localizedDescription)")
        }
    }
}

@Suite("Lexicon patterns: <zahl>")
struct NumberPatternTests {
    @Test("<zahl> matches a number in digits or a number word, nothing else", arguments: [
        ("15", true), ("2,5", true), ("1.000", true), ("0", true), ("zwölf", true), ("Fünfzehn", true), ("eine", true),
        ("fünfundzwanzig", true), ("dreißig", true), ("zweihundert", true),
        ("fünfzehnte", false), ("15er", false), (",5", false), ("", false), ("a1", false), ("zwei2", false), ("zig", false), ("regelmäßig", false), ("fünfunddreißig", true),
    ])
    func number(_ c: (word: String, matches: Bool)) throws {
        let items = try SignalLexicon.pattern("gut <zahl>", line: 1, path: "ignore.txt")
        #expect(items == [.word("gut"), .number])
        let key = Folding.key(c.word)
        let lexicon = SignalLexicon.standard
        #expect(PatternItem.number.matches(key, in: lexicon) == c.matches)
        // Through the matcher, as the signals stage reads a sentence.
        let t = Fixture.signals("B: Der Bus ist gut \(c.word) Prozent voll.")
        #expect((Fixture.signal("mobilitaet", in: t)?.stance == .neutral) == c.matches, "\(c.word)")
    }
}

@Suite("Byte folding")
struct ByteFoldingTests {
    @Test("folds like Folding.key", arguments: ["Straße", "ÄRZTEMANGEL", "Mühle", "Öffentlicher", "GROẞ", "Café", "ÉCOLE", "İstanbul", "Σίσυφος", "a1-B2", "Bürger:innen", "😀x"])
    func same(_ word: String) {
        #expect(ByteFolding.fold(word) == Array(GermanText.Folding.key(word).utf8))
    }
}

@Suite("Byte lower-casing for the reference list")
struct ByteLowercaseTests {
    @Test("lower-cases like String.lowercased()", arguments: ["Straße", "ÄRZTEMANGEL", "Öl", "Über", "Café", "ÉCOLE", "E-Bike", "A93", "Ægir"])
    func same(_ word: String) {
        var copy = word
        let out = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        defer { out.deallocate() }
        guard let shape = copy.withUTF8({ EmergentCollector.lowercase($0, 0..<$0.count, into: out) }) else {
            Issue.record("\(word) did not fit")
            return
        }
        #expect(String(decoding: UnsafeBufferPointer(rebasing: out[..<shape.count]), as: UTF8.self) == word.lowercased())
        #expect(shape.scalars == word.unicodeScalars.count)
        #expect(shape.capital == (word.unicodeScalars.first?.properties.isUppercase ?? false))
        #expect(shape.letters == word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "-" })
        #expect(shape.sharpS == word.contains("ß"))
    }
}
