import Foundation
import LeitbildCore
import Signals
import Themes

/// `report.html`: one self-contained page for analysts, no network (a Content-Security-Policy
/// forbids every fetch). Charts, tables and figures are rendered here as HTML and SVG, so they
/// print and read without script; the segment explorer (filters, search, drill-down to the turn)
/// runs on compact JSON embedded in the page. Every piece of transcript text is escaped: as HTML
/// text through `HTML.escape`, inside the embedded JSON through `HTML.scriptSafeJSON`.
public struct HTMLReportRenderer: ReportRenderer {
    public var fileName: String { "report.html" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let a = input.analysis
        let data = ReportData(input)
        let css = Self.asset("report", "css")
        let js = Self.asset("report", "js")
        let fields = a.codes.filter { $0.kind == .handlungsfeld }
        var h = """
        <!DOCTYPE html>
        <html lang="de">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <meta name="generator" content="\(HTML.escape(input.options.generator))">
        <title>Interviewauswertung – \(HTML.escape(input.projectName))</title>
        <style>
        \(css)</style>
        </head>
        <body>
        <a class="skip" href="#explorer">Zu den Textstellen springen</a>
        <header>
        <h1>Interviewauswertung: \(HTML.escape(input.projectName))</h1>
        \(input.codebookTitle.map { "<p>Kategoriensystem: \(HTML.escape($0))</p>\n" } ?? "")<p class="lead">\(Format.interviewsAndGroups(a)), \(input.transcripts.reduce(0) { $0 + $1.segments.count }) codierte Textstellen.
        Gezählt werden nur Aussagen der Befragten; Fragen der Interviewenden zählen nie als Nennung.\(Format.introductionNote(input.introductionSegments()).map { " " + HTML.escape($0) } ?? "")
        \(input.pseudonyms.isEnabled ? "Namen sind pseudonymisiert: " + HTML.escape(Format.pseudonymisedNames(listed: !input.options.pseudonymList.isEmpty)) : "<strong>Nicht pseudonymisiert: nur für die interne Auswertung.</strong>")</p>
        <nav aria-label="Inhalt"><ul>
        <li><a href="#ranking">Rangfolge</a></li><li><a href="#composition">Warum dieser Rang</a></li>
        <li><a href="#groups">Gruppen × Handlungsfelder</a></li><li><a href="#agreement">Einigkeit und Unterschiede</a></li>
        <li><a href="#cooccurrence">Gemeinsames Auftreten</a></li><li><a href="#gaps">Lücken im Codebuch</a></li><li><a href="#explorer">Textstellen</a></li>
        \(input.diagnostics.isEmpty && input.failures.isEmpty ? "" : "<li><a href=\"#notes\">Hinweise</a></li>")
        </ul></nav>
        </header>
        <main>

        """
        h += rankingSection(input)
        h += compositionSection(input)
        h += groupsSection(input, fields: fields)
        h += agreementSection(input, fields: fields)
        h += coOccurrenceSection(input)
        h += gapsSection(input)
        h += explorerSection(input, data: data)
        h += notesSection(input)
        h += """
        </main>
        <footer><p>Erstellt mit \(HTML.escape(input.options.generator)). Positionen sind Unicode-Zeichen im normalisierten Text (wie REFI-QDA).</p></footer>
        <script type="application/json" id="leitbild-data">\(data.scriptSafeJSON())</script>
        <script>
        \(js)</script>
        </body>
        </html>

        """
        return RenderedFile(name: fileName, text: h)
    }

    // MARK: Sections

