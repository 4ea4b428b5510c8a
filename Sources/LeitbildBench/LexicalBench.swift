import ArgumentParser
import Foundation
import GermanText

/// `leitbild-bench lexical`: load time of the German word lists and decompounding speed.
struct LexicalBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexical",
        abstract: "Time loading the decompounder's lexicon and splitting words (release build).",
        discussion: """
        Words come from FILE (one per line); without it, from the words of \
        ../shared/data/ud-german-gsd/*.conllu. Prints the load time, uncached splits per second \
        (every distinct word once, a fresh cache) and cached splits per second (the same words again).
        """)

    @Argument(help: "Word list, one word per line (default: the words of UD German GSD).")
    var file: String?

    @Option(name: .long, help: "Repeat the cached pass this many times.")
    var rounds = 20

    func run() throws {
        let words = try loadWords()
        guard !words.isEmpty else { throw ValidationError("no words to split; give a word list") }

        let t0 = DispatchTime.now()
        let lexicon = CompoundLexicon.shared
        let load = seconds(since: t0)

        let decompounder = Decompounder(lexicon: lexicon)
        let t1 = DispatchTime.now()
        var parts = 0
        for w in words { parts += decompounder.split(w).count }
        let uncached = seconds(since: t1)

        let t2 = DispatchTime.now()
        for _ in 0..<rounds { for w in words { parts &+= decompounder.split(w).count } }
        let cached = seconds(since: t2)

        let split = Set(words).filter { decompounder.split($0).count > 1 }.count
        print("lexicon: \(lexicon.count) words, loaded in \(format(load * 1000)) ms (stop words and frequencies included)")
        print("uncached: \(words.count) distinct words in \(format(uncached)) s = \(Int(Double(words.count) / uncached)) words/s (\(split) split)")
        print("cached:   \(words.count * rounds) lookups in \(format(cached)) s = \(Int(Double(words.count * rounds) / cached)) words/s")
    }

    private func loadWords() throws -> [String] {
        if let file {
            let text = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
            return Array(Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        }
        let dir = URL(fileURLWithPath: "../shared/data/ud-german-gsd")
        var words = Set<String>()
        for name in ["de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"] {
            let url = dir.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ValidationError("cannot read \(url.path); run from the project root next to ../shared, or give a word list")
            }
            for line in text.split(separator: "\n") where line.first?.isNumber == true {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
                if cols.count > 1, cols[1].allSatisfy(\.isLetter) { words.insert(String(cols[1])) }
            }
        }
        return words.sorted()
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    private func format(_ x: Double) -> String { String(format: "%.3f", x) }
}
