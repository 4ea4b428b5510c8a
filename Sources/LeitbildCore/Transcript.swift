/// The file formats Leitbild reads.
public enum SourceFormat: String, Codable, Sendable, CaseIterable {
    /// Plain text: f4/f5 (`I:`/`B:` and `#hh:mm:ss-d#`), MAXQDA `Name:` paragraphs, or unlabelled.
    case plainText = "text"
    /// Word `.docx`, read paragraph by paragraph, then the plain-text rules.
    case docx
    /// Rich Text `.rtf` (f4/f5's transcripts, WordPad, TextEdit), read paragraph by paragraph, then
    /// the plain-text rules.
    case rtf
    /// WebVTT (Teams voice tags, Zoom `Name:` cues, Whisper without speakers).
    case webVTT = "vtt"
    /// SubRip subtitles.
    case srt
    /// TEI transcription of speech (ISO 24624).
    case tei
    /// EXMARaLDA basic transcription (`.exb`).
    case exmaralda
    /// ELAN annotation document (`.eaf`).
    case elan
    /// REFI-QDA project (`.qdpx`).
    case refiQDA = "qdpx"
    /// CSV/TSV survey answers, one row per contribution.
    case csv
}

/// Where a transcript came from and how it was decoded.
public struct SourceDocument: Hashable, Codable, Sendable {
    /// Path as the user gave it (relative paths stay relative, so reports do not leak home folders).
    public var path: String
    public var format: SourceFormat
    /// Detected encoding, e.g. "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1252".
    public var encoding: String
    /// Size of the file in bytes.
    public var byteCount: Int
    /// Whether line numbers of `Transcript.text` are line numbers of the source file
    /// (true for plain text; XML and subtitle formats map lines through `Turn.sourceLine`).
    public var textLinesAreSourceLines: Bool

    public init(path: String, format: SourceFormat, encoding: String, byteCount: Int, textLinesAreSourceLines: Bool) {
        self.path = path
        self.format = format
        self.encoding = encoding
        self.byteCount = byteCount
        self.textLinesAreSourceLines = textLinesAreSourceLines
    }

    /// The file name without folders.
    public var fileName: String {
        // Byte-wise: called for every row of the long reports.
        let u = path.utf8
        var end = u.endIndex
        while end > u.startIndex, u[u.index(before: end)] == UInt8(ascii: "/") { end = u.index(before: end) }
        guard end > u.startIndex else { return path }
        let start = u[..<end].lastIndex(of: UInt8(ascii: "/")).map { u.index(after: $0) } ?? u.startIndex
        return String(path[start..<end])
    }
}

/// A coding that already existed in an imported project (e.g. a human coder's in a `.qdpx`),
/// kept so that automatic and human coding can be compared.
public struct ExistingCoding: Hashable, Codable, Sendable {
    public var codeID: String
    public var codeName: String
    public var range: TextRange
    /// Who made it (REFI-QDA user name or GUID).
    public var coder: String?

    public init(codeID: String, codeName: String, range: TextRange, coder: String?) {
        self.codeID = codeID
        self.codeName = codeName
        self.range = range
        self.coder = coder
    }
}

/// An interview as every later stage sees it: one normalised text (NFC, LF), speakers with
/// roles, and turns pointing into the text. The output of ingestion.
public struct Transcript: Codable, Sendable {
    /// Interview id from the metadata sheet, or the file name without extension.
    public var id: String
    public var source: SourceDocument
    /// The normalised text. For plain text it is the file's text; for structured formats a
    /// rendering with one paragraph per turn (`Label: text`), which is also what REFI-QDA export writes.
    public var text: String
    public var speakers: [Speaker]
    public var turns: [Turn]
    public var metadata: InterviewMetadata
    public var existingCodings: [ExistingCoding]
    /// Where a turn's text continues from another place of the source (a later cue, event,
    /// annotation or paragraph merged into the turn), sorted by offset: the source line and time
    /// of what follows. Empty for plain text, whose lines are the source's.
    public var anchors: [SourceAnchor]