    private func rankingSection(_ input: ReportInput) -> String {
        let a = input.analysis
        let level = Int((a.bootstrap.level * 100).rounded())
        func bars(_ kind: CodeKind) -> [SVGCharts.Bar] {
            a.codes.filter { $0.kind == kind }.map { c in
                SVGCharts.Bar(label: c.name, value: c.priorityIndex, low: c.intervals?.priorityIndex.low, high: c.intervals?.priorityIndex.high,
                              valueText: SummaryRenderer.indexWithInterval(c), color: color(of: c.codeID, input), codeID: c.codeID)
            }
        }
        let caption = a.bootstrap.resamples > 0
            ? "Balken: Prioritätsindex (0–100); Linie: \(level) %-Intervall aus \(a.bootstrap.resamples) Bootstrap-Stichproben über die Interviews. Überlappen sich zwei Intervalle, ist die Reihenfolge nicht gesichert."
            : "Balken: Prioritätsindex (0–100); ohne Bootstrap-Stichproben (bootstrap.resamples: 0) gibt es kein Intervall, und wie sicher die Reihenfolge ist, bleibt offen."
        var h = "<section id=\"ranking\" aria-labelledby=\"ranking-h\"><h2 id=\"ranking-h\">Rangfolge</h2>\n"
        h += "<figure>" + SVGCharts.ranking(bars(.handlungsfeld), maxValue: 100, title: "Handlungsfelder nach Priorität", caption: caption, id: "ranking")
        h += "<figcaption>\(HTML.escape(caption))</figcaption></figure>\n"
        let values = bars(.value)
        if !values.isEmpty {
            h += "<figure>" + SVGCharts.ranking(values, maxValue: 100, title: "Leitbild-Werte nach Priorität", caption: caption, id: "values")
            h += "<figcaption>Leitbild-Werte, gleich berechnet.</figcaption></figure>\n"
        }
        h += "<div class=\"table-wrap\"><table class=\"sortable\" id=\"ranking-table\"><caption>Alle Codes nach Rang (Spaltenköpfe sortieren)</caption><thead><tr>"
        for (label, type) in [("Rang", "num"), ("Code", "text"), ("Art", "text"), ("Priorität", "num"), ("\(level) %-Intervall", "num"),
                              ("Rang-Spanne", "num"), ("unter den ersten 3", "num"), ("Interviews", "num"), ("Gruppen", "num"), ("Nennungen", "num"),
                              ("verneint", "num"), ("ungefragt", "num")] {
            h += "<th scope=\"col\" data-type=\"\(type)\"><button type=\"button\">\(label)</button></th>"
        }
        h += "</tr></thead><tbody>\n"
        for c in a.codes {
            h += "<tr><td data-value=\"\(c.kind == .handlungsfeld ? c.rank : 1000 + c.rank)\">\(c.rank)</td>"
            h += "<td><button type=\"button\" class=\"code-link\" data-code=\"\(HTML.escape(c.codeID))\"><span class=\"swatch\" style=\"background:\(HTML.escape(color(of: c.codeID, input)))\"></span>\(HTML.escape(c.name))</button></td>"
            h += "<td>\(Self.kindLabel(c.kind))</td>"
            h += "<td data-value=\"\(String(format: "%.4f", c.priorityIndex))\">\(Format.decimal(c.priorityIndex, digits: 1))</td>"
            if let i = c.intervals?.priorityIndex {
                h += "<td data-value=\"\(String(format: "%.4f", i.high - i.low))\">\(Format.decimal(i.low, digits: 1))–\(Format.decimal(i.high, digits: 1))</td>"
            } else { h += "<td data-value=\"0\">–</td>" }
            if let s = c.rankStability {
                h += "<td data-value=\"\(Int(s.rankInterval.high) - Int(s.rankInterval.low))\">\(SummaryRenderer.rankSpan(s.rankInterval))</td>"
            } else { h += "<td data-value=\"0\">–</td>" }
            let top3 = c.rankStability?.top3 ?? 0
            h += "<td data-value=\"\(String(format: "%.4f", top3))\">\(c.rankStability.map { Format.percent($0.top3) } ?? "–")</td>"
            h += "<td data-value=\"\(c.interviews)\">\(c.interviews) von \(a.interviewCount)</td>"
            h += "<td data-value=\"\(c.groups)\">\(c.groups) von \(a.groupCount)</td>"
            h += "<td data-value=\"\(c.segments)\">\(c.segments)</td><td data-value=\"\(c.negatedSegments)\">\(c.negatedSegments)</td>"
            h += "<td data-value=\"\(c.spontaneousInterviews)\">\(c.spontaneousInterviews) von \(a.interviewCount)</td></tr>\n"
        }
        h += "</tbody></table></div></section>\n"
        return h
    }

    private func compositionSection(_ input: ReportInput) -> String {
        let a = input.analysis
        let fields = a.codes.filter { $0.kind == .handlungsfeld }
        guard let first = fields.first else { return "" }
        let keys = first.components.map { (key: $0.id, label: $0.label) }
        let stacks = fields.map { c in
            SVGCharts.Stack(label: c.name, parts: c.components.map { (key: $0.id, label: $0.label, value: $0.points) },
                            totalText: Format.decimal(c.priorityIndex, digits: 1))
        }
        var h = "<section id=\"composition\" aria-labelledby=\"composition-h\"><h2 id=\"composition-h\">Warum dieser Rang</h2>\n"
        h += "<p>Der Index ist eine Summe: jede Komponente trägt Wert × Gewicht × 100 Punkte bei (Formel und Gewichte in docs/priorities.md).</p>\n"
        h += "<figure>" + SVGCharts.stacked(stacks, keys: keys, maxValue: 100, title: "Zusammensetzung des Prioritätsindex",
                                            caption: "Punkte je Komponente für jedes Handlungsfeld") + "</figure>\n"
        h += "<details><summary>Als Tabelle</summary><div class=\"table-wrap\"><table class=\"sortable\"><thead><tr><th scope=\"col\" data-type=\"text\"><button type=\"button\">Handlungsfeld</button></th>"
        for k in keys { h += "<th scope=\"col\" data-type=\"num\"><button type=\"button\">\(HTML.escape(k.label))</button></th>" }
        h += "<th scope=\"col\" data-type=\"num\"><button type=\"button\">Index</button></th><th scope=\"col\" data-type=\"text\"><button type=\"button\">Warum</button></th></tr></thead><tbody>\n"
        for c in fields {
            h += "<tr><th scope=\"row\">\(HTML.escape(c.name))</th>"
            for k in keys {
                let p = c.components.first { $0.id == k.key }?.points ?? 0
                h += "<td data-value=\"\(String(format: "%.4f", p))\">\(Format.decimal(p, digits: 1))</td>"
            }
            h += "<td data-value=\"\(String(format: "%.4f", c.priorityIndex))\">\(Format.decimal(c.priorityIndex, digits: 1))</td>"
            h += "<td>\(HTML.escape(SummaryRenderer.reasons(c, interviews: a.interviewCount).joined(separator: "; ")))</td></tr>\n"
        }
        h += "</tbody></table></div></details></section>\n"
        return h
    }

