import Foundation
import LeitbildCore

/// Reads plain-text transcripts: f4/f5 (`I:`/`B:`/`B1:` labels, `#hh:mm:ss-d#` timestamps at the
/// end of a turn), MAXQDA focus-group style (`Name:` at paragraph start, up to 63 characters),
/// and unlabelled text (one respondent). A paragraph without a label continues the previous turn.
struct PlainTextReader {
    /// Longest speaker label MAXQDA accepts.
    static let maxLabelLength = 63

    func read(_ context: ReaderContext, diagnostics: inout [Diagnostic]) throws(IngestionError) -> Transcript {
        let decoded = try TextDecoding.decode(context.data, file: context.path, diagnostics: &diagnostics)
        return parse(text: decoded.text, encoding: decoded.encoding, context: context, format: .plainText,
                     textLinesAreSourceLines: true, diagnostics: &diagnostics)
    }

    /// A paragraph-start label candidate.
    struct Paragraph {
        var line: Int
        var utf8: Range<Int>
        var label: String?
        /// UTF-8 offset where the text after the label starts.
        var contentStart: Int
    }

    func parse(text: String, encoding: String, context: ReaderContext, format: SourceFormat,
               textLinesAreSourceLines: Bool, diagnostics: inout [Diagnostic]) -> Transcript
    {
        let bytes = Array(text.utf8)
        var paragraphs: [Paragraph] = []
        var lineStart = 0
        var line = 1
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
            if let first = bytes[lineStart..<lineEnd].firstIndex(where: { $0 != 32 && $0 != 9 }) {
                let (label, contentStart) = Self.label(in: bytes, from: first, to: lineEnd)
                paragraphs.append(Paragraph(line: line, utf8: first..<lineEnd, label: label, contentStart: contentStart))
            }
            line += 1
            lineStart = lineEnd + 1
        }

        // A candidate counts as a label if it is a known convention or starts at least two paragraphs.
        var counts: [String: Int] = [:]
        for p in paragraphs { if let l = p.label { counts[l, default: 0] += 1 } }
        // A candidate is a label if it recurs, is a known convention, or reads like a person's name
        // ("Frau Kessler", "Thomas Wunderlich"): two or more capitalised words.
        func accepted(_ label: String) -> Bool {
            if (counts[label] ?? 0) >= 2 || SpeakerRoles.role(forLabel: label, metadata: context.metadata) != nil { return true }
            let words = label.split(separator: " ")
            return words.count >= 2 && words.allSatisfy { $0.first?.isUppercase == true }
        }
        var order: [String] = []
        for p in paragraphs { if let l = p.label, accepted(l), !order.contains(l) { order.append(l) } }
        let labelled = !order.isEmpty
        if !labelled {
            diagnostics.append(Diagnostic(.note, "no speaker labels found; the whole text is read as one respondent",
                                          file: context.path, hint: "label turns with I:/B: if an interviewer speaks"))
        }
        var speakers = labelled ? SpeakerRoles.assign(labels: order, metadata: context.metadata)
            : [Speaker(id: "B", label: "", role: .respondent, roleReason: "unlabelled text: one respondent")]

        // Group paragraphs into turns.
        struct Draft { var speaker: String; var line: Int; var start: Int; var end: Int }
        var drafts: [Draft] = []
        for p in paragraphs {
            if let l = p.label, accepted(l) {
                drafts.append(Draft(speaker: SpeakerRoles.speakerID(l), line: p.line, start: p.contentStart, end: p.utf8.upperBound))
            } else if !drafts.isEmpty {
                drafts[drafts.count - 1].end = p.utf8.upperBound
            } else {
                if labelled {
                    diagnostics.append(Diagnostic(.note, "text before the first speaker label is read as a respondent turn",
                                                  file: context.path, line: p.line))
                    if !speakers.contains(where: { $0.id == "?" }) {
                        speakers.append(Speaker(id: "?", label: "", role: .unknown, roleReason: "text before the first label"))
                    }
                }
                drafts.append(Draft(speaker: labelled ? "?" : "B", line: p.line, start: p.utf8.lowerBound, end: p.utf8.upperBound))
            }
        }

