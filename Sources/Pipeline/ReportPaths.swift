import Foundation
import Ingestion
import LeitbildCore
import Reporting
import Signals
import Themes

/// How the reports name files: relative to the project folder (`transcripts/01-a.txt`,
/// `metadata.csv`, `pseudonyms.txt:4`), whatever spelling of the project folder the run was
/// given. So `leitbild analyze corpus`, `analyze ./corpus/` and `analyze /home/x/corpus` write
/// byte-identical reports, and no report shows where on the consultant's disk the project lies.
///
/// Only the reports are renamed: the terminal (run summary, diagnostics) keeps the spelling the
/// user typed, which they can open from where they are. A file outside the project folder
/// (`--metadata ../sheets/a.csv`) keeps that spelling in the reports too.
///
/// In messages only the run's own files are renamed (the transcripts, the metadata sheet, the
/// codebook, the weights and the pseudonym list, as the run spelled them), where a whole path
/// stands: a cell value quoted in a message ("date '2026/03/10'" in a project named 2026, or a
/// file cell naming a file that does not exist) is the user's data and stays as written.
struct ReportPaths: Sendable {
    /// The project folder as the run's file paths begin with it, with one trailing slash
    /// (`corpus/`, `./corpus/`, `/home/x/corpus/`); empty when nothing is renamed.
    let prefix: String
    /// The run's files in the project folder as the run spelled them -> their names in the reports.
    private let names: [String: String]
    /// Where such a spelling can begin in a message: the prefix, and the spellings of files that
    /// were given by another spelling than the project's (`--metadata /home/x/corpus/metadata.csv`
    /// with the project given as `corpus`).
    private let heads: [String]
    /// The heads' UTF-8 bytes when every head is ASCII (else nil): `text` searches them first.
    private let asciiHeads: [[UInt8]]?
    private let project: ProjectPaths
    /// The project folder with symbolic links resolved, for files given through another path.
    private let resolvedRoot: String?
    /// Characters of the longest spelling in `names`: how far a match can reach.
    private let longest: Int

    /// - Parameters:
    ///   - files: the run's files, as it spells them (transcripts, metadata sheet, codebook,
    ///     weights, pseudonym list); the defaults in the project folder are added.
    init(project: String, files: [String?] = []) {
        // File paths are made with `appendingPathComponent` (`AnalysisPipeline.transcriptFiles`,
        // the default sheet, codebook and pseudonym list), which drops trailing slashes.
        let probe = (project as NSString).appendingPathComponent("x")
        let prefix = probe.hasSuffix("/x") ? String(probe.dropLast()) : ""
        let paths = ProjectPaths(project: project)
        let resolvedRoot = Self.resolved(project)
        self.prefix = prefix
        self.project = paths
        self.resolvedRoot = resolvedRoot
        let defaults = ["metadata.csv", "metadata.tsv", "codebook.yaml", "weights.yaml", "pseudonyms.txt"].map { prefix + $0 }
        var table: [String: String] = [:]
        var starts = prefix.isEmpty ? [] : [prefix]
        for case let file? in files + (prefix.isEmpty ? [] : defaults) where table[file] == nil {
            let name = Self.name(file, prefix: prefix, project: paths, resolvedRoot: resolvedRoot)
            guard name != file else { continue }
            table[file] = name
            if !file.hasPrefix(prefix) { starts.append(file) }
        }
        names = table
        heads = starts
        asciiHeads = starts.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? starts.map { Array($0.utf8) } : nil
        longest = table.keys.map(\.count).max() ?? 0
    }

    /// The project's name in the reports: the folder's own name, with `.`, `..` and symbolic
    /// links resolved (`analyze .` inside `corpus`, and a link to `corpus`, say "corpus").
    static func projectName(_ project: String) -> String {
        PathName.lastComponent(resolved(project) ?? ProjectPaths(project: project).root)
    }

    /// `path` absolute, with symbolic links, `.` and `..` resolved (`realpath`); nil when it does not exist.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The paths of a run's files that messages may name: the given files (`--metadata`,
    /// `--weights`, `--pseudonyms`, `--codebook`; their defaults are added).
    init(_ request: AnalysisRequest) {
        self.init(project: request.project, files: Self.givenFiles(request))
    }

    /// As `init(_:)`, with the run's transcripts and metadata sheet as it spells them.
    init(_ request: AnalysisRequest, plan: AnalysisPipeline.Plan) {
        self.init(project: request.project, files: Self.givenFiles(request) + [plan.context.sheet.path] + plan.files)
    }

    private static func givenFiles(_ request: AnalysisRequest) -> [String?] {
        [request.metadataPath, request.weightsPath, request.pseudonymsPath, request.codebookPath]
    }

    /// `path` relative to the project folder when it lies in it (by any spelling, also through
    /// a symbolic link), else as given.
    func callAsFunction(_ path: String) -> String {
        names[path] ?? Self.name(path, prefix: prefix, project: project, resolvedRoot: resolvedRoot)
    }

    private static func name(_ path: String, prefix: String, project: ProjectPaths, resolvedRoot: String?) -> String {
        guard !prefix.isEmpty else { return path }
        if path.utf8.count > prefix.utf8.count, path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        let name = project.cacheName(path)
        if !name.hasPrefix("/"), !name.isEmpty { return name }
        // Through a symbolic link (a link to the project, or a working folder reached through one).
        guard let resolvedRoot, let resolved = resolved(path) else { return path }
        return resolved.hasPrefix(resolvedRoot + "/") ? String(resolved.dropFirst(resolvedRoot.count + 1)) : path
    }

