import Foundation
import LeitbildCore
import Signals
import Themes

/// A quote chosen to illustrate a code, with its source. The text is pseudonymised.
public struct Quote: Sendable {
    public var interviewID: String
    public var file: String
    public var line: Int
    public var time: Double?
    public var text: String
    public var group: String?

    /// "I03, 03-rehau.txt:41" or with a timestamp "I07, 07-teams.vtt 00:12:31 (Z. 41)".
    public var citation: String {
        var s = "\(interviewID), \(file)"
        if let time { s += " " + Format.timestamp(time) + " (Z. \(line))" } else { s += ":\(line)" }
        return s
    }
}

/// Quote candidates of a report, prepared once: every non-negated coded respondent segment
/// with its one-line text and the parts of its score that do not depend on the code.
struct QuotePool {
    struct Candidate {
        var transcript: Int
        var segment: Int
        var text: String
        /// Length and transcription-note penalty.
        var penalty: Double
    }
    private var candidates: [Candidate] = []
    /// Per code: indices into `candidates`, in transcript and segment order.
    private var byCode: [String: [Int]] = [:]
    /// Per code, interview and segment index: the strongest emphasis or problem cue.
    private var cueStrength: [String: [String: [Int: Double]]] = [:]

    init(_ input: ReportInput) {
        for interview in input.analysis.interviews {
            for s in interview.segments {
                // The first signal of a code in a segment counts.
                for signal in s.codes where cueStrength[signal.codeID]?[interview.interviewID]?[s.segmentIndex] == nil {
                    cueStrength[signal.codeID, default: [:]][interview.interviewID, default: [:]][s.segmentIndex]
                        = max(signal.emphasis, signal.problem)
                }
            }
        }
        for (index, coded) in input.transcripts.enumerated() {
            for (position, segment) in coded.segments.enumerated() {
                let codes = segment.codes.filter { !$0.negated }.map(\.codeID)
                guard !codes.isEmpty else { continue }
                let text = Format.oneLine(input.text(transcript: index, range: segment.segment.range))
                var words = 0, inWord = false
                for byte in text.utf8 {
                    if byte == 0x20 { inWord = false } else if !inWord { inWord = true; words += 1 }
                }
                // 8 to 30 words read well on a slide; longer ones cost a point per word.
                let lengthPenalty = words < 8 ? Double(8 - words) * 3 : words > 30 ? Double(words - 30) : 0
                // Transcription notes ("(lacht)", "(...)") read badly on a slide.
                let penalty = lengthPenalty + (text.utf8.contains(UInt8(ascii: "(")) ? 4 : 0)
                candidates.append(Candidate(transcript: index, segment: position, text: text, penalty: penalty))
                for code in Set(codes) { byCode[code, default: []].append(candidates.count - 1) }
            }
        }
    }

    /// Up to `limit` quotes for a code: one per stakeholder group and interview first, preferring
    /// non-negated sentences of 8 to 30 words that carry an importance, urgency or problem cue
    /// for the code, in a deterministic order. Texts come pseudonymised from `input`.
    func quotes(for codeID: String, in input: ReportInput, limit: Int) -> [Quote] {
        let strength = cueStrength[codeID] ?? [:]
        var scored: [(score: Double, quote: Quote)] = []
        var fileNames: [Int: String] = [:]
        for i in byCode[codeID] ?? [] {
            let c = candidates[i]
            let coded = input.transcripts[c.transcript]
            let segment = coded.segments[c.segment]
            guard let assignment = segment.codes.first(where: { $0.codeID == codeID }), !assignment.negated else { continue }
            let cue = strength[coded.transcript.id]?[segment.segment.index] ?? 0
            let score = c.penalty - 4 * cue - Double(min(assignment.matches.count, 3)) - Double(segment.codes.count) * 0.5
            let file = fileNames[c.transcript] ?? coded.transcript.source.fileName
            fileNames[c.transcript] = file
            scored.append((score, Quote(interviewID: coded.transcript.id, file: file,
                                        line: segment.segment.sourceLine, time: segment.segment.startTime,
                                        text: c.text, group: coded.transcript.metadata.group)))
        }
        scored.sort { a, b in
            a.score != b.score ? a.score < b.score
                : (a.quote.interviewID, a.quote.line, a.quote.text) < (b.quote.interviewID, b.quote.line, b.quote.text)
        }
        var chosen: [Quote] = []
        var usedInterviews = Set<String>(), usedGroups = Set<String>()
        // First pass: new group and new interview; second: new interview; third: anything.
        for pass in 0..<3 {
            for c in scored where chosen.count < limit {
                if chosen.contains(where: { $0.interviewID == c.quote.interviewID && $0.line == c.quote.line && $0.text == c.quote.text }) { continue }
                if pass == 0, usedGroups.contains(c.quote.group ?? "") || usedInterviews.contains(c.quote.interviewID) { continue }
                if pass == 1, usedInterviews.contains(c.quote.interviewID) { continue }
                chosen.append(c.quote)
                usedInterviews.insert(c.quote.interviewID)
                usedGroups.insert(c.quote.group ?? "")
            }
        }
        return chosen
    }
}

enum Format {
    static func timestamp(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(h)):\(two(m)):\(two(s))"
    }

    /// German decimal number with `digits` places ("0,25").
    static func decimal(_ value: Double, digits: Int = 2) -> String {
        // German typesetting: decimal comma and a real minus sign; "-0,0" is just "0,0".
        let s = String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
        guard s.hasPrefix("-") else { return s }
        return s.dropFirst().allSatisfy { $0 == "0" || $0 == "," } ? String(s.dropFirst()) : "\u{2212}" + s.dropFirst()
    }

    /// "97 %".
    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    /// One-line quote text: line breaks (also U+2028/2029) collapsed.
    static func oneLine(_ text: String) -> String {
        // Most segments are one line already: look for LF and for U+2028/U+2029 (E2 80 A8/A9) as
        // bytes (0xE2 alone also starts the German quotes „“ and dashes).
        var utf8 = text.utf8.makeIterator()
        var breaks = false, previous: (UInt8, UInt8) = (0, 0)
        while let byte = utf8.next() {
            if byte == 0x0A || ((byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80)) { breaks = true; break }
            previous = (previous.1, byte)
        }
        if !breaks { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\u{2028}" || $0 == "\u{2029}" }).joined(separator: " ")
    }

    /// Quote text for Markdown (see `MarkdownText.escape`).
    static func markdown(_ text: String) -> String { MarkdownText.escape(text) }
}

/// Markdown escaping for `summary.md`.
public enum MarkdownText {
    /// Text that Markdown shows as written: characters with a meaning in Markdown (and `<`, which
    /// would start raw HTML) get a backslash, so a quote can never become a link, emphasis, table
    /// cell or script in a Markdown viewer.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
