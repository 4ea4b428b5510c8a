import Foundation
import GermanText
import LeitbildCore

/// Counts of one binary decision (code assigned or not) against a gold standard.
public struct BinaryCounts: Hashable, Codable, Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0

    public init() {}

    public mutating func add(gold: Bool, predicted: Bool) {
        switch (gold, predicted) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (true, false): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    public static func + (a: BinaryCounts, b: BinaryCounts) -> BinaryCounts {
        var c = BinaryCounts()
        c.truePositives = a.truePositives + b.truePositives
        c.falsePositives = a.falsePositives + b.falsePositives
        c.falseNegatives = a.falseNegatives + b.falseNegatives
        c.trueNegatives = a.trueNegatives + b.trueNegatives
        return c
    }

    public var total: Int { truePositives + falsePositives + falseNegatives + trueNegatives }
    public var support: Int { truePositives + falseNegatives }
    public var predicted: Int { truePositives + falsePositives }

    /// nil when nothing was predicted.
    public var precision: Double? { predicted == 0 ? nil : Double(truePositives) / Double(predicted) }
    /// nil when the gold standard has no positive.
    public var recall: Double? { support == 0 ? nil : Double(truePositives) / Double(support) }
    /// 0 when there are positives on either side but no agreement; nil when both sides are empty.
    public var f1: Double? {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? nil : Double(2 * truePositives) / Double(denominator)
    }
    /// Share of units where both sides agree.
    public var agreement: Double? { total == 0 ? nil : Double(truePositives + trueNegatives) / Double(total) }
    /// Cohen's kappa for two raters and one binary category; nil when chance agreement is 1
    /// (both raters constant), where kappa is undefined.
    public var kappa: Double? {
        guard total > 0 else { return nil }
        let n = Double(total)
        let po = Double(truePositives + trueNegatives) / n
        let goldYes = Double(support) / n, predYes = Double(predicted) / n
        let pe = goldYes * predYes + (1 - goldYes) * (1 - predYes)
        return pe >= 1 ? nil : (po - pe) / (1 - pe)
    }
}

/// The figures of one code.
public struct CodeEvaluation: Hashable, Codable, Sendable {
    public var codeID: String
    /// The gold column (CSV) or the human code name (`.qdpx`) it was compared with.
    public var gold: String
    public var counts: BinaryCounts
    /// Whether the code is in the micro and macro averages (support ≥ the minimum).
    public var averaged: Bool
    public var precision: Double? { counts.precision }
    public var recall: Double? { counts.recall }
    public var f1: Double? { counts.f1 }
    public var kappa: Double? { counts.kappa }

    enum CodingKeys: String, CodingKey { case codeID, gold, counts, averaged, precision, recall, f1, kappa, support }

    public init(codeID: String, gold: String, counts: BinaryCounts, averaged: Bool) {
        self.codeID = codeID
        self.gold = gold
        self.counts = counts
        self.averaged = averaged
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        codeID = try c.decode(String.self, forKey: .codeID)
        gold = try c.decode(String.self, forKey: .gold)
        counts = try c.decode(BinaryCounts.self, forKey: .counts)
        averaged = try c.decode(Bool.self, forKey: .averaged)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(codeID, forKey: .codeID)
        try c.encode(gold, forKey: .gold)
        try c.encode(counts, forKey: .counts)
        try c.encode(averaged, forKey: .averaged)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
        try c.encode(kappa, forKey: .kappa)
        try c.encode(counts.support, forKey: .support)
    }
}

/// Averages over the codes that are `averaged`.
public struct EvaluationSummary: Hashable, Codable, Sendable {
    /// Codes in the micro and macro averages.
    public var codes: Int
    /// All codes compared (agreement and pooled kappa count every decision).
    public var allCodes: Int
    public var microPrecision: Double?
    public var microRecall: Double?
    public var microF1: Double?
    public var macroF1: Double?
    /// Kappa of all (unit, code) decisions pooled, over all codes.
    public var pooledKappa: Double?
    /// Share of all (unit, code) decisions on which both sides agree, over all codes.
    public var agreement: Double?

    public init(_ rows: [CodeEvaluation]) {
        let used = rows.filter(\.averaged)
        let pooled = used.reduce(BinaryCounts()) { $0 + $1.counts }
        codes = used.count
        microPrecision = pooled.precision
        microRecall = pooled.recall
        microF1 = pooled.f1
        let f1s = used.compactMap(\.f1)
        macroF1 = f1s.isEmpty ? nil : f1s.reduce(0, +) / Double(f1s.count)
        let everything = rows.reduce(BinaryCounts()) { $0 + $1.counts }
        allCodes = rows.count
        pooledKappa = everything.kappa
        agreement = everything.agreement
    }
}

