@testable import Pipeline
import Testing

/// A run compiles the codebook beside reading cached files when it may have a file to code: one
/// that the last run's list of files lacks, or when there is no such list.
@Suite("Compiling the codebook early")
struct CodebookPrewarmTests {
    @Test("a file the last run did not list, or no list at all, may be coded", arguments: [
        (["a.txt", "b.txt"], nil, true),                     // no report manifest or no quick record
        (["a.txt", "b.txt"], ["a.txt", "b.txt"], false),      // the same files
        (["a.txt"], ["a.txt", "b.txt"], false),               // one removed
        (["a.txt", "b.txt", "c.txt"], ["a.txt", "b.txt"], true),  // one added (last)
        (["0.txt", "a.txt", "b.txt"], ["a.txt", "b.txt"], true),  // one added (first)
        (["./a.txt"], ["a.txt"], true),                       // spelled otherwise: not known, so compiled
        ([], nil, true),
        ([], [], false),
    ] as [([String], [String]?, Bool)])
    func mayCode(files: [String], listed: [String]?, expected: Bool) {
        #expect(AnalysisPipeline.mayCode(files, listed: listed) == expected)
    }
}
