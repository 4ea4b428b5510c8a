import Foundation

/// A codebook that cannot be used: the message names file, line and key, and suggests the fix.
public struct CodebookError: Error, LocalizedError, Hashable, Sendable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String
    public var hint: String

    public init(file: String, line: Int?, key: String?, message: String, hint: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.hint = hint
    }

    /// `file:line: key: message. Hint.`
    public var errorDescription: String? {
        let location = file + (line.map { ":\($0)" } ?? "")
        let keyPart = key.map { "\($0): " } ?? ""
        let sentence = hint.prefix(1).uppercased() + hint.dropFirst()
        return "\(location): \(keyPart)\(message). \(sentence)"
    }
}

/// Several codebook problems at once, so a consultant can fix them in one go.
public struct CodebookErrors: Error, LocalizedError, Sendable {
    public var errors: [CodebookError]
    public var errorDescription: String? { errors.map { $0.errorDescription ?? "" }.joined(separator: "\n") }
}
