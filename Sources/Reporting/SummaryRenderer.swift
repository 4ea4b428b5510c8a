import LeitbildCore
import Signals
import Themes

/// `summary.md`: the workshop summary. Ranked Handlungsfelder with their breadth and quotes.
public struct SummaryRenderer: ReportRenderer {
    public var fileName: String { "summary.md" }
    public var quotesPerField = 2
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let a = input.analysis
        var md = "# Interviewauswertung: \(input.projectName)\n\n"
        md += "\(a.interviewCount) Interviews aus \(a.groupCount) Stakeholdergruppen (\(a.groupNames.joined(separator: ", "))). "
        md += "Gezählt werden nur Aussagen der Befragten; Fragen der Interviewenden zählen nie als Nennung.\n\n"
        md += "## Handlungsfelder nach Priorität\n\n"
        md += "| Rang | Handlungsfeld | Interviews | Gruppen | Nennungen |\n|---:|---|---|---|---:|\n"
        let fields = a.codes.filter { $0.kind == .handlungsfeld }
        for (i, c) in fields.enumerated() {
            md += "| \(i + 1) | \(c.name) | \(c.interviews) von \(a.interviewCount) Interviews | \(c.groups) von \(a.groupCount) Gruppen | \(c.segments) |\n"
        }
        md += "\n"
        for (i, c) in fields.enumerated() where c.interviews > 0 {
            md += "### \(i + 1). \(c.name)\n\n"
            md += "\(c.interviews) von \(a.interviewCount) Interviews, \(c.groups) von \(a.groupCount) Gruppen"
            if !c.groupNames.isEmpty { md += " (\(c.groupNames.joined(separator: ", ")))" }
            md += ".\n\n"
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
}
