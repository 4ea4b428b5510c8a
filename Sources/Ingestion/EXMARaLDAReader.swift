import Foundation
import LeitbildCore

/// Reads EXMARaLDA basic transcriptions (`.exb`).
///
/// - Speakers: `<speakertable>`; the label is the `<abbreviation>`, else the id. A
///   `<ud-information attribute-name="role">` naming an interviewer or respondent is used.
/// - Turns: events of the transcription tiers (`type="t"`), ordered by their start point's
///   position in `<common-timeline>` (then by tier order). Consecutive events of one speaker
///   are joined into one turn; event texts are concatenated as written (EXMARaLDA keeps the
///   space after each word inside the event).
/// - Times: `<tli time=…>` in seconds, where given. Annotation (`a`) and description (`d`) tiers are skipped.
public struct EXMARaLDAReader: TranscriptReader {
    public init() {}

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let xml = try SafeXML.parse(context.data, file: context.path)
        guard let root = xml.root, root.is("basic-transcription") else {
            throw IngestionError.malformed(file: context.path, line: xml.root?.line,
                                           message: "the root element is <\(xml.root?.name ?? "")>, not <basic-transcription>",
                                           hint: "Export a basic transcription from the EXMARaLDA Partitur-Editor (.exb)")
        }
        if let ns = root.namespaceURI {
            throw IngestionError.malformed(file: context.path, line: root.line,
                                           message: "<basic-transcription> is in the namespace '\(ns)'; EXMARaLDA files have none",
                                           hint: "Remove the xmlns attribute or export the file again")
        }
        var speakers: [DraftSpeaker] = []
        for speaker in root.firstChild("head")?.firstChild("speakertable")?.children("speaker") ?? [] {
            guard let id = speaker.attribute("id") else { continue }
            let abbreviation = speaker.firstChild("abbreviation")?.collapsedText ?? ""
            var draft = DraftSpeaker(id: id, label: StructuredTranscript.cleanLabel(abbreviation.isEmpty ? id : abbreviation))
            for info in speaker.firstChild("ud-speaker-information")?.children("ud-information") ?? [] {
                if let name = info.attribute("attribute-name")?.lowercased(), name == "role" || name == "rolle",
                   let stated = TEIReader.statedRole(info.collapsedText, source: "EXMARaLDA speaker role") {
                    draft.statedRole = stated
                }
            }
            speakers.append(draft)
        }
        guard let body = root.firstChild("basic-body") else {
            throw IngestionError.malformed(file: context.path, line: root.line, message: "no <basic-body> in the transcription",
                                           hint: "Export the transcription again from EXMARaLDA")
        }
        var position: [String: Int] = [:]
        var time: [String: Double] = [:]
        for (index, tli) in (body.firstChild("common-timeline")?.children("tli") ?? []).enumerated() {
            guard let id = tli.attribute("id") else { continue }
            position[id] = index
            if let t = tli.attribute("time").flatMap({ Double(seconds: $0) }) { time[id] = t }
        }
        let known = Set(speakers.map(\.id))
        struct Event { var position: Int; var tier: Int; var speaker: String?; var text: [UInt8]; var line: Int; var start: Double?; var end: Double? }
        var events: [Event] = []
        var missingSpeakers: [(String, Int)] = []
        let tiers = body.children("tier")
        for (tierIndex, tier) in tiers.enumerated() where tier.attribute("type") == "t" {
            var speaker = tier.attribute("speaker")
            if let s = speaker, s.isEmpty { speaker = nil }
            if let s = speaker, !known.contains(s), !missingSpeakers.contains(where: { $0.0 == s }) {
                missingSpeakers.append((s, tier.line))
                speakers.append(DraftSpeaker(id: s, label: s))
            }
            if speaker == nil {
                // A transcription tier without a speaker: name it after the tier.
                let name = tier.attribute("display-name") ?? tier.attribute("id") ?? "tier \(tierIndex + 1)"
                speaker = name
                if !speakers.contains(where: { $0.id == name }) { speakers.append(DraftSpeaker(id: name, label: StructuredTranscript.cleanLabel(name))) }
                diagnostics.append(Diagnostic(.warning, "transcription tier '\(name)' has no speaker; its events are attributed to '\(name)'",
                                              file: context.path, line: tier.line, hint: "assign the tier to a speaker in EXMARaLDA's tier properties"))
            }
            for event in tier.children("event") {
                guard let start = event.attribute("start"), let startPosition = position[start] else {
                    throw IngestionError.malformed(file: context.path, line: event.line,
                                                   message: "the event starts at '\(event.attribute("start") ?? "")', which is not a <tli> of the common timeline",
                                                   hint: "Repair the timeline in EXMARaLDA (Transcription > Check structure)")
                }
                if let end = event.attribute("end"), position[end] == nil {
                    throw IngestionError.malformed(file: context.path, line: event.line,
                                                   message: "the event ends at '\(end)', which is not a <tli> of the common timeline",
                                                   hint: "Repair the timeline in EXMARaLDA (Transcription > Check structure)")
                }
                var bytes: [UInt8] = []
                event.appendText(to: &bytes)
                events.append(Event(position: startPosition, tier: tierIndex, speaker: speaker, text: bytes, line: event.line,
                                    start: time[start], end: event.attribute("end").flatMap { time[$0] }))
            }
        }
        for (speaker, line) in missingSpeakers {
            diagnostics.append(Diagnostic(.warning, "tier speaker '\(speaker)' is not in the <speakertable>; the speaker is named '\(speaker)'",
                                          file: context.path, line: line, hint: "add the speaker to the speaker table so that its label and role are known"))
        }
        if events.isEmpty {
            throw IngestionError.malformed(file: context.path, line: body.line, message: "no events in any transcription tier (type=\"t\")",
                                           hint: "Check the tier types in EXMARaLDA: spoken text belongs in tiers of type T")
        }
        events.sort { ($0.position, $0.tier) < ($1.position, $1.tier) }
        // Events are pieces of a turn: join a speaker's consecutive events as written (a word may
        // go on in the next event), folding whitespace; where each later event lands is the turn's
        // anchor of its line and time (`DraftTurn.merged`).
        var turns: [DraftTurn] = []
        var collector = TurnTextCollector()
        func flush() {
            guard !turns.isEmpty else { return }
            turns[turns.count - 1].text = collector.bytes
            collector = TurnTextCollector()
        }
        for event in events {
            if let last = turns.indices.last, turns[last].speakerID == event.speaker {
                if let start = collector.appendPart(event.text) {
                    turns[last].merged.append(SourceAnchor(utf8: start, line: event.line, time: event.start))
                }
                if let end = event.end { turns[last].endTime = end }
            } else {
                flush()
                turns.append(DraftTurn(speakerID: event.speaker, text: [], sourceLine: event.line, startTime: event.start, endTime: event.end))
                collector.append(event.text)
            }
        }
        flush()
        let transcript = StructuredTranscript.assemble(speakers: speakers, turns: turns, mergeConsecutive: true, context: context,
                                                       format: .exmaralda, encoding: TEIReader.encoding(of: xml), diagnostics: &diagnostics)
        return ReaderOutput(encoding: TEIReader.encoding(of: xml), transcripts: [transcript], diagnostics: diagnostics)
    }
}
