import LeitbildCore
import Signals

/// Hand-written JSON for `analysis.interviews`, the per-interview half of `analysis.json`, in
/// exactly the bytes `JSONEncoder` (sorted keys, compact) gives these `Codable` types;
/// `StreamingOutputTests` compares the two on every interview of an analysed corpus. When a
/// field is added to a Signals type, add it here too: that test fails until it is.
extension InterviewPriority {
    func writeJSON(_ w: inout FastJSON) {
        writeJSONUpToWeight(&w)
        writeJSONWeight(&w)
    }

    /// The row up to its weight, the last key (`"weight":` included): what is the same in a run
    /// with another interview added, whose weight 1/N changes every row's.
    func writeJSONUpToWeight(_ w: inout FastJSON) {
        w.open()
        w.key("codes")
        w.array(codes) { w, c in c.writeJSON(&w) }
        w.key("file"); w.string(file)
        w.key("group"); w.string(group)
        w.key("interviewID"); w.string(interviewID)
        if let municipality { w.key("municipality"); w.string(municipality) }
        w.key("rankings")
        w.array(rankings) { w, r in r.writeJSON(&w) }
        w.key("respondentUnits"); w.int(respondentUnits)
        w.key("segments")
        w.array(segments) { w, s in s.writeJSON(&w) }
        w.key("weight")
    }

    /// The weight's value and the row's end.
    func writeJSONWeight(_ w: inout FastJSON) {
        w.double(weight)
        w.close()
    }
}

extension InterviewCodeScore {
    func writeJSON(_ w: inout FastJSON) {
        w.open()
        w.key("codeID"); w.string(codeID)
        w.key("components")
        w.open()
        let c = components
        w.key("importance"); w.double(c.importance)
        w.key("intensity"); w.double(c.intensity)
        w.key("interviews"); w.double(c.interviews)
        w.key("problem_pressure"); w.double(c.problemPressure)
        w.key("ranking"); w.double(c.ranking)
        w.key("spontaneity"); w.double(c.spontaneity)
        w.close()
        w.key("dismissedSegments"); w.int(dismissedSegments)
        if let explicitRank { w.key("explicitRank"); w.int(explicitRank) }
        w.key("index"); w.double(index)
        w.key("rank"); w.int(rank)
        w.key("segments"); w.int(segments)
        w.key("share"); w.double(share)
        w.close()
    }
}

extension ExplicitRanking {
    func writeJSON(_ w: inout FastJSON) {
        w.open()
        w.key("entries")
        w.array(entries) { w, e in
            w.open()
            w.key("codeID"); w.string(e.codeID)
            w.key("marker"); w.string(e.marker)
            w.key("markerRange"); w.range(e.markerRange)
            w.key("rank"); w.int(e.rank)
            w.close()
        }
        w.key("sourceLine"); w.int(sourceLine)
        w.key("turnIndex"); w.int(turnIndex)
        w.close()
    }
}

extension SegmentSignals {
    func writeJSON(_ w: inout FastJSON) {
        w.open()
        w.key("codes")
        w.array(codes) { w, c in
            w.open()
            w.key("asset"); w.double(c.asset)
            w.key("codeID"); w.string(c.codeID)
            w.key("dismissed"); w.bool(c.dismissed)
            w.key("emphasis"); w.double(c.emphasis)
            w.key("need"); w.double(c.need)
            w.key("problem"); w.double(c.problem)
            if let promptedBy = c.promptedBy { w.key("promptedBy"); w.int(promptedBy) }
            w.key("stance"); w.string(c.stance.rawValue)
            w.key("weakening"); w.double(c.weakening)
            w.close()
        }
        w.key("cues")
        w.array(cues) { w, c in
            w.open()
            w.key("carried"); w.bool(c.carried)
            w.key("codes")
            w.array(c.codes) { w, code in w.string(code) }
            w.key("cue"); w.string(c.cue)
            if let hedge = c.hedge { w.key("hedge"); w.range(hedge) }
            if let intensifier = c.intensifier { w.key("intensifier"); w.range(intensifier) }
            w.key("kind"); w.string(c.kind.rawValue)
            w.key("lexiconKind"); w.string(c.lexiconKind.rawValue)
            if let negation = c.negation { w.key("negation"); w.range(negation) }
            w.key("range"); w.range(c.range)
            w.key("weight"); w.double(c.weight)
            w.close()
        }
        if introduction { w.key("introduction"); w.bool(true) }
        w.key("range"); w.range(range)
        w.key("segmentIndex"); w.int(segmentIndex)
        w.key("sourceLine"); w.int(sourceLine)
        w.key("turnIndex"); w.int(turnIndex)
        w.close()
    }
}

extension FastJSON {
    /// A `TextRange`: scalars as an object, UTF-8 as `Range`'s two-element array.
    mutating func range(_ r: TextRange) {
        open()
        key("scalars")
        open()
        key("end"); int(r.scalars.end)
        key("start"); int(r.scalars.start)
        close()
        key("utf8")
        array([r.utf8.lowerBound, r.utf8.upperBound]) { w, v in w.int(v) }
        close()
    }
}
