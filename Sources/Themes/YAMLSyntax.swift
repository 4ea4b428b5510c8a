import Yams

/// A YAML syntax error as a consultant can act on it: where the broken construct starts (an
/// unclosed `[` may only be noticed many lines later), what the parser expected, and where it
/// gave up. Shared by the codebook and the weights file.
public struct YAMLSyntaxProblem: Sendable, Equatable {
    /// The line to look at first: where a flow construct or quote starts (an unclosed `[`), the line
    /// that does not fit a block (indentation), else where the parser stopped.
    public var line: Int?
    public var message: String

    public init(_ error: any Error) {
        let parts: (context: YamlError.Context?, problem: String, mark: Mark)?
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?: parts = (context, problem, mark)
        case let .parser(context, problem, mark, _)?: parts = (context, problem, mark)
        case let .composer(context, problem, mark, _)?: parts = (context, problem, mark)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            // Yams's own description holds the whole mapping's text (found in a workflow review:
            // a second `name:` printed the whole codebook).
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            line = context.mark.line
            message = "the key\(duplicates.count == 1 ? "" : "s") \(keys) stand\(duplicates.count == 1 ? "s" : "") twice in one block; "
                + "the first on line \(context.mark.line), column \(context.mark.column)"
            hint = "keep one of them (a second key would silently replace the first); where each stands once, look for a quote "
                + "left open above it (- \"Rufbus), which runs on over the lines after it"
            return
        case let .reader(problem, offset, _, _)?:
            line = nil
            message = "not valid YAML: \(problem)\(offset.map { " (byte \($0))" } ?? "")"
            return
        default: parts = nil
        }
        guard let parts else {
            line = nil
            message = "not valid YAML: \(error)"
            return
        }
        let stopped = "line \(parts.mark.line), column \(parts.mark.column)"
        if let context = parts.context {
            var construct = Substring(context.text)
            for prefix in ["while parsing ", "while scanning "] where construct.hasPrefix(prefix) { construct = construct.dropFirst(prefix.count) }
            if construct.hasPrefix("a block "), parts.mark.line > context.mark.line {
                // A block is broken by a line of the wrong indentation, where the parser stops:
                // that line is the one to fix, not the block's first (found in a first-day review:
                // a term one space short was reported at its code's "- id:" eleven lines above).
                line = parts.mark.line
                message = "not valid YAML: \(stopped) does not fit \(construct) that starts on line \(context.mark.line), "
                    + "column \(context.mark.column) (\(parts.problem))"
                hint = "indent this line as the lines of its block above it (spaces, not tabs)"
                return
            }
            line = context.mark.line
            message = "not valid YAML: \(construct) that starts on line \(context.mark.line), column \(context.mark.column): "
                + "\(parts.problem) (noticed on \(stopped))"
        } else {
            line = parts.mark.line
            message = "not valid YAML: \(parts.problem) (\(stopped))"
        }
    }

    public var hint = "check indentation, quotes and brackets from this line on"
}
