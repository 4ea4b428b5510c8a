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
struct ReportPaths: Sendable {
    /// The project folder as the run's file paths begin with it, with one trailing slash
    /// (`corpus/`, `./corpus/`, `/home/x/corpus/`); empty when nothing is renamed.
    let prefix: String
    /// Files in the project folder that were given by another spelling (`--metadata
    /// /home/x/corpus/metadata.csv` with the project given as `corpus`): (spelling, name), longest first.
    private let given: [(String, String)]
    private let project: ProjectPaths

    /// - Parameter files: paths of files the user gave besides the project (`--metadata`,
    ///   `--weights`, `--pseudonyms`, `--codebook`), which messages may name.
    init(project: String, files: [String?] = []) {
        // File paths are made with `appendingPathComponent` (`AnalysisPipeline.transcriptFiles`,
        // the default sheet, codebook and pseudonym list), which drops trailing slashes.
        let probe = (project as NSString).appendingPathComponent("x")
        prefix = probe.hasSuffix("/x") ? String(probe.dropLast()) : ""
        self.project = ProjectPaths(project: project)
        var given: [(String, String)] = []
        for case let file? in files where !prefix.isEmpty && !file.hasPrefix(prefix) {
            let name = self.project.cacheName(file)
            if !name.hasPrefix("/") { given.append((file, name)) }
        }
        self.given = given.sorted { $0.0.utf8.count > $1.0.utf8.count }
    }

    init(_ request: AnalysisRequest) {
        self.init(project: request.project, files: [request.metadataPath, request.weightsPath, request.pseudonymsPath, request.codebookPath])
    }

    /// `path` relative to the project folder when it lies in it (by any spelling), else as given.
    func callAsFunction(_ path: String) -> String {
        guard !prefix.isEmpty else { return path }
        if path.utf8.count > prefix.utf8.count, path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        let name = project.cacheName(path)
        return name.hasPrefix("/") || name.isEmpty ? path : name
    }

    /// A message or origin with every path in the project folder made relative: the project
    /// prefix (and the spelling of each file given on its own) is replaced where it starts a path
    /// (at the start, or after a space, quote or bracket), so `…/other/corpus/x` in a message
    /// about another folder stays as it is.
    func text(_ text: String) -> String {
        guard !prefix.isEmpty else { return text }
        var text = text
        for (spelling, name) in given where text.contains(spelling) { text = Self.replace(spelling, with: name, in: text) }
        return text.contains(prefix) ? Self.replace(prefix, with: "", in: text) : text
    }

    /// `text` with `old` replaced by `new` where `old` starts a path.
    private static func replace(_ old: String, with new: String, in text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: old) {
            let before = range.lowerBound == rest.startIndex ? (out.last ?? " ") : rest[rest.index(before: range.lowerBound)]
            out += rest[..<range.lowerBound]
            out += " \t\n'\"‘’“”„‚«»([{<,;:=".contains(before) ? new : old
            rest = rest[range.upperBound...]
        }
        return out + rest
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
        t.source.path = self(t.source.path)
        t.metadata.origin = t.metadata.origin.map(text)
        t.speakers = t.speakers.map { speaker in
            var s = speaker
            s.roleReason = text(s.roleReason)
            return s
        }
        return t
    }
}

extension GatheredFiles {
    /// These results with every file named as the reports name it (`ReportPaths`).
    func named(by paths: ReportPaths) -> GatheredFiles {
        guard !paths.prefix.isEmpty else { return self }
        var copy = self
        copy.settings.source = paths(settings.source)
        for i in copy.coded.indices { copy.coded[i].transcript = paths(copy.coded[i].transcript) }
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
