import Foundation
import LeitbildCore

/// Reads ELAN annotation documents (`.eaf`).
///
/// - Transcription tiers: top-level tiers (no `PARENT_REF`) with a `PARTICIPANT`; the
///   participant is the speaker (several tiers of one participant share it). When no tier names
///   a participant, every top-level tier is a speaker named by its `TIER_ID`. Dependent tiers
///   (translations, glosses) are skipped.
/// - Annotations: `ALIGNABLE_ANNOTATION`s ordered by the time of their first slot (slots without
///   a value take the time of the slot before them), then by slot order and tier order.
///   Consecutive annotations of one speaker form one turn.
/// - Roles: a tier id that is a role label (`Interviewer`, `Befragte`, `I`, `B`) states the role of
///   its participant.
/// - Times: `TIME_SLOT` values in milliseconds (`HEADER TIME_UNITS`), reported in seconds.
public struct ELANReader: TranscriptReader {
    public init() {}

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let xml = try SafeXML.parse(context.data, file: context.path)
        guard let root = xml.root, root.is("ANNOTATION_DOCUMENT") else {
            throw IngestionError.malformed(file: context.path, line: xml.root?.line,
                                           message: "the root element is <\(xml.root?.name ?? "")>, not <ANNOTATION_DOCUMENT>",
                                           hint: "Save the file from ELAN as .eaf")
        }
        if let ns = root.namespaceURI {
            throw IngestionError.malformed(file: context.path, line: root.line,
                                           message: "<ANNOTATION_DOCUMENT> is in the namespace '\(ns)'; ELAN files have none",
                                           hint: "Remove the xmlns attribute or save the file again from ELAN")
        }
        let unit = root.firstChild("HEADER")?.attribute("TIME_UNITS") ?? "milliseconds"
        // Divide (not multiply by 0.001) so that 55300 ms is exactly 55.3 s.
        let divisor = unit == "milliseconds" ? 1000.0 : 1.0
        var slotOrder: [String: Int] = [:]
        var slotTime: [String: Double] = [:]
        for (index, slot) in (root.firstChild("TIME_ORDER")?.children("TIME_SLOT") ?? []).enumerated() {
            guard let id = slot.attribute("TIME_SLOT_ID") else { continue }
            slotOrder[id] = index
            if let value = slot.attribute("TIME_VALUE").flatMap({ Double(seconds: $0) }) { slotTime[id] = value / divisor }
        }
        // Effective times for ordering: unaligned slots inherit the time before them.
        var effective: [String: Double] = [:]
        var running = 0.0
        for slot in root.firstChild("TIME_ORDER")?.children("TIME_SLOT") ?? [] {
            guard let id = slot.attribute("TIME_SLOT_ID") else { continue }
            if let t = slotTime[id] { running = t }
            effective[id] = running
        }

        let allTiers = root.children("TIER")
        let topLevel = allTiers.filter { $0.attribute("PARENT_REF") == nil }
        let withParticipant = topLevel.filter { !($0.attribute("PARTICIPANT") ?? "").trimmedBlanks.isEmpty }
        let tiers = withParticipant.isEmpty ? topLevel : withParticipant
        if withParticipant.isEmpty, !topLevel.isEmpty {
            diagnostics.append(Diagnostic(.note, "no tier names a PARTICIPANT; each top-level tier is read as one speaker",
                                          file: context.path, hint: "set the participant in ELAN's tier attributes"))
        } else if topLevel.count > tiers.count {
            let skipped = topLevel.filter { ($0.attribute("PARTICIPANT") ?? "").isEmpty }.compactMap { $0.attribute("TIER_ID") }
            diagnostics.append(Diagnostic(.note, "top-level tiers without a participant are skipped: \(skipped.joined(separator: ", "))", file: context.path))
        }
        var speakers: [DraftSpeaker] = []
        struct Annotation { var time: Double; var order: Int; var tier: Int; var speaker: String; var text: [UInt8]; var line: Int; var start: Double?; var end: Double? }
        var annotations: [Annotation] = []
        for (tierIndex, tier) in tiers.enumerated() {
            let name = StructuredTranscript.cleanLabel(tier.attribute("PARTICIPANT").flatMap { $0.isEmpty ? nil : $0 } ?? tier.attribute("TIER_ID") ?? "tier \(tierIndex + 1)")
            if !speakers.contains(where: { $0.id == name }) {
                var draft = DraftSpeaker(id: name, label: name)
                // A tier named "Interviewer" or "Befragte" says the role even when the participant is a name.
                if let tierID = tier.attribute("TIER_ID"), tierID != name, let (role, _) = SpeakerRoles.conventionalRole(forLabel: tierID) {
                    draft.statedRole = (role, "ELAN tier '\(tierID)' of participant '\(name)'")
                }
                speakers.append(draft)
            }
            for wrapper in tier.children("ANNOTATION") {
                guard let annotation = wrapper.firstChild("ALIGNABLE_ANNOTATION") else { continue }
                guard let ref1 = annotation.attribute("TIME_SLOT_REF1"), let order = slotOrder[ref1] else {
                    throw IngestionError.malformed(file: context.path, line: annotation.line,
                                                   message: "annotation '\(annotation.attribute("ANNOTATION_ID") ?? "?")' refers to time slot '\(annotation.attribute("TIME_SLOT_REF1") ?? "")', which is not in <TIME_ORDER>",
                                                   hint: "Open and save the file in ELAN to repair it")
                }
                let ref2 = annotation.attribute("TIME_SLOT_REF2")
                if let ref2, slotOrder[ref2] == nil {
                    throw IngestionError.malformed(file: context.path, line: annotation.line,
                                                   message: "annotation '\(annotation.attribute("ANNOTATION_ID") ?? "?")' refers to time slot '\(ref2)', which is not in <TIME_ORDER>",
                                                   hint: "Open and save the file in ELAN to repair it")
                }
                var bytes: [UInt8] = []
                annotation.firstChild("ANNOTATION_VALUE")?.appendText(to: &bytes)
                var collector = TurnTextCollector()
                collector.append(bytes)
                annotations.append(Annotation(time: effective[ref1] ?? 0, order: order, tier: tierIndex, speaker: name, text: collector.bytes,
                                              line: annotation.line, start: slotTime[ref1], end: ref2.flatMap { slotTime[$0] }))
            }
        }
        if annotations.isEmpty {
            throw IngestionError.malformed(file: context.path, line: root.line, message: "no time-aligned annotations in any speaker tier",
                                           hint: "Check that the transcription tiers are top-level tiers with a participant")
        }
        annotations.sort { ($0.time, $0.order, $0.tier) < ($1.time, $1.order, $1.tier) }
        let turns = annotations.map { DraftTurn(speakerID: $0.speaker, text: $0.text, sourceLine: $0.line, startTime: $0.start, endTime: $0.end) }
        let encoding = TEIReader.encoding(of: xml)
        let transcript = StructuredTranscript.assemble(speakers: speakers, turns: turns, mergeConsecutive: true, context: context,
                                                       format: .elan, encoding: encoding, diagnostics: &diagnostics)
        return ReaderOutput(encoding: encoding, transcripts: [transcript], diagnostics: diagnostics)
    }
}