/// One document of a labelled data set (a CSV row): its text and the codes human coders gave it.
public struct LabeledDocument: Hashable, Sendable {
    public var id: String
    public var text: String
    public var labels: Set<String>
    /// 1-based line in the file, for messages.
    public var line: Int
    public init(id: String, text: String, labels: Set<String>, line: Int) {
        self.id = id
        self.text = text
        self.labels = labels
        self.line = line
    }
}

/// A labelled CSV data set: documents and which codebook code each 0/1 column belongs to.
public struct LabeledDataset: Sendable {
    public var path: String
    public var documents: [LabeledDocument]
    /// Code id -> the column holding its human labels.
    public var columns: [String: String]
    /// 0/1 columns that no code of the codebook claims.
    public var unmatchedColumns: [String]

    /// An evaluation data set that cannot be read: names file, line and what to do.
    public struct LoadError: Error, LocalizedError, Sendable {
        public var message: String
        public var errorDescription: String? { message }
    }

    /// Reads a CSV with a text column (or several, joined by a blank line), an optional id
    /// column, and one 0/1 column per code, matched by code id or name (case and umlaut spelling folded).
    public static func load(path: String, codebook: Codebook, textColumns: [String], idColumn: String?) throws(LoadError) -> LabeledDataset {
        let raw: String
        do { raw = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LoadError(message: "\(path): cannot read: \(error.reasonClause). Check the path.")
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(raw.normalizedForLeitbild) } catch {
            throw LoadError(message: "\(path):\(error.line): \(error.message). Close the quoted field.")
        }
        guard let header = records.first?.fields else { throw LoadError(message: "\(path): the file is empty. Give a CSV with a header row.") }
        func column(_ name: String, _ what: String) throws(LoadError) -> Int {
            if let i = header.firstIndex(of: name) { return i }
            let suggestion = CodebookLoader.closest(name, among: header)
            throw LoadError(message: "\(path):1: no \(what) column '\(name)'. " + (suggestion.map { "Did you mean '\($0)'?" } ?? "Columns: \(header.joined(separator: ", "))"))
        }
        var textIndices: [Int] = []
        for name in textColumns { textIndices.append(try column(name, "text")) }
        let idIndex = try idColumn.map { name throws(LoadError) in try column(name, "id") }

        var columns: [String: String] = [:]
        var labelIndex: [String: Int] = [:]
        let folded = header.map { Folding.key($0.trimmingWhitespace()) }
        for code in codebook.codableCodes {
            if let i = folded.firstIndex(of: Folding.key(code.id)) ?? folded.firstIndex(of: Folding.key(code.name)) {
                columns[code.id] = header[i]
                labelIndex[code.id] = i
            }
        }
        let claimed = Set(labelIndex.values).union(textIndices).union(idIndex.map { [$0] } ?? [])
        var documents: [LabeledDocument] = []
        var binaryColumns = Set(header.indices).subtracting(claimed)
        for (n, record) in records.dropFirst().enumerated() {
            let f = record.fields
            func field(_ i: Int) -> String { i < f.count ? f[i] : "" }
            for i in binaryColumns where !["0", "1", ""].contains(field(i).trimmingWhitespace()) { binaryColumns.remove(i) }
            var labels: Set<String> = []
            for (code, i) in labelIndex {
                switch field(i).trimmingWhitespace() {
                case "1": labels.insert(code)
                case "0", "": break
                default:
                    throw LoadError(message: "\(path):\(record.line): column '\(header[i])' holds '\(field(i))'. Label columns must hold 0 or 1.")
                }
            }
            let text = textIndices.map { field($0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            documents.append(LabeledDocument(id: idIndex.map { field($0) } ?? "row\(n + 1)", text: text, labels: labels, line: record.line))
        }
        return LabeledDataset(path: path, documents: documents, columns: columns,
                              unmatchedColumns: binaryColumns.sorted().map { header[$0] })
    }
}

/// How documents are coded for an evaluation.
public enum EvaluationMatcher: String, Codable, Sendable {
    /// Leitbild's rules (inflection, compounds, exclusions, context, ...).
    case leitbild
    /// Case-insensitive substring search for the same terms, as QDA programs' autocoding does.
    case naive
}

/// The result of `leitbild evaluate`.
public struct EvaluationReport: Codable, Sendable {
    public var version = 1
    public var data: String
    public var matcher: EvaluationMatcher
    /// "document" for CSV data; the coding unit for `.qdpx` data.
    public var unit: String
    public var units: Int
    public var minSupport: Int
    public var codes: [CodeEvaluation]
    public var summary: EvaluationSummary
    /// For `.qdpx`: the same figures over units that either side coded (kappa over uncoded
    /// text inflates agreement).
    public var codedUnitsOnly: CodedUnitsFigures?
    public var notes: [String]

    public struct CodedUnitsFigures: Codable, Sendable {
        public var units: Int
        public var codes: [CodeEvaluation]
        public var summary: EvaluationSummary
    }
}

/// Codes labelled documents and compares with the human labels.
public struct DocumentEvaluator: Sendable {
    public var codebook: Codebook
    public var matcher: EvaluationMatcher
    public var splitter: any CompoundSplitting

    public init(codebook: Codebook, matcher: EvaluationMatcher = .leitbild, splitter: any CompoundSplitting = GermanCompoundSplitter()) {
        self.codebook = codebook
        self.matcher = matcher
        self.splitter = splitter
    }

    /// The codes assigned to each document (negated mentions count: the topic is raised).
    public func predictions(_ documents: [LabeledDocument]) -> [Set<String>] {
        switch matcher {
        case .naive:
            let naive = NaiveMatcher(codebook: codebook)
            return documents.map { naive.codes(in: $0.text) }
        case .leitbild:
            let session = ThemeCoder(codebook: codebook, unit: .document, splitter: splitter).makeSession()
            let analyzer = GermanAnalyzer()
            return documents.map { doc in
                let coded = session.code(analyzer.analyze(Self.transcript(doc)))
                return Set(coded.segments.flatMap(\.codes).map(\.codeID))
            }
        }
    }

    /// A document as a one-turn respondent transcript.
    public static func transcript(_ doc: LabeledDocument) -> Transcript {
        let text = doc.text.normalizedForLeitbild
        let range = TextRange(scalars: SourceSpan(start: 0, end: text.unicodeScalars.count), utf8: 0..<text.utf8.count)
        return Transcript(id: doc.id, source: SourceDocument(path: doc.id, format: .csv, encoding: "UTF-8", byteCount: text.utf8.count, textLinesAreSourceLines: true),
                          text: text, speakers: [Speaker(id: "R", label: "R", role: .respondent, roleReason: "evaluation document")],
                          turns: [Turn(index: 0, speakerID: "R", role: .respondent, range: range, sourceLine: doc.line)],
                          metadata: InterviewMetadata(interviewID: doc.id))
    }

    public func evaluate(_ dataset: LabeledDataset, minSupport: Int) -> (report: EvaluationReport, predictions: [Set<String>]) {
        let predicted = predictions(dataset.documents)
        var rows: [CodeEvaluation] = []
        for code in codebook.codableCodes {
            guard let column = dataset.columns[code.id] else { continue }
            var counts = BinaryCounts()
            for (doc, p) in zip(dataset.documents, predicted) { counts.add(gold: doc.labels.contains(code.id), predicted: p.contains(code.id)) }
            rows.append(CodeEvaluation(codeID: code.id, gold: column, counts: counts, averaged: counts.support >= minSupport))
        }
        var notes: [String] = []
        let unmatchedCodes = codebook.codableCodes.filter { dataset.columns[$0.id] == nil }.map(\.id)
        if !unmatchedCodes.isEmpty { notes.append("codes without a label column (not evaluated): \(unmatchedCodes.joined(separator: ", "))") }
        if !dataset.unmatchedColumns.isEmpty { notes.append("0/1 columns without a code: \(dataset.unmatchedColumns.joined(separator: ", "))") }
        let report = EvaluationReport(data: dataset.path, matcher: matcher, unit: "document", units: dataset.documents.count, minSupport: minSupport,
                                      codes: rows, summary: EvaluationSummary(rows), codedUnitsOnly: nil, notes: notes)
        return (report, predicted)
    }
}

/// Plain substring autocoding, as QDA programs offer it: a code is assigned when any of its
/// terms (without `*`, `=` and quotes) occurs in the text, ignoring case. Exclusions and context
/// rules are not applied; `include_children` is, since it is part of the codebook's structure.
public struct NaiveMatcher: Sendable {
    let needles: [(code: String, terms: [String])]
    let includes: [String: [String]]

    public init(codebook: Codebook) {
        needles = codebook.codableCodes.map { code in
            (code.id, code.terms.map { term in
                term.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "\"", with: "")
                    .split(separator: " ").map { $0.hasPrefix("=") ? String($0.dropFirst()) : String($0) }.joined(separator: " ").lowercased()
            }.filter { !$0.isEmpty })
        }
        var includes: [String: [String]] = [:]
        for code in codebook.codableCodes where code.includeChildren {
            includes[code.id] = codebook.descendants(of: code.id).map(\.id)
        }
        self.includes = includes
    }

    public func codes(in text: String) -> Set<String> {
        let lower = text.lowercased()
        var found = Set(needles.filter { $0.terms.contains { lower.contains($0) } }.map(\.code))
        for (parent, children) in includes where children.contains(where: found.contains) { found.insert(parent) }
        return found
    }
}

/// Compares automatic coding with human codings in `.qdpx` transcripts, unit by unit.
public struct SegmentEvaluator: Sendable {
    public var codebook: Codebook
    public var unit: CodingUnit
    public var splitter: any CompoundSplitting

