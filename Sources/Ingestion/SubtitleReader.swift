import Foundation
import LeitbildCore

/// Reads WebVTT and SRT: Teams voice tags (`<v Name>`), Zoom's `Name: text` cues, and
/// Whisper/aTrain cues without speakers.
///
/// Consecutive cues of one speaker merge into one turn (start of the first, end of the last).
/// Cues without any speaker in the whole file stay one turn each, so that their times survive.
/// Line breaks inside a cue are layout and become spaces; tags are removed and the entities
/// `&amp; &lt; &gt; &nbsp; &lrm; &rlm;` decoded.
public struct SubtitleReader: TranscriptReader {
    public var format: SourceFormat

    public init(format: SourceFormat) { self.format = format }

    /// One cue as written.
    struct Cue {
        var line: Int
        var start: Double
        var end: Double
        var voice: String?
        var text: [UInt8]
    }

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        var cues = try parseCues(decoded.text, file: context.path)
        if cues.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no cues found", file: context.path,
                                          hint: "check that the file is \(format == .srt ? "SRT" : "WebVTT")"))
        }
        // Zoom writes "Name: text" into the cue; accept names by the plain-text label rules.
        var candidates: [Int: (String, Int)] = [:]
        var counts: [String: Int] = [:]
        for (i, cue) in cues.enumerated() where cue.voice == nil {
            let found = cue.text.withUnsafeBufferPointer { PlainTextParser.labelCandidate($0, from: 0, to: $0.count) }
            if let found {
                candidates[i] = found
                counts[found.0, default: 0] += 1
            }
        }
        for (i, (label, after)) in candidates where PlainTextParser.isAccepted(label, count: counts[label] ?? 0, metadata: context.metadata) {
            cues[i].voice = label
            cues[i].text.removeFirst(after)
        }
        var speakers: [DraftSpeaker] = []
        var seen = Set<String>()
        let turns = cues.map { cue -> DraftTurn in
            let voice = cue.voice.map(StructuredTranscript.cleanLabel)
            if let voice, seen.insert(voice).inserted { speakers.append(DraftSpeaker(id: voice, label: voice)) }
            var text = TurnTextCollector()
            text.append(cue.text)
            return DraftTurn(speakerID: voice, text: text.bytes, sourceLine: cue.line, startTime: cue.start, endTime: cue.end)
        }
        let transcript = StructuredTranscript.assemble(speakers: speakers, turns: turns, mergeConsecutive: true, context: context,
                                                       format: format, encoding: decoded.encoding, diagnostics: &diagnostics)
        return ReaderOutput(encoding: decoded.encoding, transcripts: [transcript], diagnostics: diagnostics)
    }

    /// Splits the file into cues: blocks separated by blank lines, each with a timing line.
    func parseCues(_ text: String, file: String) throws(IngestionError) -> [Cue] {
        let lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false)
        func isBlank(_ line: Substring.UTF8View.SubSequence) -> Bool { line.allSatisfy { $0 == 32 || $0 == 9 } }
        func starts(_ line: Substring.UTF8View.SubSequence, _ prefix: String) -> Bool { line.starts(with: prefix.utf8) }
        var cues: [Cue] = []
        var i = 0
        if format == .webVTT {
            guard let first = lines.first, starts(first, "WEBVTT") else {
                throw IngestionError.malformed(file: file, line: 1, message: "a WebVTT file must start with 'WEBVTT'",
                                               hint: "Check the file type; SRT files end in .srt")
            }
            // The header block runs to the first blank line.
            while i < lines.count, !isBlank(lines[i]) { i += 1 }
        }
        let arrow = Array("-->".utf8)
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) { i += 1; continue }
            if format == .webVTT, starts(line, "NOTE") || starts(line, "STYLE") || starts(line, "REGION") {
                while i < lines.count, !isBlank(lines[i]) { i += 1 }
                continue
            }
            // A cue id (VTT) or counter (SRT) may precede the timing line.
            var timing = i
            if line.firstRange(of: arrow) == nil {
                timing = i + 1
                guard timing < lines.count, lines[timing].firstRange(of: arrow) != nil else {
                    throw IngestionError.malformed(file: file, line: i + 1,
                                                   message: "expected a cue timing line (00:00:01.000 --> 00:00:04.000) after '\(String(decoding: line.prefix(40), as: UTF8.self))'",
                                                   hint: "Separate cues by one blank line and give every cue a timing line")
                }
            }
            guard let (start, end) = Self.timing(lines[timing]) else {
                throw IngestionError.malformed(file: file, line: timing + 1,
                                               message: "cannot read the cue timing '\(String(decoding: lines[timing].prefix(60), as: UTF8.self))'",
                                               hint: "Write it as 00:01:02.340 --> 00:01:07.120 (SRT: 00:01:02,340)")
            }
            i = timing + 1
            let textLine = i + 1
            var raw: [UInt8] = []
            while i < lines.count, !isBlank(lines[i]) {
                if !raw.isEmpty { raw.append(10) }
                raw.append(contentsOf: lines[i])
                i += 1
            }
            let (voice, body) = Self.voiceAndText(raw)
            if !body.isEmpty {
                cues.append(Cue(line: textLine, start: start, end: end, voice: voice, text: body))
            }
        }
        return cues
    }

    /// Start and end seconds of `00:00:01.000 --> 00:00:04.000 [settings]`.
    static func timing(_ line: Substring.UTF8View.SubSequence) -> (Double, Double)? {
        let bytes = Array(line)
        guard let arrow = bytes.firstRange(of: Array("-->".utf8)) else { return nil }
        func field(_ slice: ArraySlice<UInt8>) -> Double? {
            let trimmed = slice.drop { $0 == 32 || $0 == 9 }
            let token = trimmed.prefix { $0 != 32 && $0 != 9 }
            return Array(token).withUnsafeBufferPointer { PlainTextParser.parseTime($0) }
        }
        guard let start = field(bytes[..<arrow.lowerBound]), let end = field(bytes[arrow.upperBound...]) else { return nil }
        return (start, end)
    }

    /// The voice of a cue (`<v Name>` or `<v.class Name>`) and its text without tags, entities decoded.
    static func voiceAndText(_ raw: [UInt8]) -> (String?, [UInt8]) {
        var voice: String? = nil
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            if b == UInt8(ascii: "<") {
                var j = i + 1
                while j < n, raw[j] != UInt8(ascii: ">") { j += 1 }
                guard j < n else { out.append(b); i += 1; continue }
                let tag = raw[(i + 1)..<j]
                if voice == nil, tag.first == UInt8(ascii: "v"), tag.count > 2, tag.dropFirst().first == 32 || tag.dropFirst().first == UInt8(ascii: ".") {
                    // `<v Name>` or `<v.loud Name>`: the name follows the first space.
                    if let space = tag.firstIndex(of: 32) {
                        let name = String(decoding: tag[(space + 1)...], as: UTF8.self).trimmedBlanks
                        if !name.isEmpty { voice = name }
                    }
                }
                // Tags sit inside or between words (`<i>Wort</i>.`); removing them adds no space.
                i = j + 1
                continue
            }
            if b == UInt8(ascii: "&") {
                var j = i + 1
                while j < n, j - i <= 8, raw[j] != UInt8(ascii: ";") { j += 1 }
                if j < n, raw[j] == UInt8(ascii: ";") {
                    switch String(decoding: raw[(i + 1)..<j], as: UTF8.self) {
                    case "amp": out.append(UInt8(ascii: "&")); i = j + 1; continue
                    case "lt": out.append(UInt8(ascii: "<")); i = j + 1; continue
                    case "gt": out.append(UInt8(ascii: ">")); i = j + 1; continue
                    case "nbsp": out.append(contentsOf: [0xC2, 0xA0]); i = j + 1; continue
                    case "lrm", "rlm": i = j + 1; continue
                    default: break
                    }
                }
            }
            out.append(b)
            i += 1
        }
        var collector = TurnTextCollector()
        collector.append(out)
        return (voice, collector.bytes)
    }
}
