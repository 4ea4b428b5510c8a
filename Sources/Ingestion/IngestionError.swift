import Foundation
import LeitbildCore

/// Why a file could not be ingested. Messages name the file, where it went wrong, and what to do.
public enum IngestionError: Error, LocalizedError, Sendable, Hashable {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case unknownExtension(file: String, ext: String)
    case unsupportedFormat(file: String, format: SourceFormat)
    case undecodable(file: String, byteOffset: Int)
    case malformed(file: String, line: Int?, message: String, hint: String)
    case metadata(file: String, line: Int?, message: String, hint: String)

    public var errorDescription: String? {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the file: \(reason). Check the path and permissions."
        case let .tooLarge(file, bytes, limit):
            return "\(file): the file has \(bytes) bytes, more than the limit of \(limit). Split it or raise the limit."
        case let .unknownExtension(file, ext):
            return "\(file): unknown file type '.\(ext)'. Use .txt, .docx, .vtt, .srt, .xml (TEI), .exb, .eaf, .qdpx or .csv."
        case let .unsupportedFormat(file, format):
            return "\(file): reading \(format.rawValue) files is not supported yet. Convert it to plain text (I:/B: labels)."
        case let .undecodable(file, offset):
            return "\(file): byte \(offset) is not valid text in any supported encoding. Save the file as UTF-8."
        case let .malformed(file, line, message, hint):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message). \(hint)"
        case let .metadata(file, line, message, hint):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message). \(hint)"
        }
    }
}
