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

enum QuoteSelector {
    /// Up to `limit` quotes for a code: one per stakeholder group and interview first, preferring
    /// non-negated sentences of 8 to 40 words that carry an importance, urgency or problem cue
    /// for the code, in a deterministic order. Texts come pseudonymised from `input`.
    static func quotes(for codeID: String, in input: ReportInput, limit: Int) -> [Quote] {
        // Segments whose signals emphasise the code or name a problem with it.
        var cueStrength: [String: [Int: Double]] = [:]
        for interview in input.analysis.interviews {
            for s in interview.segments {
                guard let signal = s.codes.first(where: { $0.codeID == codeID }) else { continue }
                cueStrength[interview.interviewID, default: [:]][s.segmentIndex] = max(signal.emphasis, signal.problem)
            }
        }
        var candidates: [(score: Double, quote: Quote)] = []
        for (index, coded) in input.transcripts.enumerated() {
            for segment in coded.segments {
                guard let assignment = segment.codes.first(where: { $0.codeID == codeID }), !assignment.negated else { continue }
                let text = Format.oneLine(input.text(transcript: index, range: segment.segment.range))
                let words = text.split(whereSeparator: { $0 == " " }).count
                let lengthPenalty = words < 8 ? Double(8 - words) * 3 : words > 40 ? Double(words - 40) : 0
                // Transcription notes ("(lacht)", "(...)") read badly on a slide.
                + (text.contains("(") ? 4 : 0)
                let cue = cueStrength[coded.transcript.id]?[segment.segment.index] ?? 0
                let score = lengthPenalty - 4 * cue - Double(min(assignment.matches.count, 3)) - Double(segment.codes.count) * 0.5
                candidates.append((score, Quote(interviewID: coded.transcript.id, file: coded.transcript.source.fileName,
                                                line: segment.segment.sourceLine, time: segment.segment.startTime,
                                                text: text, group: coded.transcript.metadata.group)))
            }
        }
        candidates.sort { a, b in
            a.score != b.score ? a.score < b.score
                : (a.quote.interviewID, a.quote.line, a.quote.text) < (b.quote.interviewID, b.quote.line, b.quote.text)
        }
        var chosen: [Quote] = []
        var usedInterviews = Set<String>(), usedGroups = Set<String>()
        // First pass: new group and new interview; second: new interview; third: anything.
        for pass in 0..<3 {
            for c in candidates where chosen.count < limit {
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
        return String(format: "%02d:%02d:%02d", h, m, s)
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
        text.split(whereSeparator: { $0 == "\n" || $0 == "\u{2028}" || $0 == "\u{2029}" }).joined(separator: " ")
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
