import GermanText
import LeitbildCore
import Testing
@testable import Themes

/// A splitter that returns nonsense, as a buggy decompounder might.
struct BrokenSplitter: CompoundSplitting {
    func split(_ word: String) -> [CompoundPart] {
        [CompoundPart(lemma: "", scalars: 0..<0), CompoundPart(lemma: "x", scalars: 3..<999)]
    }
}

@Suite("Coding never fails on odd input")
struct RobustnessTests {
    static let book = Codebook(name: "t", codes: [
        Code(id: "a", name: "A", kind: .handlungsfeld, terms: ["Arzt", "*netz", "Breit*", "=KI", "kein Thema", "\"Zug um Zug\""],
             exclusions: ["soziales Netz"], context: [ContextRule(term: "Arzt", require: ["Praxis"])]),
    ])

    @Test("odd texts", arguments: [
        "", "   ", "😀😀 🇩🇪", "a-b-c-d---", "Ärzte-Ärzte-Ärzte-Praxis", String(repeating: "Arztpraxisnetz", count: 500),
        "kein kein kein Thema Thema", "?!?!", "(lacht) [unv.] #00:01:02-3#", "Zug um Zug um Zug um", "ẞ İ ǅ ﬁ", "...",
    ])
    func oddText(_ text: String) {
        for unit in CodingUnit.allCases {
            for splitter in [Fixture.splitter, BrokenSplitter()] as [any CompoundSplitting] {
                let t = Fixture.transcript([(.interviewer, text), (.respondent, text), (.respondent, "")])
                let coded = ThemeCoder(codebook: Self.book, unit: unit, splitter: splitter).code(GermanAnalyzer().analyze(t))
                for segment in coded.segments + coded.interviewerMentions {
                    #expect(segment.segment.range.scalars.end <= t.text.unicodeScalars.count)
                    for match in segment.codes.flatMap(\.matches) {
                        #expect(segment.segment.span.contains(match.range.scalars))
                        if let part = match.partRange { #expect(match.range.scalars.contains(part.scalars)) }
                    }
                }
            }
        }
    }

    @Test("an empty codebook codes nothing")
    func emptyBook() {
        let coded = ThemeCoder(codebook: Codebook(name: "leer", codes: [])).code(GermanAnalyzer().analyze(Fixture.respondent("Der Arzt fehlt.")))
        #expect(coded.segments.isEmpty)
        #expect(coded.respondentUnitCount == 1)
    }
}

@Suite("Coding in parallel")
struct ConcurrencyTests {
    @Test("one session per task gives the same result as coding one after another")
    func parallel() async throws {
        let coder = ThemeCoder(codebook: try demoCodebook())
        let texts = (0..<16).map { i in
            Fixture.transcript([(.interviewer, "Frage \(i)?"), (.respondent, "Der Rufbus fährt selten, die Hausarztpraxis schließt, das Glasfasernetz fehlt. Radwege brauchen wir nicht.")], id: "t\(i)")
        }
        let analyzed = texts.map { GermanAnalyzer().analyze($0) }
        let sequential = analyzed.map { coder.code($0).segments }
        let parallel = await withTaskGroup(of: (Int, [CodedSegment]).self) { group in
            for (i, doc) in analyzed.enumerated() {
                group.addTask { (i, coder.makeSession().code(doc).segments) }
            }
            var out = Array(repeating: [CodedSegment](), count: analyzed.count)
            for await (i, segments) in group { out[i] = segments }
            return out
        }
        #expect(parallel == sequential)
        #expect(sequential.allSatisfy { !$0.isEmpty })
    }

    /// The codebook is compiled when the first session is made, not with the coder: a run whose
    /// files all come from the cache makes no session. Sessions made at once on many threads
    /// share one compiled codebook and code as one made alone.
    @Test("the codebook is compiled once, on first use, whichever task asks first")
    func compiledOnFirstUse() async throws {
        let codebook = try demoCodebook()
        let coder = ThemeCoder(codebook: codebook)
        #expect(!coder.isCompiled)
        let copy = coder
        #expect(!copy.isCompiled)
        let doc = GermanAnalyzer().analyze(Fixture.respondent("Der Rufbus fährt selten, die Hausarztpraxis schließt."))
        let results = await withTaskGroup(of: [CodedSegment].self) { group in
            for _ in 0..<8 { group.addTask { coder.makeSession().code(doc).segments } }
            var all: [[CodedSegment]] = []
            for await segments in group { all.append(segments) }
            return all
        }
        #expect(coder.isCompiled && copy.isCompiled)
        #expect(coder.compiled === copy.compiled)
        let alone = ThemeCoder(codebook: codebook).code(doc).segments
        #expect(!alone.isEmpty && results.allSatisfy { $0 == alone })
    }
}
