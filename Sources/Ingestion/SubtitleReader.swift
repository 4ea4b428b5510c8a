import Foundation
import LeitbildCore

/// Reads WebVTT and SRT: Teams voice tags (`<v Name>`), Zoom's `Name: text` cues, and
/// Whisper/aTrain cues without speakers.
///
/// Consecutive cues of one speaker merge into one turn (start of the first, end of the last).
/// Cues without any speaker in the whole file stay one turn each, so that their times survive.
/// Line breaks inside a cue are layout and become spaces; tags are removed and the entities
/// `&amp; &lt; &gt; &nbsp; &lrm; &rlm;` and numeric references decoded; override tags (`{\an8}`) left out.
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
        /// Where each of the cue's lines starts in `text` (the first at 0); line `k` is source line `line + k`.
        var lineStarts: [Int] = [0]
    }

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        var cues = try parseCues(decoded.text, file: context.path, diagnostics: &diagnostics)
        if cues.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no cues found", file: context.path,
                                          hint: "check that the file is \(format == .srt ? "SRT" : "WebVTT")"))
        }
        // Zoom writes "Name: text" into the cue; accept names by the plain-text label rules. A
        // cue may hold two voices, a label at the start of a later line too ("Anna: Wie?\nPaul: Gut.").
        // Labels are judged on the cues' first lines only; a later line splits the cue only at a
        // label accepted there (a wrapped line "Deutsche Bahn: das geht nicht." is no speaker).
        var candidates: [(cue: Int, line: Int, start: Int, label: String, after: Int)] = []
        var counts: [String: Int] = [:]
        var unquoted = Set<String>()
        for (i, cue) in cues.enumerated() where cue.voice == nil {
            cue.text.withUnsafeBufferPointer { bytes in
                for (line, start) in cue.lineStarts.enumerated() {
                    let end = line + 1 < cue.lineStarts.count ? cue.lineStarts[line + 1] : bytes.count
                    // After an indent of (no-break) spaces: "&nbsp;Interviewer: ..." is a label too
                    // (the part before it still ends at the line's start).
                    let first = PlainTextParser.skipLineIndent(bytes, start, end)
                    if let found = SpeakerLabelShape.candidate(bytes, from: first, to: end) {
                        candidates.append((i, line, start, found.0, found.1))
                        if line == 0 {
                            counts[found.0, default: 0] += 1
                            if SpeakerLabelShape.quote(bytes, at: first, to: end) == nil { unquoted.insert(found.0) }
                        }
                    }
                }
            }
        }
        // Judged once per label, not per cue: every cue of a long Zoom transcript carries a name.
        let accepted = PlainTextParser.acceptedLabels(counts, metadata: context.metadata, quotedOnly: Set(counts.keys).subtracting(unquoted))
        var splits: [Int: [(line: Int, start: Int, label: String, after: Int)]] = [:]
        for c in candidates where accepted.contains(c.label) {
            splits[c.cue, default: []].append((c.line, c.start, PlainTextParser.speakerLabel(c.label, accepted: accepted), c.after))
        }
        if !splits.isEmpty {
            var split: [Cue] = []
            split.reserveCapacity(cues.count + splits.count)
            for (i, cue) in cues.enumerated() {
                guard let labels = splits[i] else { split.append(cue); continue }
                // Text before the first label keeps the cue's voice (none); each label starts a part.
                if labels[0].start > 0 {
                    split.append(Cue(line: cue.line, start: cue.start, end: cue.end, voice: nil, text: Array(cue.text[..<labels[0].start]).trimmingSpaces))
                }
                for (k, label) in labels.enumerated() {
                    let end = k + 1 < labels.count ? labels[k + 1].start : cue.text.count
                    split.append(Cue(line: cue.line + label.line, start: cue.start, end: cue.end, voice: label.label,
                                     text: Array(cue.text[label.after..<max(label.after, end)]).trimmingSpaces))
                }
            }
            cues = split
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
    func parseCues(_ text: String, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> [Cue] {
        var text = text
        // withUTF8 does not rethrow typed errors; a Result carries them out.
        let result: Result<([Cue], [Diagnostic]), IngestionError> = text.withUTF8 { bytes in
            Result { () throws(IngestionError) -> ([Cue], [Diagnostic]) in
                var notes: [Diagnostic] = []
                let cues = try parseCues(bytes, file: file, diagnostics: &notes)
                return (cues, notes)
            }
        }
        let (cues, notes) = try result.get()
        diagnostics += notes
        return cues
    }

    private func parseCues(_ bytes: UnsafeBufferPointer<UInt8>, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> [Cue] {
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
        /// Whether a line is a timing line: "-->" between two times that can be read (a line of
        /// text may hold an arrow: "Antrag --> Prüfung").
        func isTiming(_ line: Range<Int>) -> Bool {
            guard let at = arrow(line) else { return false }
            return Self.time(bytes, line.lowerBound..<at) != nil && Self.time(bytes, (at + 3)..<line.upperBound) != nil
        }
        /// Whether line `k`, inside a cue, starts the next one (cues not separated by a blank
        /// line): a timing line, or right before one the next cue's counter (the number of cues
        /// so far plus one, so that a line "2019" stays text) or a Teams cue id (no spaces, and a
        /// "-" or "/": "a1/2-0"). Other text before a timing line ("Ja.") stays text.
        func startsCue(_ k: Int, cuesSoFar: Int) -> Bool {
            if isTiming(lines[k]) { return true }
            guard k + 1 < lines.count, isTiming(lines[k + 1]), !isBlank(lines[k]) else { return false }
            let line = bytes[lines[k]]
            if line.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return Int(String(decoding: UnsafeBufferPointer(rebasing: line), as: UTF8.self)) == cuesSoFar + 1
            }
            return format == .webVTT && !line.contains(32) && line.contains { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
        }
        // A file that stops in the middle of a line was cut off (a copy or an export broken off):
        // a last cue that cannot be read is then left out with a warning, not the whole file.
        let endsMidLine = n > 0 && bytes[n - 1] != 10
        func lastBlock(_ k: Int) -> Bool {
            var j = k
            while j < lines.count, !isBlank(lines[j]) { j += 1 }
            while j < lines.count, isBlank(lines[j]) { j += 1 }
            return j >= lines.count
        }
        /// `evenAtLineEnd`: the block shows the cut itself (a lone counter), whatever the file ends with.
        func cutOff(_ error: IngestionError, at k: Int, evenAtLineEnd: Bool = false) throws(IngestionError) {
            guard endsMidLine || evenAtLineEnd, lastBlock(k) else { throw error }
            diagnostics.append(Diagnostic(.warning, "the file ends in the middle of a cue, which is left out; is the file cut off?",
                                          file: file, line: k + 1, hint: "export or copy the transcript again"))
        }
        var cues: [Cue] = []
        /// Cue blocks read so far (with or without text), for counters.
        var blocks = 0
        var unseparated: Int? = nil
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
                    // A last block of only a counter ("3") is a cue cut off after its first line.
                    let loneCounter = (timing >= lines.count || isBlank(lines[timing])) && bytes[line].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                    try cutOff(IngestionError.malformed(file: file, line: i + 1,
                                                        message: "expected a cue timing line (00:00:01.000 --> 00:00:04.000) after '\(show(line, 40))'",
                                                        hint: "Separate cues by one blank line and give every cue a timing line"),
                               at: i, evenAtLineEnd: loneCounter)
                    break
                }
            }
            let timingLine = lines[timing]
            guard let at = arrow(timingLine), let start = Self.time(bytes, timingLine.lowerBound..<at),
                  let end = Self.time(bytes, (at + 3)..<timingLine.upperBound)
            else {
                try cutOff(IngestionError.malformed(file: file, line: timing + 1,
                                                    message: "cannot read the cue timing '\(show(timingLine, 60))'",
                                                    hint: "Write it as 00:01:02.340 --> 00:01:07.120 (SRT: 00:01:02,340)"), at: i)
                break
            }
            i = timing + 1
            blocks += 1
            let textLine = i + 1
            // The cue's lines, in parts: a line that starts with a voice tag starts a part of its own
            // (two voices in one cue: "<v Anna>Wie?</v>" and "<v Paul>Gut.</v>" on two lines).
            var parts: [(line: Int, raw: [UInt8])] = [(textLine, [])]
            while i < lines.count, !isBlank(lines[i]) {
                // Cues run together without a blank line between them: a timing line (or a counter
                // before one) ends this cue.
                if startsCue(i, cuesSoFar: blocks) {
                    unseparated = unseparated ?? i + 1
                    break
                }
                if !parts[parts.count - 1].raw.isEmpty, starts(lines[i], "<v ") || starts(lines[i], "<v.") {
                    parts.append((i + 1, []))
                }
                if !parts[parts.count - 1].raw.isEmpty { parts[parts.count - 1].raw.append(10) }
                parts[parts.count - 1].raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lines[i]]))
                i += 1
            }
            if i >= lines.count, timing + 1 >= lines.count {
                // The file ends with a timing line: cut off after it, or a cue whose text is missing.
                try cutOff(IngestionError.malformed(file: file, line: timing + 1, message: "the last cue has no text",
                                                    hint: "export or copy the transcript again"), at: timing)
            }
            for part in parts {
                let (voice, body, lineStarts) = Self.voiceAndText(part.raw)
                if !body.isEmpty {
                    cues.append(Cue(line: part.line, start: start, end: end, voice: voice, text: body, lineStarts: lineStarts))
                }
            }
        }
        if let unseparated {
            diagnostics.append(Diagnostic(.warning, "cues are not separated by blank lines; each timing line starts a new cue",
                                          file: file, line: unseparated, hint: "check the cues from here on; separate cues by one blank line"))
        }
        Self.checkTimes(cues, file: file, diagnostics: &diagnostics)
        return cues
    }

    /// Warns once per kind about times that cannot be right: a cue that ends before it starts, and
    /// a cue that starts before the one before it (the cues out of order). Overlapping cues are
    /// normal (two people talk at once) and not warned about.
    static func checkTimes(_ cues: [Cue], file: String, diagnostics: inout [Diagnostic]) {
        var reversed: (count: Int, line: Int)? = nil
        var backwards: (count: Int, line: Int)? = nil
        var previousStart = -Double.infinity
        for cue in cues {
            if cue.end < cue.start { reversed = reversed.map { ($0.count + 1, $0.line) } ?? (1, cue.line) }
            if cue.start < previousStart { backwards = backwards.map { ($0.count + 1, $0.line) } ?? (1, cue.line) }
            previousStart = max(previousStart, cue.start)
        }
        if let reversed {
            diagnostics.append(Diagnostic(.warning, reversed.count == 1 ? "a cue ends before it starts" : "\(reversed.count) cues end before they start (the first here)",
                                          file: file, line: reversed.line, hint: "check the cue times; the text is read as it stands"))
        }
        if let backwards {
            diagnostics.append(Diagnostic(.warning, backwards.count == 1 ? "a cue starts before the cue above it"
                                              : "\(backwards.count) cues start before the cue above them (the first here)",
                                          file: file, line: backwards.line,
                                          hint: "the cues are read in the file's order; check that the file is not two recordings joined"))
        }
    }

    /// Seconds of the first token in `range` (cue settings after the end time are ignored).
    static func time(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var a = range.lowerBound
        while a < range.upperBound, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
        var b = a
        while b < range.upperBound, bytes[b] != 32, bytes[b] != 9 { b += 1 }
        return PlainTextParser.parseTime(UnsafeBufferPointer(rebasing: bytes[a..<b]))
    }

    /// The voice of a cue (`<v Name>` or `<v.class Name>`), its text without tags, entities
    /// decoded, and where each of its lines starts in the text (for labels at a line's start).
    static func voiceAndText(_ raw: [UInt8]) -> (String?, [UInt8], [Int]) {
        var voice: String? = nil
        var collector = TurnTextCollector()
        var lineStarts = [0]
        let n = raw.count
        var i = 0
        while i < n {
            // Copy the run up to the next tag, entity or line break in one go.
            var j = i
            while j < n, raw[j] != UInt8(ascii: "<"), raw[j] != UInt8(ascii: "&"), raw[j] != UInt8(ascii: "{"), raw[j] != 10 { j += 1 }
            if j > i { collector.append(raw[i..<j]) }
            if j < n, raw[j] == 10 {
                // The next line starts after the space the line break becomes.
                collector.separate()
                lineStarts.append(collector.bytes.count + (collector.isEmpty ? 0 : 1))
                i = j + 1
                continue
            }
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
            // A subtitle editor's override tag (`{\an8}`, `{\i1}`, from SubStation Alpha): layout, not words.
            if raw[i] == UInt8(ascii: "{") {
                if i + 1 < n, raw[i + 1] == UInt8(ascii: "\\"),
                   let close = raw[(i + 2)..<min(n, i + 64)].firstIndex(where: { $0 == UInt8(ascii: "}") || $0 == 10 }), raw[close] != 10 {
                    i = close + 1
                } else {
                    collector.append(raw[i..<(i + 1)])
                    i += 1
                }
                continue
            }
            // An entity: &amp; &lt; &gt; &nbsp; &lrm; &rlm;, or a character by its number (&#252; &#x1F6B2;).
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
                case let name where name.hasPrefix("#"):
                    let digits = name.dropFirst()
                    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    // Not a control character (the text's own rules for those stand), nor a surrogate.
                    replacement = value.flatMap(Unicode.Scalar.init).flatMap { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) ? Array(String($0).utf8) : nil }
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
        // A line that added nothing (only a tag) starts where the text ends.
        let count = collector.bytes.count
        return (voice, collector.bytes, lineStarts.map { min($0, count) })
    }
}

extension [UInt8] {
    /// Without spaces at either end (a cue's text split at a label).
    var trimmingSpaces: [UInt8] {
        guard let first = firstIndex(where: { $0 != 32 }), let last = lastIndex(where: { $0 != 32 }) else { return [] }
        return Array(self[first...last])
    }
}
