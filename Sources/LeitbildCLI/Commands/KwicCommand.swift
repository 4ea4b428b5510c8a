import ArgumentParser
import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Pipeline
import Themes

struct KwicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwic",
        abstract: "Keyword in context: every hit of a term (or of a code) with file and line, by the coding rules.",
        discussion: """
        Test a term before adding it to the codebook: leitbild kwic "Rad" corpus. TERM uses the codebook's term syntax (Rad, Breitband*, *versorgung, =WLAN, "öffentlicher Nahverkehr"). With --code ID, shows the hits of a codebook code with its exclusions and context rules. The summary lists the matched word forms, so false hits stand out.
        """)

    @Argument(help: "TERM [PROJECT]: the term, then a project folder or transcript file (default: corpus). With --code, only PROJECT.")
    var arguments: [String] = []

    @Option(name: .long, help: "Show the hits of this codebook code instead of a term.")
    var code: String?

    @Option(name: .long, help: "Codebook for --code (default: PROJECT/codebook.yaml).")
    var codebook: String?

    @Option(name: .long, help: "An exclusion to try with TERM (repeatable).")
    var exclude: [String] = []

    @Option(name: .long, help: "A context word to try with TERM: it counts only with one of them in the sentence (repeatable).")
    var require: [String] = []

    @Option(name: .long, help: "Characters of context on each side.")
    var width: Int = 40

    @Flag(name: .long, help: "Leave out interviewer turns.")
    var respondentsOnly = false

    @Flag(name: .long, help: "Print JSON lines instead of text.")
    var json = false

    struct Hit: Encodable {
        var file: String
        var line: Int
        var role: String
        var left: String
        var match: String
        var right: String
        var term: String
        var rule: String
        var part: String?
        var negated: Bool
    }

    func run() throws {
        let term: String?, project: String
        switch (code, arguments.count) {
        case (nil, 1): (term, project) = (arguments[0], "corpus")
        case (nil, 2): (term, project) = (arguments[0], arguments[1])
        case (.some, 0): (term, project) = (nil, "corpus")
        case (.some, 1): (term, project) = (nil, arguments[0])
        default:
            printError("usage: leitbild kwic TERM [PROJECT] or leitbild kwic --code ID [PROJECT]")
            throw ExitCode(1)
        }
        let book: Codebook, codeID: String
        if let term {
            if case .failure(let problem) = TermSyntax.parse(term, tokenizer: Tokenizer()) {
                printError("error: \(problem.message). \(problem.hint)")
                throw ExitCode(1)
            }
            codeID = "kwic"
            book = Codebook(name: "kwic", codes: [Code(id: codeID, name: term, kind: .handlungsfeld, terms: [term], exclusions: exclude,
                                                       context: require.isEmpty ? [] : [ContextRule(term: term, require: require)])])
        } else {
            let path = codebook ?? (isDirectory(project) ? (project as NSString).appendingPathComponent("codebook.yaml") : "corpus/codebook.yaml")
            do { book = try CodebookLoader.load(path: path) } catch {
                printError(error.localizedDescription)
                throw ExitCode(1)
            }
            codeID = code ?? ""
            guard book.code(id: codeID) != nil else {
                printError("error: \(path): no code '\(codeID)'" + (CodebookLoader.closest(codeID, among: book.codes.map(\.id)).map { ". Did you mean '\($0)'?" } ?? ""))
                throw ExitCode(1)
            }
        }
        let files: [String]
        if isDirectory(project) {
            do { files = try AnalysisPipeline.transcriptFiles(in: project) } catch {
                printError("error: \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else {
            files = [project]
        }
        // The project's sheet, as `analyze` reads it: its interviewer and respondent columns decide
        // the speaker roles, which `--respondents-only` and the "I" marks show.
        let sheet = isDirectory(project)
            ? ["metadata.csv", "metadata.tsv"].lazy.map { (project as NSString).appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0) }
            : nil
        let ingested = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        let session = ThemeCoder(codebook: book, unit: .sentence).makeSession()
        let analyzer = GermanAnalyzer()
        var hits: [Hit] = []
        for transcript in ingested.transcripts {
            let coded = session.code(analyzer.analyze(transcript))
            let lines = LineIndex(transcript.text)
            let units = respondentsOnly ? coded.segments : (coded.segments + coded.interviewerMentions).sorted { $0.segment.span < $1.segment.span }
            for unit in units {
                let turn = transcript.turns[unit.segment.turnIndex]
                for assignment in unit.codes where assignment.codeID == codeID {
                    for match in assignment.matches {
                        let line = transcript.sourceLine(atUTF8Offset: match.range.utf8.lowerBound, lineIndex: lines)
                        let left = flat(transcript.text.slice(utf8: turn.range.utf8.lowerBound..<match.range.utf8.lowerBound))
                        let right = flat(transcript.text.slice(utf8: match.range.utf8.upperBound..<turn.range.utf8.upperBound))
                        hits.append(Hit(file: transcript.source.path, line: line, role: turn.role.rawValue,
                                        left: String(String.UnicodeScalarView(left.unicodeScalars.suffix(width))),
                                        match: flat(transcript.text(of: match.range)),
                                        right: String(String.UnicodeScalarView(right.unicodeScalars.prefix(width))),
                                        term: match.term, rule: match.rule.rawValue, part: match.part, negated: assignment.negated))
                    }
                }
            }
        }
        var out = StandardOutput()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for hit in hits {
                out.write(bytes: try encoder.encode(hit))
                out.write("\n")
            }
        } else {
            let leftWidth = min(width, hits.map { $0.left.unicodeScalars.count }.max() ?? 0)
            for hit in hits {
                let role = hit.role == SpeakerRole.interviewer.rawValue ? "I " : "  "
                var detail = hit.rule + (hit.part.map { " \($0)" } ?? "")
                if term == nil { detail += ": " + hit.term }
                if hit.negated { detail += ", dismissed" }
                out.write("\(hit.file):\(hit.line): \(role)\(hit.left.leftPad(leftWidth))[\(hit.match)]\(hit.right)  (\(detail))\n")
            }
            var forms: [String: Int] = [:]
            var rules: [String: Int] = [:]
            for hit in hits {
                forms[hit.match, default: 0] += 1
                rules[hit.rule, default: 0] += 1
            }
            let fileCount = Set(hits.map(\.file)).count
            out.write("\n\(hits.count) hits in \(fileCount) of \(ingested.transcripts.count) files")
            if !hits.isEmpty {
                out.write(" (" + rules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")\n")
                let sortedForms = forms.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                out.write("forms: " + sortedForms.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            out.write("\n")
        }
        out.flush()
        for d in ingested.diagnostics { printError(d.description) }
        for f in ingested.failures { printError("error: \(f.error)") }
        // As `analyze` and `ingest`: 3 when nothing could be read, 2 when some files failed.
        if ingested.transcripts.isEmpty, !files.isEmpty { throw ExitCode(ExitStatus.nothingAnalysed.rawValue) }
        if !ingested.failures.isEmpty { throw ExitCode(ExitStatus.partial.rawValue) }
    }

    private func flat(_ s: some StringProtocol) -> String {
        String(s).replacingOccurrences(of: "\n", with: " ")
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
