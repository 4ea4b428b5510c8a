import Foundation
import LeitbildCore
@testable import Reporting
@testable import Signals
import Testing

@Suite("summary.md")
struct SummaryTests {
    static func summary() throws -> String {
        String(decoding: try SummaryRenderer().render(ReportFixture.input()).contents, as: UTF8.self)
    }

    @Test("ranked table with priority, interval, rank stability, breadth and a reason")
    func table() throws {
        let md = try Self.summary()
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| 1 |") || $0.hasPrefix("| 2 |") }
        #expect(rows.count == 2)
        let pattern = try Regex("\\| \\d von 4 Interviews \\| \\d von 3 Gruppen \\| \u{2212}?\\d+,\\d \\(\u{2212}?\\d+,\\d\u{2013}\\d+,\\d\\) \\| \\d+(–\\d+)? \\| \\d+ % \\| \\S")
        for row in rows {
            #expect(row.contains(pattern), "\(row)")
        }
    }

    struct ApartCase: Sendable, CustomTestStringConvertible {
        var correction: MultipleTesting
        var p: Double
        var q: Double
        var standsApart: Bool
        /// The line of Mobilität in the agreement section, nil when there is none.
        var line: String?
        var testDescription: String { line ?? "no line (p = \(p))" }
    }

    @Test("group differences: a group stands apart after the correction; below alpha only on its own, it may be chance", arguments: [
        ApartCase(correction: .benjaminiHochberg, p: 0.004, q: 0.012, standsApart: true,
                  line: "- **Mobilität**: Jugend bewertet das Feld deutlich höher als die übrigen Gruppen (+40 Punkte, p < 0,01, korrigiert q = 0,01)."),
        ApartCase(correction: .benjaminiHochberg, p: 0.031, q: 0.124, standsApart: false,
                  line: "- **Mobilität**: Jugend bewertet das Feld höher als die übrigen Gruppen (+40 Punkte, p = 0,03); bei 3 zugleich geprüften Handlungsfeldern kann das Zufall sein (korrigiert q = 0,12)."),
        ApartCase(correction: .none, p: 0.031, q: 0.031, standsApart: true,
                  line: "- **Mobilität**: Jugend bewertet das Feld deutlich höher als die übrigen Gruppen (+40 Punkte, p = 0,03)."),
        ApartCase(correction: .benjaminiHochberg, p: 0.2, q: 0.4, standsApart: false, line: nil),
    ])
    func groupDifference(_ c: ApartCase) throws {
        var input = try ReportFixture.input()
        input.analysis.settings.consensus.correction = c.correction
        let x = try #require(input.analysis.consensus.firstIndex { $0.codeID == "mobilitaet" })
        input.analysis.consensus[x].apartGroup = "Jugend"
        input.analysis.consensus[x].apartDifference = 40
        input.analysis.consensus[x].apartPValue = c.p
        input.analysis.consensus[x].apartQValue = c.q
        input.analysis.consensus[x].standsApart = c.standsApart
        input.analysis.consensus[x].level = c.standsApart ? .low : .medium
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        let line = md.split(separator: "\n").first { $0.hasPrefix("- **Mobilität**:") }.map(String.init)
        #expect(line == c.line)
        // Listed once: not again among the fields "ohne eine Gruppe, die sicher heraussticht".
        let mixed = md.split(separator: "\n").first { $0.hasPrefix("- **Am unterschiedlichsten gewichtet**") } ?? ""
        #expect(c.line == nil || !mixed.contains("Mobilität"))
    }

    @Test("an agreed field with a goal conflict says so (found in an analyst review)")
    func agreedWithConflict() throws {
        var input = try ReportFixture.input()
        let x = try #require(input.analysis.consensus.firstIndex { $0.codeID == "mobilitaet" })
        input.analysis.consensus[x].level = .high
        let side = { (group: String, interviews: Int) in ConflictSide(group: group, value: 1, interviews: interviews, segments: 2) }
        input.analysis.goalConflicts = [GoalConflict(codeID: "mobilitaet", kind: .needVersusAsset, sideA: [side("Jugend", 2)],
                                                     sideB: [side("Verwaltung", 1)], evidenceA: [], evidenceB: [])]
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        let einig = try #require(md.split(separator: "\n").first { $0.hasPrefix("- **Einig**") })
        #expect(einig.hasPrefix("- **Einig** (keine deutlichen Unterschiede: Streuung der Gruppen unter 10 Punkten, keine Gruppe 15 Punkte oder mehr von den übrigen entfernt): "))
        #expect(einig.contains("Mobilität (57; in der Haltung aber ein Zielkonflikt, siehe unten)"), "\(einig)")
        #expect(md.contains("- **Mobilität**: Jugend (2 von 2 Interviews) sieht Bedarf oder Probleme; Verwaltung (1 von 1 Interview) sieht eine Stärke."))
    }

