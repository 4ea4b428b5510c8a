import Foundation
import LeitbildCore

/// Reads plain-text transcripts: f4/f5 (`I:`/`B:`/`B1:` labels, `#hh:mm:ss-d#` timestamps),
/// MAXQDA focus-group style (`Name:` at paragraph start, up to 63 characters), free speaker
/// names, and unlabelled text (one respondent).
///
/// The transcript's text is the file's text (NFC, LF), so its line numbers are the file's.
public struct PlainTextReader: TranscriptReader {
    public init() {}

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        let transcript = PlainTextParser.parse(text: decoded.text, context: context, metadata: context.metadata,
                                               format: .plainText, encoding: decoded.encoding, diagnostics: &diagnostics)
        return ReaderOutput(encoding: decoded.encoding, transcripts: [transcript], diagnostics: diagnostics)
    }
}

/// The plain-text rules, shared by `.txt`, `.docx` and the text sources of `.qdpx` projects.
///
/// Passes, in order:
/// 1. Split into lines; every non-blank line is a paragraph candidate. A leading timestamp
///    (`#00:01:02-3#`, `[00:01:02]`, `(00:01:02)`) before or right after a label is the turn's start time.
/// 2. `Label:` at a paragraph start is a label candidate: at most 63 characters and 5 words, no
///    sentence punctuation, followed by a space or the line end.
/// 3. A candidate is accepted when it is a known convention (`I`, `B2`, `Interviewer`, ...),
///    names a person from the metadata, recurs, or looks like a name (two or more capitalised
///    words, e.g. `Frau Kessler`); candidates starting with a function word (`Zum Beispiel:`,
///    `Wichtig ist:`) are never labels unless a convention says so.
/// 4. An accepted label starts a turn; a paragraph without one continues the previous turn, so a
///    turn may span several paragraphs (after a paragraph that ends in a timestamp, the same
///    speaker continues in a new turn). Text before the first label is a header, not a turn.
/// 5. Each turn is trimmed; a trailing f4 timestamp is cut off and becomes its end time (the
///    start time is the previous turn's end when the file only has end stamps).
enum PlainTextParser {
    /// First words that make a `Words:` line a sentence, not a speaker label.
    static let sentenceStarters: Set<String> = [
        "aber", "also", "am", "an", "auch", "auf", "aus", "bei", "beispiel", "bitte", "da", "dann", "das", "dass", "dazu",
        "dem", "den", "der", "des", "die", "dies", "diese", "dieser", "doch", "du", "ein", "eine", "einer", "er", "es",
        "fazit", "frage", "für", "genau", "hier", "hinweis", "ich", "ihr", "im", "in", "ja", "jetzt", "man", "mein",
        "meine", "mit", "nach", "nein", "nicht", "noch", "nur", "oder", "ok", "okay", "punkt", "schon", "sie", "so",
        "thema", "und", "uns", "unser", "unsere", "vom", "von", "vor", "was", "weil", "wenn", "wichtig", "wie", "wir",
        "wo", "zum", "zur", "zu", "zwei", "drei", "erstens", "zweitens", "drittens", "anmerkung", "beispielsweise",
        "ergänzung", "achtung", "stichwort", "ziel", "problem", "grund", "ergebnis", "antwort",
    ]
    /// Lower-case words allowed inside names (`Frau von Berg`).
    static let nameParticles: Set<String> = ["von", "van", "de", "der", "zu", "vom", "den", "di", "da", "und"]

    /// A paragraph: one non-blank line.
    struct Paragraph {
        var line: Int
        /// Content bytes without leading whitespace, up to the line end.
        var utf8: Range<Int>
        var label: String?
        /// Whether the label stands in quotation marks (`"Schorsch":`).
        var labelQuoted = false
        /// Whether the text follows the label's colon without a space (`I:Wie …`).
        var labelTouching = false
        /// Whether the paragraph is only a name and a time, the text following it (`labelLine`).
        var labelLine = false
        /// Offset where the text after the label (and a leading timestamp) starts.
        var contentStart: Int
        var leadingTime: Double?

