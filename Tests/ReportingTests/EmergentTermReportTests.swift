import Foundation
import LeitbildCore
@testable import Reporting
@testable import Signals
import Testing

/// Which emergent terms the reports show: names from the consultant's list never, whatever the
/// pseudonymisation; everything else as the analysis ranked it.
@Suite("Emergent terms in reports")
struct EmergentTermReportTests {
    /// Names of every kind; the place is written decomposed (NFD), as some editors save it.
    static let list = [
        PseudonymEntry(kind: .place, name: "Wu\u{0308}stenselbitz", origin: "list:1"),
        PseudonymEntry(kind: .club, name: "Burgverein", origin: "list:2"),
        PseudonymEntry(kind: .organisation, name: "Modehaus Kaiser", origin: "list:3"),
        PseudonymEntry(kind: .person, name: "Frau Dörfler", origin: "list:4"),
    ]
    /// The analysis's terms, best first: three listed names and two words that are no names
    /// ("Modehaus" is a word of an organisation's name, not the name).
    static let terms = ["WÜSTENSELBITZ", "Dorfladen", "Burgverein", "Dörfler", "Modehaus"]
    static let listed = ["WÜSTENSELBITZ", "Wüstenselbitz", "Burgverein", "Dörfler"]

    static func input(pseudonymize: Bool) -> ReportInput {
        var input = ReportFixture.input(options: ReportOptions(pseudonymize: pseudonymize, pseudonymList: list))
        input.analysis.emergentTerms = terms.enumerated().map { i, term in
            EmergentTerm(term: term, forms: [term.lowercased()], count: 10 - i, interviews: 2, groups: 2, perMillion: 1000,
                         referenceZipf: nil, keyness: 40 - Double(i), examples: [])
        }
        input.analysis.emergentTermsNote = nil
        return input
    }

    static func render(_ name: String, pseudonymize: Bool) throws -> String {
        let renderer = try #require(ReportWriter.defaultRenderers.first { $0.fileName == name })
        return String(decoding: try renderer.render(input(pseudonymize: pseudonymize)).contents, as: UTF8.self)
    }

