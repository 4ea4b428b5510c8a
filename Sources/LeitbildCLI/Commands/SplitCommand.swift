import ArgumentParser
import Foundation
import GermanText

/// `leitbild split`: compound parts of German words, or the figures on a gold list.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split German compounds: prints word<TAB>part|part|part (lemmas).",
        discussion: """
        Words come from the arguments, or one per line from standard input. With --evaluate FILE, \
        compares the splits with a gold list (word<TAB>part|part per line, '#' comments; see \
        data/compounds-gold.tsv) and prints precision and recall.
        """)

    @Argument(help: "Words to split. Reads one word per line from standard input when omitted.")
    var words: [String] = []

    @Option(name: .long, help: "Gold list to evaluate against (word<TAB>part|part).")
    var evaluate: String?

    @Flag(name: .long, help: "With --evaluate: also list every word the splitter gets wrong.")
    var showErrors = false

    func run() throws {
        let decompounder = Decompounder()
        if let evaluate {
            let gold = try CompoundGoldList(contentsOf: URL(fileURLWithPath: evaluate))
            let result = gold.evaluate(decompounder)
            var out = StandardOutput()
            out.write(result.report(source: evaluate))
            if showErrors {
                out.write("\nwrong (word: gold -> got):\n")
                for e in result.errors { out.write("  \(e.word): \(e.gold) -> \(e.got)\n") }
            }
            out.flush()
            return
        }
        var out = StandardOutput()
        func emit(_ word: Substring) {
            let w = word.trimmingCharacters(in: .whitespaces)
            guard !w.isEmpty else { return }
            out.write(w); out.write("\t"); out.write(decompounder.splitDescription(w)); out.write("\n")
        }
        if words.isEmpty {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline) { emit(line) }
        } else {
            for w in words { emit(Substring(w)) }
        }
        out.flush()
    }
}
