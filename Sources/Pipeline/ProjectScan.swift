import Foundation
import Ingestion
import LeitbildCore

/// What a scan of a project's transcript folder found: the transcript files, sorted by path, and
/// a warning for each file left out that its user may have meant as a transcript (docs/batch.md,
/// "What a project scan reads").
///
/// The folder is `PROJECT/transcripts/`, or the project folder itself when it has none. Every file
/// with a transcript extension (`SourceFormat.transcriptExtensions`) is taken, except:
/// - without a word: hidden files and folders, the lock files Word keeps beside an open document
///   (`~$name.docx`, not a zip: each would fail a run made while a transcript is open), files of
///   other types (audio, backups such as `.bak`), folders without transcripts, and the run's own
///   files: the metadata sheet and the pseudonym list where the project keeps them, any file the
///   run was given as its sheet, codebook, weights or list, and the reports in the run's output
///   folder (`--out` may be the project folder);
/// - with a warning: documents of a format no reader takes (`SourceFormat.unreadDocumentExtensions`:
///   `.rtf`, f4/f5's export, `.doc`, `.odt`, `.pdf`, …), likely transcripts saved in the wrong
///   format; subfolders that hold files with a transcript extension (the scan reads one folder;
///   not the folder of the run's own files, such as the output folder); CSV/TSV tables
///   (`SourceFormat.tableExtensions`), which may be sheets or survey exports of many answers and
///   are read only when named; and symbolic links to files outside the project folder, which a
///   copy of the project would not hold (a link that stays in the project is followed, and so is
///   a `transcripts` folder that is itself a link).
///
/// A link whose target does not exist is taken, and fails when it is read, as a missing file does.
public struct ProjectScan: Sendable, Equatable {
    /// The transcript files, sorted by name.
    public var files: [String]
    /// One warning per file left out that could have been meant as a transcript, sorted by name.
    public var leftOut: [Diagnostic]