    public init(codebook: Codebook, unit: CodingUnit = .sentence, splitter: any CompoundSplitting = GermanCompoundSplitter()) {
        self.codebook = codebook
        self.unit = unit
        self.splitter = splitter
    }

    /// Which codebook code a human coding stands for: by the GUID Leitbild gives the code, by id,
    /// or by name (folded).
    func codeID(for coding: ExistingCoding) -> String? {
        let codable = codebook.codableCodes
        if let c = codable.first(where: { CodebookQDA.guid(forCodeID: $0.id).lowercased() == coding.codeID.lowercased() || $0.id == coding.codeID }) { return c.id }
        let name = Folding.key(coding.codeName)
        return codable.first { Folding.key($0.name) == name || Folding.key($0.id) == name }?.id
    }

    /// Respondent units of a transcript as scalar spans (every unit, coded or not).
    func units(of document: AnalyzedTranscript) -> [SourceSpan] {
        let t = document.transcript
        var spans: [SourceSpan] = []
        func add(_ sentences: [Int]) {
            let ranges = sentences.map { document.sentences[$0].range.scalars }
            guard let first = ranges.first, let last = ranges.last else { return }
            spans.append(SourceSpan(start: first.start, end: last.end))
        }
        let turns = (0..<min(t.turns.count, document.turnSentences.count)).filter { t.turns[$0].role.isStakeholderVoice }
        switch unit {
        case .sentence: for turn in turns { for s in document.turnSentences[turn] { add([s]) } }
        case .turn: for turn in turns { add(Array(document.turnSentences[turn])) }
        case .document: add(turns.flatMap { Array(document.turnSentences[$0]) })
        }
        return spans
    }

