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

/// Quote candidates of a report, prepared once: every non-negated coded respondent segment,
/// scored for each of its codes. Texts are made only for the candidates a choice looks at (at
/// 5,000 interviews there are 200,000 candidates and about 60 quotes).
struct QuotePool {
    struct Candidate {
        var transcript: Int
        var segment: Int
        var sourceLine: Int
    }
    /// A segment (by index in its transcript) and a code.
    private struct SegmentCode: Hashable {
        var segment: Int
        var code: String
    }
    /// A candidate scored for one code; lower scores are better.
    struct Scored {
        var score: Double
        var candidate: Int
    }
    private var candidates: [Candidate] = []
    /// Per code: its candidates, in transcript and segment order.
    private var byCode: [String: [Scored]] = [:]
    /// Per transcript: its place in interview id order (transcripts with one id share a place;
    /// the pipeline leaves repeated ids out, `ReportInput` does not).
    private var idRank: [Int] = []

    init(_ input: ReportInput) {
        let transcripts = input.transcripts
        idRank = [Int](repeating: 0, count: transcripts.count)
        var rank = -1
        var previous: String? = nil
        for index in transcripts.indices.sorted(by: { transcripts[$0].transcript.id < transcripts[$1].transcript.id }) {
            let id = transcripts[index].transcript.id
            if previous != id { rank += 1; previous = id }
            idRank[index] = rank
        }
        // The signals of each interview id, in order (ids are unique in a pipeline run).
        var signalsOf: [String: [Int]] = [:]
        for (i, interview) in input.analysis.interviews.enumerated() { signalsOf[interview.interviewID, default: []].append(i) }
        // Per segment index and code of one transcript at a time: the strongest emphasis or
        // problem cue of the code's first signal in the segment (one table, emptied per transcript).
        var cueStrength: [SegmentCode: Double] = [:]
        for (index, coded) in transcripts.enumerated() {
            cueStrength.removeAll(keepingCapacity: true)
            for i in signalsOf[coded.transcript.id] ?? [] {
                for s in input.analysis.interviews[i].segments {
                    for signal in s.codes {
                        let key = SegmentCode(segment: s.segmentIndex, code: signal.codeID)
                        if cueStrength[key] == nil { cueStrength[key] = max(signal.emphasis, signal.problem) }
                    }
                }
            }
            for (position, segment) in coded.segments.enumerated() {
                guard segment.codes.contains(where: { !$0.negated }) else { continue }
                let (words, note) = Self.measure(input.redactedTexts[index].slice(segment.segment.range))
                // 8 to 30 words read well on a slide; longer ones cost a point per word.
                let lengthPenalty = words < 8 ? Double(8 - words) * 3 : words > 30 ? Double(words - 30) : 0
                // Transcription notes ("(lacht)", "(...)") read badly on a slide.
                let penalty = lengthPenalty + (note ? 4 : 0)
                candidates.append(Candidate(transcript: index, segment: position, sourceLine: segment.segment.sourceLine))
                // A code's first assignment in the segment decides; a negated one rules the code out.
                for (k, assignment) in segment.codes.enumerated()
                where !assignment.negated && segment.codes.firstIndex(where: { $0.codeID == assignment.codeID }) == k {
                    let cue = cueStrength[SegmentCode(segment: segment.segment.index, code: assignment.codeID)] ?? 0
                    let score = penalty - 4 * cue - Double(min(assignment.matches.count, 3))
                        - Double(segment.codes.count) * 0.5
                    byCode[assignment.codeID, default: []].append(Scored(score: score, candidate: candidates.count - 1))
                }
            }
        }
    }

    /// Words (runs of non-spaces) of the one-line form of a text, and whether it has a "(".
    /// Counted on the text's bytes when it is one line already, as nearly every segment is.
    /// Read on the text's contiguous bytes where it has them (every native string): through a
    /// Substring's UTF-8 view, byte by byte, measuring the 200,000 segments of 5,000 interviews
    /// took 0.16 CPU-s in a perf profile of a +1 file run, on the bytes 0.13 (the samples in
    /// `measure` and in the `hasLineBreak` it calls; docs/batch-rounds.md, "Round 8533d0d → d964e44").
    static func measure(_ text: Substring) -> (words: Int, note: Bool) {
        let direct = text.utf8.withContiguousStorageIfAvailable { bytes -> (words: Int, note: Bool)? in
            Format.hasLineBreak(bytes) ? nil : count(bytes)
        }
        if let direct, let measured = direct { return measured }
        return Format.hasLineBreak(text.utf8) ? count(Format.oneLine(String(text)).utf8) : count(text.utf8)
    }

    private static func count(_ utf8: some Sequence<UInt8>) -> (words: Int, note: Bool) {
        var words = 0, inWord = false, note = false
        for byte in utf8 {
            if byte == 0x20 { inWord = false } else if !inWord { inWord = true; words += 1 }
            if byte == 0x28 { note = true }
        }
        return (words, note)
    }