    private func groupsSection(_ input: ReportInput, fields: [CodeAggregate]) -> String {
        let a = input.analysis
        let groups = a.groupNames
        var cellOf: [String: BreakdownCell] = [:]
        for cell in a.groupBreakdown { cellOf[cell.codeID + "\u{1F}" + cell.value] = cell }
        let cells: [[SVGCharts.Cell?]] = fields.map { field in
            groups.map { g in
                guard let cell = cellOf[field.codeID + "\u{1F}" + g] else { return nil }
                return SVGCharts.Cell(
                    value: cell.score / 100, text: Format.decimal(cell.score, digits: 0),
                    tooltip: "\(field.name) – \(g): Wert \(Format.decimal(cell.score, digits: 0)), \(cell.interviews) von \(cell.interviewsTotal) Interviews, \(Format.count(cell.segments, "Nennung", "Nennungen"))",
                    attributes: [("data-code", field.codeID), ("data-group", g), ("tabindex", "0"), ("role", "button"),
                                 ("aria-label", "\(field.name), \(g): Wert \(Format.decimal(cell.score, digits: 0)), \(cell.interviews) von \(cell.interviewsTotal) Interviews. Textstellen zeigen")])
            }
        }
        var h = "<section id=\"groups\" aria-labelledby=\"groups-h\"><h2 id=\"groups-h\">Stakeholdergruppen × Handlungsfelder</h2>\n"
        h += "<p>Je Zelle: mittlerer Prioritätswert (0–100) der Interviews dieser Gruppe für das Feld; je dunkler, desto wichtiger ist das Feld der Gruppe. Eine Zelle wählen zeigt ihre Textstellen.</p>\n"
        h += "<figure>" + SVGCharts.heatmap(rows: fields.map(\.name), columns: groups, cells: cells,
                                            title: "Handlungsfelder je Stakeholdergruppe", caption: "Mittlerer Prioritätswert je Gruppe", id: "heatmap")
        h += "</figure>\n<details><summary>Als Tabelle</summary><div class=\"table-wrap\"><table class=\"sortable\"><thead><tr><th scope=\"col\" data-type=\"text\"><button type=\"button\">Handlungsfeld</button></th>"
        for g in groups { h += "<th scope=\"col\" data-type=\"num\"><button type=\"button\">\(HTML.escape(g))</button></th>" }
        h += "</tr></thead><tbody>\n"
        for field in fields {
            h += "<tr><th scope=\"row\">\(HTML.escape(field.name))</th>"
            for g in groups {
                guard let cell = cellOf[field.codeID + "\u{1F}" + g] else { h += "<td data-value=\"0\">–</td>"; continue }
                h += "<td data-value=\"\(String(format: "%.4f", cell.score))\">\(Format.decimal(cell.score, digits: 0)) (\(cell.interviews) von \(cell.interviewsTotal))</td>"
            }
            h += "</tr>\n"
        }
        h += "</tbody></table></div></details></section>\n"
        return h
    }

    private func agreementSection(_ input: ReportInput, fields: [CodeAggregate]) -> String {
        let a = input.analysis
        let ids = Set(fields.map(\.codeID))
        let consensus = a.consensus.filter { ids.contains($0.codeID) }
        let conflicts = a.goalConflicts.filter { ids.contains($0.codeID) }
        guard !consensus.isEmpty || !conflicts.isEmpty else { return "" }
        func name(_ id: String) -> String { a.code(id)?.name ?? id }
        var h = "<section id=\"agreement\" aria-labelledby=\"agreement-h\"><h2 id=\"agreement-h\">Einigkeit und Unterschiede</h2>\n"
        if !consensus.isEmpty {
            h += "<p>Wie ähnlich die Gruppen ein Feld bewerten: Streuung der Gruppenwerte (Punkte); eine Gruppe „sticht heraus“, wenn ihr Abstand zu den übrigen groß ist und zufällig vertauschte Gruppen selten so weit auseinanderliegen (Permutationstest, p). \(Self.correctionNote(input.analysis))\(Self.openNote(consensus, alpha: a.settings.consensus.alpha))</p>\n"
            h += "<div class=\"table-wrap\"><table class=\"sortable\"><thead><tr>"
            for (label, type) in [("Handlungsfeld", "text"), ("Einigkeit", "text"), ("Streuung", "num"), ("Mittel der Gruppen", "num"),
                                  ("am weitesten entfernt", "text"), ("Abstand", "num"), ("p", "num"), ("q (korrigiert)", "num")] {
                h += "<th scope=\"col\" data-type=\"\(type)\"><button type=\"button\">\(label)</button></th>"
            }
            h += "</tr></thead><tbody>\n"
            for c in consensus {
                let level = Self.agreementLabel(c, alpha: a.settings.consensus.alpha)
                h += "<tr><th scope=\"row\">\(HTML.escape(name(c.codeID)))</th><td>\(level)\(c.standsApart ? " – eine Gruppe sticht heraus" : "")</td>"
                h += "<td data-value=\"\(String(format: "%.4f", c.dispersion))\">\(Format.decimal(c.dispersion, digits: 1))</td>"
                h += "<td data-value=\"\(String(format: "%.4f", c.meanScore))\">\(Format.decimal(c.meanScore, digits: 1))</td>"
                h += "<td>\(HTML.escape(c.apartGroup ?? "–"))</td>"
                let diff = c.apartDifference ?? 0
                h += "<td data-value=\"\(String(format: "%.4f", diff))\">\(c.apartDifference.map { ($0 > 0 ? "+" : "−") + Format.decimal(abs($0), digits: 1) } ?? "–")</td>"
                h += "<td data-value=\"\(String(format: "%.4f", c.apartPValue ?? 1))\">\(c.apartPValue.map { Format.decimal($0, digits: 2) } ?? "–")</td>"
                h += "<td data-value=\"\(String(format: "%.4f", c.apartQValue ?? 1))\">\(c.apartQValue.map { Format.decimal($0, digits: 2) } ?? "–")</td></tr>\n"
            }
            h += "</tbody></table></div>\n"
        }
        if !conflicts.isEmpty {
            h += "<h3>Zielkonflikte</h3><ul class=\"conflicts\">\n"
            for conflict in conflicts {
                let (labelA, labelB) = conflict.kind == .needVersusAsset ? ("Bedarf oder Probleme", "Stärke") : ("betont", "herabgestuft")
                func sides(_ s: [ConflictSide]) -> String { Format.conflictSides(s, of: conflict, in: a) { HTML.escape($0) } }
                h += "<li><strong>\(HTML.escape(name(conflict.codeID)))</strong>: \(labelA) – \(sides(conflict.sideA)); \(labelB) – \(sides(conflict.sideB))"
                for evidence in [conflict.evidenceA.first, conflict.evidenceB.first].compactMap({ $0 }) {
                    guard let text = input.text(interview: evidence.interviewID, range: evidence.range) else { continue }
                    h += "<blockquote>\(HTML.escape(text))<br><small>\(HTML.escape(evidence.group)), \(HTML.escape(evidence.interviewID)), \(HTML.escape(PathName.lastComponent(evidence.file))):\(evidence.line)</small></blockquote>"
                }
                h += "</li>\n"
            }
            h += "</ul>\n"
        }
        return h + "</section>\n"
    }

