import LeitbildCore
import Signals
import Testing
import Themes

@Suite("Aggregation properties")
struct AggregationTests {
    static func transcript(_ id: String, group: String, codes: [[String]]) -> CodedTranscript {
        let text = String(repeating: "x", count: 100)
        let source = SourceDocument(path: "\(id).txt", format: .plainText, encoding: "UTF-8", byteCount: 100, textLinesAreSourceLines: true)
        let t = Transcript(id: id, source: source, text: text, speakers: [], turns: [],
                           metadata: InterviewMetadata(interviewID: id, group: group))
        let segments = codes.enumerated().map { i, ids in
            CodedSegment(segment: Segment(transcriptID: id, index: i, turnIndex: 0, role: .respondent, speakerID: "B",
                                          range: TextRange(scalars: SourceSpan(start: i, end: i + 1), utf8: i..<(i + 1)),
                                          sourceLine: 1, startTime: nil),
                         codes: ids.map { CodeAssignment(codeID: $0, matches: []) })
        }
        return CodedTranscript(transcript: t, segments: segments, interviewerMentions: [], respondentUnitCount: 10, respondentWordCount: 50)
    }

    static let codebook = Codebook(name: "t", codes: [
        Code(id: "a", name: "A", kind: .handlungsfeld, terms: ["a"]),
        Code(id: "b", name: "B", kind: .handlungsfeld, terms: ["b"]),
    ])

    @Test("aggregate segment counts equal the sum of segment codings")
    func countsAddUp() {
        let input = AggregationInput(transcripts: [
            Self.transcript("I1", group: "G1", codes: [["a"], ["a", "b"]]),
            Self.transcript("I2", group: "G2", codes: [["b"]]),
        ], codebook: Self.codebook)
        let result = PriorityAggregator().aggregate(input)
        let total = input.transcripts.flatMap(\.segments).flatMap(\.codes).count
        #expect(result.codes.reduce(0) { $0 + $1.segments + $1.negatedSegments } == total)
    }

    @Test("the result does not depend on file order")
    func orderIndependent() {
        let a = Self.transcript("I1", group: "G1", codes: [["a"], ["a", "b"]])
        let b = Self.transcript("I2", group: "G2", codes: [["b"]])
        let x = PriorityAggregator().aggregate(AggregationInput(transcripts: [a, b], codebook: Self.codebook))
        let y = PriorityAggregator().aggregate(AggregationInput(transcripts: [b, a], codebook: Self.codebook))
        #expect(x.codes == y.codes)
    }
}
