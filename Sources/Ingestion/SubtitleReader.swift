import Foundation
import LeitbildCore

/// Reads WebVTT and SRT: Teams voice tags (`<v Name>`), Zoom's `Name: text` cues, and
/// Whisper/aTrain cues without speakers. Consecutive cues of one speaker merge into one turn.
/// The normalised text has one paragraph per turn, `Name: text`.
struct SubtitleReader {
    var format: SourceFormat

    struct Cue {
        var line: Int
        var start: Double
        var end: Double
        var speaker: String?
        var text: String
    }

    func read(_ context: ReaderContext, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Transcript {
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        let cues = try parseCues(decoded.text, file: context.path)
        if cues.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no cues found", file: context.path, hint: "check that the file is \(format == .srt ? "SRT" : "WebVTT")"))
        }
        // Merge consecutive cues of the same speaker.
        var merged: [Cue] = []
        for cue in cues {
            if let last = merged.last, last.speaker == cue.speaker, cue.speaker != nil {
                merged[merged.count - 1].text += " " + cue.text
                merged[merged.count - 1].end = cue.end
            } else {
                merged.append(cue)
            }
        }
        var labels: [String] = []
        for cue in merged { if let s = cue.speaker, !labels.contains(s) { labels.append(s) } }
        var speakers = SpeakerRoles.assign(labels: labels, metadata: context.metadata)
        if merged.contains(where: { $0.speaker == nil }) {
            speakers.append(Speaker(id: "?", label: "", role: labels.isEmpty ? .respondent : .unknown,
                                    roleReason: labels.isEmpty ? "no speakers in the subtitles: one respondent" : "cue without a speaker"))
        }
        var builder = TextBuilder()
        var turns: [Turn] = []
        for cue in merged {
            if !turns.isEmpty { builder.append("\n\n") }
            if let s = cue.speaker { builder.append(s + ": ") }
            let range = builder.append(cue.text.normalizedForLeitbild)
            let id = cue.speaker.map(SpeakerRoles.speakerID) ?? "?"
            let role = speakers.first { $0.id == id }?.role ?? .unknown
            turns.append(Turn(index: turns.count, speakerID: id, role: role, range: range, sourceLine: cue.line,
                              startTime: cue.start, endTime: cue.end))
        }
        let source = SourceDocument(path: context.path, format: format, encoding: decoded.encoding,
                                    byteCount: context.data.count, textLinesAreSourceLines: false)
        return Transcript(id: context.metadata.interviewID, source: source, text: builder.text, speakers: speakers,
                          turns: turns, metadata: context.metadata)
    }

    /// Splits the file into cues: blocks separated by blank lines, each with a timing line.
    func parseCues(_ text: String, file: String) throws(IngestionError) -> [Cue] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var cues: [Cue] = []
        var i = 0
        if format == .webVTT {
            guard let first = lines.first, first.hasPrefix("WEBVTT") else {
                throw IngestionError.malformed(file: file, line: 1, message: "a WebVTT file must start with 'WEBVTT'",
                                               hint: "check the file type; SRT files end in .srt")
            }
            i = 1
        }
        while i < lines.count {
            let line = lines[i]
            guard line.contains("-->") else {
                // NOTE/STYLE/REGION blocks and cue ids are skipped up to the timing line.
                if line.hasPrefix("NOTE") || line.hasPrefix("STYLE") || line.hasPrefix("REGION") {
                    while i < lines.count, !lines[i].isEmpty { i += 1 }
                }
                i += 1
                continue
            }
            let parts = line.components(separatedBy: "-->")
            guard parts.count == 2, let start = Self.time(parts[0]), let end = Self.time(parts[1].split(separator: " ", omittingEmptySubsequences: true).first.map(String.init) ?? "") else {
                throw IngestionError.malformed(file: file, line: i + 1, message: "cannot read the cue timing '\(line)'",
                                               hint: "write it as 00:01:02.340 --> 00:01:07.120")
            }
            i += 1
            let textLine = i + 1
            var textLines: [String] = []
            while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                textLines.append(String(lines[i]))
                i += 1
            }
            var (speaker, body) = Self.speakerAndText(textLines.joined(separator: "\n"))
            body = body.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            if !body.isEmpty {
                cues.append(Cue(line: textLine, start: start, end: end, speaker: speaker, text: body))
            }
        }
        return cues
    }

    /// The speaker of a cue (`<v Name>` or a leading `Name:`), and its text without tags.
    static func speakerAndText(_ raw: String) -> (String?, String) {
        var speaker: String? = nil
        var text = raw
        if let v = text.range(of: "<v ") ?? text.range(of: "<v."), let close = text[v.upperBound...].firstIndex(of: ">") {
            var name = String(text[v.upperBound..<close])
            if raw[v.lowerBound...].hasPrefix("<v.") { name = name.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? name }
            speaker = name.trimmingCharacters(in: .whitespaces)
        }
        // Remove all tags (<v ...>, </v>, <i>, <c.x>, timestamps <00:00:01.000>).
        var out = ""
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true; continue }
            if ch == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(ch) }
        }
        text = out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: "\u{00A0}")
        if speaker == nil, let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 40 {
            let candidate = text[..<colon].trimmingCharacters(in: .whitespaces)
            let after = text.index(after: colon)
            if !candidate.isEmpty, candidate.first?.isUppercase == true, candidate.split(separator: " ").count <= 4,
               !candidate.contains(where: { ".,!?0123456789".contains($0) }), after == text.endIndex || text[after] == " " {
                speaker = candidate
                text = String(text[after...])
            }
        }
        return (speaker, text.trimmingCharacters(in: .whitespaces))
    }

    /// `hh:mm:ss.mmm`, `mm:ss.mmm` or SRT's `hh:mm:ss,mmm` to seconds.
    static func time(_ raw: some StringProtocol) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let parts = text.split(separator: ":")
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var seconds = 0.0
        for part in parts {
            guard let value = Double(part) else { return nil }
            seconds = seconds * 60 + value
        }
        return seconds
    }
}
