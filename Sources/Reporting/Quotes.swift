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

    /// "I03, 03-rehau.txt (Z. 41)" or with a timestamp "I07, 07-teams.vtt 00:12:31 (Z. 41)": the
    /// line the same way in both (found in a report review, fifth stop of 2026-11-29: "…txt:41",
    /// a programmer's form, beside "(Z. 41)" in one summary).
    public var citation: String {
        var s = "\(interviewID), \(file)"
        if let time { s += " " + Format.timestamp(time) }
        return s + " (Z. \(line))"
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
    /// A candidate scored for one code; lower scores are better.
    struct Scored {
        var score: Double
        var candidate: Int
    }
    /// The signals of one coded segment: `analysis.interviews[interview].segments[position]`,
    /// whose `segmentIndex` is `segment`.
    private struct SignalSegment {
        var segment: Int
        var interview: Int
        var position: Int
    }
    private var candidates: [Candidate] = []
    /// Each code id's place in `byCode`: the codebook's codes in file order, then any other code
    /// an assignment names.
    private var codeIndex: [String: Int] = [:]
    /// Per code (by `codeIndex`): its candidates, in transcript and segment order.
    private var byCode: [[Scored]] = []
    /// Per transcript: its place in interview id order (transcripts with one id share a place;
    /// the pipeline leaves repeated ids out, `ReportInput` does not).
    private var idRank: [Int] = []

    /// Code ids are hashed once per scored assignment (for `codeIndex`) and the signals of a
    /// segment are found by its index in a sorted array, not through tables keyed by code id. With
    /// a `[segment index + code id: Double]` table filled per signal, a `[code id: [Scored]]` one
    /// per assignment and `for ... in` copies of segments and assignments, `QuotePool.init` took
    /// 0.22 to 0.29 CPU-s of a run of 5,001 interviews that re-renders the reports from the cache,
    /// about 0.06 of it in dictionary lookups and 0.07 in copying, retaining and releasing; now 0.10
    /// to 0.16 (four profiles each: `perf record -F 1999 -g -o run.data leitbild analyze PROJECT
    /// --out OUT --quiet` after removing OUT/.leitbild-reports.json, `perf script -i run.data |
    /// swift demangle --simplified > run.txt`, `scripts/perf-breakdown.py run.txt --hz 1999 --frame
    /// QuotePool.init`). What remains is mostly reading each segment's and signal's arrays.
    init(_ input: ReportInput) {
        let transcripts = input.transcripts
        let interviews = input.analysis.interviews
        idRank = [Int](repeating: 0, count: transcripts.count)
        var rank = -1
        var previous: String? = nil
        for index in transcripts.indices.sorted(by: { transcripts[$0].transcript.id < transcripts[$1].transcript.id }) {
            let id = transcripts[index].transcript.id
            if previous != id { rank += 1; previous = id }
            idRank[index] = rank
        }
        for code in input.codebook.codes where codeIndex[code.id] == nil { codeIndex[code.id] = codeIndex.count }
        byCode = [[Scored]](repeating: [], count: codeIndex.count)
        // The signals of each interview id, in order (ids are unique in a pipeline run).
        var signalsOf: [String: [Int]] = [:]
        for (i, interview) in interviews.enumerated() { signalsOf[interview.interviewID, default: []].append(i) }
        // The signal segments of one transcript's id at a time, by segment index, then in the
        // order of `signalsOf` and of the segments (one array, emptied per transcript).
        var signalSegments: [SignalSegment] = []
        for (index, coded) in transcripts.enumerated() {
            signalSegments.removeAll(keepingCapacity: true)
            for i in signalsOf[coded.transcript.id] ?? [] {
                for (position, s) in interviews[i].segments.enumerated() {
                    signalSegments.append(SignalSegment(segment: s.segmentIndex, interview: i, position: position))
                }
            }
            // They come sorted from the pipeline (one interview per id, segments in text order).
            if zip(signalSegments, signalSegments.dropFirst()).contains(where: { $0.segment > $1.segment }) {
                signalSegments.sort { ($0.segment, $0.interview, $0.position) < ($1.segment, $1.interview, $1.position) }
            }
            // By index rather than `for ... in`, which would copy every segment and assignment
            // (retaining their strings and arrays) only to read a few fields.
            let segments = coded.segments, redacted = input.redactedTexts[index]
            for position in segments.indices {
                let codes = segments[position].codes
                guard codes.contains(where: { !$0.negated }) else { continue }
                let range = segments[position].segment.range, segmentIndex = segments[position].segment.index
                let firstSignal = Self.first(segmentIndex, in: signalSegments)
                // A self-introduction ("Ich leite die Stabsstelle am Landratsamt") is no quote for a field.
                if firstSignal < signalSegments.count, signalSegments[firstSignal].segment == segmentIndex,
                   interviews[signalSegments[firstSignal].interview].segments[signalSegments[firstSignal].position].introduction { continue }
                let (words, note) = Self.measure(redacted, range)
                // 8 to 30 words read well on a slide; longer ones cost a point per word.
                let lengthPenalty = words < 8 ? Double(8 - words) * 3 : words > 30 ? Double(words - 30) : 0
                // Transcription notes ("(lacht)", "(...)") read badly on a slide.
                let penalty = lengthPenalty + (note ? 4 : 0)
                candidates.append(Candidate(transcript: index, segment: position, sourceLine: segments[position].segment.sourceLine))
                // A code's first assignment in the segment decides; a negated one rules the code out.
                for k in codes.indices where !codes[k].negated {
                    let codeID = codes[k].codeID
                    guard codes.firstIndex(where: { $0.codeID == codeID }) == k else { continue }
                    // The strongest emphasis or problem cue for the code that stands in the segment
                    // itself: a cue carried in from the next sentence ("Das funktioniert nicht.")
                    // makes no quote that shows it (found in an analyst review: such quotes were
                    // chosen as evidence of a problem they do not state).
                    var cue = 0.0
                    search: for s in signalSegments[firstSignal...] {
                        guard s.segment == segmentIndex else { break }
                        let signal = interviews[s.interview].segments[s.position]
                        guard let c = signal.codes.firstIndex(where: { $0.codeID == codeID }) else { continue }
                        // Its emphasis and problem cues: none (a value set without them), or one in the segment.
                        var any = false, own = false
                        for hit in signal.cues where (hit.kind == .importance || hit.kind == .urgency || hit.kind == .problem) && hit.codes.contains(codeID) {
                            any = true
                            if !hit.carried, range.utf8.lowerBound <= hit.range.utf8.lowerBound, hit.range.utf8.upperBound <= range.utf8.upperBound {
                                own = true
                                break
                            }
                        }
                        if !any || own { cue = max(signal.codes[c].emphasis, signal.codes[c].problem) }
                        break search
                    }
                    let score = penalty - 4 * cue - Double(min(codes[k].matches.count, 3)) - Double(codes.count) * 0.5
                    let code: Int
                    if let known = codeIndex[codeID] {
                        code = known
                    } else {
                        code = byCode.count
                        codeIndex[codeID] = code
                        byCode.append([])
                    }
                    byCode[code].append(Scored(score: score, candidate: candidates.count - 1))
                }
            }
        }
    }

    /// The position of the first of `sorted` whose segment is `segment` or later.
    private static func first(_ segment: Int, in sorted: [SignalSegment]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].segment < segment { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Words (runs of non-spaces) of the one-line form of a text, and whether it has a "(".
    /// Counted on the text's bytes when it is one line already, as nearly every segment is.
    /// Read on the text's contiguous bytes where it has them (every native string): through a
    /// Substring's UTF-8 view, byte by byte, measuring the 200,000 segments of 5,000 interviews
    /// took 0.16 CPU-s in a perf profile of a +1 file run, on the bytes 0.13 (the samples in
    /// `measure` and in the `hasLineBreak` it calls; docs/batch-rounds.md, "Round 8533d0d → d964e44").
    static func measure(_ text: Substring) -> (words: Int, note: Bool) {
        let direct = text.utf8.withContiguousStorageIfAvailable { bytes in measureOneLine(bytes) }
        if let direct, let measured = direct { return measured }
        return Format.hasLineBreak(text.utf8) ? count(Format.oneLine(String(text)).utf8) : count(text.utf8)
    }

    /// `measure` of the pseudonymised text of a range, read in the text's bytes without making a
    /// Substring when the range's ends are characters' first bytes, as every segment's are (else
    /// String slicing would round them, so the Substring is made).
    static func measure(_ text: RedactedText, _ range: TextRange) -> (words: Int, note: Bool) {
        let utf8 = text.map(range.utf8)
        let onBytes = text.text.utf8.withContiguousStorageIfAvailable { bytes -> (words: Int, note: Bool)? in
            func startsCharacter(_ i: Int) -> Bool { i == bytes.count || bytes[i] & 0xC0 != 0x80 }
            guard utf8.lowerBound >= 0, utf8.upperBound <= bytes.count,
                  startsCharacter(utf8.lowerBound), startsCharacter(utf8.upperBound) else { return nil }
            return measureOneLine(UnsafeBufferPointer(rebasing: bytes[utf8]))
        }
        if let onBytes, let measured = onBytes { return measured }
        return measure(text.slice(range))
    }

    /// `count(bytes)`, or nil when the bytes hold a line break (`Format.hasLineBreak`), read 8
    /// bytes at a time as one `UInt64` (`Bytes8`). Byte by byte, a pass for line breaks and one
    /// for words with a branch per byte on space or not (which changes every few bytes) took 0.07
    /// to 0.08 CPU-s for the 5,001 interviews (`--frame 'QuotePool.measure(_:)'`, profiled as
    /// `init`'s comment says); this, 0.03 to 0.04 (`--frame measureOneLine`), though it is now the
    /// first to read the text's bytes (the Substring's slicing was before).
    static func measureOneLine(_ bytes: UnsafeBufferPointer<UInt8>) -> (words: Int, note: Bool)? {
        let width = MemoryLayout<UInt64>.size
        guard bytes.count > width, let base = bytes.baseAddress.map(UnsafeRawPointer.init) else {
            return Format.hasLineBreak(bytes) ? nil : count(bytes)
        }
        // The first byte alone: each word of 8 is compared with the 8 bytes one before it.
        if bytes[0] == 0x0A { return nil }
        var words = bytes[0] == 0x20 ? 0 : 1, note = bytes[0] == 0x28
        var i = 1
        while i + width <= bytes.count {
            let chunk = Bytes8(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let before = Bytes8(base.loadUnaligned(fromByteOffset: i - 1, as: UInt64.self))
            // A byte that can end a line break (LF, or the last of U+2028's or U+2029's three; 0xA8
            // and 0xA9 end other characters too): the chunk and the two bytes before it are
            // checked byte by byte.
            if chunk.equal(to: 0x0A) | chunk.equal(to: 0xA8) | chunk.equal(to: 0xA9) != 0,
               Format.hasLineBreak(UnsafeBufferPointer(rebasing: bytes[max(0, i - 2) ..< i + width])) { return nil }
            // Words start where a non-space follows a space.
            words += Bytes8.count(before.equal(to: 0x20) & ~chunk.equal(to: 0x20))
            if chunk.equal(to: 0x28) != 0 { note = true }
            i += width
        }
        // The last bytes, fewer than 8, one by one.
        if Format.hasLineBreak(UnsafeBufferPointer(rebasing: bytes[max(0, i - 2)...])) { return nil }
        let rest = count(UnsafeBufferPointer(rebasing: bytes[i...]), inWord: bytes[i - 1] != 0x20)
        return (words + rest.words, note || rest.note)
    }

    /// Eight bytes in a `UInt64`, compared all at once.
    struct Bytes8 {
        var bits: UInt64
        init(_ bits: UInt64) { self.bits = bits }

        /// The top bit of each byte equal to `byte`, every other bit 0. Exact: adding 0x7F to a
        /// byte's low 7 bits never carries into the next byte, so no byte disturbs its neighbour.
        func equal(to byte: UInt8) -> UInt64 {
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let x = bits ^ (0x0101_0101_0101_0101 &* UInt64(byte)) // 0 where equal
            // Top bit set where x's byte is not 0: in its low 7 bits (the sum) or in the top bit itself.
            let nonzero = ((x & lows) &+ lows) | x
            return ~nonzero & ~lows
        }

        /// The bytes marked in a result of `equal(to:)`: each byte's 0 or 1, summed into the top
        /// byte by the multiplication (at most 8, so no byte carries into the next).
        static func count(_ marks: UInt64) -> Int { Int(((marks >> 7) &* 0x0101_0101_0101_0101) >> 56) }
    }

    /// `inWord`: whether the byte before the first was a non-space (the text starts mid-way).
    private static func count(_ utf8: some Sequence<UInt8>, inWord startsInWord: Bool = false) -> (words: Int, note: Bool) {
        var words = 0, inWord = startsInWord, note = false
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
        let scored = codeIndex[codeID].map { byCode[$0] } ?? []
        // The one-line text of a candidate, shortened, made when first needed.
        var texts: [Int: String] = [:]
        func text(_ i: Int) -> String {
            if let t = texts[i] { return t }
            let c = candidates[i]
            let coded = input.transcripts[c.transcript].segments[c.segment]
            let raw = input.text(transcript: c.transcript, range: coded.segment.range)
            let t: String
            if raw.utf8.count <= Format.maxQuoteScalars {
                t = Format.oneLine(raw)
            } else {
                // A long segment's quote shows the term that coded it: its offset in the
                // pseudonymised segment.
                let redacted = input.redactedTexts[c.transcript]
                let focus = coded.codes.first { $0.codeID == codeID }?.matches.first.map {
                    redacted.map($0.matchedRange.utf8.lowerBound, upper: false) - redacted.map(coded.segment.range.utf8.lowerBound, upper: false)
                }
                t = Format.oneLine(Format.shortened(raw, focus: focus))
            }
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
    /// "1 Nennung", "3 Nennungen": a count with its noun in the singular or plural.
    /// "Antworten auf die Bitte, sich vorzustellen, …: 33 Textstellen in 16 Interviews." (nil without any).
    static func introductionNote(_ introductions: [String: Set<Int>]) -> String? {
        let segments = introductions.values.reduce(0) { $0 + $1.count }, interviews = introductions.count
        guard segments > 0 else { return nil }
        return "Antworten auf die Bitte, sich vorzustellen (Amt, Arbeitgeber, Vereine), zählen ebenfalls nicht, bis die Person "
            + "eine Priorität, ein Problem oder einen Rang nennt: \(count(segments, "Textstelle", "Textstellen")) in "
            + "\(count(interviews, "Interview", "Interviews"))."
    }

    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }

    /// Whether any interview has a stakeholder group in the metadata.
    /// Which names the shared reports replace, without claiming more: people from the metadata,
    /// speaker labels and titles, and the pseudonym list's entries when there is a list (found in a
    /// review, fifth stop of 2026-11-29: "alles aus der Pseudonymliste" in a project without one).
    static func pseudonymisedNames(listed: Bool) -> String {
        listed
            ? "Personen aus Metadaten, Sprecherbezeichnungen und Anreden (Frau, Herr, Dr.) und alles aus der Pseudonymliste; andere Orte, Vereine und Betriebe nur, wenn sie in der Liste stehen."
            : "Personen aus Metadaten, Sprecherbezeichnungen und Anreden (Frau, Herr, Dr.); Orte, Vereine und Betriebe nicht (sie lassen sich in pseudonyms.txt eintragen)."
    }

    static func hasGroups(_ a: PriorityAnalysis) -> Bool { a.groupNames.contains { $0 != PriorityAggregator.noGroup } }

    /// "18 Interviews aus 3 Stakeholdergruppen", "1 Interview aus 1 Stakeholdergruppe",
    /// "18 Interviews, keines einer Stakeholdergruppe zugeordnet" (plain text).
    static func interviewsAndGroups(_ a: PriorityAnalysis) -> String {
        let interviews = a.interviewCount == 1 ? "1 Interview" : "\(a.interviewCount) Interviews"
        guard hasGroups(a) else {
            return interviews + (a.interviewCount == 1 ? ", keiner Stakeholdergruppe zugeordnet" : ", keines einer Stakeholdergruppe zugeordnet")
        }
        let groups = a.groupCount == 1 ? "1 Stakeholdergruppe" : "\(a.groupCount) Stakeholdergruppen"
        // Interviews without a group in the metadata come from none of the groups: "18 Interviews,
        // davon 15 aus 8 Stakeholdergruppen" (found in a review: report.html said "aus 8").
        if a.ungroupedInterviews > 0 {
            return interviews + ", davon \(a.interviewCount - a.ungroupedInterviews) aus " + groups
        }
        return interviews + " aus " + groups
    }

    /// "13 von 18 Interviews", "1 von 1 Interview": the noun follows the total.
    static func of(_ k: Int, _ n: Int, _ singular: String, _ plural: String) -> String {
        "\(k) von \(n) \(n == 1 ? singular : plural)"
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

    /// "97 %"; a share that rounds to 0 or 100 without being it is "< 1 %" or "> 99 %" (a top-3
    /// share of 0.996 is no certainty).
    static func percent(_ share: Double) -> String {
        if share > 0, share < 0.005 { return "< 1 %" }
        if share < 1, share >= 0.995 { return "> 99 %" }
        return "\(Int((share * 100).rounded())) %"
    }

    /// A permutation p-value with the precision its 1,000 shuffles carry: "= 0,03", "< 0,01"
    /// (its Monte-Carlo error near 0.03 is about 0.005, so a third digit claims too much).
    static func pValue(_ p: Double) -> String {
        if p < 0.01 { return "< 0,01" }
        // Just below 5 %: "= 0,05" would read as not below the usual threshold.
        if p < 0.05, p >= 0.045 { return "< 0,05" }
        return "= " + decimal(p, digits: 2)
    }

    /// The groups of one side of a goal conflict with how many of their interviews stand behind
    /// it: "Bildung (2 von 2 Interviews), Politik (2 von 3 Interviews)" (found in a statistics
    /// review: one interview of five was worded as the group's position).
    static func conflictSides(_ sides: [ConflictSide], of conflict: GoalConflict, in a: PriorityAnalysis,
                              escape: (String) -> String) -> String {
        sides.map { side in
            let total = a.groupBreakdown.first { $0.codeID == conflict.codeID && $0.value == side.group }?.interviewsTotal
            return escape(side.group) + (total.map { " (" + of(side.interviews, $0, "Interview", "Interviews") + ")" } ?? "")
        }.joined(separator: ", ")
    }

    /// `percent(_:)` in a sentence: "weniger als 1 %", "mehr als 99 %".
    static func percentInProse(_ share: Double) -> String {
        let text = percent(share)
        if text.hasPrefix("< ") { return "weniger als " + text.dropFirst(2) }
        if text.hasPrefix("> ") { return "mehr als " + text.dropFirst(2) }
        return text
    }

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

    /// The longest quote a report shows, in Unicode scalars: a segment of a transcript without
    /// full stops can be megabytes long (one 10 MB line made a 21 MB summary.md).
    static let maxQuoteScalars = 600

    /// A quote cut to `maxScalars` at the last space before the limit (or at the limit in a text
    /// without one), with " […]" for what is left out; shorter texts as they are.
    static func shortened(_ text: String, maxScalars: Int = maxQuoteScalars) -> String {
        let scalars = text.unicodeScalars
        guard let limit = scalars.index(scalars.startIndex, offsetBy: maxScalars, limitedBy: scalars.endIndex),
              limit != scalars.endIndex else { return text }
        var cut = limit
        if let space = scalars[..<limit].lastIndex(of: " "),
           scalars.distance(from: scalars.startIndex, to: space) >= maxScalars / 2 {
            cut = space
        }
        return String(scalars[..<cut]) + " […]"
    }

    /// `shortened` with the window placed to show the text at `focus` (a UTF-8 offset into
    /// `text`: the term that coded a quote) after up to a third of the window before it, when it
    /// lies beyond the first two thirds; "[…] " marks the text left out before.
    static func shortened(_ text: String, focus: Int?, maxScalars: Int = maxQuoteScalars) -> String {
        guard let focus, focus > 0, focus < text.utf8.count else { return shortened(text, maxScalars: maxScalars) }
        var at = text.utf8.index(text.utf8.startIndex, offsetBy: focus)
        while at.samePosition(in: text.unicodeScalars) == nil { at = text.utf8.index(before: at) }
        let scalars = text.unicodeScalars
        guard scalars.distance(from: scalars.startIndex, to: at) > maxScalars * 2 / 3,
              var start = scalars.index(at, offsetBy: -(maxScalars / 3), limitedBy: scalars.startIndex), start > scalars.startIndex
        else { return shortened(text, maxScalars: maxScalars) }
        // From the next word on, if one starts soon.
        if let space = scalars[start..<at].firstIndex(where: { $0 == " " || $0 == "\n" }), scalars.distance(from: start, to: space) < maxScalars / 10 {
            start = scalars.index(after: space)
        }
        return "[…] " + shortened(String(scalars[start...]), maxScalars: maxScalars - 4)
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
    /// cell or script in a Markdown viewer. Control characters are written out
    /// (`TerminalText.safe`): summary.md is often read in a terminal.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in TerminalText.safe(text) {
            if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