    private func coOccurrenceSection(_ input: ReportInput) -> String {
        let a = input.analysis
        let pairs = a.cooccurrence.filter { $0.level == .segment }
        var byPair: [String: CooccurrencePair] = [:]
        for p in pairs { byPair[p.codeA + "\u{1F}" + p.codeB] = p; byPair[p.codeB + "\u{1F}" + p.codeA] = p }
        let present = a.codes.filter { $0.segments > 0 }
        let names = present.map(\.name)
        let cells: [[SVGCharts.Cell?]] = present.enumerated().map { r, x in
            present.enumerated().map { c, y in
                guard c < r else { return nil }
                guard let p = byPair[x.codeID + "\u{1F}" + y.codeID] else {
                    return SVGCharts.Cell(value: 0, text: "0", tooltip: "\(x.name) und \(y.name): keine gemeinsame Textstelle", attributes: [])
                }
                return SVGCharts.Cell(value: min(p.lift, 4) / 4, text: String(p.joint),
                                      tooltip: "\(x.name) und \(y.name): \(Format.count(p.joint, "gemeinsame Textstelle", "gemeinsame Textstellen")), Lift \(Format.decimal(p.lift, digits: 2)), q = \(Format.decimal(p.qValue, digits: 3))",
                                      attributes: [])
            }
        }
        var h = "<section id=\"cooccurrence\" aria-labelledby=\"co-h\"><h2 id=\"co-h\">Gemeinsames Auftreten</h2>\n"
        h += "<p>Zahl: Textstellen mit beiden Codes. Farbe: Lift, also wie viel häufiger die beiden zusammen vorkommen als bei Unabhängigkeit zu erwarten (dunkel: vier Mal oder mehr). Details beim Überfahren einer Zelle.</p>\n"
        h += "<figure>" + SVGCharts.heatmap(rows: names, columns: names, cells: cells, title: "Gemeinsames Auftreten von Codes",
                                            caption: "Zahl der Textstellen mit beiden Codes, gefärbt nach Lift", id: "co",
                                            cellWidth: 34, cellHeight: 26) + "</figure></section>\n"
        return h
    }

    private func gapsSection(_ input: ReportInput) -> String {
        let a = input.analysis
        let terms = input.shownEmergentTerms
        var h = "<section id=\"gaps\" aria-labelledby=\"gaps-h\"><h2 id=\"gaps-h\">Lücken im Codebuch</h2>\n"
        guard !terms.isEmpty else {
            h += "<p>Keine Vorschläge\(a.emergentTermsNote.map { " (" + HTML.escape($0) + ")" } ?? "").</p></section>\n"
            return h
        }
        h += "<p>Begriffe, die Befragte auffällig oft verwenden und die kein Code erfasst: Kandidaten für neue Begriffe oder Codes. "
        h += "Begriffe, die keine Lücke sind (etwa Ortsnamen), lassen sich in <code>weights.yaml</code> unter <code>emergent.ignore</code> ausblenden.</p>\n"
        h += "<div class=\"table-wrap\"><table class=\"sortable\"><thead><tr>"
        for (label, type) in [("Begriff", "text"), ("Häufigkeit", "num"), ("Interviews", "num"), ("Gruppen", "num"), ("Keyness", "num"), ("Beispiel", "text")] {
            h += "<th scope=\"col\" data-type=\"\(type)\"><button type=\"button\">\(label)</button></th>"
        }
        h += "</tr></thead><tbody>\n"
        for t in terms {
            h += "<tr><th scope=\"row\">\(HTML.escape(t.term))</th><td data-value=\"\(t.count)\">\(t.count)</td><td data-value=\"\(t.interviews)\">\(t.interviews)</td>"
            h += "<td data-value=\"\(t.groups)\">\(t.groups)</td><td data-value=\"\(String(format: "%.2f", t.keyness))\">\(Format.decimal(t.keyness, digits: 1))</td><td>"
            if let e = t.examples.first, let text = input.text(interview: e.interviewID, range: e.range) {
                h += "\(HTML.escape(text)) <small>(\(HTML.escape(e.interviewID)), Z. \(e.line))</small>"
            }
            h += "</td></tr>\n"
        }
        return h + "</tbody></table></div></section>\n"
    }

