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
        var candidates: [(cue: Int, label: String, after: Int)] = []
        var counts: [String: Int] = [:]
        for (i, cue) in cues.enumerated() where cue.voice == nil {
            let found = cue.text.withUnsafeBufferPointer { PlainTextParser.labelCandidate($0, from: 0, to: $0.count) }
            if let found {
                candidates.append((i, found.0, found.1))
                counts[found.0, default: 0] += 1
            }
        }
        // Judged once per label, not per cue: every cue of a long Zoom transcript carries a name.
        let accepted = PlainTextParser.acceptedLabels(counts, metadata: context.metadata)
        for (i, label, after) in candidates where accepted.contains(label) {
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
        var text = text
        // withUTF8 does not rethrow typed errors; a Result carries them out.
        let result: Result<[Cue], IngestionError> = text.withUTF8 { bytes in
            Result { () throws(IngestionError) -> [Cue] in try parseCues(bytes, file: file) }
        }
        return try result.get()
    }

    private func parseCues(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(IngestionError) -> [Cue] {
        // Line ranges, found with memchr.
        var lines: [Range<Int>] = []
        lines.reserveCapacity(bytes.count / 24 + 4)
        var start = 0
        let n = bytes.count
        while start <= n {
            var end = n
            if start < n, let base = bytes.baseAddress, let hit = memchr(base + start, 10, n - start) {
                end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            }
            lines.append(start..<end)
            start = end + 1
        }
        func isBlank(_ line: Range<Int>) -> Bool { line.allSatisfy { bytes[$0] == 32 || bytes[$0] == 9 } }
        func starts(_ line: Range<Int>, _ prefix: StaticString) -> Bool {
            guard line.count >= prefix.utf8CodeUnitCount else { return false }
            for k in 0..<prefix.utf8CodeUnitCount where bytes[line.lowerBound + k] != prefix.utf8Start[k] { return false }
            return true
        }
        func arrow(_ line: Range<Int>) -> Int? {
            var i = line.lowerBound
            while i + 2 < line.upperBound {
                if bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] == UInt8(ascii: ">") { return i }
                i += 1
            }
            return nil
        }
        func show(_ line: Range<Int>, _ limit: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<min(line.upperBound, line.lowerBound + limit)]), as: UTF8.self)
        }
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
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) { i += 1; continue }
            if format == .webVTT, starts(line, "NOTE") || starts(line, "STYLE") || starts(line, "REGION") {
                while i < lines.count, !isBlank(lines[i]) { i += 1 }
                continue
            }
            // A cue id (VTT) or counter (SRT) may precede the timing line.
            var timing = i
            if arrow(line) == nil {
                timing = i + 1
                guard timing < lines.count, arrow(lines[timing]) != nil else {
                    throw IngestionError.malformed(file: file, line: i + 1,
                                                   message: "expected a cue timing line (00:00:01.000 --> 00:00:04.000) after '\(show(line, 40))'",
                                                   hint: "Separate cues by one blank line and give every cue a timing line")
                }
            }
            let timingLine = lines[timing]
            guard let at = arrow(timingLine), let start = Self.time(bytes, timingLine.lowerBound..<at),
                  let end = Self.time(bytes, (at + 3)..<timingLine.upperBound)
            else {
                throw IngestionError.malformed(file: file, line: timing + 1,
                                               message: "cannot read the cue timing '\(show(timingLine, 60))'",
                                               hint: "Write it as 00:01:02.340 --> 00:01:07.120 (SRT: 00:01:02,340)")
            }
            i = timing + 1
            let textLine = i + 1
            var raw: [UInt8] = []
            while i < lines.count, !isBlank(lines[i]) {
                if !raw.isEmpty { raw.append(10) }
                raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lines[i]]))
                i += 1
            }
            let (voice, body) = Self.voiceAndText(raw)
            if !body.isEmpty {
                cues.append(Cue(line: textLine, start: start, end: end, voice: voice, text: body))
            }
        }
        return cues
    }

    /// Seconds of the first token in `range` (cue settings after the end time are ignored).
    static func time(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var a = range.lowerBound
        while a < range.upperBound, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
        var b = a
        while b < range.upperBound, bytes[b] != 32, bytes[b] != 9 { b += 1 }
        return PlainTextParser.parseTime(UnsafeBufferPointer(rebasing: bytes[a..<b]))
    }

    /// The voice of a cue (`<v Name>` or `<v.class Name>`) and its text without tags, entities decoded.
    static func voiceAndText(_ raw: [UInt8]) -> (String?, [UInt8]) {
        var voice: String? = nil
        var collector = TurnTextCollector()
        let n = raw.count
        var i = 0
        while i < n {
            // Copy the run up to the next tag or entity in one go.
            var j = i
            while j < n, raw[j] != UInt8(ascii: "<"), raw[j] != UInt8(ascii: "&") { j += 1 }
            if j > i { collector.append(raw[i..<j]) }
            guard j < n else { break }
            i = j
            if raw[i] == UInt8(ascii: "<") {
                var close = i + 1
                while close < n, raw[close] != UInt8(ascii: ">") { close += 1 }
                guard close < n else { collector.append(raw[i..<n]); break }
                let tag = raw[(i + 1)..<close]
                // `<v Name>` or `<v.loud Name>`: the name follows the first space.
                if voice == nil, tag.count > 2, tag[tag.startIndex] == UInt8(ascii: "v"),
                   tag[tag.startIndex + 1] == 32 || tag[tag.startIndex + 1] == UInt8(ascii: "."),
                   let space = tag.firstIndex(of: 32) {
                    let name = String(decoding: tag[(space + 1)...], as: UTF8.self).trimmedBlanks
                    if !name.isEmpty { voice = name }
                }
                // Tags sit inside or between words (`<i>Wort</i>.`); removing them adds no space.
                i = close + 1
                continue
            }
            // An entity: &amp; &lt; &gt; &nbsp; &lrm; &rlm;
            var semicolon = i + 1
            while semicolon < n, semicolon - i <= 8, raw[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
            if semicolon < n, raw[semicolon] == UInt8(ascii: ";") {
                let replacement: [UInt8]?
                switch String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self) {
                case "amp": replacement = [UInt8(ascii: "&")]
                case "lt": replacement = [UInt8(ascii: "<")]
                case "gt": replacement = [UInt8(ascii: ">")]
                case "nbsp": replacement = [0xC2, 0xA0]
                case "lrm", "rlm": replacement = []
                default: replacement = nil
                }
                if let replacement {
                    collector.append(replacement)
                    i = semicolon + 1
                    continue
                }
            }
            collector.append(raw[i..<(i + 1)])
            i += 1
        }
        return (voice, collector.bytes)
    }
}
