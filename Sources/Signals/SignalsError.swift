import Foundation

/// A lexicon or weights file that cannot be used: the message names file, line and key, and
/// says what to do.
public struct SignalsError: Error, LocalizedError, Hashable, Sendable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String
    public var hint: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String, hint: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.hint = hint
    }

    public var errorDescription: String? {
        let location = file + (line.map { ":\($0)" } ?? "")
        let keyPart = key.map { " ('\($0)')" } ?? ""
        return "\(location): \(message)\(keyPart). \(hint)"
    }
}