        /// A name-and-time line that is no speaker's after all: its words are text again.
        mutating func dropLabelLine() {
            label = nil
            labelLine = false
            leadingTime = nil
            contentStart = utf8.lowerBound
        }
    }

    /// Parses normalised text. `lineMap[i]` is the source line of text line `i + 1` when the
    /// text is a rendering (docx paragraphs); nil when text lines are the file's lines.
    static func parse(text: String, context: ReaderContext, metadata: InterviewMetadata, id: String? = nil, lineMap: [Int]? = nil,
                      format: SourceFormat, encoding: String, diagnostics: inout [Diagnostic]) -> Transcript
    {
        var text = text
        let (speakers, turns) = text.withUTF8 { bytes in
            parse(bytes: bytes, context: context, metadata: metadata, lineMap: lineMap, diagnostics: &diagnostics)
        }
        let source = SourceDocument(path: context.path, format: format, encoding: encoding, byteCount: context.data.count,
                                    textLinesAreSourceLines: lineMap == nil)
        let anchors = lineMap.map { map in text.withUTF8 { anchorsOfLines(in: $0, turns: turns, lineMap: map) } } ?? []
        return Transcript(id: id ?? metadata.interviewID, source: source, text: text, speakers: speakers, turns: turns, metadata: metadata,
                          anchors: anchors)
    }

