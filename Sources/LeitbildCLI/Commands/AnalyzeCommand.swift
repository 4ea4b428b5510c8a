import ArgumentParser
import Foundation
import LeitbildCore
import Pipeline
import Reporting
import Themes

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a project folder and write the reports.",
        discussion: """
            Writes summary.md, report.html, themes.csv, segments.csv, groups.csv, analysis.json, analysis.sqlite and \
            project.qdpx into the output folder, and the confidential pseudonym-key.csv unless --no-pseudonymize \
            (see docs/reports.md).
            """)

    @Argument(help: "Project folder with transcripts/, metadata.csv and codebook.yaml.")
    var project: String = "corpus"

    @Option(name: .long, help: "Output folder for the reports.")
    var out: String = "output"

    @Option(name: .long, help: "Codebook (YAML). Default: PROJECT/codebook.yaml.")
    var codebook: String?

    @Option(name: .long, help: "Metadata sheet (CSV/TSV). Default: PROJECT/metadata.csv when present.")
    var metadata: String?

    @Option(name: .long, help: "Unit of coding: sentence, turn or document.")
    var unit: CodingUnit = .sentence

    @Option(name: .long, help: "Priority weights (YAML, see docs/priorities.md). Default: PROJECT/weights.yaml when present, else built-in.")
    var weights: String?

    @Flag(name: .long, help: "Treat warnings as errors (exit code 2 when any warning occurs).")
    var strict = false

    @Option(name: .long, help: "CSV dialect: rfc4180 (',', for R and pandas) or excel-de (BOM, ';', decimal comma).")
    var csvDialect: CSVDialect = .rfc4180

    @Flag(name: .long, help: "Keep real names in all reports (internal analysis only; no pseudonym-key.csv).")
    var noPseudonymize = false

    @Option(name: .long, help: "List of names to pseudonymise (people, clubs, places). Default: PROJECT/pseudonyms.txt when present.")
    var pseudonyms: String?

    func run() throws {
        let report = ReportOptions(csvDialect: csvDialect, pseudonymize: !noPseudonymize,
                                   generator: "Leitbild \(LeitbildVersion.string)")
        let request = AnalysisRequest(project: project, outputDirectory: out, codebookPath: codebook,
                                      metadataPath: metadata, unit: unit, weightsPath: weights, report: report,
                                      pseudonymsPath: pseudonyms)
        let result: AnalysisRun
        do { result = try AnalysisPipeline().run(request) } catch {
            printError("error: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        for d in result.diagnostics { printError(d.description) }
        for f in result.failures { printError("error: \(f.error)") }
        print("""
        Leitbild \(LeitbildVersion.string): \(result.transcripts) of \(result.filesFound) files analysed, \
        \(result.turns) turns, \(result.sentences) sentences, \(result.codedSegments) coded segments, \
        \(result.diagnostics.count) diagnostics, \(result.failures.count) failed files.
        Reports: \(result.writtenFiles.joined(separator: ", "))
        """)
        if result.transcripts == 0 { throw ExitCode(3) }
        if !result.failures.isEmpty || (strict && result.diagnostics.contains { $0.severity >= .warning }) { throw ExitCode(2) }
    }
}

extension CodingUnit: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}
