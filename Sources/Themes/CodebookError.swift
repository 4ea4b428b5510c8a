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
    /// The most problems the message lists; a file with more (a list pasted in the wrong place,
    /// another file's YAML) gets one line for the rest instead of screens of messages.
    public static let shownErrors = 20

    public init(errors: [CodebookError]) { self.errors = errors }

    public var errorDescription: String? {
        var lines = errors.prefix(Self.shownErrors).map { $0.errorDescription ?? "" }
        if errors.count > Self.shownErrors {
            let file = errors[0].file
            lines.append("\(file): \(errors.count - Self.shownErrors) more problems. Fix the ones above first and run again; "
                         + "if the file is not a codebook, check the path")
        }
        return lines.joined(separator: "\n")
    }
}