    /// Up to `limit` quotes for a code: one per stakeholder group and interview first, preferring
    /// non-negated sentences of 8 to 30 words that carry an importance, urgency or problem cue
    /// for the code, in a deterministic order. Texts come pseudonymised from `input`.
    ///
    /// The choice goes through the candidates in order, in up to three passes. When the first
    /// pass fills `limit` among the best-scored candidates, the rest cannot change it, so only
    /// the `head` best (and every candidate scored as well as the last of them) are sorted; the
    /// whole list only when they do not suffice. At 5,000 interviews, sorting each code's 10,000
    /// and more candidates whole took 0.12 CPU-s (docs/batch-rounds.md, "Round cb470bd → 44aab1a").
    func quotes(for codeID: String, in input: ReportInput, limit: Int, head: Int? = nil) -> [Quote] {
        let scored = byCode[codeID] ?? []
        // The one-line text of a candidate, made when first needed.
        var texts: [Int: String] = [:]
        func text(_ i: Int) -> String {
            if let t = texts[i] { return t }
            let c = candidates[i]
            let t = Format.oneLine(input.text(transcript: c.transcript, range: input.transcripts[c.transcript].segments[c.segment].segment.range))
            texts[i] = t
            return t
        }
        // Score, then interview, line and text: texts are only compared where all else is equal.
        func before(_ a: Scored, _ b: Scored) -> Bool {
            if a.score != b.score { return a.score < b.score }
            let (ca, cb) = (candidates[a.candidate], candidates[b.candidate])
            let (ia, ib) = (idRank[ca.transcript], idRank[cb.transcript])
            if ia != ib { return ia < ib }
            if ca.sourceLine != cb.sourceLine { return ca.sourceLine < cb.sourceLine }
            return text(a.candidate) < text(b.candidate)
        }
        func quote(_ i: Int) -> Quote {
            let c = candidates[i]
            let transcript = input.transcripts[c.transcript].transcript
            return Quote(interviewID: transcript.id, file: transcript.source.fileName, line: c.sourceLine,
                         time: input.transcripts[c.transcript].segments[c.segment].segment.startTime, text: text(i),
                         group: transcript.metadata.group)
        }
        /// The choice from `ordered`, and whether its first pass filled `limit`.
        func choose(_ ordered: [Scored]) -> (quotes: [Quote], firstPassFilled: Bool) {
            var chosen: [Quote] = []
            var usedInterviews = Set<String>(), usedGroups = Set<String>()
            var firstPassFilled = false
            // First pass: new group and new interview; second: new interview; third: anything.
            for pass in 0..<3 {
                for entry in ordered where chosen.count < limit {
                    // Group and interview first: they need no text, and in pass 0 most candidates stop here.
                    let c = candidates[entry.candidate]
                    let id = input.transcripts[c.transcript].transcript.id
                    let group = input.transcripts[c.transcript].transcript.metadata.group ?? ""
                    if pass == 0, usedGroups.contains(group) || usedInterviews.contains(id) { continue }
                    if pass == 1, usedInterviews.contains(id) { continue }
                    if chosen.contains(where: { $0.interviewID == id && $0.line == c.sourceLine && $0.text == text(entry.candidate) }) { continue }
                    chosen.append(quote(entry.candidate))
                    usedInterviews.insert(id)
                    usedGroups.insert(group)
                }
                if pass == 0 { firstPassFilled = chosen.count == limit }
            }
            return (chosen, firstPassFilled)
        }
        let head = head ?? max(256, 32 * limit)
        if scored.count > head, head > 0 {
            // Every candidate scored at most as the head-th best: all others sort after them. The
            // filter keeps the candidates' order, so the (stable) sort orders them as the whole list's would.
            let threshold = scored.map(\.score).sorted()[head - 1]
            let best = scored.filter { $0.score <= threshold }.sorted(by: before)
            let (chosen, filled) = choose(best)
            if filled { return chosen }
        }
        return choose(scored.sorted(by: before)).quotes
    }
}

enum Format {
    /// Whether any interview has a stakeholder group in the metadata.
    static func hasGroups(_ a: PriorityAnalysis) -> Bool { a.groupNames.contains { $0 != PriorityAggregator.noGroup } }

    /// "18 Interviews aus 3 Stakeholdergruppen", "1 Interview aus 1 Stakeholdergruppe",
    /// "18 Interviews, keines einer Stakeholdergruppe zugeordnet" (plain text).
    static func interviewsAndGroups(_ a: PriorityAnalysis) -> String {
        let interviews = a.interviewCount == 1 ? "1 Interview" : "\(a.interviewCount) Interviews"
        guard hasGroups(a) else {
            return interviews + (a.interviewCount == 1 ? ", keiner Stakeholdergruppe zugeordnet" : ", keines einer Stakeholdergruppe zugeordnet")
        }
        return interviews + " aus " + (a.groupCount == 1 ? "1 Stakeholdergruppe" : "\(a.groupCount) Stakeholdergruppen")
    }

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

    /// Whether UTF-8 text holds a line break `oneLine` collapses: LF, U+2028 or U+2029 (E2 80 A8/A9;
    /// 0xE2 alone also starts the German quotes „“ and dashes).
    static func hasLineBreak(_ utf8: some Sequence<UInt8>) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            if byte == 0x0A || ((byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80)) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// One-line quote text: line breaks (also U+2028/2029) collapsed.
    static func oneLine(_ text: String) -> String {
        // Most segments are one line already.
        if !hasLineBreak(text.utf8) { return text }
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
