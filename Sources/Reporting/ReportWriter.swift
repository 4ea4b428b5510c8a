import Foundation
import LeitbildCore

/// Stage 5 entry point: renders every report and writes them into the output folder, each
/// through a temporary file and a rename, so a crash never leaves a half-written report.
public struct ReportWriter: Sendable {
    public var renderers: [any ReportRenderer]

    /// Every output of `leitbild analyze`, in the order they are written.
    public static let defaultRenderers: [any ReportRenderer] = [
        SummaryRenderer(), HTMLReportRenderer(), ThemesCSVRenderer(), SegmentsCSVRenderer(), GroupsCSVRenderer(),
        JSONRenderer(), SQLiteRenderer(), QDPXRenderer(),
    ]

    public init(renderers: [any ReportRenderer] = ReportWriter.defaultRenderers) {
        self.renderers = renderers
    }

    /// The renderers for a run: the defaults plus the confidential key file when pseudonymising.
    public static func renderers(for options: ReportOptions) -> [any ReportRenderer] {
        defaultRenderers + (options.pseudonymize ? [PseudonymKeyRenderer()] : [])
    }

    /// Renders all outputs, then writes them; returns the written paths.
    public func write(_ input: ReportInput, to directory: String) throws(ReportingError) -> [String] {
        var files: [RenderedFile] = []
        for renderer in renderers {
            do { files.append(try renderer.render(input)) } catch let error as ReportingError {
                throw error
            } catch {
                throw ReportingError.renderFailed(file: renderer.fileName, reason: "\(error)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportingError.cannotWrite(path: directory, reason: error.localizedDescription)
        }
        var written: [String] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try AtomicFile.write(file.contents, to: path)
            written.append(path)
        }
        return written
    }
}

/// Writes a file through a temporary name in the same folder and a rename.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportingError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw ReportingError.cannotWrite(path: temporary, reason: "cannot create the file")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportingError.cannotWrite(path: path, reason: reason)
        }
    }
}

/// Why a report could not be written.
public enum ReportingError: Error, LocalizedError, Sendable {
    case renderFailed(file: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case pseudonymList(path: String, line: Int, message: String, hint: String)

    public var errorDescription: String? {
        switch self {
        case let .renderFailed(file, reason): "\(file): rendering failed: \(reason). Please report this as a bug."
        case let .cannotWrite(path, reason): "\(path): cannot write: \(reason). Check that the output folder is writable (--out)."
        case let .cannotRead(path, reason): "\(path): cannot read: \(reason). Check the path (--pseudonyms)."
        case let .pseudonymList(path, line, message, hint): "\(path):\(line): \(message). Fix: \(hint)."
        }
    }
}