        // Trim whitespace and a trailing timestamp from each turn; compute scalar offsets.
        let scalarAt = ScalarCounter(bytes: bytes)
        var turns: [Turn] = []
        var previousEnd: Double? = nil
        for draft in drafts {
            var start = draft.start, end = draft.end
            while start < end, Self.isSpace(bytes[start]) { start += 1 }
            while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
            var endTime: Double? = nil
            if let (time, timestampStart) = Self.trailingTimestamp(bytes, start, end) {
                endTime = time
                end = timestampStart
                while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
            }
            let role = speakers.first { $0.id == draft.speaker }?.role ?? .unknown
            let range = TextRange(scalars: SourceSpan(start: scalarAt[start], end: scalarAt[end]), utf8: start..<end)
            turns.append(Turn(index: turns.count, speakerID: draft.speaker, role: role, range: range, sourceLine: draft.line,
                              startTime: endTime == nil ? nil : previousEnd ?? 0, endTime: endTime))
            if endTime != nil { previousEnd = endTime }
        }
        let source = SourceDocument(path: context.path, format: format, encoding: encoding,
                                    byteCount: context.data.count, textLinesAreSourceLines: textLinesAreSourceLines)
        return Transcript(id: context.metadata.interviewID, source: source, text: text, speakers: speakers,
                          turns: turns, metadata: context.metadata)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// `Label:` at the start of a paragraph: up to 63 characters, no sentence punctuation, followed by
    /// whitespace or end of line. Returns the label and the offset after the colon.
    static func label(in bytes: [UInt8], from start: Int, to end: Int) -> (String?, Int) {
        var i = start
        let limit = min(end, start + maxLabelLength * 2)
        while i < limit {
            let b = bytes[i]
            if b == UInt8(ascii: ":") {
                guard i > start, i + 1 >= end || isSpace(bytes[i + 1]) else { return (nil, start) }
                let label = String(decoding: bytes[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard !label.isEmpty, label.unicodeScalars.count <= maxLabelLength,
                      let first = label.unicodeScalars.first, first.properties.isAlphabetic,
                      label.split(separator: " ").count <= 5 else { return (nil, start) }
                return (label, i + 1)
            }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "?") || b == UInt8(ascii: "!")
                || b == UInt8(ascii: "#") || b == UInt8(ascii: "(") || b == UInt8(ascii: "\"") { return (nil, start) }
            i += 1
        }
        return (nil, start)
    }

    /// An f4 timestamp `#hh:mm:ss-d#` (or `#hh:mm:ss#`) ending the range: its seconds and start offset.
    static func trailingTimestamp(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Double, Int)? {
        guard end - start >= 10, bytes[end - 1] == UInt8(ascii: "#") else { return nil }
        var i = end - 2
        while i > start, bytes[i] != UInt8(ascii: "#") { i -= 1 }
        guard bytes[i] == UInt8(ascii: "#"), end - 1 - i <= 14 else { return nil }
        let inner = String(decoding: bytes[(i + 1)..<(end - 1)], as: UTF8.self)
        guard let seconds = parseF4Time(inner) else { return nil }
        return (seconds, i)
    }

    /// `hh:mm:ss-d` or `hh:mm:ss` to seconds.
    static func parseF4Time(_ text: String) -> Double? {
        let main = text.split(separator: "-", maxSplits: 1)
        let hms = main[0].split(separator: ":")
        guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let s = Int(hms[2]), m < 60, s < 60 else { return nil }
        var seconds = Double(h * 3600 + m * 60 + s)
        if main.count == 2 {
            guard let tenths = Int(main[1]) else { return nil }
            seconds += Double(tenths) / pow(10, Double(main[1].count))
        }
        return seconds
    }
}

/// Scalar offset for every UTF-8 offset of a text (built on demand by walking the bytes once).
struct ScalarCounter {
    private var table: [Int32]
    init(bytes: [UInt8]) {
        table = [Int32](repeating: 0, count: bytes.count + 1)
        var scalar: Int32 = 0
        for (i, b) in bytes.enumerated() {
            table[i] = scalar
            if b & 0xC0 != 0x80 { scalar += 1 }
        }
        table[bytes.count] = scalar
    }
    subscript(utf8Offset: Int) -> Int { Int(table[utf8Offset]) }
}