    public init(id: String, source: SourceDocument, text: String, speakers: [Speaker], turns: [Turn],
                metadata: InterviewMetadata, existingCodings: [ExistingCoding] = [], anchors: [SourceAnchor] = []) {
        self.id = id
        self.source = source
        self.text = text
        self.speakers = speakers
        self.turns = turns
        self.metadata = metadata
        self.existingCodings = existingCodings
        self.anchors = anchors
    }

    public func speaker(id: String) -> Speaker? { speakers.first { $0.id == id } }

    /// The text of a range (O(1) slicing via UTF-8 offsets).
    public func text(of range: TextRange) -> Substring { text.slice(utf8: range.utf8) }

    /// The spoken text of a turn.
    public func text(of turn: Turn) -> Substring { text(of: turn.range) }

    /// The 1-based line in the source file for a UTF-8 offset of `text`: counted in the text
    /// for plain-text sources; otherwise the line of the cue, event, annotation or paragraph the
    /// offset is in (the containing turn's line, or that of the last anchor in the turn before it).
    /// `turn`: the turn that holds the offset, when the caller knows it (else it is looked up).
    public func sourceLine(atUTF8Offset offset: Int, lineIndex: LineIndex? = nil, turn known: Turn? = nil) -> Int {
        if source.textLinesAreSourceLines {
            return (lineIndex ?? LineIndex(text)).line(atUTF8Offset: offset)
        }
        let turn = known ?? turn(atUTF8Offset: offset)
        if let turn, let anchor = anchor(atUTF8Offset: offset, in: turn) { return anchor.line }
        return turn?.sourceLine ?? 1
    }

    /// The start time (seconds) of what is said at a UTF-8 offset of `text`, where the format has
    /// times: that of the cue, event or annotation the offset is in (the containing turn's start,
    /// or that of the last anchor in the turn before it, when it has one). `turn` as for `sourceLine`.
    public func startTime(atUTF8Offset offset: Int, turn known: Turn? = nil) -> Double? {
        guard let turn = known ?? turn(atUTF8Offset: offset) else { return nil }
        return anchor(atUTF8Offset: offset, in: turn)?.time ?? turn.startTime
    }

    /// The turn that holds a UTF-8 offset (the last that starts at or before it; the first turn
    /// for an offset before every turn, as in a label).
    func turn(atUTF8Offset offset: Int) -> Turn? {
        turns.last { $0.range.utf8.lowerBound <= offset } ?? turns.first
    }

    /// The last anchor at or before `offset` that lies inside `turn` (after its first byte).
    func anchor(atUTF8Offset offset: Int, in turn: Turn) -> SourceAnchor? {
        guard !anchors.isEmpty else { return nil }
        // The first anchor after `offset`, by bisection; the one before it is the candidate.
        var low = 0, high = anchors.count
        while low < high {
            let mid = (low + high) / 2
            if anchors[mid].utf8 <= offset { low = mid + 1 } else { high = mid }
        }
        guard low > 0, anchors[low - 1].utf8 > turn.range.utf8.lowerBound else { return nil }
        return anchors[low - 1]
    }
}

/// A place inside a turn where its text continues from another part of the source: a later cue,
/// event or annotation of the same speaker, or another paragraph of a Word file.
public struct SourceAnchor: Hashable, Codable, Sendable {
    /// UTF-8 offset in `Transcript.text` where the part starts.
    public var utf8: Int
    /// 1-based line in the source file of the part (a cue's timing line; an element's start tag; a paragraph's number).
    public var line: Int
    /// Start time in seconds of the part, where the format has one.
    public var time: Double?

    public init(utf8: Int, line: Int, time: Double? = nil) {
        self.utf8 = utf8
        self.line = line
        self.time = time
    }
}
