import Foundation

/// A list of words with their gold splits, for measuring the decompounder.
///
/// File format (UTF-8): one word per line, `word<TAB>lemma|lemma|...[<TAB>phenomenon]`; `#`
/// starts a comment. A word whose gold has one part is a non-compound that must not be split.
/// The phenomenon (e.g. `link-s`, `umlaut-plural`, `three-part`, `non-compound`) groups the
/// figures.
public struct CompoundGoldList: Sendable {
    public struct Entry: Sendable, Hashable {
        public var word: String
        public var parts: [String]
        public var phenomenon: String
        public var line: Int
    }

    /// A malformed gold list: says which file and line and what to fix.
    public struct FormatError: LocalizedError, Sendable {
        public var path: String
        public var line: Int
        public var problem: String
        public var errorDescription: String? { "\(path):\(line): \(problem)" }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads a gold list; throws `FormatError` for a malformed line or an unreadable file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FormatError(path: url.path, line: 0, problem: "cannot read the gold list (\(error.localizedDescription)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(path: url.path, line: 0, problem: "not UTF-8; save the gold list as UTF-8")
        }
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if content.allSatisfy(\.isWhitespace) { continue }
            let fields = content.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw FormatError(path: url.path, line: index + 1, problem: "expected 'word<TAB>part|part[<TAB>phenomenon]', got '\(line)'")
            }
            let parts = fields[1].split(separator: "|", omittingEmptySubsequences: false).map { $0.lowercased() }
            guard !parts.contains(where: \.isEmpty) else {
                throw FormatError(path: url.path, line: index + 1, problem: "empty part in '\(fields[1])'; write parts as 'haus|arzt'")
            }
            let phenomenon = fields.count > 2 && !fields[2].isEmpty ? fields[2] : (parts.count > 1 ? "compound" : "non-compound")
            entries.append(Entry(word: fields[0], parts: parts, phenomenon: phenomenon, line: index + 1))
        }
        self.entries = entries
    }

    /// Splits every word and compares with the gold.
    public func evaluate(_ decompounder: Decompounder) -> CompoundEvaluation {
        var evaluation = CompoundEvaluation()
        for entry in entries {
            let got = decompounder.split(entry.word).map(\.lemma)
            evaluation.add(gold: entry.parts, got: got, word: entry.word, phenomenon: entry.phenomenon)
        }
        return evaluation
    }
}

/// Precision and recall of a decompounder on a gold list.
///
/// Split level (Koehn & Knight 2003): a compound is split correctly when every part's lemma
/// matches the gold (compared with `Folding.key`). Precision = correct splits / all words that
/// were split; recall = correct splits / all gold compounds. Part level: parts matched in
/// order (longest common subsequence) over parts predicted and over gold parts, so a wrong
/// lemma costs one part, not the word.
public struct CompoundEvaluation: Sendable {
    public struct Counts: Sendable {
        public var words = 0
        public var goldCompounds = 0
        public var predictedSplits = 0
        public var correctSplits = 0
        public var exact = 0
        public var falseSplits = 0       // non-compounds that were split
        public var missedSplits = 0      // compounds left whole
        public var goldParts = 0
        public var predictedParts = 0
        public var matchedParts = 0

        public var precision: Double { predictedSplits == 0 ? 0 : Double(correctSplits) / Double(predictedSplits) }
        public var recall: Double { goldCompounds == 0 ? 0 : Double(correctSplits) / Double(goldCompounds) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        public var partPrecision: Double { predictedParts == 0 ? 0 : Double(matchedParts) / Double(predictedParts) }
        public var partRecall: Double { goldParts == 0 ? 0 : Double(matchedParts) / Double(goldParts) }
        public var accuracy: Double { words == 0 ? 0 : Double(exact) / Double(words) }
    }

    public struct Miss: Sendable {
        public var word: String
        public var gold: String
        public var got: String
    }

    public var total = Counts()
    public var byPhenomenon: [String: Counts] = [:]
    public var errors: [Miss] = []

    mutating func add(gold: [String], got: [String], word: String, phenomenon: String) {
        let g = gold.map { Folding.key($0) }
        let p = got.map { Folding.key($0) }
        let compound = g.count > 1
        let split = p.count > 1
        // A non-compound is right when it stays whole, whatever lemma it gets.
        let exact = compound ? g == p : !split
        let matched = compound || split ? Self.lcs(g, p) : 1
        func update(_ c: inout Counts) {
            c.words += 1
            if compound { c.goldCompounds += 1 }
            if split { c.predictedSplits += 1 }
            if compound, split, exact { c.correctSplits += 1 }
            if exact { c.exact += 1 }
            if !compound, split { c.falseSplits += 1 }
            if compound, !split { c.missedSplits += 1 }
            c.goldParts += g.count
            c.predictedParts += p.count
            c.matchedParts += matched
        }
        update(&total)
        update(&byPhenomenon[phenomenon, default: Counts()])
        if !exact { errors.append(Miss(word: word, gold: gold.joined(separator: "|"), got: got.joined(separator: "|"))) }
    }

    private static func lcs(_ a: [String], _ b: [String]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var previous = 0
            for (j, y) in b.enumerated() {
                let saved = row[j + 1]
                row[j + 1] = x == y ? previous + 1 : max(row[j + 1], row[j])
                previous = saved
            }
        }
        return row[b.count]
    }

    /// The figures as a plain-text table (deterministic: phenomena sorted by name).
    public func report(source: String) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
        var s = "Decompounding on \(source): \(total.words) words, \(total.goldCompounds) compounds, \(total.words - total.goldCompounds) non-compounds\n"
        s += "split precision \(pct(total.precision)) %  recall \(pct(total.recall)) %  F1 \(pct(total.f1)) %  (correct splits \(total.correctSplits), words split \(total.predictedSplits))\n"
        s += "part precision \(pct(total.partPrecision)) %  part recall \(pct(total.partRecall)) %  exact \(pct(total.accuracy)) %\n"
        s += "non-compounds split by mistake: \(total.falseSplits); compounds left whole: \(total.missedSplits)\n\n"
        s += "phenomenon".padding(toLength: 18, withPad: " ", startingAt: 0) + "  words  split-P  split-R  part-P  part-R  exact  false-splits\n"
        for (name, c) in byPhenomenon.sorted(by: { $0.key < $1.key }) {
            let cols = [String(c.words), c.predictedSplits == 0 ? "-" : pct(c.precision), c.goldCompounds == 0 ? "-" : pct(c.recall),
                        pct(c.partPrecision), pct(c.partRecall), pct(c.accuracy), String(c.falseSplits)]
            s += name.padding(toLength: 18, withPad: " ", startingAt: 0)
            let widths = [7, 9, 9, 8, 8, 7, 14]
            for (col, w) in zip(cols, widths) { s += String(repeating: " ", count: max(0, w - col.count)) + col }
            s += "\n"
        }
        return s
    }
}
