import LeitbildCore
import Signals
import Themes

/// `summary.md`: the workshop summary. Handlungsfelder ranked by priority index, the top fields
/// explained by the index's components, with breadth and quotes.
public struct SummaryRenderer: ReportRenderer {
    public var fileName: String { "summary.md" }
    public var quotesPerField = 2
    /// How many top fields get the breakdown of their index into components.
    public var explainedFields = 5
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let a = input.analysis
        var md = "# Interviewauswertung: \(input.projectName)\n\n"
        md += "\(a.interviewCount) Interviews aus \(a.groupCount) Stakeholdergruppen (\(a.groupNames.joined(separator: ", "))). "
        md += "Gezählt werden nur Aussagen der Befragten; Fragen der Interviewenden zählen nie als Nennung.\n\n"
        md += "## Handlungsfelder nach Priorität\n\n"
        let level = Int((a.bootstrap.level * 100).rounded())
        md += "| Rang | Handlungsfeld | Interviews | Gruppen | Index (\(level) %-KI) | Top 3 | Nennungen |\n|---:|---|---|---|---|---:|---:|\n"
        let fields = a.codes.filter { $0.kind == .handlungsfeld }
        for (i, c) in fields.enumerated() {
            md += "| \(i + 1) | \(c.name) | \(c.interviews) von \(a.interviewCount) Interviews | \(c.groups) von \(a.groupCount) Gruppen | "
            md += "\(Self.indexWithInterval(c)) | \(c.rankStability.map { Self.percent($0.top3) } ?? "–") | \(c.segments) |\n"
        }
        md += "\nDer Prioritätsindex (0–100) ist eine gewichtete Summe aus Breite, Gesprächsanteil, Spontaneität, Betonung, "
        md += "Problemdruck und ausdrücklichen Rangnennungen; jedes Interview zählt gleich viel. "
        if a.bootstrap.resamples > 0 {
            md += "Das Intervall und „Top 3“ (Anteil der Stichproben, in denen das Feld unter den ersten drei ist) stammen aus "
            md += "\(a.bootstrap.resamples) Bootstrap-Stichproben über die Interviews. "
        }
        md += "Formel und Gewichte: docs/priorities.md.\n\n"
        for (i, c) in fields.enumerated() where c.interviews > 0 {
            md += "### \(i + 1). \(c.name)\n\n"
            md += "\(c.interviews) von \(a.interviewCount) Interviews, \(c.groups) von \(a.groupCount) Gruppen"
            if !c.groupNames.isEmpty { md += " (\(c.groupNames.joined(separator: ", ")))" }
            md += ".\n\n"
            if i < explainedFields { md += Self.explanation(c, interviews: a.interviewCount) }
            for quote in QuoteSelector.quotes(for: c.codeID, in: input.transcripts, limit: quotesPerField) {
                md += "> „\(Format.oneLine(quote.text))“ — \(quote.group ?? "ohne Gruppe"), \(quote.citation)\n\n"
            }
        }
        let values = a.codes.filter { $0.kind == .value && $0.interviews > 0 }
        if !values.isEmpty {
            md += "## Leitbild-Werte\n\n"
            for c in values {
                md += "- **\(c.name)**: \(c.interviews) von \(a.interviewCount) Interviews, \(c.groups) von \(a.groupCount) Gruppen\n"
            }
            md += "\n"
        }
        if !input.failures.isEmpty {
            md += "## Nicht gelesene Dateien\n\n"
            for f in input.failures { md += "- `\(f.file)`: \(f.error)\n" }
            md += "\n"
        }
        return RenderedFile(name: fileName, text: md)
    }

    /// "62,4 (48,1–71,0)".
    static func indexWithInterval(_ c: CodeAggregate) -> String {
        var s = Format.decimal(c.priorityIndex, digits: 1)
        if let i = c.intervals?.priorityIndex { s += " (\(Format.decimal(i.low, digits: 1))–\(Format.decimal(i.high, digits: 1)))" }
        return s
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    /// "1 Interview", "3 Interviews".
    static func interviews(_ n: Int) -> String { n == 1 ? "1 Interview" : "\(n) Interviews" }

    /// Why a field ranks where it does: its index points per component, then the evidence in words.
    static func explanation(_ c: CodeAggregate, interviews n: Int) -> String {
        var md = "Index \(indexWithInterval(c))"
        if let s = c.rankStability { md += ", in \(percent(s.top3)) der Stichproben unter den ersten drei" }
        md += ". Zusammensetzung: "
        md += c.components.filter { $0.weight > 0 }.sorted { $0.points != $1.points ? $0.points > $1.points : $0.id < $1.id }
            .map { "\($0.label) \(Format.decimal($0.points, digits: 1))" }.joined(separator: " · ")
        md += " Punkte.\n\n"
        var why: [String] = []
        if c.spontaneousInterviews > 0 { why.append("in \(c.spontaneousInterviews) von \(n) Interviews ungefragt angesprochen") }
        if c.promptedSegments > 0 { why.append("\(c.promptedSegments) von \(c.segments) Nennungen auf Nachfrage") }
        if c.emphasisInterviews > 0 { why.append("als wichtig oder dringend betont in \(Self.interviews(c.emphasisInterviews))") }
        if c.problemInterviews > 0 { why.append("Problemdruck in \(Self.interviews(c.problemInterviews))") }
        if c.rankedInterviews > 0, let mean = c.meanExplicitRank {
            why.append("ausdrücklich gereiht in \(Self.interviews(c.rankedInterviews)) (mittlerer Rang \(Format.decimal(mean, digits: 1)))")
        }
        if c.weakeningInterviews > 0 { why.append("abgeschwächt oder verneint in \(Self.interviews(c.weakeningInterviews))") }
        if c.needSegments + c.assetSegments > 0 { why.append("Haltung: \(c.needSegments)× Bedarf, \(c.assetSegments)× Stärke") }
        if !why.isEmpty { md += "Warum: " + why.joined(separator: "; ") + ".\n\n" }
        return md
    }
}
