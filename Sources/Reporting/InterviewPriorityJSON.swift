import LeitbildCore
import Signals

/// Hand-written JSON for `analysis.interviews`, the per-interview half of `analysis.json`, in
/// exactly the bytes `JSONEncoder` (sorted keys, compact) gives these `Codable` types;
/// `StreamingOutputTests` compares the two on every interview of an analysed corpus. When a
/// field is added to a Signals type, add it here too: that test fails until it is.
extension InterviewPriority {
    func writeJSON(_ w: FastJSON) throws {
        try w.open()
        try w.key("codes", first: true)
        try w.array(codes) { c in try c.writeJSON(w) }
        try w.key("file"); try w.string(file)
        try w.key("group"); try w.string(group)
        try w.key("interviewID"); try w.string(interviewID)
        if let municipality { try w.key("municipality"); try w.string(municipality) }
        try w.key("rankings")
        try w.array(rankings) { r in try r.writeJSON(w) }
        try w.key("respondentUnits"); try w.int(respondentUnits)
        try w.key("segments")
        try w.array(segments) { s in try s.writeJSON(w) }
        try w.key("weight"); try w.double(weight)
        try w.close()
    }
}

extension InterviewCodeScore {
    func writeJSON(_ w: FastJSON) throws {
        try w.open()
        try w.key("codeID", first: true); try w.string(codeID)
        try w.key("components")
        try w.open()
        let c = components
        try w.key("importance", first: true); try w.double(c.importance)
        try w.key("intensity"); try w.double(c.intensity)
        try w.key("interviews"); try w.double(c.interviews)
        try w.key("problem_pressure"); try w.double(c.problemPressure)
        try w.key("ranking"); try w.double(c.ranking)
        try w.key("spontaneity"); try w.double(c.spontaneity)
        try w.close()
        try w.key("dismissedSegments"); try w.int(dismissedSegments)
        if let explicitRank { try w.key("explicitRank"); try w.int(explicitRank) }
        try w.key("index"); try w.double(index)
        try w.key("rank"); try w.int(rank)
        try w.key("segments"); try w.int(segments)
        try w.key("share"); try w.double(share)
        try w.close()
    }
}

extension ExplicitRanking {
    func writeJSON(_ w: FastJSON) throws {
        try w.open()
        try w.key("entries", first: true)
        try w.array(entries) { e in
            try w.open()
            try w.key("codeID", first: true); try w.string(e.codeID)
            try w.key("marker"); try w.string(e.marker)
            try w.key("markerRange"); try w.range(e.markerRange)
            try w.key("rank"); try w.int(e.rank)
            try w.close()
        }
        try w.key("sourceLine"); try w.int(sourceLine)
        try w.key("turnIndex"); try w.int(turnIndex)
        try w.close()
    }
}

extension SegmentSignals {
    func writeJSON(_ w: FastJSON) throws {
        try w.open()
        try w.key("codes", first: true)
        try w.array(codes) { c in
            try w.open()
            try w.key("asset", first: true); try w.double(c.asset)
            try w.key("codeID"); try w.string(c.codeID)
            try w.key("dismissed"); try w.bool(c.dismissed)
            try w.key("emphasis"); try w.double(c.emphasis)
            try w.key("need"); try w.double(c.need)
            try w.key("problem"); try w.double(c.problem)
            if let promptedBy = c.promptedBy { try w.key("promptedBy"); try w.int(promptedBy) }
            try w.key("stance"); try w.string(c.stance.rawValue)
            try w.key("weakening"); try w.double(c.weakening)
            try w.close()
        }
        try w.key("cues")
        try w.array(cues) { c in
            try w.open()
            try w.key("carried", first: true); try w.bool(c.carried)
            try w.key("codes")
            try w.array(c.codes) { code in try w.string(code) }
            try w.key("cue"); try w.string(c.cue)
            if let hedge = c.hedge { try w.key("hedge"); try w.range(hedge) }
            if let intensifier = c.intensifier { try w.key("intensifier"); try w.range(intensifier) }
            try w.key("kind"); try w.string(c.kind.rawValue)
            try w.key("lexiconKind"); try w.string(c.lexiconKind.rawValue)
            if let negation = c.negation { try w.key("negation"); try w.range(negation) }
            try w.key("range"); try w.range(c.range)
            try w.key("weight"); try w.double(c.weight)
            try w.close()
        }
        try w.key("range"); try w.range(range)
        try w.key("segmentIndex"); try w.int(segmentIndex)
        try w.key("sourceLine"); try w.int(sourceLine)
        try w.key("turnIndex"); try w.int(turnIndex)
        try w.close()
    }
}

extension FastJSON {
    /// A `TextRange`: scalars as an object, UTF-8 as `Range`'s two-element array.
    func range(_ r: TextRange) throws {
        try open()
        try key("scalars", first: true)
        try open()
        try key("end", first: true); try int(r.scalars.end)
        try key("start"); try int(r.scalars.start)
        try close()
        try key("utf8")
        try array([r.utf8.lowerBound, r.utf8.upperBound]) { v in try int(v) }
        try close()
    }
}