    @Test("agreed fields are listed by their score, highest first")
    func agreedOrder() throws {
        var input = try ReportFixture.input()
        // Scores rising in codebook order, so that codebook order is the wrong one.
        for i in input.analysis.consensus.indices {
            input.analysis.consensus[i].level = .high
            input.analysis.consensus[i].standsApart = false
            input.analysis.consensus[i].meanScore = Double(10 * (i + 1))
        }
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        let einig = try #require(md.split(separator: "\n").first { $0.hasPrefix("- **Einig**") })
        let fields = input.analysis.consensus.filter { input.analysis.code($0.codeID)?.kind == .handlungsfeld && (input.analysis.code($0.codeID)?.interviews ?? 0) > 0 }
        let order = fields.sorted { $0.meanScore > $1.meanScore }.compactMap { input.analysis.code($0.codeID)?.name }
        let positions = order.compactMap { einig.range(of: $0 + " (")?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(einig)")
    }

    @Test("counts of one interview or one group take the singular; no groups at all are said as such")
    func singular() throws {
        #expect(Format.of(1, 1, "Interview", "Interviews") == "1 von 1 Interview")
        #expect(Format.of(0, 1, "Gruppe", "Gruppen") == "0 von 1 Gruppe")
        #expect(Format.of(3, 18, "Interview", "Interviews") == "3 von 18 Interviews")
        var input = try ReportFixture.input()
        input.analysis.groupNames = [PriorityAggregator.noGroup]
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        #expect(md.contains("| keine Gruppen in den Metadaten |"))
        #expect(!md.contains("von 1 Gruppe"))
    }

    @Test("without a permutation test the summary says that no group was tested for standing apart")
    func noPermutations() throws {
        var input = try ReportFixture.input()
        for i in input.analysis.consensus.indices {
            input.analysis.consensus[i].apartPValue = nil
            input.analysis.consensus[i].apartQValue = nil
            input.analysis.consensus[i].standsApart = false
            if input.analysis.consensus[i].level == .low { input.analysis.consensus[i].level = .medium }
        }
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        #expect(md.contains("- Ob eine Gruppe heraussticht, ist nicht geprüft: ein Permutationstest lief nicht (consensus.permutations: 0)."))
        #expect(!md.contains("ohne eine Gruppe, die sicher heraussticht"))
    }

    @Test("report.html's agreement note: the families adjusted, or that no permutation test ran")
    func correctionNote() throws {
        var a = try ReportFixture.input().analysis
        #expect(HTMLReportRenderer.correctionNote(a).hasPrefix("Weil 3 Handlungsfelder und 1 Leitbild-Wert zugleich geprüft werden"))
        for i in a.consensus.indices { a.consensus[i].apartPValue = nil; a.consensus[i].apartQValue = nil }
        #expect(HTMLReportRenderer.correctionNote(a).hasPrefix("Ein Permutationstest lief nicht"))
    }

    @Test("report.html's agreement label: a spread within chance is 'offen', not 'mittel'", arguments: [
        (Consensus.Level.medium, 0.38 as Double?, "offen"), (.medium, 0.05, "offen"), (.medium, 0.03, "mittel"),
        (.medium, nil, "mittel"), (.high, 0.9, "hoch"), (.low, 0.001, "gering"),
    ])
    func agreementLabel(_ c: (level: Consensus.Level, p: Double?, label: String)) throws {
        var consensus = try #require(ReportFixture.input().analysis.consensus.first)
        consensus.level = c.level
        consensus.apartPValue = c.p
        #expect(HTMLReportRenderer.agreementLabel(consensus, alpha: 0.05) == c.label)
        #expect(HTMLReportRenderer.openNote([consensus], alpha: 0.05).contains("„offen“") == (c.label == "offen"))
    }

    @Test("shares and p-values claim no more precision than they have", arguments: [
        ("percent", 0.996, "> 99 %"), ("percent", 1.0, "100 %"), ("percent", 0.004, "< 1 %"), ("percent", 0.0, "0 %"),
        ("percent", 0.75, "75 %"), ("percent", 0.994, "99 %"),
        ("p", 0.000999, "< 0,01"), ("p", 0.0269, "= 0,03"), ("p", 0.376, "= 0,38"), ("p", 1.0, "= 1,00"),
        ("p", 0.0496, "< 0,05"), ("p", 0.0501, "= 0,05"),
        ("prose", 0.004, "weniger als 1 %"), ("prose", 0.996, "mehr als 99 %"), ("prose", 0.5, "50 %"),
    ])
    func precision(_ c: (kind: String, value: Double, text: String)) {
        let text = switch c.kind { case "p": Format.pValue(c.value); case "prose": Format.percentInProse(c.value); default: Format.percent(c.value) }
        #expect(text == c.text)
    }

    @Test("the index paragraph says how interviews are weighted", arguments: [
        (InterviewWeighting.interview, [String: Double](), "jedes Interview zählt gleich viel."),
        (.group, [:], "jede Stakeholdergruppe zählt gleich viel, innerhalb der Gruppe jedes Interview."),
        (.group, ["Jugend": 2, "Senioren": 1, "Verwaltung": 0.5],
         "jede Stakeholdergruppe zählt gleich viel (außer Jugend ×2, Verwaltung ×0,50), innerhalb der Gruppe jedes Interview."),
        // Only the weights used: a group no interview has, or a second spelling of one, is left out
        // (its warning says so; found in a re-review: "außer JUGEND ×0" beside the weight used).
        (.group, ["Jugend": 2, "JUGEND": 0, "Politik": 0.5],
         "jede Stakeholdergruppe zählt gleich viel (außer Jugend ×2), innerhalb der Gruppe jedes Interview."),
    ])
    func weighting(_ c: (weighting: InterviewWeighting, groups: [String: Double], sentence: String)) throws {
        // Interviews without a group share one group's weight, and the sentence says so.
        if c.weighting == .group {
            var settings = PrioritySettings.standard
            settings.interviewWeighting = .group
            let s = SummaryRenderer.weightingSentence(settings, hasUngrouped: true)
            #expect(s == "jede Stakeholdergruppe zählt gleich viel, innerhalb der Gruppe jedes Interview; Interviews ohne Gruppe zählen zusammen wie eine Gruppe.")
        }
        var input = try ReportFixture.input()
        input.analysis.settings.interviewWeighting = c.weighting
        input.analysis.settings.groupWeights = c.groups
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        #expect(md.contains("ausdrücklichen Rangnennungen; " + c.sentence + " "))
    }

    @Test("warnings of reading are listed for the workshop, the first five and a count; notes are not", arguments: [
        (0, 0, nil), (0, 3, nil), (1, 2, "Beim Einlesen gab es 1 Warnung (Meldung englisch, wie im Terminal):"), (5, 0, "Beim Einlesen gab es 5 Warnungen (Meldungen englisch, wie im Terminal):"),
        (7, 1, "- … und 2 weitere"),
    ] as [(Int, Int, String?)])
    func warnings(_ c: (warnings: Int, notes: Int, line: String?)) throws {
        let fixture = ReportFixture.input()
        let diagnostics = (0..<c.warnings).map { Diagnostic(.warning, "role of speaker 'X\($0)' guessed", file: "transcripts/0\($0).txt", line: 2) }
            + (0..<c.notes).map { Diagnostic(.note, "read as Windows-1252 \($0)", file: "transcripts/n\($0).txt") }
        let input = ReportInput(projectName: "fixture", codebook: fixture.codebook, transcripts: fixture.transcripts,
                                analysis: fixture.analysis, diagnostics: diagnostics, failures: [])
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        #expect(md.contains("## Hinweise zur Datengrundlage") == (c.line != nil))
        if let line = c.line { #expect(md.contains(line + "\n")) }
        #expect(!md.contains("Windows-1252"))
        #expect(md.components(separatedBy: "guessed").count - 1 == min(c.warnings, SummaryRenderer.shownWarnings))
    }

    @Test("every quote names interview, file and line (or time and line)")
    func citations() throws {
        let quotes = try Self.summary().split(separator: "\n").filter { $0.hasPrefix("> \u{201E}") }
        // The line always as "(Z. 41)", with or without a time (not "file.txt:41" beside it).
        let citation = try Regex("\u{2014} [^,]+, F0\\d, 0\\d-[a-z\\\\-]+\\.txt( \\d\\d:\\d\\d:\\d\\d)? \\(Z\\. \\d+\\)$")
        #expect(quotes.count >= 4)
        for quote in quotes {
            #expect(quote.contains(citation), "\(quote)")
        }
    }

    @Test("transcript text cannot become Markdown or HTML", arguments: [
        ("</script><script>alert(1)</script>", "\\</script\\>\\<script\\>alert(1)\\</script\\>"),
        ("*wichtig* und _dringend_", "\\*wichtig\\* und \\_dringend\\_"),
        ("[Link](x) | Spalte", "\\[Link\\](x) \\| Spalte"),
        ("Bus & Bahn", "Bus & Bahn"),
        // An escape sequence in a file name or text cannot reach a terminal that shows summary.md.
        ("evil\u{1B}[2J.txt", "evil\\\\u{1B}\\[2J.txt"),
    ])
    func escaping(_ c: (String, String)) {
        #expect(MarkdownText.escape(c.0) == c.1)
    }

    /// Interview ids come from file names or the metadata sheet: "00-<b>x.txt" is an id too.
    @Test("interview ids in citations cannot become Markdown or HTML: quotes, gap examples")
    func idsEscaped() throws {
        let interviews = ReportFixture.interviews.map { interview -> ReportFixture.Interview in
            var interview = interview
            interview.id = "<b>*" + interview.id
            return interview
        }
        var input = ReportFixture.input(interviews: interviews)
        let first = try #require(input.transcripts.first?.transcript)
        let turn = try #require(first.turns.last)
        input.analysis.emergentTerms = [EmergentTerm(
            term: "Dorfladen", forms: ["dorfladen"], count: 5, interviews: 2, groups: 2, perMillion: 100, referenceZipf: nil, keyness: 30,
            examples: [TermExample(interviewID: first.id, file: first.source.path, line: turn.sourceLine, range: turn.range, text: "")])]
        let md = String(decoding: try SummaryRenderer().render(input).contents, as: UTF8.self)
        #expect(md.contains("(\\<b\\>\\*" + first.id.dropFirst(4) + ", Z. \(turn.sourceLine))"), "gap example")
        #expect(!md.contains("<b>"), "\(md)")
    }

    @Test("the opening sentence counts interviews and groups in good German, and says when the metadata name no group", arguments: [
        (1, ["Jugend"], "1 Interview aus 1 Stakeholdergruppe (Jugend); mit nur einer Gruppe zählt die Breite über Gruppen nicht zum Index."),
        (4, ["Jugend", "Senioren"], "4 Interviews aus 2 Stakeholdergruppen (Jugend, Senioren)."),
        // Interviews without a group are no stakeholder group (found in a statistics review).
        (3, ["Jugend", PriorityAggregator.noGroup],
         "3 Interviews, davon 1 aus 1 Stakeholdergruppe (Jugend); 2 haben in den Metadaten keine Gruppe (sie zählen in keinem Gruppenvergleich); mit nur einer Gruppe zählt die Breite über Gruppen nicht zum Index."),
        (3, ["Jugend", PriorityAggregator.noGroup, "Senioren"],
         "3 Interviews, davon 2 aus 2 Stakeholdergruppen (Jugend, Senioren); 1 Interview hat in den Metadaten keine Gruppe (es zählt in keinem Gruppenvergleich)."),
        (18, [PriorityAggregator.noGroup], "18 Interviews, keines einer Stakeholdergruppe zugeordnet (die Metadaten nennen keine Gruppe; "
            + "die Breite über Gruppen sagt daher nichts und zählt nicht zum Index)."),
        (1, [PriorityAggregator.noGroup], "1 Interview, keiner Stakeholdergruppe zugeordnet (die Metadaten nennen keine Gruppe; "
            + "die Breite über Gruppen sagt daher nichts und zählt nicht zum Index)."),
        (2, ["*Vereine*"], "2 Interviews aus 1 Stakeholdergruppe (\\*Vereine\\*); mit nur einer Gruppe zählt die Breite über Gruppen nicht zum Index."),
    ])
    func opening(_ c: (interviews: Int, groups: [String], sentence: String)) {
        var analysis = ReportFixture.input().analysis
        analysis.interviewCount = c.interviews
        analysis.groupNames = c.groups
        // The interviews of the fixture, the first ones without a group when the names have none.
        let ungrouped = c.groups.count > 1 && c.groups.contains(PriorityAggregator.noGroup) ? c.interviews - c.groups.count + 1 : 0
        analysis.interviews = (0..<c.interviews).map { i in
            var interview = analysis.interviews[i % analysis.interviews.count]
            interview.group = i < ungrouped ? PriorityAggregator.noGroup : c.groups.first { $0 != PriorityAggregator.noGroup } ?? ""
            return interview
        }
        #expect(SummaryRenderer.interviewsAndGroups(analysis) == c.sentence)
    }

    @Test("no raw HTML from a transcript reaches the summary")
    func noRawHTML() throws {
        let md = try Self.summary()
        #expect(!md.contains("<script"))
        #expect(!md.contains("</script"))
    }
}
