import Foundation
import Testing
@testable import Themes

/// Floors for the figures of `leitbild evaluate` on the CIMT Ottensen data (examples/ottensen):
/// they stop regressions; the figures themselves come from the command.
@Suite("Accuracy floors against human coders (CIMT Ottensen)")
struct OttensenFloorTests {
    static let codebookPath = #filePath.replacingOccurrences(of: "Tests/ThemesTests/OttensenFloorTests.swift", with: "examples/ottensen/codebook.yaml")

    @Test("macro-F1 over the 10 labels with at least 15 examples, and the margin over naive matching", .enabled(if: SharedData.present))
    func floors() throws {
        let book = try CodebookLoader.load(path: Self.codebookPath)
        let data = try LabeledDataset.load(path: SharedData.path("cimt-ottensen/dataset-Ottensen-thematic-d1a.csv"), codebook: book,
                                           textColumns: ["text"], idColumn: "document_id")
        #expect(data.documents.count == 697)
        let leitbild = DocumentEvaluator(codebook: book).evaluate(data, minSupport: 15).report
        let naive = DocumentEvaluator(codebook: book, matcher: .naive).evaluate(data, minSupport: 15).report
        #expect(leitbild.summary.codes == 10)
        let macro = try #require(leitbild.summary.macroF1), micro = try #require(leitbild.summary.microF1)
        let naiveMacro = try #require(naive.summary.macroF1)
        #expect(macro >= 0.80, "macro-F1 \(macro)")
        #expect(micro >= 0.85, "micro-F1 \(micro)")
        #expect(macro - naiveMacro >= 0.08, "leitbild \(macro) vs naive \(naiveMacro)")
    }
}
