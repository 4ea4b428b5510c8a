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
            """, expectedLine: 5, messageContains: "Did you mean 'Mobilität'?"),
        Case(name: "code without terms", yaml: """
            version: 1
            codes:
              - id: leer
            """, expectedLine: 3, messageContains: "has no terms and can never match"),
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
    ])
    func validation(_ c: Case) {
        do {
            _ = try CodebookLoader.parse(c.yaml, path: "book.yaml")
            Issue.record("expected a validation error")
        } catch {
            let match = error.errors.first { $0.errorDescription?.contains(c.messageContains) == true }
            #expect(match != nil, "\(error.errors.map { $0.errorDescription ?? "" })")
            #expect(match?.line == c.expectedLine)
            #expect(match?.file == "book.yaml")
        }
    }

    @Test("the demo codebook loads")
    func demoCodebook() throws {
        let path = #filePath.replacingOccurrences(of: "Tests/ThemesTests/CodebookValidationTests.swift", with: "corpus/codebook.yaml")
        let book = try CodebookLoader.load(path: path)
        #expect(book.codes.filter { $0.kind == .handlungsfeld }.count >= 12)
        #expect(book.codes.filter { $0.kind == .value }.count >= 6)
        #expect(book.codableCodes.allSatisfy { $0.terms.count >= 15 })
    }
}

import Foundation