    private func explorerSection(_ input: ReportInput, data: ReportData) -> String {
        var groups = Set<String>(), municipalities = Set<String>()
        for c in input.transcripts {
            groups.insert(c.transcript.metadata.group ?? PriorityAggregator.noGroup)
            municipalities.insert(c.transcript.metadata.municipality ?? Self.noMunicipality)
        }
        func options(_ values: [String]) -> String {
            values.map { "<option value=\"\(HTML.escape($0))\">\(HTML.escape($0))</option>" }.joined()
        }
        var h = "<section id=\"explorer\" aria-labelledby=\"explorer-h\" tabindex=\"-1\"><h2 id=\"explorer-h\">Textstellen</h2>\n"
        h += "<p>Filtern, suchen, sortieren; eine Textstelle öffnen zeigt die Fundstellen der Begriffe und den ganzen Redebeitrag mit der Frage davor.</p>\n"
        h += "<form class=\"filters\" role=\"search\" onsubmit=\"return false\">"
        h += "<label>Code <select id=\"f-code\"><option value=\"\">alle</option>"
        for c in input.analysis.codes where c.segments + c.negatedSegments > 0 {
            h += "<option value=\"\(HTML.escape(c.codeID))\">\(HTML.escape(c.name))</option>"
        }
        h += "</select></label>"
        h += "<label>Gruppe <select id=\"f-group\"><option value=\"\">alle</option>\(options(groups.sorted()))</select></label>"
        h += "<label>Gemeinde <select id=\"f-municipality\"><option value=\"\">alle</option>\(options(municipalities.sorted()))</select></label>"
        h += "<label>Suche <input id=\"f-query\" type=\"search\" autocomplete=\"off\" placeholder=\"Wort im Text\"></label>"
        h += "<label class=\"check\"><input id=\"f-negated\" type=\"checkbox\"> verneinte Nennungen zeigen</label>"
        h += "<button type=\"button\" id=\"f-reset\">Filter zurücksetzen</button></form>\n"
        h += "<p id=\"result-count\" role=\"status\" aria-live=\"polite\"></p>\n"
        if !data.omitted.isEmpty {
            h += "<p class=\"note\">Für die Seitengröße sind je Code \(input.options.htmlSegmentsPerCode) Textstellen ausgewählt "
            h += "(eine Textstelle mit mehreren Codes zählt für jeden); alle stehen in <code>segments.csv</code> und "
            h += "<code>analysis.sqlite</code>. Nicht eingebettet: "
            h += data.omitted.map { "\(HTML.escape(data.codes[$0.code].name)) \($0.count)" }.joined(separator: ", ") + ".</p>\n"
        }
        h += "<div class=\"table-wrap\"><table id=\"segments\"><caption class=\"visually-hidden\">Codierte Textstellen</caption><thead><tr>"
        for (key, label) in [("interview", "Interview"), ("group", "Gruppe"), ("municipality", "Gemeinde"), ("codes", "Codes"), ("text", "Textstelle")] {
            h += "<th scope=\"col\" data-key=\"\(key)\"><button type=\"button\">\(label)</button></th>"
        }
        h += "</tr></thead><tbody></tbody></table></div>\n"
        h += "<p><button type=\"button\" id=\"more\" hidden>Weitere Textstellen zeigen</button></p>\n"
        h += "<div id=\"detail-home\"><section id=\"detail\" aria-labelledby=\"detail-h\" tabindex=\"-1\" hidden><h3 id=\"detail-h\">Textstelle</h3><div id=\"detail-body\"></div></section></div>\n"
        h += "<noscript><p>Der Textstellen-Explorer braucht JavaScript; alle Textstellen stehen auch in <code>segments.csv</code>.</p></noscript>\n"
        h += "</section>\n"
        return h
    }

    private func notesSection(_ input: ReportInput) -> String {
        guard !input.diagnostics.isEmpty || !input.failures.isEmpty else { return "" }
        var h = "<section id=\"notes\" aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">Hinweise</h2>\n"
        if !input.failures.isEmpty {
            h += "<h3>Nicht oder nur teilweise ausgewertete Dateien</h3><ul>"
            for f in input.failures {
                // File names and messages can hold names: pseudonymised as in summary.md.
                let message = failureLine(file: f.file, error: f.error)
                h += "<li>\(HTML.escape(input.pseudonyms.replace(message)))</li>"
            }
            h += "</ul>\n"
        }
        if !input.diagnostics.isEmpty {
            h += "<h3>Meldungen beim Einlesen</h3><ul>"
            for d in input.diagnostics { h += "<li>\(HTML.escape(input.pseudonyms.replace(d.description)))</li>" }
            h += "</ul>\n"
        }
        return h + "</section>\n"
    }

    // MARK: Helpers

    private func color(of codeID: String, _ input: ReportInput) -> String {
        input.codebook.code(id: codeID)?.color.flatMap(QDAProject.validColor) ?? "#5A6B7B"
    }

