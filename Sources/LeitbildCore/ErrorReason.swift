import Foundation

extension Error {
    /// The error's reason as a clause to go inside a message of our own ("X: cannot write:
    /// REASON. Check ..."): Foundation's failure reason where it has one ("The file doesn’t
    /// exist.") rather than its description, which starts with "The operation could not be
    /// completed.", without the closing full stop, so that the message does not read "..".
    public var reasonClause: String {
        var text = (self as NSError).localizedFailureReason ?? localizedDescription
        while let last = text.last, last == "." || last == " " { text.removeLast() }
        return text
    }
}
