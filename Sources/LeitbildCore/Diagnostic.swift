/// A finding that does not stop the run (an unknown speaker label, an empty file, a guessed
/// encoding). Collected per stage and reported together at the end; `--strict` makes warnings errors.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Comparable {
        case note, warning, error
        private var rank: Int { switch self { case .note: 0; case .warning: 1; case .error: 2 } }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Path of the file concerned, as the user gave it.
    public var file: String?
    /// 1-based line, where known.
    public var line: Int?
    /// 1-based column, where known.
    public var column: Int?
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String?

    public init(_ severity: Severity, _ message: String, file: String? = nil, line: Int? = nil,
                column: Int? = nil, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
    }

    /// `path:line:column: warning: message. hint`
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            if let line, line > 0, let column { location += ":\(column)" }
            location += ": "
        }
        var text = "\(location)\(severity.rawValue): \(message)"
        if let hint, !hint.isEmpty { text += " (\(hint))" }
        return text
    }
}

/// How a failed file is shown in a report or on the terminal: its error, with the file's path in
/// front unless the error starts with it already (ingestion errors usually do).
public func failureLine(file: String, error: String) -> String {
    error.hasPrefix(file) ? error : "\(file): \(error)"
}
