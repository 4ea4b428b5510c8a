/// The unit that theme coding assigns codes to: by default one sentence of a respondent turn,
/// or a whole turn or document (`--unit`).
public struct Segment: Hashable, Codable, Sendable {
    /// Interview id (`Transcript.id`).
    public var transcriptID: String
    /// Position of the segment among the transcript's segments, from 0.
    public var index: Int
    /// Index of the turn the segment belongs to (the first one for document units).
    public var turnIndex: Int
    public var role: SpeakerRole
    public var speakerID: String
    public var range: TextRange
    /// 1-based line in the source file (see `Transcript.sourceLine`).
    public var sourceLine: Int
    /// Start time of the turn in seconds, where known.
    public var startTime: Double?

    public init(transcriptID: String, index: Int, turnIndex: Int, role: SpeakerRole, speakerID: String,
                range: TextRange, sourceLine: Int, startTime: Double?) {
        self.transcriptID = transcriptID
        self.index = index
        self.turnIndex = turnIndex
        self.role = role
        self.speakerID = speakerID
        self.range = range
        self.sourceLine = sourceLine
        self.startTime = startTime
    }

    public var span: SourceSpan { range.scalars }
}
