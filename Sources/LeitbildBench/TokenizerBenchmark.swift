import ArgumentParser
import Foundation
import GermanText
import LeitbildCore

/// In-process throughput of the German text stage: tokenizer (both modes), tokenizer plus
/// sentence splitter, the chunked sentence stream and `GermanAnalyzer` over turns, and the cost
/// of loading the word lists. The whole-process figure against the peers comes from
/// `scripts/bench-tokenizers.sh` (the shared kit); this one shows where the time goes.
struct TokenizerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Throughput of the tokenizer, sentence splitter and German analyzer (in-process, one thread).")

    @Option(help: "UTF-8 text to measure on. Default: the `# text` lines of UD German GSD dev and test, 10 sentences per line, repeated to --mb.")
    var file: String?

    @Option(help: "Folder with de_gsd-ud-*.conllu (for the default text).")
    var gsd = "../shared/data/ud-german-gsd"

    @Option(help: "Size of the default text in MB (10^6 bytes).")
    var mb: Double = 5

    @Option(help: "Runs per measurement; the median counts.")
    var runs = 5

    func run() throws {
        let text = try loadText()
        let bytes = Double(text.utf8.count)
        print(String(format: "text: %.2f MB, %d lines; %d runs each, median", bytes / 1e6, text.split(separator: "\n").count, runs))
        print("task                                MB/s      units/s   unit")

        let lexiconTime = median((0..<runs).map { _ in time { _ = GermanLexicon() } })
        print("word lists".padding(toLength: 32, withPad: " ", startingAt: 0)
              + String(format: "%8.2f ms to load and index", lexiconTime * 1000))

        for mode in Tokenizer.Mode.allCases {
            let tokenizer = Tokenizer(mode: mode)
            var count = 0
            let t = median((0..<runs).map { _ in time { count = tokenizer.tokenize(text).count } })
            report("tokenize (\(mode.rawValue))", bytes, t, count, "tokens")
        }

        let tokenizer = Tokenizer()
        let splitter = SentenceSplitter()
        var sentenceCount = 0
        let split = median((0..<runs).map { _ in
            time {
                let tokens = tokenizer.tokenize(text)
                var sentences: [Sentence] = []
                splitter.split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
                sentenceCount = sentences.count
            }
        })
        report("tokenize + split", bytes, split, sentenceCount, "sentences")

        let utf8 = Array(text.utf8)
        var streamed = 0
        let stream = median((0..<runs).map { _ in
            time {
                var stream = SentenceStream()
                var n = 0
                var i = 0
                while i < utf8.count {
                    stream.feed(utf8[i..<min(i + 65536, utf8.count)]) { n += $0.sentences.count }
                    i += 65536
                }
                stream.finish { n += $0.sentences.count }
                streamed = n
            }
        })
        report("sentence stream, 64 KB chunks", bytes, stream, streamed, "sentences")

        let transcript = Self.transcript(text)
        let analyzer = GermanAnalyzer()
        var analyzed = 0
        let analyze = median((0..<runs).map { _ in time { analyzed = analyzer.analyze(transcript).tokens.count } })
        report("GermanAnalyzer (\(transcript.turns.count) turns)", bytes, analyze, analyzed, "tokens")
    }

    private func report(_ task: String, _ bytes: Double, _ seconds: Double, _ units: Int, _ unit: String) {
        print(task.padding(toLength: 32, withPad: " ", startingAt: 0)
              + String(format: "%8.2f %12.0f   ", bytes / seconds / 1e6, Double(units) / seconds) + unit)
    }

    private func loadText() throws -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read '\(file)'. Check the path.")
            }
            return String(decoding: data, as: UTF8.self).normalizedForLeitbild
        }
        var sentences: [Substring] = []
        for name in ["de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"] {
            let path = (gsd as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read '\(path)'. Run from the project root with ../shared beside it, or pass --gsd or --file.")
            }
            let conllu = String(decoding: data, as: UTF8.self)
            sentences += conllu.split(separator: "\n").filter { $0.hasPrefix("# text = ") }.map { $0.dropFirst(9) }
        }
        var lines = ""
        for start in stride(from: 0, to: sentences.count, by: 10) {
            lines += sentences[start..<min(start + 10, sentences.count)].joined(separator: " ") + "\n"
        }
        let repetitions = max(1, Int((mb * 1e6 / Double(lines.utf8.count)).rounded(.up)))
        return String(repeating: lines, count: repetitions)
    }

    /// Every line a respondent turn, as ingestion would hand them over.
    static func transcript(_ text: String) -> Transcript {
        var turns: [Turn] = []
        var scalar = 0
        var utf8 = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let scalars = line.unicodeScalars.count
            let bytes = line.utf8.count
            if bytes > 0 {
                turns.append(Turn(index: turns.count, speakerID: "B", role: .respondent,
                                  range: TextRange(scalars: SourceSpan(start: scalar, end: scalar + scalars), utf8: utf8..<(utf8 + bytes)),
                                  sourceLine: turns.count + 1))
            }
            scalar += scalars + 1
            utf8 += bytes + 1
        }
        return Transcript(id: "bench", source: SourceDocument(path: "bench.txt", format: .plainText, encoding: "UTF-8",
                                                              byteCount: text.utf8.count, textLinesAreSourceLines: true),
                          text: text, speakers: [Speaker(id: "B", label: "B", role: .respondent, roleReason: "benchmark")],
                          turns: turns, metadata: InterviewMetadata(interviewID: "bench"))
    }
}

private func time(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
