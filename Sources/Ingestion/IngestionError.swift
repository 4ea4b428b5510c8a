import Foundation
import LeitbildCore

/// Why a file could not be ingested. Every message names the file, where it went wrong (line or
/// byte offset) and what to do.
public enum IngestionError: Error, LocalizedError, Sendable, Hashable {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case unknownExtension(file: String, ext: String)
    case empty(file: String)
    /// A transcript file with bytes but no text: only white space (or, in a structured format, no
    /// turn with any text). Not an interview.
    case noText(file: String)
    case binary(file: String, byteOffset: Int)
    case undecodable(file: String, byteOffset: Int, line: Int?, encoding: String)
    /// Broken structure: XML syntax, a missing element, a bad cue timing, an unclosed CSV quote.
    case malformed(file: String, line: Int?, message: String, hint: String)
    /// Refused for safety: entity declarations, zip path traversal, zip bombs.
    case unsafe(file: String, line: Int?, message: String, hint: String)
    case metadata(file: String, line: Int?, message: String, hint: String)
    /// A file that holds several documents (survey CSV, multi-source .qdpx) read as one.
    case multipleDocuments(file: String, count: Int)

    /// "72.5 MiB" (one decimal; "64 MiB" for whole numbers, as the option takes them).
    static func mebibytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_048_576
        return value == value.rounded() ? "\(Int(value)) MiB" : String(format: "%.1f MiB", value)
    }

    public var errorDescription: String? {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the file: \(reason). Check the path and permissions."
        case let .tooLarge(file, bytes, limit):
            return "\(file): the file has \(Self.mebibytes(bytes)), more than the limit of \(Self.mebibytes(limit)). "
                + "Split it, or raise the limit with --max-file-size (in MiB)."
        case let .unknownExtension(file, ext):
            let found = ext.isEmpty ? "the file name has no extension" : "unknown file type '.\(ext)'"
            return "\(file): \(found). Use .txt, .docx, .vtt, .srt, .xml/.tei (TEI), .exb, .eaf, .qdpx, .csv or .tsv."
        case let .empty(file):
            return "\(file): the file is empty (0 bytes). Export it again, or remove it."
        case let .noText(file):
            return "\(file): contains no text (the transcript is empty, only white space or only speaker labels). Export the transcript again, or remove the file."
        case let .binary(file, offset):
            return "\(file): byte \(offset) is a control character: this is a binary file, not text. Export the transcript as .txt (UTF-8) or .docx."
        case let .undecodable(file, offset, line, encoding):
            let place = line.map { "line \($0), byte \(offset)" } ?? "byte \(offset)"
            return "\(file): \(place) is not valid \(encoding). Open the file in an editor and save it as UTF-8."
        case let .malformed(file, line, message, hint):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message). \(hint)"
        case let .unsafe(file, line, message, hint):
            return "\(file)\(line.map { ":\($0)" } ?? ""): refused for safety: \(message). \(hint)"
        case let .metadata(file, line, message, hint):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message). \(hint)"
        case let .multipleDocuments(file, count):
            return "\(file): the file holds \(count) documents. Read it with Ingestor.documents(…) or `leitbild ingest`, which return all of them."
        }
    }

    /// The file the error is about.
    public var file: String {
        switch self {
        case let .unreadable(file, _), let .tooLarge(file, _, _), let .unknownExtension(file, _), let .empty(file), let .noText(file),
             let .binary(file, _), let .undecodable(file, _, _, _), let .malformed(file, _, _, _), let .unsafe(file, _, _, _),
             let .metadata(file, _, _, _), let .multipleDocuments(file, _):
            return file
        }
    }

    /// The 1-based line, where known.
    public var line: Int? {
        switch self {
        case let .undecodable(_, _, line, _), let .malformed(_, line, _, _), let .unsafe(_, line, _, _), let .metadata(_, line, _, _):
            return line
        default:
            return nil
        }
    }
}
