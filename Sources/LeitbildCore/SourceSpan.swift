/// A half-open range of Unicode-scalar offsets into a transcript's normalised text (NFC, LF line ends).
///
/// Positions are never `String.count` (grapheme clusters): REFI-QDA and other tools count
/// code points, and so does Leitbild.
public struct SourceSpan: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// First scalar offset (inclusive).
    public var start: Int
    /// Scalar offset one past the end (exclusive).
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "SourceSpan start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func contains(_ other: SourceSpan) -> Bool { start <= other.start && other.end <= end }
    public func overlaps(_ other: SourceSpan) -> Bool { start < other.end && other.start < end }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A span in both coordinate systems of one normalised text: Unicode scalars (what users and
/// REFI-QDA see) and UTF-8 bytes (what the code slices with in O(1)).
public struct TextRange: Hashable, Codable, Sendable {
    public var scalars: SourceSpan
    public var utf8: Range<Int>

    public init(scalars: SourceSpan, utf8: Range<Int>) {
        self.scalars = scalars
        self.utf8 = utf8
    }
}
