/// One contiguous contribution of one speaker.
public struct Turn: Hashable, Codable, Sendable {
    /// Position of the turn in the transcript, from 0.
    public var index: Int
    /// `Speaker.id` of the speaker.
    public var speakerID: String
    /// Copied from the speaker so that stages need no lookup.
    public var role: SpeakerRole
    /// The spoken text of the turn (without the speaker label and a trailing f4 timestamp)
    /// in `Transcript.text`.
    public var range: TextRange
    /// 1-based line in the source file where the turn starts (for XML formats: the element's line).
    public var sourceLine: Int
    /// Start time in seconds, where the format has one.
    public var startTime: Double?
    /// End time in seconds, where the format has one.
    public var endTime: Double?

    public init(index: Int, speakerID: String, role: SpeakerRole, range: TextRange, sourceLine: Int,
                startTime: Double? = nil, endTime: Double? = nil) {
        self.index = index
        self.speakerID = speakerID
        self.role = role
        self.range = range
        self.sourceLine = sourceLine
        self.startTime = startTime
        self.endTime = endTime
    }

    public var span: SourceSpan { range.scalars }
}
