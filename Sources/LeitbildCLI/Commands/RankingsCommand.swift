import ArgumentParser
import Foundation
import LeitbildCore
import Pipeline
import Signals
import Themes

struct RankingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rankings",
        abstract: "Validate the priority signals: Kendall's tau between stated and computed per-interview rankings.",
        discussion: """
        Reads the metadata column 'stated_ranking' (Handlungsfeld names separated by " > ") and compares each stated
        ranking with the interview's computed ranking: the per-interview priority index with all signals (tau), without
        the explicit-ranking component (tau signals), and the explicit ranking found in the transcript (tau extracted).
        """)

    @Argument(help: "Project folder with transcripts/, metadata.csv and codebook.yaml.")
    var project: String = "corpus"

    @Option(name: .long, help: "Codebook (YAML). Default: PROJECT/codebook.yaml.")
    var codebook: String?

    @Option(name: .long, help: "Metadata sheet (CSV/TSV). Default: PROJECT/metadata.csv when present.")
    var metadata: String?

    @Option(name: .long, help: "Priority weights (YAML). Default: PROJECT/weights.yaml when present, else built-in.")
    var weights: String?

    @Option(name: .long, help: "Unit of coding: sentence, turn or document.")
    var unit: CodingUnit = .sentence

    @Flag(name: .long, help: "Print the comparison as JSON.")
    var json = false

    func run() throws {
        let request = AnalysisRequest(project: project, outputDirectory: "", codebookPath: codebook, metadataPath: metadata,
                                      unit: unit, weightsPath: weights)
        let result: AnalysisResult
        do { result = try AnalysisPipeline().analyze(request) } catch {
            printError("error: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let stated = result.coded.compactMap { coded -> StatedRanking? in
            let m = coded.transcript.metadata
            guard let text = m[variable: StatedRanking.column], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return StatedRanking(interviewID: coded.transcript.id, text: text, origin: m.origin)
        }
        let validation = RankingValidation.validate(stated, analysis: result.analysis, codebook: result.codebook)
        for d in result.diagnostics + validation.diagnostics { printError(d.description) }
        // Files that failed, or interviews left out, are not compared: say so, as `analyze` does.
        for failure in result.failures { printError(failureLine(file: failure.file, error: failure.error)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            var out = StandardOutput()
            out.write(bytes: try encoder.encode(validation))
            out.write("\n")
            out.flush()
        } else {
            print(Self.table(validation, codebook: result.codebook))
        }
        if stated.isEmpty {
            printError("error: no interview has a '\(StatedRanking.column)' in the metadata sheet; nothing to compare")
            throw ExitCode(3)
        }
    }

    /// A plain-text table, one interview per line, and the means.
    static func table(_ v: RankingValidation, codebook: Codebook) -> String {
        func name(_ id: String) -> String { codebook.code(id: id)?.name ?? id }
        func tau(_ x: Double?) -> String { x.map { String(format: "%+.2f", $0) } ?? "  – " }
        var lines: [String] = []
        lines.append("Stated vs computed per-interview ranking (Kendall's tau-b; +1 = same order, 0 = unrelated, -1 = reversed)")
        lines.append("tau = all signals, tau sig = without explicit rankings, tau ext = explicit ranking found in the transcript")
        lines.append("")
        let header = ["interview", "group", "tau", "tau sig", "tau ext", "stated order: per-interview index [explicit rank found]"]
        var rows: [[String]] = [header]
        for c in v.comparisons {
            let detail = c.statedCodes.indices.map { i in
                "\(name(c.statedCodes[i])) \(String(format: "%.0f", c.scores[i]))" + (c.extractedRanks[i].map { " [\($0)]" } ?? "")
            }.joined(separator: " > ") + (c.unknownNames.isEmpty ? "" : "  (unknown: \(c.unknownNames.joined(separator: ", ")))")
            rows.append([c.interviewID, c.group, tau(c.tau), tau(c.tauSignals), tau(c.tauExtracted), detail])
        }
        let widths = (0..<(header.count - 1)).map { col in rows.map { $0[col].count }.max() ?? 0 }
        for row in rows {
            var line = ""
            for col in 0..<(header.count - 1) { line += row[col].padding(toLength: widths[col], withPad: " ", startingAt: 0) + "  " }
            lines.append(line + row[header.count - 1])
        }
        lines.append("")
        lines.append("interviews with a stated ranking: \(v.comparisons.count), with a defined tau: \(v.interviewsWithTau)")
        lines.append("mean tau (all signals):            \(tau(v.meanTau))")
        lines.append("mean tau (without explicit ranks): \(tau(v.meanTauSignals))")
        lines.append("mean tau (explicit ranks found):   \(tau(v.meanTauExtracted))")
        return lines.joined(separator: "\n")
    }
}
