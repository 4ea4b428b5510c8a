import Foundation
import Signals
import Testing

@Suite("Weights file")
struct SettingsTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("weights-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the built-in weights sum to 1 and cover every component")
    func builtIn() {
        let s = PrioritySettings.standard
        #expect(abs(s.weightSum - 1) < 1e-12)
        for c in PriorityComponent.allCases { #expect(s.weight(c) > 0, "\(c)") }
        #expect(s.bootstrap.resamples == 1000 && s.bootstrap.level == 0.95)
        #expect(s.interviewWeighting == .interview)
    }

    @Test("a file may set only some keys")
    func partial() throws {
        let path = try Self.write("""
        version: 1
        weights:
          ranking: 0.5
        interview_weighting: group
        group_weights:
          Jugend: 2
        bootstrap:
          seed: 7
        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try PrioritySettings.load(path: path)
        #expect(s.weight(.ranking) == 0.5)
        #expect(s.weight(.interviews) == PrioritySettings.standard.weight(.interviews))
        #expect(s.interviewWeighting == .group)
        #expect(s.groupWeight("Jugend") == 2 && s.groupWeight("Senioren") == 1)
        #expect(s.bootstrap.seed == 7 && s.bootstrap.resamples == 1000)
        #expect(s.consensus.correction == .benjaminiHochberg)
        #expect(s.source == path)
    }

    @Test("consensus.correction: the built-in adjusts for the fields tested; 'none' is read", arguments: [
        ("", MultipleTesting.benjaminiHochberg),
        ("consensus:\n  correction: none\n", .none),
        ("consensus:\n  correction: benjamini_hochberg\n", .benjaminiHochberg),
    ])
    func correction(_ text: String, _ expected: MultipleTesting) throws {
        let path = try Self.write("version: 1\n" + text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try PrioritySettings.load(path: path).consensus.correction == expected)
        #expect(PrioritySettings.standard.consensus.correction == .benjaminiHochberg)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int?
        var fragment: String
        var testDescription: String { fragment }
    }

    @Test("mistakes are reported with line and a hint", arguments: [
        BadCase(text: "version: 1\nweights:\n  intervews: 0.3\n", line: 3, fragment: "Did you mean 'interviews'?"),
        BadCase(text: "version: 1\nweights:\n  ranking: -1\n", line: 3, fragment: "out of range"),
        BadCase(text: "version: 1\nweights:\n  ranking: viel\n", line: 3, fragment: "is not a number"),
        BadCase(text: "version: 1\ninterview_weighting: person\n", line: 2, fragment: "use 'interview'"),
        BadCase(text: "version: 2\n", line: 1, fragment: "unsupported version"),
        BadCase(text: "version: 1\nbootstrap:\n  level: 2\n", line: 3, fragment: "out of range"),
        BadCase(text: "version: 1\nweigths:\n  ranking: 1\n", line: 2, fragment: "Did you mean 'weights'?"),
        BadCase(text: "version: 1\nweights: [1, 2]\n", line: 2, fragment: "must be a mapping"),
        BadCase(text: "version: 1\nconsensus:\n  alpha: 0.1\n  correction: bonferroni\n", line: 4, fragment: "use 'benjamini_hochberg'"),
        BadCase(text: "version: 1\nconsensus:\n  conflict_min_interviews: 0\n", line: 3, fragment: "out of range"),
    ])
    func errors(_ c: BadCase) throws {
        let path = try Self.write(c.text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try PrioritySettings.load(path: path)
            Issue.record("no error for \(c.text)")
        } catch {
            #expect(error.line == c.line)
            #expect(error.localizedDescription.contains(c.fragment), "\(error.localizedDescription)")
            #expect(error.localizedDescription.hasPrefix(path))
        }
    }

    @Test("emergent.ignore: a list of words; an empty value is an empty list; other emergent keys keep the built-in values", arguments: [
        ("emergent:\n  ignore:\n    - Frankenwald\n    - Höllental\n", ["Frankenwald", "Höllental"]),
        ("emergent:\n  ignore: [Frankenwald, Sparneck]\n", ["Frankenwald", "Sparneck"]),
        ("emergent:\n  ignore: []\n", []),
        ("emergent:\n  ignore:\n", []),
        ("emergent:\n  max_terms: 5\n", []),
    ])
    func ignoreList(_ c: (String, [String])) throws {
        let path = try Self.write(c.0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try PrioritySettings.load(path: path)
        #expect(s.emergent.ignore == c.1)
        #expect(s.emergent.minKeyness == PrioritySettings.standard.emergent.minKeyness)
        #expect(s.emergent.examples == PrioritySettings.standard.emergent.examples)
        #expect(s.weights == PrioritySettings.standard.weights)
    }

    @Test("a YAML syntax error names the line where the broken list starts")
    func yamlSyntax() throws {
        let path = try Self.write("version: 1\nemergent:\n  ignore: [Frankenwald,\n    Höllental\nweights:\n  groups: 0.2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try PrioritySettings.load(path: path)
            Issue.record("expected a YAML error")
        } catch {
            #expect(error.line == 3, "\(error)")
            #expect(error.localizedDescription.contains("a flow sequence that starts on line 3"), "\(error.localizedDescription)")
        }
    }

    @Test("the built-in ignore list is empty")
    func builtInIgnore() {
        #expect(PrioritySettings.standard.emergent.ignore.isEmpty)
    }

    struct IgnoreCase: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var key: String
        var fragment: String
        var testDescription: String { fragment }
    }

    @Test("an ignore list that is not a list of words is an error naming file, line and key", arguments: [
        IgnoreCase(text: "emergent:\n  ignore: Frankenwald\n", line: 2, key: "emergent.ignore", fragment: "must be a list of words"),
        IgnoreCase(text: "emergent:\n  ignore:\n    Frankenwald: 1\n", line: 3, key: "emergent.ignore", fragment: "must be a list of words"),
        IgnoreCase(text: "emergent:\n  ignore:\n    - Frankenwald\n    - [Höllental, Sparneck]\n", line: 4, key: "emergent.ignore",
                   fragment: "has an entry that is not a word"),
        IgnoreCase(text: "emergent:\n  ignore:\n    - {Höllental: 1}\n", line: 3, key: "emergent.ignore", fragment: "has an entry that is not a word"),
        IgnoreCase(text: "emergent:\n  ignore:\n    - \"\"\n", line: 3, key: "emergent.ignore", fragment: "has an empty entry"),
        IgnoreCase(text: "emergent:\n  ignore: [Frankenwald, ~]\n", line: 2, key: "emergent.ignore", fragment: "has an empty entry"),
        IgnoreCase(text: "emergent:\n  ignore:\n    - null\n", line: 3, key: "emergent.ignore", fragment: "has an empty entry"),
        IgnoreCase(text: "emergent:\n  ignroe: [Frankenwald]\n", line: 2, key: "ignroe", fragment: "Did you mean 'ignore'?"),
    ])
    func ignoreErrors(_ c: IgnoreCase) throws {
        let path = try Self.write(c.text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try PrioritySettings.load(path: path)
        } throws: { error in
            guard let error = error as? SignalsError else { return false }
            let message = error.localizedDescription
            return error.file == path && error.line == c.line && error.key == c.key
                && message.hasPrefix("\(path):\(c.line): ") && message.contains("('\(c.key)')") && message.contains(c.fragment)
        }
    }

    @Test("all-zero weights are refused")
    func zero() throws {
        let zeros = PriorityComponent.allCases.map { "  \($0.rawValue): 0" }.joined(separator: "\n")
        let path = try Self.write("version: 1\nweights:\n\(zeros)\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SignalsError.self) { try PrioritySettings.load(path: path) }
    }
}
