import LeitbildCore
import Themes

/// A quote chosen to illustrate a code, with its source.
public struct Quote: Sendable {
    public var interviewID: String
    public var file: String
    public var line: Int
    public var time: Double?
    public var text: String
    public var group: String?

    /// "I03, 03-rehau.txt:41" or with a timestamp "I07, 07-teams.vtt 00:12:31".
    public var citation: String {
        var s = "\(interviewID), \(file)"
        if let time { s += " " + Format.timestamp(time) + " (Z. \(line))" } else { s += ":\(line)" }
        return s
    }
}

enum QuoteSelector {
    /// Up to `limit` quotes for a code: one per interview first, preferring sentences of 8 to 40
    /// words with a non-negated mention, in a deterministic order.
    static func quotes(for codeID: String, in transcripts: [CodedTranscript], limit: Int) -> [Quote] {
        var candidates: [(score: Int, quote: Quote)] = []
        for coded in transcripts {
            for segment in coded.segments {
                guard let assignment = segment.codes.first(where: { $0.codeID == codeID }), !assignment.negated else { continue }
                let text = String(coded.transcript.text(of: segment.segment.range))
                let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
                let lengthPenalty = words < 8 ? (8 - words) * 3 : words > 40 ? words - 40 : 0
                let score = lengthPenalty - assignment.matches.count - segment.codes.count
                candidates.append((score, Quote(interviewID: coded.transcript.id, file: coded.transcript.source.fileName,
                                                line: segment.segment.sourceLine, time: segment.segment.startTime,
                                                text: text, group: coded.transcript.metadata.group)))
            }
        }
        candidates.sort { a, b in
            a.score != b.score ? a.score < b.score
                : (a.quote.interviewID, a.quote.line) < (b.quote.interviewID, b.quote.line)
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
        String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// One-line quote text: line breaks collapsed.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    }
}

import Foundation