    /// The files a project scan of `project` takes and leaves out; `given` are the run's own files
    /// (`--metadata`, `--codebook`, `--weights`, `--pseudonyms`), never taken for transcripts.
    public static func project(_ project: String, given: [String?] = []) throws(PipelineError) -> ProjectScan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineError.projectNotFound(project)
        }
        let transcripts = (project as NSString).appendingPathComponent("transcripts")
        let flat = !FileManager.default.fileExists(atPath: transcripts)
        // The files a run reads from the project folder by default (`AnalysisPipeline.prepare`, `writeReports`).
        let defaults = flat ? projectFiles.map { (project as NSString).appendingPathComponent($0) } : []
        return folder(flat ? project : transcripts, root: project, given: given.compactMap(\.self) + defaults)
    }

    /// The names of the files a run reads from the project folder by default and that a scan of
    /// the project folder itself must not take for transcripts (`codebook.yaml` and `weights.yaml`
    /// have no transcript extension).
    static let projectFiles = ["metadata.csv", "metadata.tsv", "pseudonyms.txt"]

    /// The files of `folder` a scan takes and leaves out, for links judged against `root`'s
    /// folder (and `folder`'s own), which messages call `rootName`; `given` are never taken
    /// (`leitbild ingest FOLDER --metadata`).
    public static func folder(_ folder: String, root: String, rootName: String = "the project folder", given: [String] = []) -> ProjectScan {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        // Paths are resolved only where needed (a name of the run's own files, a link): a scan of
        // thousands of files costs one lstat each.
        let own = Set(given.compactMap(resolved))
        let ownNames = Set(own.map(PathName.lastComponent))
        let inside = [root, folder].compactMap(resolved).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        // The folders that hold the run's own files (the output folder, in a project without
        // transcripts/) are no forgotten subfolders of transcripts.
        let ownFolders = Set(own.map(PathName.folder))
        let folderName = folder == root ? rootName : PathName.lastComponent(folder) + "/"
        var files: [String] = []
        var leftOut: [Diagnostic] = []
        // A project folder that is itself an old output folder (`--out PROJECT` once): its
        // reports are no interviews (found in a re-review: its summary.md was read as one).
        let reportFolder = isReportFolder(names)
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("~$") && !(reportFolder && ReportManifest.isReportFile(name)) {
            let ext = PathName.extension(name).lowercased()
            let scanned = SourceFormat.transcriptExtensions.contains(ext)
            let document = SourceFormat.unreadDocumentExtensions[ext]
            let path = (folder as NSString).appendingPathComponent(name)
            guard scanned || document != nil || SourceFormat.tableExtensions.contains(ext) else {
                // The scan reads one folder; a subfolder of transcripts is named (a second round
                // copied into `transcripts/runde2/` was left out without a word).
                if let first = firstTranscript(inSubfolder: path), let real = resolved(path), !ownFolders.contains(real) {
                    leftOut.append(Diagnostic(.warning, "left out: a subfolder, which holds \(first.count) transcript file\(first.count == 1 ? "" : "s") "
                                                  + "(\(name)/\(first.example)); a project scan reads only the files directly in \(folderName)", file: path,
                                              hint: "move its transcripts up into \(folderName) to analyse them with the others, or analyse the subfolder "
                                                  + "as a project of its own (`leitbild analyze FOLDER`, with `--codebook` and `--metadata` for the project's)"))
                }
                continue
            }
            let link = isLink(path)
            let target = link || ownNames.contains(name) ? resolved(path) : nil
            if let target, own.contains(target) { continue }
            if link, let target, !inside.contains(where: { target.hasPrefix($0) }) {
                leftOut.append(Diagnostic(.warning, "left out: a symbolic link to a file outside \(rootName)", file: path,
                                          hint: "copy the file into \(rootName) in place of the link to analyse it"))
                continue
            }
            if let document {
                leftOut.append(Diagnostic(.warning, "left out: a document in a format Leitbild does not read, \(document)", file: path,
                                          hint: "save it as .docx or .txt (in Word, LibreOffice or f4/f5: Save As or Export) to analyse it "
                                              + "with the project; move it out of the folder if it holds no transcript"))
            } else if scanned {
                files.append(path)
            } else {
                leftOut.append(Diagnostic(.warning, "left out: a project scan never takes a CSV/TSV table for transcripts "
                                              + "(it may be a metadata sheet, or a survey export of many answers)", file: path,
                                          hint: "save its interviews as .txt or .docx files to analyse them with the project; "
                                              + "`leitbild ingest FILE` shows what it holds; move it out of the folder if it holds no transcript"))
            }
        }
        return ProjectScan(files: files, leftOut: leftOut)
    }

    /// How many files with a transcript extension the folder at `path` holds, in it or deeper,
    /// and the first of them by name (relative to `path`); nil when it is no folder or holds none.
    /// Hidden entries and Word's lock files are not counted, and links to folders inside it are
    /// not followed (no loops); `path` itself may be a link to a folder.
    private static func firstTranscript(inSubfolder path: String) -> (count: Int, example: String)? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        var count = 0
        var example: String?
        func walk(_ folder: String, _ relative: String, depth: Int) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            // In an output folder of a run (its lock file or report manifest), this run's or an
            // earlier one's, the reports (its project.qdpx, summary.md and their edited copies) are
            // no forgotten transcripts (found in a review: a project without transcripts/ and
            // `--out` in a subfolder warned on every run); other transcripts there still count (a
            // first version skipped the whole folder; found in a re-review).
            let reportFolder = isReportFolder(names)
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("~$") && !(reportFolder && ReportManifest.isReportFile(name)) {
                let inner = relative.isEmpty ? name : relative + "/" + name
                if SourceFormat.transcriptExtensions.contains(PathName.extension(name).lowercased()) {
                    count += 1
                    if example == nil { example = inner }
                    continue
                }
                let child = (folder as NSString).appendingPathComponent(name)
                var info = stat()
                if depth < 16, lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { walk(child, inner, depth: depth + 1) }
            }
        }
        walk(path, "", depth: 0)
        return example.map { (count, $0) }
    }

    /// Whether a folder's entries are those of a run's output folder: its lock file or report manifest.
    static func isReportFolder(_ names: [String]) -> Bool {
        names.contains(RunLock.fileName) || names.contains(ReportManifest.fileName)
    }

    /// Whether `path` is a symbolic link (not followed).
    private static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// `path` absolute, with symbolic links, `.` and `..` resolved (`realpath`); nil when it does not exist.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