    /// Filter value for interviews without a municipality in the sheet.
    static let noMunicipality = "(ohne Angabe)"

    /// A field's agreement as the table words it. Between "hoch" and "gering", a spread that
    /// shuffled groups reach in at least `alpha` of the shuffles (p at or above it before any correction) is
    /// "offen": the data cannot tell agreement from disagreement there. With two or three
    /// interviews per group that is most fields, and all of them read "mittel" before (found in an
    /// analyst review: "Einigkeit: mittel" for every field of the demo). "mittel" stays for a
    /// spread that chance rarely gives but that does not make a group stand apart, and wherever no
    /// permutation test ran.
    static func agreementLabel(_ c: Consensus, alpha: Double) -> String {
        switch c.level {
        case .high: "hoch"
        case .low: "gering"
        case .medium: (c.apartPValue.map { $0 >= alpha } ?? false) ? "offen" : "mittel"
        }
    }

    /// The sentence that explains "offen", when the table has such a row.
    static func openNote(_ consensus: [Consensus], alpha: Double) -> String {
        guard consensus.contains(where: { agreementLabel($0, alpha: alpha) == "offen" }) else { return "" }
        return " „offen“: Die Gruppen liegen auseinander, aber nicht weiter, als es zufällig vertauschte Gruppen auch tun "
            + "(in mindestens \(Format.percentInProse(alpha)) der Vertauschungen, p ab \(Format.decimal(alpha, digits: 2))); ob sie sich einig sind, "
            + "lässt sich mit diesen Interviews nicht sagen – bei wenigen Interviews je Gruppe der häufigste Fall."
    }

    /// How the p-values of the agreement table were adjusted for the number of fields tested.
    static func correctionNote(_ a: PriorityAnalysis) -> String {
        let fields = a.testedForApartness(.handlungsfeld), values = a.testedForApartness(.value)
        guard fields + values > 0 else {
            return "Ein Permutationstest lief nicht (consensus.permutations: 0 oder keine zwei Gruppen); daher sticht keine Gruppe heraus."
        }
        switch a.settings.consensus.correction {
        case .benjaminiHochberg:
            var family: [String] = []
            if fields > 0 { family.append(fields == 1 ? "1 Handlungsfeld" : "\(fields) Handlungsfelder") }
            if values > 0 { family.append(values == 1 ? "1 Leitbild-Wert" : "\(values) Leitbild-Werte") }
            return "Weil \(family.joined(separator: " und ")) zugleich geprüft werden, entscheidet der nach Benjamini–Hochberg "
                + "(je Art) korrigierte Wert q (unter \(Format.decimal(a.settings.consensus.alpha, digits: 2)))."
        case .none:
            return "Die p-Werte sind nicht für die Zahl der geprüften Kategorien korrigiert (consensus.correction: none), q ist gleich p."
        }
    }

    static func kindLabel(_ kind: CodeKind) -> String {
        switch kind {
        case .handlungsfeld: "Handlungsfeld"
        case .value: "Leitbild-Wert"
        case .category: "Kategorie"
        }
    }

    /// A text asset of `Resources/` (CSS, JavaScript), inlined so the page works offline.
    static func asset(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("Reporting resource '\(name).\(ext)' is missing from the bundle; rebuild the package")
        }
        return text
    }
}

/// The compact data behind the segment explorer of `report.html`. Offsets are UTF-16 code units
/// into the context texts (what JavaScript's `slice` counts); all texts are pseudonymised.
struct ReportData: Encodable {
    struct CodeInfo: Encodable {
        var id: String
        var name: String
        var kind: String
        var color: String
    }
    struct InterviewInfo: Encodable {
        var id: String
        var file: String
        var group: String
        var municipality: String
        var date: String
    }
    /// A passage shown around segments: the whole turn (or the segment, for document units).
    struct Context: Encodable {
        /// Interview index.
        var i: Int
        /// Speaker label (pseudonymised).
        var s: String
        /// Role: "interviewer", "respondent", "unknown".
        var r: String
        /// Source line.
        var l: Int
        /// Start time "hh:mm:ss", or empty.
        var t: String
        /// The text.
        var x: String
        /// Index of the interviewer's question before it, or -1.
        var q: Int
    }
    struct SegmentInfo: Encodable {
        /// Context index.
        var c: Int
        /// Start and end in the context text.
        var a: Int
        var b: Int
        /// Source line of the segment.
        var l: Int
        /// Codes: [code index, negated 0/1].
        var k: [[Int]]
        /// Term marks: [code index, start, end, term index] in the context text.
        var m: [[Int]]
        /// 1: the answer to a request for a self-introduction, whose codes count for no priority (else left out).
        var v: Int? = nil
    }
    struct Omitted: Encodable {
        var code: Int
        var count: Int
    }

    var codes: [CodeInfo]
    var interviews: [InterviewInfo]
    var contexts: [Context]
    var segments: [SegmentInfo]
    /// [term, rule] pairs referenced by `SegmentInfo.m`.
    var terms: [[String]]
    var omitted: [Omitted]