    @Test("names in pseudonyms.txt of every kind are never suggested, with pseudonymisation on or off",
          arguments: ["summary.md", "report.html", "analysis.json", "analysis.sqlite"], [true, false])
    func listedNamesLeftOut(_ name: String, pseudonymize: Bool) throws {
        let text = try Self.render(name, pseudonymize: pseudonymize)
        for term in Self.listed { #expect(!text.contains(term), "\(term) in \(name)") }
        for term in ["Dorfladen", "Modehaus"] { #expect(text.contains(term), "\(term) missing from \(name)") }
    }

    /// analysis.json and analysis.sqlite show an example sentence as the emergent-term search
    /// shortened it (one line, at most 300 scalars, cut at a space): pseudonymised, the same rule
    /// applies to the pseudonymised sentence.
    @Test("an example sentence is shortened alike with pseudonymisation on and off", arguments: [
        "Kurz und gut.",
        "Erste Zeile\nzweite Zeile.",
        String(repeating: "Der Dorfladen hat zu. ", count: 20),
        "Frau Zapf sagt: " + String(repeating: "Wörter über Wörter ", count: 20) + "\nund noch mehr.",
    ])
    func exampleShortened(_ sentence: String) throws {
        var interviews = ReportFixture.interviews
        interviews.append(ReportFixture.Interview(id: "F05", file: "05-lang.txt", group: "Jugend", municipality: "Naila", interviewer: "Anna Roth",
                                                  respondent: "Lena Zeitler", turns: [("B", .respondent, sentence, nil)]))
        for pseudonymize in [false, true] {
            var input = ReportFixture.input(options: ReportOptions(pseudonymize: pseudonymize), interviews: interviews)
            let coded = try #require(input.transcripts.last)
            let turn = try #require(coded.transcript.turns.first)
            let raw = sentence
            if !pseudonymize { #expect(input.text(interview: "F05", range: turn.range) == raw, "the turn's range is the sentence") }
            input.analysis.emergentTerms = [EmergentTerm(term: "Dorfladen", forms: ["dorfladen"], count: 3, interviews: 1, groups: 1, perMillion: 1,
                                                         referenceZipf: nil, keyness: 20,
                                                         examples: [TermExample(interviewID: "F05", file: coded.transcript.source.path, line: turn.sourceLine,
                                                                                range: turn.range, text: ExampleSentence.shortened(raw))])]
            let shown = try #require(JSONRenderer.shareable(input.analysis, input).emergentTerms.first?.examples.first?.text)
            let expected = ExampleSentence.shortened(pseudonymize ? input.pseudonyms.replace(raw) : raw)
            #expect(shown == expected, "pseudonymize: \(pseudonymize)")
            #expect(!shown.contains("\n") && shown.unicodeScalars.count <= 302)
        }
    }

    @Test("the shared predicate: listed names (any case, any normalisation) and, when pseudonymising, known names", arguments: [
        ("Wüstenselbitz", false, true), ("wüstenselbitz", false, true), ("Wu\u{0308}stenselbitz", false, true),
        ("Burgverein", false, true), ("Dörfler", false, true), ("Modehaus", false, false), ("Kaiser", false, false),
        ("Dorfladen", false, false), ("Hertel", false, false), ("Hertel", true, true), ("Dorfladen", true, false),
    ])
    func predicate(_ c: (term: String, pseudonymize: Bool, leftOut: Bool)) {
        let input = Self.input(pseudonymize: c.pseudonymize)
        let term = EmergentTerm(term: c.term, forms: [c.term.lowercased()], count: 3, interviews: 2, groups: 1, perMillion: 1,
                                referenceZipf: nil, keyness: 20, examples: [])
        #expect(input.isLeftOut(term) == c.leftOut)
    }

    @Test("summary.md: the gap list says how to silence a term, and listed names take no place in it")
    func summaryGapSection() throws {
        let md = try Self.render("summary.md", pseudonymize: true)
        let start = try #require(md.range(of: "## Lücken im Codebuch\n"))
        let end = try #require(md.range(of: "## Nicht oder nur teilweise ausgewertete Dateien", range: start.upperBound..<md.endIndex))
        #expect(String(md[start.lowerBound..<end.lowerBound]) == """
            ## Lücken im Codebuch

            Häufige Begriffe der Befragten, die kein Code erfasst (auffällig häufiger als im allgemeinen Sprachgebrauch); \
            Kandidaten für neue Begriffe oder Codes. Begriffe, die keine Lücke sind (etwa Ortsnamen), lassen sich in \
            `weights.yaml` unter `emergent.ignore` ausblenden.

            - **Dorfladen**: 9× in 2 Interviews
            - **Modehaus**: 6× in 2 Interviews


            """)
    }

    @Test("report.html: the gap table says how to silence a term")
    func htmlGapSection() throws {
        let html = try Self.render("report.html", pseudonymize: true)
        let start = try #require(html.range(of: "<section id=\"gaps\""))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        let section = html[start.lowerBound..<end.lowerBound]
        #expect(section.contains("lassen sich in <code>weights.yaml</code> unter <code>emergent.ignore</code> ausblenden."))
        #expect(section.contains(">Dorfladen</th>"))
    }

    @Test("emergent terms set again (the pipeline's second pass) name their examples' interviews as the reports do")
    func emergentTermsRenamed() throws {
        var input = PseudonymizerTests.namedIdentifiers()
        let shared = try #require(input.identifiers)
        let example = TermExample(interviewID: "F03-Lindner", file: "transcripts/02-senioren-roth.txt", line: 1,
                                  range: TextRange(scalars: SourceSpan(start: 0, end: 1), utf8: 0..<1), text: "x")
        input.setEmergentTerms([EmergentTerm(term: "Dorfladen", forms: ["dorfladen"], count: 3, interviews: 1, groups: 1, perMillion: 1,
                                             referenceZipf: nil, keyness: 20, examples: [example])])
        #expect(input.analysis.emergentTerms[0].examples[0].interviewID == shared.ids[2])
        #expect(input.analysis.emergentTerms[0].examples[0].file == shared.paths[1])
    }
}
