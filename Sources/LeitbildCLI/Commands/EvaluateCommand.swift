import ArgumentParser
import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Themes

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compare automatic coding with human coders: per code precision, recall, F1, support and Cohen's kappa.",
        discussion: """
        DATA is a CSV with a text column and one 0/1 column per code (matched by code id or name); each row is coded as one document. Or a REFI-QDA project (.qdpx) with human codings: it is compared unit by unit, over all units and over coded units only.

        Codes with fewer human examples than --min-support are listed but left out of the micro and macro averages. See docs/codebook.md.
        """)

    @Argument(help: "Labelled CSV, or a .qdpx project with human codings.")
    var data: String

    @Option(name: .long, help: "Codebook (YAML).")
    var codebook: String = "corpus/codebook.yaml"

    @Option(name: .long, help: "CSV column with the text (repeat to join several, e.g. title and text).")
    var textColumn: [String] = []

    @Option(name: .long, help: "CSV column with the document id.")
    var idColumn: String?

    @Flag(name: .long, help: "Plain case-insensitive substring matching of the same terms, as QDA programs do.")
    var naive = false

    @Option(name: .long, help: "Codes with fewer human examples are not averaged.")
    var minSupport: Int = 15

    @Option(name: .long, help: "Evaluate only rows I of N (every N-th row starting at row I, 1-based), e.g. 1/2 and 2/2 for a held-out half.")
    var fold: String?

    @Option(name: .long, help: "Unit of coding for .qdpx data: sentence, turn or document.")
    var unit: CodingUnit = .sentence

    @Option(name: .long, help: "Only this human coder's codings (.qdpx; REFI-QDA user name or GUID).")
    var coder: String?

    @Option(name: .long, help: "List the false positives and false negatives of this code (CSV data).")
    var explain: String?

    @Option(name: .long, help: "At most this many examples per list with --explain.")
    var limit: Int = 20

    @Flag(name: .long, help: "Print JSON (sorted keys) instead of the table.")
    var json = false

    func run() throws {
        let book: Codebook
        do { book = try CodebookLoader.load(path: codebook) } catch {
            printError(error.localizedDescription)
            throw ExitCode(1)
        }
        let report: EvaluationReport
        if PathName.extension(data).lowercased() == "qdpx" {
            report = try evaluateProject(book)
        } else {
            report = try evaluateCSV(book)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            var out = StandardOutput()
            out.write(bytes: try encoder.encode(report))
            out.write("\n")
            out.flush()
        } else {
            print(EvaluationTable.render(report, codebook: book), terminator: "")
        }
    }

    private func evaluateCSV(_ book: Codebook) throws -> EvaluationReport {
        let dataset: LabeledDataset
        do {
            dataset = try LabeledDataset.load(path: data, codebook: book, textColumns: textColumn.isEmpty ? ["text"] : textColumn, idColumn: idColumn)
        } catch {
            printError("error: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var selected = dataset
        if let fold {
            let pieces = fold.split(separator: "/").compactMap { Int($0) }
            guard pieces.count == 2, pieces[1] >= 1, (1...pieces[1]).contains(pieces[0]) else {
                printError("error: --fold '\(fold)' must be I/N with 1 <= I <= N, e.g. 1/2")
                throw ExitCode(1)
            }
            selected.documents = dataset.documents.enumerated().filter { $0.offset % pieces[1] == pieces[0] - 1 }.map(\.element)
        }
        let evaluator = DocumentEvaluator(codebook: book, matcher: naive ? .naive : .leitbild)
        var (report, predictions) = evaluator.evaluate(selected, minSupport: minSupport)
        if let fold { report.notes.append("rows \(fold) only (\(selected.documents.count) of \(dataset.documents.count))") }
        if let code = explain {
            guard book.code(id: code) != nil else {
                printError("error: unknown code '\(code)' for --explain" + (CodebookLoader.closest(code, among: book.codes.map(\.id)).map { ". Did you mean '\($0)'?" } ?? ""))
                throw ExitCode(1)
            }
            explainErrors(code: code, dataset: selected, predictions: predictions, book: book)
        }
        return report
    }

    /// Prints the documents a code got wrong, with the terms that fired for false positives.
    private func explainErrors(code: String, dataset: LabeledDataset, predictions: [Set<String>], book: Codebook) {
        let coder = ThemeCoder(codebook: book, unit: .document).makeSession()
        let analyzer = GermanAnalyzer()
        var falsePositives: [String] = [], falseNegatives: [String] = []
        for (doc, predicted) in zip(dataset.documents, predictions) {
            let gold = doc.labels.contains(code), got = predicted.contains(code)
            let excerpt = doc.text.replacingOccurrences(of: "\n", with: " ").prefix(160)
            if got && !gold {
                let transcript = analyzer.analyze(DocumentEvaluator.transcript(doc))
                let matches = coder.code(transcript).segments.flatMap(\.codes).filter { $0.codeID == code }.flatMap(\.matches)
                let terms = matches.map { "\(transcript.transcript.text(of: $0.range))=\($0.term)" + ($0.viaCode.map { " via \($0)" } ?? "") }
                falsePositives.append("  \(doc.id) [\(terms.joined(separator: ", "))] \(excerpt)")
            } else if gold && !got {
                falseNegatives.append("  \(doc.id) \(excerpt)")
            }
        }
        printError("false positives of \(code): \(falsePositives.count)")
        for line in falsePositives.prefix(limit) { printError(line) }
        printError("false negatives of \(code): \(falseNegatives.count)")
        for line in falseNegatives.prefix(limit) { printError(line) }
    }

    private func evaluateProject(_ book: Codebook) throws -> EvaluationReport {
        let output = Ingestor().ingest(IngestionInput(files: [data]))
        for d in output.diagnostics { printError(d.description) }
        guard output.failures.isEmpty, !output.transcripts.isEmpty else {
            for f in output.failures { printError("error: \(f.error)") }
            printError("error: \(data): no transcripts could be read from the project")
            throw ExitCode(1)
        }
        return SegmentEvaluator(codebook: book, unit: unit).evaluate(output.transcripts, data: data, coder: coder, minSupport: minSupport)
    }
}

/// The evaluation table as `leitbild evaluate` prints it.
enum EvaluationTable {
    static func render(_ report: EvaluationReport, codebook: Codebook) -> String {
        var out = "leitbild evaluate \(report.data): \(report.units) \(report.unit == "document" ? "documents" : "\(report.unit) units"), matcher \(report.matcher.rawValue)\n\n"
        out += table(report.codes, minSupport: report.minSupport)
        out += summary(report.summary, minSupport: report.minSupport)
        if let coded = report.codedUnitsOnly {
            out += "\nover coded units only (units that the human coders or Leitbild coded: \(coded.units) of \(report.units)):\n\n"
            out += table(coded.codes, minSupport: report.minSupport)
            out += summary(coded.summary, minSupport: report.minSupport)
        }
        for note in report.notes { out += "note: \(note)\n" }
        return out
    }

    static func table(_ allRows: [CodeEvaluation], minSupport: Int) -> String {
        // Codes that neither side ever assigned say nothing; they are counted, not listed.
        let rows = allRows.filter { $0.counts.support > 0 || $0.counts.predicted > 0 }
        let width = max(24, rows.map { label($0).count }.max() ?? 0)
        var out = "code".padding(width) + "  support  predicted  precision  recall     F1   kappa\n"
        for row in rows {
            out += label(row).padding(width)
            out += String(row.counts.support).leftPad(9) + String(row.counts.predicted).leftPad(11)
            out += format(row.precision).leftPad(11) + format(row.recall).leftPad(8) + format(row.f1).leftPad(7) + format(row.kappa).leftPad(8)
            out += row.averaged ? "\n" : "   (support < \(minSupport), not averaged)\n"
        }
        if rows.count < allRows.count { out += "(\(allRows.count - rows.count) codes assigned by neither side are not listed)\n" }
        return out
    }

    static func summary(_ s: EvaluationSummary, minSupport: Int) -> String {
        "\nmicro  precision \(format(s.microPrecision))  recall \(format(s.microRecall))  F1 \(format(s.microF1))\n"
            + "macro  F1 \(format(s.macroF1))  over \(s.codes) codes with support >= \(minSupport)\n"
            + "agreement \(format(s.agreement)), pooled kappa \(format(s.pooledKappa)) over all \(s.allCodes) codes and units\n"
    }

    static func label(_ row: CodeEvaluation) -> String { row.gold == row.codeID ? row.codeID : "\(row.codeID) (\(row.gold))" }

    static func format(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
}

extension String {
    func padding(_ width: Int) -> String {
        let n = unicodeScalars.count
        return n >= width ? self : self + String(repeating: " ", count: width - n)
    }
    func leftPad(_ width: Int) -> String {
        let n = unicodeScalars.count
        return n >= width ? self : String(repeating: " ", count: width - n) + self
    }
}
