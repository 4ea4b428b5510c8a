import LeitbildCore
import Signals

/// Hand-written JSON for `analysis.interviews`, the per-interview half of `analysis.json`, in
/// exactly the bytes `JSONEncoder` (sorted keys, pretty printed) gives these `Codable` types;
/// `StreamingOutputTests` compares the two on every interview of an analysed corpus. When a
/// field is added to a Signals type, add it here too: that test fails until it is.
extension InterviewPriority {
    func writeJSON(_ w: FastJSON, indent i: Int) throws {
        try w.open(i)
        try w.key("codes", i + 2, first: true)
        try w.array(codes, i + 2) { c, j in try c.writeJSON(w, indent: j) }
        try w.key("file", i + 2); try w.string(file)
        try w.key("group", i + 2); try w.string(group)
        try w.key("interviewID", i + 2); try w.string(interviewID)
        if let municipality { try w.key("municipality", i + 2); try w.string(municipality) }
        try w.key("rankings", i + 2)
        try w.array(rankings, i + 2) { r, j in try r.writeJSON(w, indent: j) }
        try w.key("respondentUnits", i + 2); try w.int(respondentUnits)
        try w.key("segments", i + 2)
        try w.array(segments, i + 2) { s, j in try s.writeJSON(w, indent: j) }
        try w.key("weight", i + 2); try w.double(weight)
        try w.close(i)
    }
}

extension InterviewCodeScore {
    func writeJSON(_ w: FastJSON, indent i: Int) throws {
        try w.open(i)
        try w.key("codeID", i + 2, first: true); try w.string(codeID)
        try w.key("components", i + 2)
        try w.open(i + 2)
        let c = components
        try w.key("importance", i + 4, first: true); try w.double(c.importance)
        try w.key("intensity", i + 4); try w.double(c.intensity)
        try w.key("interviews", i + 4); try w.double(c.interviews)
        try w.key("problem_pressure", i + 4); try w.double(c.problemPressure)
        try w.key("ranking", i + 4); try w.double(c.ranking)
        try w.key("spontaneity", i + 4); try w.double(c.spontaneity)
        try w.close(i + 2)
        try w.key("dismissedSegments", i + 2); try w.int(dismissedSegments)
        if let explicitRank { try w.key("explicitRank", i + 2); try w.int(explicitRank) }
        try w.key("index", i + 2); try w.double(index)
        try w.key("rank", i + 2); try w.int(rank)
        try w.key("segments", i + 2); try w.int(segments)
        try w.key("share", i + 2); try w.double(share)
        try w.close(i)
    }
}

extension ExplicitRanking {
    func writeJSON(_ w: FastJSON, indent i: Int) throws {
        try w.open(i)
        try w.key("entries", i + 2, first: true)
        try w.array(entries, i + 2) { e, j in
            try w.open(j)
            try w.key("codeID", j + 2, first: true); try w.string(e.codeID)
            try w.key("marker", j + 2); try w.string(e.marker)
            try w.key("markerRange", j + 2); try w.range(e.markerRange, j + 2)
            try w.key("rank", j + 2); try w.int(e.rank)
            try w.close(j)
        }
        try w.key("sourceLine", i + 2); try w.int(sourceLine)
        try w.key("turnIndex", i + 2); try w.int(turnIndex)
        try w.close(i)
    }
}

extension SegmentSignals {
    func writeJSON(_ w: FastJSON, indent i: Int) throws {
        try w.open(i)
        try w.key("codes", i + 2, first: true)
        try w.array(codes, i + 2) { c, j in
            try w.open(j)
            try w.key("asset", j + 2, first: true); try w.double(c.asset)
            try w.key("codeID", j + 2); try w.string(c.codeID)
            try w.key("dismissed", j + 2); try w.bool(c.dismissed)
            try w.key("emphasis", j + 2); try w.double(c.emphasis)
            try w.key("need", j + 2); try w.double(c.need)
            try w.key("problem", j + 2); try w.double(c.problem)
            if let promptedBy = c.promptedBy { try w.key("promptedBy", j + 2); try w.int(promptedBy) }
            try w.key("stance", j + 2); try w.string(c.stance.rawValue)
            try w.key("weakening", j + 2); try w.double(c.weakening)
            try w.close(j)
        }
        try w.key("cues", i + 2)
        try w.array(cues, i + 2) { c, j in
            try w.open(j)
            try w.key("carried", j + 2, first: true); try w.bool(c.carried)
            try w.key("codes", j + 2)
            try w.array(c.codes, j + 2) { code, _ in try w.string(code) }
            try w.key("cue", j + 2); try w.string(c.cue)
            if let hedge = c.hedge { try w.key("hedge", j + 2); try w.range(hedge, j + 2) }
            if let intensifier = c.intensifier { try w.key("intensifier", j + 2); try w.range(intensifier, j + 2) }
            try w.key("kind", j + 2); try w.string(c.kind.rawValue)
            try w.key("lexiconKind", j + 2); try w.string(c.lexiconKind.rawValue)
            if let negation = c.negation { try w.key("negation", j + 2); try w.range(negation, j + 2) }
            try w.key("range", j + 2); try w.range(c.range, j + 2)
            try w.key("weight", j + 2); try w.double(c.weight)
            try w.close(j)
        }
        try w.key("range", i + 2); try w.range(range, i + 2)
        try w.key("segmentIndex", i + 2); try w.int(segmentIndex)
        try w.key("sourceLine", i + 2); try w.int(sourceLine)
        try w.key("turnIndex", i + 2); try w.int(turnIndex)
        try w.close(i)
    }
}

extension FastJSON {
    /// A `TextRange`: scalars as an object, UTF-8 as `Range`'s two-element array.
    func range(_ r: TextRange, _ i: Int) throws {
        try open(i)
        try key("scalars", i + 2, first: true)
        try open(i + 2)
        try key("end", i + 4, first: true); try int(r.scalars.end)
        try key("start", i + 4); try int(r.scalars.start)
        try close(i + 2)
        try key("utf8", i + 2)
        try array([r.utf8.lowerBound, r.utf8.upperBound], i + 2) { v, _ in try int(v) }
        try close(i)
    }
}