    /// The anchors of a rendering's lines inside turns (a Word turn of several paragraphs): where a
    /// text line inside a turn starts on another source line than the line before it.
    static func anchorsOfLines(in bytes: UnsafeBufferPointer<UInt8>, turns: [Turn], lineMap: [Int]) -> [SourceAnchor] {
        var anchors: [SourceAnchor] = []
        var line = 0  // 0-based text line of `offset`
        var offset = 0
        for turn in turns {
            let range = turn.range.utf8
            // Up to the turn's start, then each line start inside it.
            while offset < range.upperBound, let feed = bytes[offset..<range.upperBound].firstIndex(of: 10) {
                offset = feed + 1
                line += 1
                guard offset > range.lowerBound, offset < range.upperBound, line < lineMap.count, lineMap[line] != lineMap[line - 1] else { continue }
                anchors.append(SourceAnchor(utf8: offset, line: lineMap[line]))
            }
            offset = max(offset, range.upperBound)
        }
        return anchors
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, context: ReaderContext, metadata: InterviewMetadata,
                              lineMap: [Int]?, diagnostics: inout [Diagnostic]) -> ([Speaker], [Turn])
    {
        let n = bytes.count
        func sourceLine(_ line: Int) -> Int {
            guard let lineMap else { return line }
            return line - 1 < lineMap.count ? lineMap[line - 1] : (lineMap.last ?? line)
        }

        // Pass 1 and 2: paragraphs and label candidates.
        var paragraphs: [Paragraph] = []
        paragraphs.reserveCapacity(n / 200 + 8)
        var lineStart = 0
        var line = 1
        while lineStart <= n {
            var lineEnd = lineStart
            // memchr is much faster than a byte loop for long lines.
            if lineStart < n, let base = bytes.baseAddress,
               let hit = memchr(base + lineStart, 10, n - lineStart) {
                lineEnd = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            } else {
                lineEnd = n
            }
            let first = skipLineIndent(bytes, lineStart, lineEnd)
            if first < lineEnd {
                var paragraph = Paragraph(line: line, utf8: first..<lineEnd, label: nil, contentStart: first, leadingTime: nil)
                var cursor = first
                if let (time, after) = leadingTimestamp(bytes, cursor, lineEnd) {
                    paragraph.leadingTime = time
                    cursor = skipSpaces(bytes, after, lineEnd)
                }
                if let (label, after) = SpeakerLabelShape.candidate(bytes, from: cursor, to: lineEnd, touchingText: true) {
                    paragraph.label = label
                    paragraph.labelQuoted = SpeakerLabelShape.quote(bytes, at: cursor, to: lineEnd) != nil
                    paragraph.labelTouching = after < lineEnd && !Blanks.isBlank(bytes, at: after, end: lineEnd)
                    var content = after
                    if paragraph.leadingTime == nil, let (time, afterTime) = leadingTimestamp(bytes, Blanks.skip(bytes, after, lineEnd), lineEnd) {
                        paragraph.leadingTime = time
                        content = afterTime
                    }
                    paragraph.contentStart = content
                } else if paragraph.leadingTime == nil, let (label, time) = labelLine(bytes, first, lineEnd) {
                    paragraph.label = label
                    paragraph.labelLine = true
                    paragraph.leadingTime = time
                    paragraph.contentStart = lineEnd
                }
                paragraphs.append(paragraph)
            }
            line += 1
            lineStart = lineEnd + 1
        }

        // Pass 3: which candidates are labels. A name-and-time line is a speaker's only when words
        // follow it (the next line is no such line: an agenda's "Impuls Mobilität 18:15" and a
        // timetable's "Naila Bahnhof 7:05" stand line under line), and when the file has the
        // layout: at least two such lines, of two names, one of which recurs on such lines, is a
        // convention or names a person of the sheet. Then a name met once is a speaker too (a
        // respondent who speaks once, a husband who adds a sentence: a first rule that wanted every
        // name to recur made their words the previous speaker's; found in a re-review).
        // "Sitzung Naila 10:00" once is a heading; a transcriber's "[Anmerkung] 12:30" is text
        // however often it recurs.
        for i in paragraphs.indices where paragraphs[i].labelLine && (i + 1 == paragraphs.count || paragraphs[i + 1].labelLine) {
            paragraphs[i].dropLabelLine()
        }
        let lineNames = paragraphs.lazy.filter(\.labelLine).compactMap(\.label)
        let hasLayout = Set(lineNames).count >= 2 && !labelLineNames(lineNames, metadata: metadata).isEmpty
        for i in paragraphs.indices where paragraphs[i].labelLine && !hasLayout { paragraphs[i].dropLabelLine() }
        var counts: [String: Int] = [:]
        var unquoted = Set<String>(), spaced = Set<String>()
        for p in paragraphs {
            guard let l = p.label else { continue }
            counts[l, default: 0] += 1
            if !p.labelQuoted { unquoted.insert(l) }
            if !p.labelTouching { spaced.insert(l) }
        }
        let accepted = acceptedLabels(counts, metadata: metadata, quotedOnly: Set(counts.keys).subtracting(unquoted),
                                      touchingOnly: Set(counts.keys).subtracting(spaced))
        func label(of p: Paragraph) -> String? {
            guard let l = p.label, accepted.contains(l) else { return nil }
            return speakerLabel(l, accepted: accepted)
        }
        let labelled = paragraphs.contains { label(of: $0) != nil }

        // Pass 4: paragraphs into turns.
        struct Draft {
            var speaker: String; var line: Int; var start: Int; var end: Int; var startTime: Double?
            /// A name-and-time line whose words have not come yet: they give the turn its line.
            var bare = false
        }
        var drafts: [Draft] = []
        var headerLines: [Int] = []
        for p in paragraphs {
            if let l = label(of: p) {
                drafts.append(Draft(speaker: l, line: p.line, start: p.contentStart, end: p.utf8.upperBound, startTime: p.leadingTime,
                                    bare: p.labelLine))
            } else if let last = drafts.last, last.bare {
                drafts[drafts.count - 1].line = p.line
                drafts[drafts.count - 1].end = p.utf8.upperBound
                drafts[drafts.count - 1].bare = false
            } else if let last = drafts.last {
                // f4 stamps every paragraph: after a stamped paragraph the same speaker goes on in
                // a new turn, so that no timestamp ends up inside a turn's text.
                let stamped = trailingTimestamp(bytes, last.start, Blanks.trimEnd(bytes, last.start, last.end)) != nil
                if stamped {
                    drafts.append(Draft(speaker: last.speaker, line: p.line, start: p.contentStart, end: p.utf8.upperBound, startTime: p.leadingTime))
                } else {
                    drafts[drafts.count - 1].end = p.utf8.upperBound
                }
            } else if labelled {
                headerLines.append(p.line)
            } else {
                drafts.append(Draft(speaker: StructuredTranscript.unlabelledID, line: p.line, start: p.contentStart,
                                    end: p.utf8.upperBound, startTime: p.leadingTime))
            }
        }
        if let first = headerLines.first, let last = headerLines.last {
            let lines = first == last ? "line \(sourceLine(first)) comes" : "lines \(sourceLine(first))–\(sourceLine(last)) come"
            diagnostics.append(Diagnostic(.note, "\(lines) before the first speaker label and \(first == last ? "is" : "are") read as a header, not as a turn",
                                          file: context.path, line: sourceLine(first), hint: "label the text with I:/B: if it is spoken"))
        }
        if !labelled, !drafts.isEmpty {
            diagnostics.append(noSpeakersFound(file: context.path, metadata: metadata, what: "speaker labels"))
        }

        // Pass 5: trim, timestamps, offsets; gather evidence for roles.
        var cursor = ScalarCursor(bytes)
        var evidence: [SpeakerEvidence] = []
        var slot: [String: Int] = [:]
        var turnDrafts: [(speaker: String, range: TextRange, line: Int, start: Double?, end: Double?)] = []
        turnDrafts.reserveCapacity(drafts.count)
        var previousEnd: Double? = nil
        for draft in drafts {
            // No-break spaces are blanks too ("B:&nbsp;Gut." from Word or a template).
            let start = Blanks.skip(bytes, draft.start, draft.end)
            var end = Blanks.trimEnd(bytes, start, draft.end)
            var endTime: Double? = nil
            if let (time, stampStart) = trailingTimestamp(bytes, start, end) {
                endTime = time
                end = Blanks.trimEnd(bytes, start, stampStart)
            }
            let startTime = draft.startTime ?? (endTime == nil ? nil : previousEnd ?? 0)
            if let endTime { previousEnd = endTime } else if let s = draft.startTime { previousEnd = s }
            if start == end, draft.speaker == StructuredTranscript.unlabelledID { continue }
            let index: Int
            if let known = slot[draft.speaker] {
                index = known
            } else {
                index = evidence.count
                slot[draft.speaker] = index
                if draft.speaker == StructuredTranscript.unlabelledID {
                    evidence.append(SpeakerEvidence(id: draft.speaker, label: "", statedRole: (.respondent, "no speaker labels in the file: read as one respondent")))
                } else {
                    evidence.append(SpeakerEvidence(id: draft.speaker, label: draft.speaker))
                }
                evidence[index].firstTurn = turnDrafts.count
            }
            evidence[index].turns += 1
            let turnBytes = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if QuestionMark.ends(turnBytes) { evidence[index].questions += 1 }
            if QuestionTags.asks(turnBytes) { evidence[index].asks += 1 }
            turnDrafts.append((draft.speaker, cursor.range(start..<end), sourceLine(draft.line), startTime, endTime))
        }
        let (speakers, notes) = SpeakerRoles.resolve(evidence, metadata: metadata, file: context.path)
        diagnostics += notes
        let roles = Dictionary(speakers.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        let turns = turnDrafts.enumerated().map { i, d in
            Turn(index: i, speakerID: d.speaker, role: roles[d.speaker] ?? .unknown, range: d.range, sourceLine: d.line,
                 startTime: d.start, endTime: d.end)
        }
        return (speakers, turns)
    }

    /// What a file without speakers is told: a note, or a warning when the sheet names an
    /// interviewer, whose words then count as the respondent's (found in a first-day review: a
    /// layout whose labels were not recognised made the interviewer's questions count with only a
    /// note, which no report shows).
    static func noSpeakersFound(file: String, metadata: InterviewMetadata, what: String, always: Bool = false) -> Diagnostic {
        let interviewers = SpeakerRoles.names(in: metadata.interviewer)
        guard always || !interviewers.isEmpty else {
            return Diagnostic(.note, "no \(what) found; the whole text is read as one respondent", file: file,
                              hint: "label turns with I:/B: if an interviewer speaks")
        }
        let named = interviewers.isEmpty ? "" : ", although the metadata names the interviewer '\(interviewers.joined(separator: "', '"))'"
        return Diagnostic(.warning, "no \(what) found\(named): the whole text is read as one respondent, so the interviewer's words count as the respondent's",
                          file: file, hint: "add speaker labels at the start of each turn, such as I: and B:")
    }

    /// The candidate labels (with how often each occurs) that are speaker labels, each judged
    /// once; the metadata's people are looked up once for all of them.
    /// - Parameters:
    ///   - quotedOnly: labels seen only in quotation marks (`quotedLabelCandidate`).
    ///   - touchingOnly: labels seen only with the text right after the colon (`I:Wie …`).
    static func acceptedLabels(_ counts: [String: Int], metadata: InterviewMetadata, quotedOnly: Set<String> = [],
                               touchingOnly: Set<String> = []) -> Set<String> {
        guard !counts.isEmpty else { return [] }
        let people = SpeakerRoles.names(in: metadata.interviewer) + SpeakerRoles.respondentNames(metadata)
        var accepted = Set(counts.filter {
            isAccepted($0.key, count: $0.value, people: people, quoted: quotedOnly.contains($0.key), touching: touchingOnly.contains($0.key))
        }.keys)
        // In a file whose other labels are all conventions (I:, B:), a label met once that only
        // looks like a name, without a title, is a heading in the text: "Einfache Lösung: Die
        // Parkplätze entfernen" (found in a report review on the cimt texts, fifth stop of
        // 2026-11-29: it became a speaker, then a person, and "Lösung" was replaced in every text).
        // "Frau Müller:" once beside I: and B: stays a speaker.
        let onceByShape = accepted.filter { label in
            counts[label] == 1 && !isPlaced(label, people: people) && !hasRoleBeside(label) && !SpeakerRoles.titles.contains(label.split(separator: " ").first.map { $0.lowercased() } ?? "")
        }
        let others = accepted.subtracting(onceByShape)
        if !onceByShape.isEmpty, !others.isEmpty, others.allSatisfy({ SpeakerRoles.conventionalRole(forLabel: $0) != nil }) {
            accepted.subtract(onceByShape)
        }
        return accepted
    }

    /// The speaker an accepted label stands for: a label with a group in brackets whose person is
    /// itself a label of the file or a convention is that speaker ("B (lacht):" is B, "Interviewer
    /// (Leitbild GmbH):" the Interviewer), not a speaker of its own.
    static func speakerLabel(_ label: String, accepted: Set<String>) -> String {
        guard label.contains("(") else { return label }
        let person = SpeakerLabelShape.person(in: label)
        return person != label && (accepted.contains(person) || SpeakerRoles.conventionalRole(forLabel: person) != nil) ? person : label
    }

    /// Whether a label places its speaker outright: a convention, or a person of the sheet.
    static func isPlaced(_ label: String, people: [String]) -> Bool {
        SpeakerRoles.conventionalRole(forLabel: label) != nil || people.contains { SpeakerRoles.label(label, names: $0) }
    }

    /// Whether a role stands beside the label's person ("A. Roth (Leitbild GmbH)" is judged by
    /// "A. Roth"; "Anna Roth (Moderation)", "Karl Meier (Befragter)").
    static func hasRoleBeside(_ label: String) -> Bool {
        let person = SpeakerLabelShape.person(in: label)
        if person != label, SpeakerRoles.conventionalRole(forLabel: person) != nil { return true }
        return SpeakerLabelShape.bracketed(in: label).contains { SpeakerRoles.conventionalRole(forLabel: $0) != nil }
    }

    static func isAccepted(_ label: String, count: Int, people: [String], quoted: Bool = false, touching: Bool = false) -> Bool {
        if isPlaced(label, people: people) { return true }
        // Without a space after the colon only a convention or a person of the sheet: "Hinweis:Der"
        // or "Fazit:Wir" is text (found in a first-day review: "I:Wie …" made the file one respondent's).
        if touching { return false }
        // In quotation marks once, two capitalised words are more often a title than a name.
        if quoted, count < 2 { return false }
        // Judged by the person it names ("A. Roth (Leitbild GmbH)": "A. Roth"), or a role beside it.
        if hasRoleBeside(label) { return true }
        let person = SpeakerLabelShape.person(in: label)
        // Else with a group in brackets only when it recurs: "Themenblock 2 (Mobilität):" or "Stadtrat
        // Meier (CSU):" once is text (found in a review: the interviewer's question that followed
        // became a respondent's).
        if label.contains("("), count < 2 { return false }
        let words = person.split(separator: " ")
        guard let first = words.first, !sentenceStarters.contains(first.lowercased()) else { return false }
        let nameLike = words.allSatisfy { w in
            guard let c = w.unicodeScalars.first else { return false }
            return c.properties.isUppercase || ("0"..."9").contains(c) || nameParticles.contains(String(w))
        }
        guard nameLike else { return false }
        // A recurring capitalised label is a speaker ("Sprecher 1", "Kessler"); a single one must
        // look like a full name ("Frau Kessler", "Thomas Wunderlich").
        return count >= 2 || words.count >= 2
    }

    /// The names of name-and-time lines (`labelLine`) that may be speakers: those on at least two
    /// such lines, conventions, and the sheet's people.
    static func labelLineNames(_ names: some Sequence<String>, metadata: InterviewMetadata) -> Set<String> {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        guard !counts.isEmpty else { return [] }
        let people = SpeakerRoles.names(in: metadata.interviewer) + SpeakerRoles.respondentNames(metadata)
        return Set(counts.filter { name, count in count >= 2 || isPlaced(name, people: people) }.keys)
    }

    /// A line that is only a speaker's name and a time, the words following on the next lines:
    /// Zoom's transcript `[Anna Roth] 10:02:03`, Teams' Word export `Roth, Anna   0:03`. The name
    /// has a label's shape (a letter first, at most 63 characters and 5 words, no sentence
    /// punctuation but an abbreviation's period and Teams' comma); the time is `m:ss`, `h:mm:ss`
    /// or `hh:mm:ss`, after a blank. Returns the name and the time in seconds.
    static func labelLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (String, Double)? {
        let e = Blanks.trimEnd(bytes, start, end)
        var t = e
        while t > start, case let b = bytes[t - 1], (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") { t -= 1 }
        guard t > start, t < e, bytes[t..<e].contains(UInt8(ascii: ":")),
              let time = parseTime(UnsafeBufferPointer(rebasing: bytes[t..<e])) else { return nil }
        var nameEnd = Blanks.trimEnd(bytes, start, t)
        guard nameEnd > start, nameEnd < t else { return nil }
        var nameStart = start
        if bytes[start] == UInt8(ascii: "[") {
            guard bytes[nameEnd - 1] == UInt8(ascii: "]") else { return nil }
            nameStart += 1
            nameEnd -= 1
        }
        guard nameStart < nameEnd, SpeakerLabelShape.isLetter(bytes[nameStart]) else { return nil }
        var commas = 0, wordLength = 0
        for i in nameStart..<nameEnd {
            switch bytes[i] {
            case UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ";"), UInt8(ascii: "#"), UInt8(ascii: "\""),
                 UInt8(ascii: "["), UInt8(ascii: "]"), 9, 10, 13:
                return nil
            case UInt8(ascii: ","):
                commas += 1
                guard commas == 1 else { return nil }
                wordLength = 0
            case UInt8(ascii: " "):
                wordLength = 0
            case UInt8(ascii: "."):
                guard wordLength >= 1, wordLength <= 4 else { return nil }
            default:
                if bytes[i] & 0xC0 != 0x80 { wordLength += 1 }
            }
        }
        var name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
        if name.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 }) {
            name = String(String.UnicodeScalarView(name.unicodeScalars.map { $0 == "\u{00A0}" || $0 == "\u{202F}" ? " " : $0 }))
        }
        let words = name.split(separator: " ")
        // "[Pause] 12:30", "[Lacht] 10:02:03": a transcriber's mark with its time.
        guard words.count <= 5, name.unicodeScalars.count <= SpeakerLabelShape.maxLength,
              !SpeakerLabelShape.isTranscriptionMark(name) else { return nil }
        return (words.joined(separator: " "), time)
    }

    static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
        return i
    }

    /// The offset after the blanks a line starts with: spaces and tabs, and the no-break spaces
    /// that Word and subtitle tools indent with (U+00A0, `&nbsp;` in WebVTT; U+202F; U+FEFF), so
    /// that a label after them is still a label (" Interviewer: ..." was the respondent's).
    static func skipLineIndent(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end {
            let b = bytes[i]
            if b == 32 || b == 9 || b == 13 {
                i += 1
            } else if case let width = Blanks.noBreakSpaceLength(bytes, at: i, end: end), width > 0 {
                i += width
            } else if b == 0xEF, i + 2 < end, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                i += 3
            } else {
                break
            }
        }
        return i
    }

    /// A timestamp at `start`: `#hh:mm:ss-d#`, `#hh:mm:ss#`, `[hh:mm:ss]`, `[hh:mm:ss.d]`, `(hh:mm:ss)`.
    /// Returns seconds and the offset after it.
    static func leadingTimestamp(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Double, Int)? {
        guard start < end else { return nil }
        let open = bytes[start]
        let close: UInt8
        switch open {
        case UInt8(ascii: "#"): close = UInt8(ascii: "#")
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var i = start + 1
        while i < end, i - start <= 16, bytes[i] != close { i += 1 }
        guard i < end, bytes[i] == close, i - start >= 6 else { return nil }
        guard let seconds = parseTime(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<i])) else { return nil }
        return (seconds, i + 1)
    }

    /// An f4 timestamp `#hh:mm:ss-d#` ending the range: its seconds and start offset.
    static func trailingTimestamp(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Double, Int)? {
        guard end - start >= 10, bytes[end - 1] == UInt8(ascii: "#") else { return nil }
        var i = end - 2
        while i > start, bytes[i] != UInt8(ascii: "#"), end - i <= 16 { i -= 1 }
        guard bytes[i] == UInt8(ascii: "#"), i < end - 1 else { return nil }
        guard let seconds = parseTime(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(end - 1)])) else { return nil }
        return (seconds, i)
    }

    /// `hh:mm:ss`, `hh:mm:ss-d` (f4 tenths), `hh:mm:ss.d`/`,d` or `mm:ss` to seconds.
    static func parseTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var parts: [Int] = [0]
        var fraction = 0
        var scale = 1
        var inFraction = false
        var digits = 0
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 12 else { return nil }
                if inFraction {
                    guard scale < 1_000_000 else { return nil }
                    fraction = fraction * 10 + Int(b - 48); scale *= 10
                } else { parts[parts.count - 1] = parts[parts.count - 1] * 10 + Int(b - 48) }
            case UInt8(ascii: ":"):
                guard !inFraction, digits > 0 else { return nil }
                parts.append(0)
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","):
                guard !inFraction, parts.count >= 2 else { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard parts.count == 2 || parts.count == 3, parts.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let seconds = parts.reduce(0) { $0 * 60 + $1 }
        // One division keeps 62.7 exactly 62.7 (adding 0.7 to 62 may not).
        return Double(seconds * scale + fraction) / Double(scale)
    }
}