    /// Characters a path in a message may stand after (or at the start of the text).
    private static let opening: Set<Character> = [" ", "\t", "\n", "'", "\"", "‘", "’", "“", "”", "„", "‚", "«", "»", "(", "[", "{", "<", ",", ";", ":", "="]
    /// Characters a path in a message may stand before (or at the end of the text; a full stop
    /// only before a space or the end).
    /// A slash: a member of a .docx or .qdpx archive ("FILE/word/document.xml:1: ..."), which
    /// names the file as a folder; a run's file is never a folder of another.
    private static let closing: Set<Character> = [" ", "\t", "\n", "'", "\"", "‘", "’", "“", "”", "«", "»", ")", "]", "}", ">", ",", ";", ":", ".", "/"]

    /// A message or origin with every whole path of the run's files in the project folder
    /// named as the reports name it; everything else stays as written.
    func text(_ text: String) -> String {
        guard !names.isEmpty else { return text }
        // Nearly every text names no file: when no head's bytes occur in it, nothing can match.
        // (Only for ASCII heads: a byte search finds every place `range(of:)` would, and more.)
        if let asciiHeads, !ByteSearch.text(text, containsAnyOf: asciiHeads) { return text }
        // Where a spelling may begin: each place a head stands, after an opening character.
        var starts: [String.Index] = []
        for head in heads {
            var from = text.startIndex
            while let found = text.range(of: head, range: from..<text.endIndex) {
                if found.lowerBound == text.startIndex || Self.opening.contains(text[text.index(before: found.lowerBound)]) {
                    starts.append(found.lowerBound)
                }
                from = text.index(after: found.lowerBound)
            }
        }
        guard !starts.isEmpty else { return text }
        var out = ""
        var copied = text.startIndex
        for start in Set(starts).sorted() where start >= copied {
            guard let (end, name) = match(in: text, at: start) else { continue }
            out += text[copied..<start]
            out += name
            copied = end
        }
        return out + text[copied...]
    }

    /// The longest spelling of a run's file that starts at `start` and ends where a path can end.
    private func match(in text: String, at start: String.Index) -> (String.Index, String)? {
        for end in ends(in: text, at: start).reversed() {
            if let name = names[String(text[start..<end])] { return (end, name) }
        }
        return nil
    }

    /// Where a spelling that starts at `start` can end, nearest first. No spelling is longer than
    /// `longest` characters, so a message that names thousands of files costs a short scan per
    /// name, not one to the end of the message.
    func ends(in text: String, at start: String.Index) -> [String.Index] {
        var ends: [String.Index] = []
        var end = start
        var length = 0
        while end < text.endIndex, length < longest {
            end = text.index(after: end)
            length += 1
            guard end < text.endIndex else {
                ends.append(end)
                break
            }
            let c = text[end]
            guard Self.closing.contains(c) else { continue }
            // A full stop ends a path only at the end of a sentence ("a.txt.bak" is no "a.txt").
            let after = text.index(after: end)
            if c != "." || after == text.endIndex || text[after].isWhitespace { ends.append(end) }
        }
        return ends
    }

    func callAsFunction(_ diagnostic: Diagnostic) -> Diagnostic {
        var d = diagnostic
        d.file = d.file.map { self($0) }
        d.message = text(d.message)
        d.hint = d.hint.map(text)
        return d
    }

    func callAsFunction(_ transcript: Transcript) -> Transcript {
        var t = transcript
        name(&t)
        return t
    }

    /// Names a transcript's paths as the reports do, writing only what changes: rebuilding every
    /// transcript's speakers and writing its path and origin back took 0.07 CPU-s of a +1 file run
    /// at 5,001 interviews, and most role reasons name no file.
    func name(_ t: inout Transcript) {
        let path = self(t.source.path)
        if path != t.source.path { t.source.path = path }
        if let origin = t.metadata.origin {
            let named = text(origin)
            if named != origin { t.metadata.origin = named }
        }
        for i in t.speakers.indices {
            let reason = text(t.speakers[i].roleReason)
            if reason != t.speakers[i].roleReason { t.speakers[i].roleReason = reason }
        }
    }
}

extension GatheredFiles {
    /// These results with every file named as the reports name it (`ReportPaths`); what the
    /// reports and the report manifest's digest are made from.
    func named(by paths: ReportPaths) -> GatheredFiles {
        guard !paths.prefix.isEmpty else { return self }
        var copy = self
        copy.settings.source = paths(settings.source)
        copy.codebook.path = codebook.path.map { paths($0) }
        copy.files = files.map { file in
            var f = file
            f.path = paths(file.path)
            return f
        }
        // Each transcript's speakers and metadata origin are searched for paths: on all cores.
        copy.coded = Parallel.map(coded) { coded in
            var coded = coded
            paths.name(&coded.transcript)
            return coded
        }
        for i in copy.signals.indices { copy.signals[i].file = paths(copy.signals[i].file) }
        copy.leftOut = leftOut.map { paths($0) }
        copy.diagnostics = diagnostics.map { paths($0) }
        copy.failures = failures.map { IngestionFailure(file: paths($0.file), error: paths.text($0.error)) }
        return copy
    }
}

extension PseudonymEntry {
    /// This entry with its origin named as the reports name files.
    func named(by paths: ReportPaths) -> PseudonymEntry {
        var entry = self
        entry.origin = paths.text(origin)
        return entry
    }
}
