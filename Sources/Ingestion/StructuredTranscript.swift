import Foundation
import LeitbildCore

/// A speaker as a structured reader finds it (TEI `<person>`, EXMARaLDA speaker, ELAN participant).
struct DraftSpeaker {
    var id: String
    var label: String
    var statedRole: (role: SpeakerRole, reason: String)? = nil
}

/// A turn as a structured reader finds it, before roles are decided and the text is rendered.
struct DraftTurn {
    /// `DraftSpeaker.id`, or nil when the format gives no speaker (Whisper cues).
    var speakerID: String?
    /// Whitespace-collapsed UTF-8 text (see `TurnTextCollector`).
    var text: [UInt8]
    var sourceLine: Int
    var startTime: Double?
    var endTime: Double?
    /// Where later drafts (or, from a reader that joins pieces itself, later pieces) merged into
    /// this one start, with their line and start time; `utf8` is an offset in `text` here, which
    /// `StructuredTranscript.assemble` turns into one in the transcript's text.
    var merged: [SourceAnchor] = []
}

/// Turns the drafts of a structured format (subtitles, XML, CSV rows) into a `Transcript`: merges
/// consecutive turns of one speaker, decides roles, and renders one paragraph per turn,
/// `Label: text`, separated by a blank line. `Turn.range` covers only the spoken text.
enum StructuredTranscript {
    /// Id of the speaker for turns without one.
    static let unlabelledID = "?"

    static func assemble(speakers declared: [DraftSpeaker], turns drafts: [DraftTurn], mergeConsecutive: Bool,
                         context: ReaderContext, metadata: InterviewMetadata? = nil, id: String? = nil,
                         format: SourceFormat, encoding: String, diagnostics: inout [Diagnostic]) -> Transcript
    {
        let metadata = metadata ?? context.metadata
        // Merge consecutive turns of the same (known) speaker: cues and events are pieces of turns.
        var turns: [DraftTurn] = []
        turns.reserveCapacity(drafts.count)
        for draft in drafts where !draft.text.isEmpty {
            // Index, not `turns.last`: a copy of the last turn would make appending to its text copy the array.
            let last = turns.count - 1
            if mergeConsecutive, last >= 0, let speaker = draft.speakerID, turns[last].speakerID == speaker {
                turns[last].text.append(32)
                let base = turns[last].text.count
                turns[last].merged.append(SourceAnchor(utf8: base, line: draft.sourceLine, time: draft.startTime))
                turns[last].merged += draft.merged.map { SourceAnchor(utf8: $0.utf8 + base, line: $0.line, time: $0.time) }
                turns[last].text.append(contentsOf: draft.text)
                if let end = draft.endTime { turns[last].endTime = end }
                if turns[last].startTime == nil { turns[last].startTime = draft.startTime }
            } else {
                turns.append(draft)
            }
        }

        // Speakers in order of first appearance, with the evidence for the role heuristic.
        let declaredByID = Dictionary(declared.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let anyLabelled = turns.contains { $0.speakerID != nil }
        var evidence: [SpeakerEvidence] = []
        var position: [String: Int] = [:]
        for (index, turn) in turns.enumerated() {
            let id = turn.speakerID ?? unlabelledID
            let slot: Int
            if let known = position[id] {
                slot = known
            } else {
                slot = evidence.count
                position[id] = slot
                if turn.speakerID == nil {
                    let stated: (SpeakerRole, String) = anyLabelled
                        ? (.unknown, "no speaker given for this text in the file")
                        : (.respondent, "no speakers in the file: read as one respondent")
                    evidence.append(SpeakerEvidence(id: id, label: "", statedRole: stated))
                } else {
                    let draft = declaredByID[id] ?? DraftSpeaker(id: id, label: id)
                    evidence.append(SpeakerEvidence(id: id, label: draft.label, statedRole: draft.statedRole))
                }
                evidence[slot].firstTurn = index
            }
            evidence[slot].turns += 1
            if QuestionMark.ends(turn.text) { evidence[slot].questions += 1 }
            if QuestionTags.asks(turn.text) { evidence[slot].asks += 1 }
        }
        // Subtitles without any speaker (Whisper, aTrain) are machine transcripts of a conversation:
        // the interviewer speaks in them too. (A survey table's rows are answers alone.)
        if !anyLabelled, !turns.isEmpty, format == .srt || format == .webVTT {
            diagnostics.append(PlainTextParser.noSpeakersFound(file: context.path, metadata: metadata, what: "speakers", always: true))
        }
        let (speakers, roleNotes) = SpeakerRoles.resolve(evidence, metadata: metadata, file: context.path)
        diagnostics += roleNotes
        let speakerByID = Dictionary(speakers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var builder = UTF8TextBuilder(capacity: turns.reduce(0) { $0 + $1.text.count + 24 })
        var result: [Turn] = []
        result.reserveCapacity(turns.count)
        var anchors: [SourceAnchor] = []
        for turn in turns {
            if !builder.isEmpty { builder.append("\n\n".utf8) }
            let id = turn.speakerID ?? unlabelledID
            let speaker = speakerByID[id]
            if let label = speaker?.label, !label.isEmpty {
                builder.append(label.utf8)
                builder.append(": ".utf8)
            }
            // Part by part, to know where each merged draft lands in the collected text.
            var text = TurnTextCollector()
            var starts: [Int?] = []
            var from = 0
            for part in turn.merged.map(\.utf8) + [turn.text.count] {
                let start = text.appendPart(turn.text[from..<part])
                if from > 0 { starts.append(start) }
                from = part
            }
            let collected = text.bytes
            let normalized = text.normalizedBytes()
            let range = builder.append(normalized)
            var last = (line: turn.sourceLine, time: turn.startTime)
            for (part, start) in zip(turn.merged, starts) where (part.line, part.time) != last {
                guard let start else { continue }
                // NFC does not compose across the space before a part: the normalised prefix ends where the part starts.
                let offset = normalized.count == collected.count ? start
                    : TextDecoding.normalize(String(decoding: collected[..<start], as: UTF8.self)).utf8.count
                anchors.append(SourceAnchor(utf8: range.utf8.lowerBound + offset, line: part.line, time: part.time))
                last = (part.line, part.time)
            }
            result.append(Turn(index: result.count, speakerID: id, role: speaker?.role ?? .unknown, range: range,
                               sourceLine: turn.sourceLine, startTime: turn.startTime, endTime: turn.endTime))
        }
        let source = SourceDocument(path: context.path, format: format, encoding: encoding,
                                    byteCount: context.data.count, textLinesAreSourceLines: false)
        return Transcript(id: id ?? metadata.interviewID, source: source, text: builder.build(), speakers: speakers,
                          turns: result, metadata: metadata, anchors: anchors)
    }

    /// A speaker label fit for a `Label: text` paragraph: one line, no colon-space confusion.
    static func cleanLabel(_ raw: String) -> String {
        var collector = TurnTextCollector()
        collector.append(raw)
        return TextDecoding.normalize(String(decoding: collector.bytes, as: UTF8.self))
    }
}
