import ArgumentParser
import Foundation
import LeitbildCore
import Pipeline
import Reporting
import Themes

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a project folder and write the reports.",
        discussion: """
            Writes summary.md, report.html, themes.csv, segments.csv, groups.csv, analysis.json, analysis.sqlite and \
            project.qdpx into the output folder, and the confidential pseudonym-key.csv unless --no-pseudonymize \
            (see docs/reports.md). Each file is written through a temporary file and a rename. Files are analysed \
            in parallel; results of earlier runs are kept in OUT/.leitbild-cache, so a re-run reads only new or \
            changed files and a codebook edit re-codes without re-reading (docs/batch.md).
            Exit codes: 0 all files analysed; 1 usage or setup error; 2 some files (or the metadata sheet) failed, the rest was reported; \
            3 nothing could be analysed (previous reports are kept).
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

    @Option(name: .long, help: "List of names to pseudonymise (people, clubs, places); they are never suggested as codebook gaps. Default: PROJECT/pseudonyms.txt when present.")
    var pseudonyms: String?

    @Option(name: [.customShort("j"), .long], help: "Files analysed at once. Default: one per core.")
    var jobs: Int?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the run cache: analyse every file anew.")
    var noCache = false

    @Option(name: .customLong("cache-dir"), help: "Cache folder. Default: OUT/.leitbild-cache.")
    var cacheDirectory: String?

    @OptionGroup var sizeLimit: FileSizeLimit

    @Flag(name: .shortAndLong, help: "Print only errors: no progress, no notes or warnings, no run summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print one line per file (status, time) and the time of each stage.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs)).") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other; pick one.") }
        // An empty path is what an unset shell variable gives ("--cache-dir \"$CACHE\""): never
        // read as the current folder, nor as the file system's root.
        let paths: [(String, String?)] = [("<project>", project), ("--out", out), ("--codebook", codebook), ("--metadata", metadata),
                                          ("--weights", weights), ("--pseudonyms", pseudonyms), ("--cache-dir", cacheDirectory)]
        for case let (name, value?) in paths where value.isEmpty {
            throw ValidationError("\(name) is empty; give a path (was a shell variable unset?).")
        }
    }

    func run() async throws {
        let report = ReportOptions(csvDialect: csvDialect, pseudonymize: !noPseudonymize,
                                   generator: "Leitbild \(LeitbildVersion.string)")
        let request = AnalysisRequest(project: project, outputDirectory: out, codebookPath: codebook,
                                      metadataPath: metadata, unit: unit, weightsPath: weights, report: report,
                                      pseudonymsPath: pseudonyms, maxFileBytes: sizeLimit.bytes)
        let printer = ProgressPrinter(verbose: verbose, interactive: !quiet && isatty(2) == 1)
        let update: @Sendable (BatchProgress) -> Void = { printer.update($0) }
        let progress = quiet ? nil : update
        let stage: @Sendable (RunStage) -> Void = { printer.stage($0) }
        let batch = BatchOptions(jobs: jobs ?? 0, useCache: !noCache, cacheDirectory: cacheDirectory, toolVersion: LeitbildVersion.string,
                                 progress: progress, stage: quiet ? nil : stage)
        let result: AnalysisRun
        do { result = try await AnalysisPipeline().run(request, batch: batch) } catch {
            printer.clear()
            printError("error: \(error.localizedDescription)")
            throw ExitCode(ExitStatus(error: error).rawValue)
        }
        printer.clear()
        let status = ExitStatus(run: result, strict: strict)
        // --quiet drops progress, notes, warnings and the run summary, never an error.
        if !quiet {
            for note in RunSummary.cacheNotes(result.cacheNotes) { printError(note.description) }
        }
        for d in result.diagnostics where !quiet || d.severity >= .error { printError(d.description) }
        if !result.failures.isEmpty || status == .nothingAnalysed {
            printError(RunSummary.failures(result))
        }
        if verbose {
            // No file went through the stages, so there are no per-file lines to show.
            switch result.reports {
            case .unchanged(.byStat):
                printError("No input file changed since the last run (by size, inode and times): none was read, the reports stay as they are.")
            case .unchanged(.byContent):
                printError("No input file's content changed since the last run (files whose stat changed were read and hashed): "
                           + "no cache entry was decoded, the reports stay as they are.")
            case .written, .unchanged(.byKeys): break
            }
            printError(RunSummary.timings(result, jobs: batch.width))
        }
        if !quiet { print(TerminalText.safe(RunSummary.line(result, version: LeitbildVersion.string))) }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

extension CodingUnit: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}