    public func evaluate(_ transcripts: [Transcript], data: String, coder: String? = nil, minSupport: Int = 1) -> EvaluationReport {
        let session = ThemeCoder(codebook: codebook, unit: unit, splitter: splitter).makeSession()
        let analyzer = GermanAnalyzer()
        let codes = codebook.codableCodes.map(\.id)
        var all = Dictionary(uniqueKeysWithValues: codes.map { ($0, BinaryCounts()) })
        var codedOnly = all
        var unitCount = 0, codedUnitCount = 0
        var unknownCodes: Set<String> = []
        var codingsUsed = 0
        for transcript in transcripts {
            let analyzed = analyzer.analyze(transcript)
            let coded = session.code(analyzed)
            let machine = Dictionary(coded.segments.map { ($0.segment.span, Set($0.codes.map(\.codeID))) }, uniquingKeysWith: { $0.union($1) })
            let human = transcript.existingCodings.filter { coder == nil || $0.coder == coder }
            for unitSpan in units(of: analyzed) {
                unitCount += 1
                var gold: Set<String> = []
                for coding in human where coding.range.scalars.overlaps(unitSpan) {
                    if let id = codeID(for: coding) { gold.insert(id); codingsUsed += 1 } else { unknownCodes.insert(coding.codeName) }
                }
                // Segments are built from the same sentences as the units, so their spans are equal.
                let predicted = machine[unitSpan] ?? []
                let isCoded = !gold.isEmpty || !predicted.isEmpty
                if isCoded { codedUnitCount += 1 }
                for code in codes {
                    all[code]?.add(gold: gold.contains(code), predicted: predicted.contains(code))
                    if isCoded { codedOnly[code]?.add(gold: gold.contains(code), predicted: predicted.contains(code)) }
                }
            }
        }
        func rows(_ counts: [String: BinaryCounts]) -> [CodeEvaluation] {
            codes.compactMap { id in
                guard let c = counts[id] else { return nil }
                return CodeEvaluation(codeID: id, gold: codebook.code(id: id)?.name ?? id, counts: c, averaged: c.support >= minSupport)
            }
        }
        var notes: [String] = []
        if !unknownCodes.isEmpty { notes.append("human codes without a codebook code (ignored): \(unknownCodes.sorted().joined(separator: ", "))") }
        if codingsUsed == 0 { notes.append("no human coding matched a codebook code: check that the project holds codings and that code names match") }
        let allRows = rows(all), codedRows = rows(codedOnly)
        return EvaluationReport(data: data, matcher: .leitbild, unit: unit.rawValue, units: unitCount, minSupport: minSupport,
                                codes: allRows, summary: EvaluationSummary(allRows),
                                codedUnitsOnly: .init(units: codedUnitCount, codes: codedRows, summary: EvaluationSummary(codedRows)),
                                notes: notes)
    }
}
