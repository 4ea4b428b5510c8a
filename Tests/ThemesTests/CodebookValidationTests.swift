import Testing
import Themes

@Suite("Codebook validation messages")
struct CodebookValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var expectedLine: Int?
        var messageContains: String
        var testDescription: String { name }
    }

    @Test("each problem names file, line and key and suggests the fix", arguments: [
        Case(name: "duplicate id", yaml: """
            version: 1
            codes:
              - id: mobil
                terms: [Bus]
              - id: mobil
                terms: [Bahn]
            """, expectedLine: 5, messageContains: "duplicate code id 'mobil' (first defined on line 3)"),
        Case(name: "unknown parent with suggestion", yaml: """
            version: 1
            codes:
              - id: Mobilität
                kind: category
              - id: bus
                parent: Mobilitat
                terms: [Bus]
            """, expectedLine: 6, messageContains: "Did you mean 'Mobilität'?"),  // the parent's line, not the id's (workflow review)
        Case(name: "code without terms", yaml: """
            version: 1
            codes:
              - id: leer
            """, expectedLine: 3, messageContains: "has no terms and can never match"),
        Case(name: "an empty terms list", yaml: """
            version: 1
            codes:
              - id: leer
                name: Leer
                terms: []
            """, expectedLine: 5, messageContains: "has no terms and can never match"),
        Case(name: "empty term", yaml: """
            version: 1
            codes:
              - id: x
                terms: ["Bus", " "]
            """, expectedLine: 4, messageContains: "empty term"),
        Case(name: "wrong version", yaml: """
            version: 2
            codes: []
            """, expectedLine: 1, messageContains: "unsupported codebook version 2"),
        Case(name: "malformed glob: star in the middle", yaml: """
            version: 1
            codes:
              - id: x
                terms:
                  - Bus
                  - Bus*linie
            """, expectedLine: 6, messageContains: "malformed glob 'Bus*linie'"),
        Case(name: "malformed glob: star alone", yaml: """
            version: 1
            codes:
              - id: x
                terms: [Bus, "*"]
            """, expectedLine: 4, messageContains: "malformed glob '*'"),
        Case(name: "malformed glob: exact and glob", yaml: """
            version: 1
            codes:
              - id: x
                terms: ["=WLAN*"]
            """, expectedLine: 4, messageContains: "'=' (exact form) and '*' (glob) exclude each other"),
        Case(name: "term with punctuation can never match", yaml: """
            version: 1
            codes:
              - id: x
                terms:
                  - Bus
                  - Park&Ride
            """, expectedLine: 6, messageContains: "term 'Park&Ride' can never match: '&' is not part of a word"),
        Case(name: "term that is also an exclusion can never match", yaml: """
            version: 1
            codes:
              - id: x
                terms: [Netz, Bus]
                exclude: [Netz]
            """, expectedLine: 4, messageContains: "term 'Netz' of 'x' can never match: it is also listed under 'exclude'"),
        Case(name: "terms of a category can never match", yaml: """
            version: 1
            codes:
              - id: felder
                kind: category
                terms: [Bus]
            """, expectedLine: 5, messageContains: "code 'felder' is a category, so its terms can never match"),
        Case(name: "unknown key with suggestion", yaml: """
            version: 1
            codes:
              - id: x
                terms: [Bus]
                exclusions: [Busen]
            """, expectedLine: 5, messageContains: "exclusions: unknown key in code 'x'. Did you mean 'exclude'?"),
        Case(name: "unknown kind with suggestion", yaml: """
            version: 1
            codes:
              - id: x
                kind: handlungsfelder
                terms: [Bus]
            """, expectedLine: 4, messageContains: "Did you mean 'handlungsfeld'?"),
        Case(name: "context rule for a term the code does not have", yaml: """
            version: 1
            codes:
              - id: x
                terms: [Netz]
                context:
                  - term: Netze
                    require: [Internet]
            """, expectedLine: 6, messageContains: "context: context rule for 'Netze', which is not a term of 'x'. Did you mean 'Netz'?"),
        Case(name: "term listed twice", yaml: """
            version: 1
            codes:
              - id: x
                terms:
                  - Straße
                  - Strasse
            """, expectedLine: 6, messageContains: "'Strasse' is listed twice in 'terms' of 'x' (first on line 5)"),
        Case(name: "parent cycle", yaml: """
            version: 1
            codes:
              - id: a
                parent: b
                terms: [Bus]
              - id: b
                parent: a
                terms: [Bahn]
            """, expectedLine: 3, messageContains: "parent cycle through code 'a'"),
        Case(name: "bad colour", yaml: """
            version: 1
            codes:
              - id: x
                color: blue
                terms: [Bus]
            """, expectedLine: 4, messageContains: "colour 'blue' of 'x' is not #RRGGBB"),
        // YAML syntax: the line where the broken construct starts, not only where the parser gave up.
        Case(name: "unclosed flow list", yaml: """
            version: 1
            codes:
              - id: a
                terms: [Bus, Bahn
              - id: b
                terms: [Rad]
            """, expectedLine: 4, messageContains: "a flow sequence that starts on line 4, column 12: did not find expected ',' or ']' (noticed on line 5"),
        // Found in a first-day review: a term one space short was reported at its code's "- id:".
        Case(name: "a term indented one space short", yaml: """
            version: 1
            codes:
              - id: a
                terms:
                  - Bus
                 - Bahn
              - id: b
                terms: [Rad]
            """, expectedLine: 6, messageContains: "line 6, column 6 does not fit a block mapping that starts on line 3, column 5"),
        Case(name: "a key indented one space more", yaml: """
            version: 1
            codes:
              - id: a
                name: A
                 kind: handlungsfeld
                terms: [Rad]
            """, expectedLine: 5, messageContains: "mapping values are not allowed in this context (line 5, column 10)"),
        Case(name: "no codes", yaml: """
            version: 1
            codes: []
            """, expectedLine: 2, messageContains: "the codebook has no codes"),
        Case(name: "only categories", yaml: """
            version: 1
            codes:
              - id: felder
                kind: category
            """, expectedLine: 3, messageContains: "no code can be coded: every code has kind 'category'"),
        Case(name: "unclosed quote", yaml: """
            version: 1
            codes:
              - id: a
                name: "Mobilität
            """, expectedLine: 4, messageContains: "a quoted scalar that starts on line 4"),
        // Found in a workflow review: a list in one term was told to be written as a phrase.
        Case(name: "a list in one term", yaml: """
            version: 1
            codes:
              - id: a
                terms:
                  - Rufbus, Anrufsammeltaxi
            """, expectedLine: 5, messageContains: "Write each alternative as a term of its own, one '- term' per line"),
        Case(name: "a glob with '*' inside", yaml: """
            version: 1
            codes:
              - id: a
                terms: ["Glasfaser*netz*x"]
            """, expectedLine: 4, messageContains: "e.g. 'Glasfaser*' and '*x'"),
        // Found in a workflow review: Yams's message held the whole mapping, so the whole codebook was printed.
        Case(name: "a key twice", yaml: """
            version: 1
            codes:
              - id: a
                name: Mobilität
                terms: [Bus]
                name: Verkehr
            """, expectedLine: 4, messageContains: "the key 'name' stands twice in one block; the first on line 4, column 5"),
    ])
    func validation(_ c: Case) {
        do {
            _ = try CodebookLoader.parse(c.yaml, path: "book.yaml")
            Issue.record("expected a validation error")
        } catch {
            let match = error.errors.first { $0.errorDescription?.contains(c.messageContains) == true }
            #expect(match != nil, "\(error.errors.map { $0.errorDescription ?? "" })")
            #expect(match?.line == c.expectedLine)
            #expect((match?.errorDescription?.count ?? 0) < 400, "a message, not the file")
            #expect(match?.file == "book.yaml")
        }
    }

    @Test("all problems of a file are reported at once, in line order")
    func allAtOnce() {
        let yaml = """
            version: 1
            codes:
              - id: x
                terms: ["", "Bus*linie"]
              - id: x
                terms: [Bahn]
            """
        do {
            _ = try CodebookLoader.parse(yaml, path: "book.yaml")
            Issue.record("expected validation errors")
        } catch {
            #expect(error.errors.count == 3)
            #expect(error.errors.map(\.line) == [4, 4, 5])
            #expect(error.localizedDescription.hasPrefix("book.yaml:4: terms: empty term in 'terms' of 'x'. Remove the empty entry"))
        }
    }

    @Test("a file of many problems lists the first 20 and counts the rest")
    func manyProblems() {
        let yaml = "version: 1\ncodes:\n" + (1...45).map { "  - id: c\($0)\n" }.joined()
        do {
            _ = try CodebookLoader.parse(yaml, path: "book.yaml")
            Issue.record("expected validation errors")
        } catch {
            #expect(error.errors.count == 45)
            let lines = error.localizedDescription.split(separator: "\n")
            #expect(lines.count == 21)
            #expect(lines.last?.hasPrefix("book.yaml: 25 more problems. Fix the ones above first") == true)
        }
    }

    @Test("a valid codebook keeps terms, exclusions, context rules and include_children")
    func validBook() throws {
        let yaml = """
            version: 1
            name: Test
            codes:
              - id: felder
                kind: category
              - id: digital
                parent: felder
                name: Digitales
                color: "#112233"
                include_children: true
                terms: [Breitband*, =WLAN, '"Open Data"', Netz]
                exclude: [soziales Netz]
                context:
                  - term: Netz
                    require: [Internet, langsam]
              - id: funk
                parent: digital
                terms: [Mobilfunk]
            """
        let book = try CodebookLoader.parse(yaml, path: "b.yaml")
        let digital = try #require(book.code(id: "digital"))
        #expect(digital.terms == ["Breitband*", "=WLAN", "\"Open Data\"", "Netz"])
        #expect(digital.exclusions == ["soziales Netz"])
        #expect(digital.context == [ContextRule(term: "Netz", require: ["Internet", "langsam"])])
        #expect(digital.includeChildren)
        #expect(digital.line == 6)
        #expect(book.descendants(of: "felder").map(\.id) == ["digital", "funk"])
    }

    /// `--codebook DIR//é`: `NSString`, which gave the default name, trapped on such a path on
    /// Linux and stopped `analyze`, `evaluate`, `kwic` and `codebook validate`, `show` and `export`.
    @Test("a codebook without a name is named after its file, also after doubled slashes", arguments: [
        ("corpus/codebook.yaml", "codebook"), ("codebooks//é", "é"), ("/tmp/x//////ü.yaml", "ü"), ("Ä.b.yaml", "Ä.b"), ("/", "/"),
    ])
    func defaultName(_ path: String, _ name: String) throws {
        let book = try CodebookLoader.parse("version: 1\ncodes:\n  - id: mobil\n    name: Mobilität\n    terms: [Bus]\n", path: path)
        #expect(book.name == name)
    }

    @Test("the demo codebook loads")
    func demoCodebook() throws {
        let path = #filePath.replacingOccurrences(of: "Tests/ThemesTests/CodebookValidationTests.swift", with: "corpus/codebook.yaml")
        let book = try CodebookLoader.load(path: path)
        #expect(book.codes.filter { $0.kind == .handlungsfeld }.count >= 12)
        #expect(book.codes.filter { $0.kind == .value }.count >= 6)
        #expect(book.codableCodes.allSatisfy { $0.terms.count >= 15 })
    }

    /// Found in a user review (fifth stop of 2026-11-29): a term listed in two codes passed
    /// `codebook validate` without a word.
    @Test("terms in more than one code are found, folded, once per term, in codebook order")
    func sharedTerms() throws {
        let book = try CodebookLoader.parse("""
            version: 1
            codes:
              - id: mobil
                name: Mobilität
                terms: [Bus, Radweg]
              - id: bildung
                name: Bildung
                terms: [Schule, bus]
              - id: jugend
                name: Jugend
                terms: [Schule, Jugendraum]
            """, path: "c.yaml")
        let shared = book.sharedTerms()
        #expect(shared.map(\.term) == ["Bus", "Schule"])
        #expect(shared.map { $0.codes.map(\.id) } == [["mobil", "bildung"], ["bildung", "jugend"]])
        #expect(shared.first?.codes.first?.line == 3)
    }

    /// Found in a user review (fifth stop of 2026-11-29): a codebook saved by Notepad or Excel on
    /// Windows failed with "The file isn't in the correct format" and no line.
    @Test("a codebook in Windows-1252 or UTF-16 with its mark is read; a file of two encodings is refused with its line",
          arguments: ["utf8", "utf8-bom", "cp1252", "utf16le", "utf16be"])
    func encodings(_ encoding: String) throws {
        let text = "version: 1\ncodes:\n  - id: gesundheit\n    name: Gesundheit & Pflege\n    terms: [Ärztemangel, Hausärztin]\n"
        let data: Data = switch encoding {
        case "utf8": Data(text.utf8)
        case "utf8-bom": Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case "cp1252": text.data(using: .windowsCP1252)!
        case "utf16le": Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        default: Data([0xFE, 0xFF]) + text.data(using: .utf16BigEndian)!
        }
        let path = NSTemporaryDirectory() + "codebook-\(encoding)-\(UUID().uuidString).yaml"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try CodebookLoader.load(path: path)
        #expect(book.codes.first?.terms == ["Ärztemangel", "Hausärztin"])
        #expect(book.codes.first?.name == "Gesundheit & Pflege")
    }

    @Test("a codebook of UTF-8 and Windows-1252 lines, or UTF-16 without its mark, is refused with the line")
    func mixedEncodings() throws {
        let mixed = Data("version: 1\ncodes:\n  - id: a\n    name: Äußeres\n".utf8) + "    terms: [Bürger]\n".data(using: .windowsCP1252)!
        let noMark = "version: 1\ncodes: []\n".data(using: .utf16LittleEndian)!
        for (data, line) in [(mixed, 5), (noMark, 1)] {
            let path = NSTemporaryDirectory() + "codebook-mixed-\(UUID().uuidString).yaml"
            try data.write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect {
                _ = try CodebookLoader.load(path: path)
            } throws: { error in
                guard let errors = error as? CodebookErrors, let first = errors.errors.first else { return false }
                return first.line == line && first.hint.contains("UTF-8")
            }
        }
    }
}

import Foundation
