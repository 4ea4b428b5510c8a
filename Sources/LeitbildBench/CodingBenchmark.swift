import ArgumentParser
import Foundation
import GermanText
import LeitbildCore
import Themes

/// Theme coding throughput: `ThemeCoder` over analysed transcripts, on one core.
///
/// Text: the `# text` sentences of UD German GSD (../shared/data, read in place) and the
/// plain-text transcripts of the demo corpus, laid out as interviews (one interviewer
/// question, then respondent turns of five sentences). Codebook: the demo codebook's 20 codable
/// codes filled up to `--terms` terms with frequent German words from wordfreq (also read in
/// place), mixing the rules: words, phrases, prefix and suffix globs, exact forms.
///
/// Two figures: `cold` codes the distinct text once with a fresh session (every word analysed
/// once: stem, compound parts, candidate terms); `warm` codes the text repeated to `--mb` with
/// one session, as a batch run does once its vocabulary is known. Tokenizing is not timed.
/// The first cold run also pays for the decompounder's own cache (process-wide), later runs
/// do not; the runs are all printed. Each figure is given as wall-clock MB/s and as MB per CPU
/// second of the coding thread, which a loaded shared machine disturbs much less.
struct CodingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coding",
        abstract: "Theme coding throughput (MB/s of transcript text, one core).")

    @Option(name: .long, help: "Shared data folder.")
    var data: String = "../shared/data"

    @Option(name: .long, help: "Codebook to extend (its codable codes are kept).")
    var codebook: String = "corpus/codebook.yaml"

    @Option(name: .long, help: "Demo transcripts folder (plain-text files are used).")
    var transcripts: String = "corpus/transcripts"

    @Option(name: .long, help: "Total number of terms in the benchmark codebook.")
    var terms: Int = 600

    @Option(name: .long, help: "Megabytes (10^6 bytes) of text for the warm run.")
    var mb: Double = 10

    @Option(name: .long, help: "Timed runs; the median and the best are printed.")
    var runs: Int = 5

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Result: Encodable {
        var codes: Int
        var terms: Int
        var termRules: [String: Int]
        var cold: Figure
        var warm: Figure
        var analyzeAndCodeMBPerSecond: Double
        var compileSeconds: Double
    }
    struct Figure: Encodable {
        var megabytes: Double
        var transcripts: Int
        var tokens: Int
        var distinctWords: Int
        var codedSegments: Int
        /// Wall-clock seconds per run.
        var seconds: [Double]
        /// CPU seconds of the coding thread per run: what one core spends, whatever else runs
        /// on a shared machine.
        var cpuSeconds: [Double]
        /// Median run, wall clock.
        var mbPerSecond: Double
        /// Fastest run, wall clock.
        var bestMBPerSecond: Double
        /// Median run, CPU time of the thread: MB per second of one core.
        var mbPerCPUSecond: Double
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    func run() throws {
        let book = try benchmarkCodebook()
        let sentences = try corpusSentences()
        let compileStart = DispatchTime.now().uptimeNanoseconds
        let coder = ThemeCoder(codebook: book)
        let compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - compileStart) / 1e9
        let analyzer = GermanAnalyzer()

        // Cold: each distinct sentence once, fresh session.
        let coldTranscripts = interviews(from: sentences, targetBytes: 0)
        let coldAnalyzed = coldTranscripts.map(analyzer.analyze)
        let cold = measure(coldAnalyzed, coder: coder, freshSessionEachRun: true)

        // Warm: repeated to --mb, one session that has seen the vocabulary.
        let warmTranscripts = interviews(from: sentences, targetBytes: Int(mb * 1_000_000))
        let warmAnalyzed = warmTranscripts.map(analyzer.analyze)
        let warm = measure(warmAnalyzed, coder: coder, freshSessionEachRun: false)

        // For reference: tokenizing and coding together, cold session.
        let start = DispatchTime.now().uptimeNanoseconds
        let session = coder.makeSession()
        for t in coldTranscripts { _ = session.code(analyzer.analyze(t)) }
        let both = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

        var rules: [String: Int] = [:]
        for code in book.codableCodes {
            for term in code.terms {
                let kind = term.hasPrefix("=") ? "exact" : term.hasSuffix("*") ? "prefix glob" : term.hasPrefix("*") ? "suffix glob" : term.contains(" ") ? "phrase" : "word"
                rules[kind, default: 0] += 1
            }
        }
        let result = Result(codes: book.codableCodes.count, terms: book.codableCodes.reduce(0) { $0 + $1.terms.count }, termRules: rules,
                            cold: cold, warm: warm, analyzeAndCodeMBPerSecond: cold.megabytes / both, compileSeconds: compileSeconds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("coding benchmark: \(result.codes) codes, \(result.terms) terms (\(rules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), compiled in \(String(format: "%.3f", compileSeconds)) s")
            for (name, f) in [("cold", cold), ("warm", warm)] {
                print(String(format: "%@: %.2f MB, %d transcripts, %d tokens, %d distinct words, %d coded segments",
                             name, f.megabytes, f.transcripts, f.tokens, f.distinctWords, f.codedSegments))
                print(String(format: "  wall s %@: median %.2f MB/s, best %.2f MB/s", f.seconds.map { String(format: "%.3f", $0) }.joined(separator: " "),
                             f.mbPerSecond, f.bestMBPerSecond))
                print(String(format: "  cpu s  %@: median %.2f MB per CPU-second (one core)", f.cpuSeconds.map { String(format: "%.3f", $0) }.joined(separator: " "),
                             f.mbPerCPUSecond))
            }
            print(String(format: "tokenize + code, cold session: %.2f MB/s (for reference; tokenizing is the text stage's)", result.analyzeAndCodeMBPerSecond))
        }
    }

    /// Times coding of all transcripts `runs` times; the median run gives MB/s.
    private func measure(_ docs: [AnalyzedTranscript], coder: ThemeCoder, freshSessionEachRun: Bool) -> Figure {
        let bytes = docs.reduce(0) { $0 + $1.transcript.text.utf8.count }
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        var segments = 0, distinct = 0
        let warmSession = coder.makeSession()
        if !freshSessionEachRun { for d in docs { _ = warmSession.code(d) } }
        for _ in 0..<max(1, runs) {
            let session = freshSessionEachRun ? coder.makeSession() : warmSession
            segments = 0
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Self.threadCPUTime()
            for d in docs { segments += session.code(d).segments.count }
            cpuSeconds.append(Self.threadCPUTime() - cpuStart)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            distinct = session.distinctWords
        }
        let sorted = seconds.sorted(), cpuSorted = cpuSeconds.sorted()
        return Figure(megabytes: Double(bytes) / 1e6, transcripts: docs.count, tokens: docs.reduce(0) { $0 + $1.tokens.count },
                      distinctWords: distinct, codedSegments: segments, seconds: seconds, cpuSeconds: cpuSeconds,
                      mbPerSecond: Double(bytes) / 1e6 / sorted[sorted.count / 2], bestMBPerSecond: Double(bytes) / 1e6 / sorted[0],
                      mbPerCPUSecond: Double(bytes) / 1e6 / cpuSorted[cpuSorted.count / 2])
    }

    /// The demo codebook's codable codes, each filled up to an equal share of `terms`.
    private func benchmarkCodebook() throws -> Codebook {
        var book: Codebook
        do { book = try CodebookLoader.load(path: codebook) } catch {
            throw ValidationError(error.localizedDescription)
        }
        book.codes = book.codes.filter(\.isCodable).map { var c = $0; c.parent = nil; return c }
        let perCode = max(1, terms / max(1, book.codes.count))
        let lexicon = ThemeLexicon.shared
        // Frequent content words (longer than 4 letters, not function words), in rank order.
        let words = try String(contentsOfFile: "\(data)/lexicons/wordfreq_3.1.1_small_de.tsv", encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { line -> String? in
                let fields = line.split(separator: "\t")
                guard fields.count > 1 else { return nil }
                let w = String(fields[1])
                guard w.unicodeScalars.count > 4, w.unicodeScalars.allSatisfy(\.properties.isAlphabetic), !lexicon.functionWords.contains(Folding.key(w)) else { return nil }
                return w
            }
        var next = 0
        func word() -> String { defer { next += 1 }; return words[(next * 7) % words.count] }
        for i in book.codes.indices {
            var n = 0
            while book.codes[i].terms.count < perCode {
                n += 1
                let w = word()
                let term: String
                switch n % 10 {
                case 3: term = w.prefix(1).uppercased() + w.dropFirst() + "*"
                case 5: term = "*" + w
                case 7: term = "\(word()) \(w)"
                case 9: term = "=" + w.prefix(1).uppercased() + w.dropFirst()
                default: term = n % 2 == 0 ? w.prefix(1).uppercased() + w.dropFirst() : w
                }
                if !book.codes[i].terms.contains(term) { book.codes[i].terms.append(term) }
            }
        }
        return book
    }

    /// Sentences of UD German GSD and of the demo corpus's plain-text transcripts.
    private func corpusSentences() throws -> [String] {
        var out: [String] = []
        for name in ["de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"] {
            let text = try String(contentsOfFile: "\(data)/ud-german-gsd/\(name)", encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("# text = ") { out.append(String(line.dropFirst(9))) }
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        for file in files {
            guard let text = try? String(contentsOfFile: "\(transcripts)/\(file)", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                // Drop speaker labels and f4 timestamps; keep the words.
                var l = Substring(line)
                if let colon = l.firstIndex(of: ":"), l.distance(from: l.startIndex, to: colon) <= 12 { l = l[l.index(after: colon)...] }
                let cleaned = l.split(separator: "#").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
                if cleaned.count > 20 { out.append(cleaned) }
            }
        }
        return out
    }

    /// Interviews of 40 turns: an interviewer question, then a respondent turn of five sentences.
    /// With `targetBytes` > 0 the sentences repeat until the texts reach that size.
    private func interviews(from sentences: [String], targetBytes: Int) -> [Transcript] {
        var out: [Transcript] = []
        var total = 0
        var index = 0
        repeat {
            var builder = TextBuilder()
            var turns: [Turn] = []
            for t in 0..<40 {
                let role: SpeakerRole = t % 2 == 0 ? .interviewer : .respondent
                let count = role == .interviewer ? 1 : 5
                let text = (0..<count).map { k in sentences[(index + k) % sentences.count] }.joined(separator: " ")
                index += count
                builder.append(role == .interviewer ? "I: " : "B: ")
                let range = builder.append(text)
                builder.append("\n")
                turns.append(Turn(index: t, speakerID: role == .interviewer ? "I" : "B", role: role, range: range, sourceLine: t + 1))
            }
            let id = "bench\(out.count)"
            let source = SourceDocument(path: id + ".txt", format: .plainText, encoding: "UTF-8", byteCount: builder.utf8Count, textLinesAreSourceLines: true)
            out.append(Transcript(id: id, source: source, text: builder.text,
                                  speakers: [Speaker(id: "I", label: "I", role: .interviewer, roleReason: "bench"),
                                             Speaker(id: "B", label: "B", role: .respondent, roleReason: "bench")],
                                  turns: turns, metadata: InterviewMetadata(interviewID: id)))
            total += builder.utf8Count
        } while (targetBytes > 0 && total < targetBytes) || (targetBytes == 0 && index < sentences.count)
        return out
    }
}