    init(_ input: ReportInput) {
        let codeList = input.analysis.codes
        let codeIndex = Dictionary(codeList.enumerated().map { ($1.codeID, $0) }, uniquingKeysWith: { a, _ in a })
        codes = codeList.map { c in
            CodeInfo(id: c.codeID, name: c.name, kind: c.kind.rawValue,
                     color: input.codebook.code(id: c.codeID)?.color.flatMap(QDAProject.validColor) ?? "#5A6B7B")
        }
        interviews = input.transcripts.map { c in
            let m = c.transcript.metadata
            return InterviewInfo(id: c.transcript.id, file: c.transcript.source.fileName, group: m.group ?? PriorityAggregator.noGroup,
                                 municipality: m.municipality ?? HTMLReportRenderer.noMunicipality, date: m.date ?? "")
        }

        // Which segments to embed: all, unless a code has more than the cap; then an even spread over interviews.
        var perCode: [String: [(t: Int, s: Int)]] = [:]
        for (t, coded) in input.transcripts.enumerated() {
            for (s, segment) in coded.segments.enumerated() {
                for a in segment.codes { perCode[a.codeID, default: []].append((t, s)) }
            }
        }
        let cap = max(1, input.options.htmlSegmentsPerCode)
        var included = Set<[Int]>()
        var capped: [String] = []
        for c in codeList {
            let list = perCode[c.codeID] ?? []
            if list.count <= cap {
                for e in list { included.insert([e.t, e.s]) }
                continue
            }
            var byInterview: [Int: [(t: Int, s: Int)]] = [:]
            for e in list { byInterview[e.t, default: []].append(e) }
            let order = byInterview.keys.sorted()
            var chosen = 0, round = 0
            while chosen < cap {
                var progressed = false
                for t in order where chosen < cap {
                    if let items = byInterview[t], round < items.count {
                        included.insert([items[round].t, items[round].s])
                        chosen += 1
                        progressed = true
                    }
                }
                if !progressed { break }
                round += 1
            }
            capped.append(c.codeID)
        }
        // What is left out of a code once every code has chosen: a segment chosen for another code
        // is embedded with all its codes (found in a review: the count was the list less the cap,
        // 1554 where 1452 were left out).
        self.omitted = capped.compactMap { id in
            let left = (perCode[id] ?? []).filter { !included.contains([$0.t, $0.s]) }.count
            return codeIndex[id].flatMap { left > 0 ? Omitted(code: $0, count: left) : nil }
        }

        var contexts: [Context] = []
        var contextKey: [[Int]: Int] = [:]
        var segments: [SegmentInfo] = []
        var terms: [[String]] = []
        var termIndex: [[String]: Int] = [:]
        let introductions = input.introductionSegments()
        for (t, coded) in input.transcripts.enumerated() {
            let transcript = coded.transcript
            let redacted = input.redactedTexts[t]
            func addContext(_ range: Range<Int>, turn: Turn?, question: Int) -> Int {
                let key = [t, range.lowerBound, range.upperBound]
                if let i = contextKey[key] { return i }
                let mapped = redacted.map(range)
                contexts.append(Context(
                    i: t, s: turn.map { input.speakerLabel(transcript: t, speakerID: $0.speakerID) } ?? "",
                    r: turn?.role.rawValue ?? "respondent", l: turn?.sourceLine ?? transcript.sourceLine(atUTF8Offset: range.lowerBound),
                    t: (turn?.startTime).map(Format.timestamp) ?? "", x: String(redacted.text.slice(utf8: mapped)), q: question))
                contextKey[key] = contexts.count - 1
                return contexts.count - 1
            }
            for (s, segment) in coded.segments.enumerated() where included.contains([t, s]) {
                let seg = segment.segment
                let turn = transcript.turns.indices.contains(seg.turnIndex) ? transcript.turns[seg.turnIndex] : nil
                var question = -1
                if let turn, turn.index > 0 {
                    let previous = transcript.turns[turn.index - 1]
                    if previous.role == .interviewer {
                        question = addContext(previous.range.utf8, turn: previous, question: -1)
                    }
                }
                let turnRange = turn?.range.utf8 ?? seg.range.utf8
                let range = min(turnRange.lowerBound, seg.range.utf8.lowerBound)..<max(turnRange.upperBound, seg.range.utf8.upperBound)
                let ctx = addContext(range, turn: turn, question: question)
                let contextStart = redacted.map(range).lowerBound
                func offset(_ original: Int, upper: Bool) -> Int {
                    let mapped = redacted.map(original, upper: upper)
                    return redacted.text.slice(utf8: contextStart..<max(contextStart, mapped)).utf16.count
                }
                var marks: [[Int]] = []
                var codes: [[Int]] = []
                for assignment in segment.codes {
                    guard let ci = codeIndex[assignment.codeID] else { continue }
                    codes.append([ci, assignment.negated ? 1 : 0])
                    for match in assignment.matches {
                        let key = [match.term, match.rule.rawValue]
                        let ti: Int
                        if let known = termIndex[key] { ti = known } else {
                            terms.append(key)
                            ti = terms.count - 1
                            termIndex[key] = ti
                        }
                        // The exact span: the compound part where the term matched one ("arzt" in Hausarztpraxis).
                        let hit = match.matchedRange.utf8
                        marks.append([ci, offset(hit.lowerBound, upper: false), offset(hit.upperBound, upper: true), ti])
                    }
                }
                segments.append(SegmentInfo(c: ctx, a: offset(seg.range.utf8.lowerBound, upper: false),
                                            b: offset(seg.range.utf8.upperBound, upper: true), l: seg.sourceLine, k: codes, m: marks,
                                            v: introductions[transcript.id]?.contains(seg.index) == true ? 1 : nil))
            }
        }
        self.contexts = contexts
        self.segments = segments
        self.terms = terms
    }
}

