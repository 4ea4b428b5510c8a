import Foundation
import LeitbildCore

/// How cache keys name the files they depend on: by their path relative to the project folder
/// (`transcripts/01-a.txt`, `metadata.csv`), so that `corpus`, `./corpus` and `/home/x/corpus`
/// share entries, and a project folder that is moved or renamed keeps its cache. A file outside
/// the project folder (a `--metadata` sheet elsewhere) is named by its absolute path with `.`
/// and `..` removed. Symbolic links are not resolved (no file system access per file).
struct ProjectPaths: Sendable {
    /// The project folder, absolute, without `.`/`..` components or a trailing slash.
    let root: String
    private let currentDirectory: String

    init(project: String, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.currentDirectory = currentDirectory
        root = Self.absolute(project, in: currentDirectory)
    }

    /// The name of a file in cache keys: relative to the project folder when inside it, else absolute.
    func cacheName(_ path: String) -> String {
        let absolute = Self.absolute(path, in: currentDirectory)
        if root == "/" { return String(absolute.dropFirst()) }
        let bytes = absolute.utf8
        if bytes.starts(with: root.utf8 + [UInt8(ascii: "/")]) {
            return String(decoding: bytes.dropFirst(root.utf8.count + 1), as: UTF8.self)
        }
        return absolute
    }

    /// `path` made absolute against `directory`, with `.`, `..` and repeated slashes removed (lexically).
    static func absolute(_ path: String, in directory: String) -> String {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Rewrites the paths a cached value was made with to the spellings of this run: a cache entry
/// made for `corpus/transcripts/a.txt` serves `./corpus/transcripts/a.txt`, but the transcript,
/// its diagnostics and its metadata origin must name the file as this run was given it, so that
/// the reports do not depend on whether a result came from the cache.
struct PathRelocation {
    /// (spelling in the entry, spelling now), longest first, only pairs that differ.
    private var pairs: [(String, String)] = []

    init(_ candidates: [(old: String?, new: String?)]) {
        for case let (old?, new?) in candidates where old != new && !old.isEmpty { pairs.append((old, new)) }
        pairs.sort { $0.0.utf8.count > $1.0.utf8.count }
    }

    var isEmpty: Bool { pairs.isEmpty }

    func callAsFunction(_ text: String) -> String {
        var text = text
        for (old, new) in pairs where text.contains(old) { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    func callAsFunction(_ text: String?) -> String? { text.map { self($0) } }

    func apply(to diagnostic: Diagnostic) -> Diagnostic {
        var d = diagnostic
        d.file = self(d.file)
        d.message = self(d.message)
        d.hint = self(d.hint)
        return d
    }
}

extension ParsedFile {
    /// This value with the file's and the sheet's paths as this run spells them.
    func relocated(path: String, sheetPath: String?) -> ParsedFile {
        let relocation = PathRelocation([(self.path, path), (self.sheetPath, sheetPath)])
        guard !relocation.isEmpty else { return self }
        var copy = self
        copy.path = path
        copy.sheetPath = sheetPath
        copy.diagnostics = diagnostics.map { relocation.apply(to: $0) }
        copy.transcripts = transcripts.map { transcript in
            var t = transcript
            t.source.path = relocation(t.source.path)
            t.metadata.origin = relocation(t.metadata.origin)
            t.speakers = t.speakers.map { speaker in
                var s = speaker
                s.roleReason = relocation(s.roleReason)
                return s
            }
            return t
        }
        return copy
    }
}
