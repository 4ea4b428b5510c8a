// libFuzzer entry point: the signals stage on hostile transcripts. The input is read as a plain
// text transcript (speaker labels such as "I:" and "B:" make turns), analysed, coded against the
// demo codebook and run through the signal detector, as a run does with every file.
// Checked: nothing crashes; every segment's signals belong to a coded respondent segment and name
// only its codes; cue weights and per-code values are finite and within 0…1; every cue, modifier,
// ranking marker and example sentence lies within the text on scalar boundaries, with scalar
// offsets that match its UTF-8 offsets; a prompt names an earlier interviewer turn; ranks are 1,
// 2, 3 …; detecting twice gives the same result.
import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Signals
import Themes

/// The demo project's codebook, found from this file's place in the repository.
let codebook: Codebook = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    do { return try CodebookLoader.load(path: root.appendingPathComponent("corpus/codebook.yaml").path) } catch {
        fatalError("FuzzSignals: cannot load the demo codebook: \(error)")
    }
}()
let coder = ThemeCoder(codebook: codebook)
let analyzer = GermanAnalyzer()
let detector = SignalDetector()
let codeIDs = Set(codebook.codes.map(\.id))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let result = try? Ingestor().documents(in: Data(bytes: data, count: size), path: "fuzz.txt") else { return 0 }
    for transcript in result.transcripts {
        let analyzed = analyzer.analyze(transcript)
        let coded = coder.code(analyzed)
        let signals = detector.detect(analyzed: analyzed, coded: coded)
        check(signals, coded: coded)
        let again = detector.detect(analyzed: analyzed, coded: coded)
        precondition(again.segments == signals.segments && again.rankings == signals.rankings, "detection is not deterministic")
    }
    return 0
}

func check(_ signals: SignalledTranscript, coded: CodedTranscript) {
    let text = Array(coded.transcript.text.utf8)
    // Scalar offset of every UTF-8 offset that starts a scalar (or ends the text); nil inside one.
    var scalarAt = [Int?](repeating: nil, count: text.count + 1)
    var scalars = 0
    for i in 0...text.count where i == text.count || text[i] & 0xC0 != 0x80 {
        scalarAt[i] = scalars
        scalars += 1
    }
    func checkRange(_ range: TextRange, _ what: String) {
        let u = range.utf8
        precondition(u.lowerBound >= 0 && u.upperBound <= text.count, "\(what) \(u) outside 0..<\(text.count)")
        precondition(scalarAt[u.lowerBound] == range.scalars.start && scalarAt[u.upperBound] == range.scalars.end,
                     "\(what): scalars \(range.scalars) do not match UTF-8 \(u)")
    }
    func unit(_ x: Double, _ what: String) { precondition(x.isFinite && x >= 0 && x <= 1, "\(what) = \(x)") }

    let bySegment = Dictionary(coded.segments.map { ($0.segment.index, $0) }, uniquingKeysWith: { a, _ in a })
    let turns = coded.transcript.turns
    for segment in signals.segments {
        guard let source = bySegment[segment.segmentIndex] else { preconditionFailure("signals for segment \(segment.segmentIndex), which is not coded") }
        precondition(source.segment.role.isStakeholderVoice, "signals for an interviewer segment")
        precondition(segment.turnIndex == source.segment.turnIndex && segment.range == source.segment.range, "segment \(segment.segmentIndex) moved")
        let codes = Set(source.codes.map(\.codeID))
        for signal in segment.codes {
            precondition(codes.contains(signal.codeID), "a signal for \(signal.codeID), which the segment does not have")
            for (value, name) in [(signal.emphasis, "emphasis"), (signal.weakening, "weakening"), (signal.problem, "problem"),
                                  (signal.need, "need"), (signal.asset, "asset")] { unit(value, "\(signal.codeID) \(name)") }
            if let prompt = signal.promptedBy {
                precondition(prompt < segment.turnIndex && turns.indices.contains(prompt) && !turns[prompt].role.isStakeholderVoice,
                             "\(signal.codeID) prompted by turn \(prompt), no earlier interviewer turn")
            }
        }
        for cue in segment.cues {
            checkRange(cue.range, "cue '\(cue.cue)'")
            for modifier in [cue.negation, cue.hedge, cue.intensifier].compactMap({ $0 }) { checkRange(modifier, "modifier of '\(cue.cue)'") }
            unit(cue.weight, "weight of '\(cue.cue)'")
            precondition(!cue.codes.isEmpty && cue.codes.allSatisfy(codes.contains), "cue '\(cue.cue)' names codes the segment does not have")
        }
    }
    for ranking in signals.rankings {
        precondition(turns.indices.contains(ranking.turnIndex) && turns[ranking.turnIndex].role.isStakeholderVoice, "a ranking in turn \(ranking.turnIndex)")
        for (position, entry) in ranking.entries.enumerated() {
            precondition(codeIDs.contains(entry.codeID), "ranked code \(entry.codeID) is not in the codebook")
            precondition(entry.rank >= 1, "rank \(entry.rank) at \(position)")
            checkRange(entry.markerRange, "ranking marker '\(entry.marker)'")
        }
    }
    for example in signals.emergent.examples { checkRange(example.range, "emergent-term example") }
}