/// Hand-written JSON of the explorer's data, in the bytes `JSONEncoder` with sorted keys gives
/// (a test compares the two): 0.1 CPU-s less at 5,000 interviews.
extension ReportData {
    func writeJSON(_ w: inout FastJSON) {
        func ints(_ w: inout FastJSON, _ values: [Int]) { w.array(values) { w, v in w.int(v) } }
        w.open()
        w.key("codes")
        w.array(codes) { w, c in
            w.open()
            w.key("color"); w.string(c.color)
            w.key("id"); w.string(c.id)
            w.key("kind"); w.string(c.kind)
            w.key("name"); w.string(c.name)
            w.close()
        }
        w.key("contexts")
        w.array(contexts) { w, c in
            w.open()
            w.key("i"); w.int(c.i)
            w.key("l"); w.int(c.l)
            w.key("q"); w.int(c.q)
            w.key("r"); w.string(c.r)
            w.key("s"); w.string(c.s)
            w.key("t"); w.string(c.t)
            w.key("x"); w.string(c.x)
            w.close()
        }
        w.key("interviews")
        w.array(interviews) { w, i in
            w.open()
            w.key("date"); w.string(i.date)
            w.key("file"); w.string(i.file)
            w.key("group"); w.string(i.group)
            w.key("id"); w.string(i.id)
            w.key("municipality"); w.string(i.municipality)
            w.close()
        }
        w.key("omitted")
        w.array(omitted) { w, o in
            w.open()
            w.key("code"); w.int(o.code)
            w.key("count"); w.int(o.count)
            w.close()
        }
        w.key("segments")
        w.array(segments) { w, s in
            w.open()
            w.key("a"); w.int(s.a)
            w.key("b"); w.int(s.b)
            w.key("c"); w.int(s.c)
            w.key("k"); w.array(s.k, ints)
            w.key("l"); w.int(s.l)
            w.key("m"); w.array(s.m, ints)
            if let v = s.v { w.key("v"); w.int(v) }
            w.close()
        }
        w.key("terms")
        w.array(terms) { w, pair in w.array(pair) { w, t in w.string(t) } }
        w.close()
    }

    /// The JSON as `HTML.scriptSafeJSON` gives it.
    func scriptSafeJSON() -> String {
        var w = FastJSON(capacity: 1 << 20)
        writeJSON(&w)
        return String(decoding: HTML.escapeForScript(bytes: w.bytes), as: UTF8.self)
    }
}

/// HTML escaping: every piece of transcript text passes through here.
public enum HTML {
    public static func escape(_ text: some StringProtocol) -> String {
        ByteEscaping.escape(text, needsWork: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) { bytes, i in
            switch bytes[i] {
            case UInt8(ascii: "&"): ("&amp;", 1)
            case UInt8(ascii: "<"): ("&lt;", 1)
            case UInt8(ascii: ">"): ("&gt;", 1)
            case UInt8(ascii: "\""): ("&quot;", 1)
            case UInt8(ascii: "'"): ("&#39;", 1)
            default: nil
            }
        }
    }

    /// JSON that is safe inside `<script>`: `<`, `>`, `&`, U+2028 and U+2029 are written as
    /// `\uXXXX` escapes (they can only occur inside JSON strings), so no transcript text can close
    /// the script element or start a comment, and the JSON stays valid JavaScript.
    public static func scriptSafeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: escapeForScript(bytes: Array(try encoder.encode(value))), as: UTF8.self)
    }

    /// The escaping of `scriptSafeJSON`, for JSON text.
    public static func escapeForScript(_ json: String) -> String {
        String(decoding: escapeForScript(bytes: Array(json.utf8)), as: UTF8.self)
    }

    /// The escaping of `scriptSafeJSON` on UTF-8 bytes (`ByteEscaping`: a scalar at a time, this
    /// took 0.1 CPU-s for report.html at 5,000 interviews). U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
    static func escapeForScript(bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            ByteEscaping.escape(buffer) { bytes, i in
                switch bytes[i] {
                case UInt8(ascii: "<"): ("\\u003c", 1)
                case UInt8(ascii: ">"): ("\\u003e", 1)
                case UInt8(ascii: "&"): ("\\u0026", 1)
                case 0xE2:
                    switch ByteEscaping.sequence(bytes, at: i, 0xE2, 0x80, (0xA8, 0xA9)) {
                    case 0xA8: ("\\u2028", 3)
                    case 0xA9: ("\\u2029", 3)
                    default: nil
                    }
                default: nil
                }
            }
        }
    }

    /// The text of `range` with the `marks` (sub-ranges) wrapped in `<mark>`, everything escaped.
    static func highlight(text: String, range: TextRange, marks: [TextRange]) -> String {
        var out = ""
        var position = range.utf8.lowerBound
        for m in marks.sorted(by: { $0.utf8.lowerBound < $1.utf8.lowerBound }) where m.utf8.lowerBound >= position && m.utf8.upperBound <= range.utf8.upperBound {
            out += escape(text.slice(utf8: position..<m.utf8.lowerBound))
            out += "<mark>" + escape(text.slice(utf8: m.utf8)) + "</mark>"
            position = m.utf8.upperBound
        }
        out += escape(text.slice(utf8: position..<range.utf8.upperBound))
        return out
    }
}
