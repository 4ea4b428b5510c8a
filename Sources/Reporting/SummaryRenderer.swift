import LeitbildCore
import Signals
import Themes

/// `summary.md`: the workshop summary, in German, a few printed pages. Handlungsfelder ranked by
/// the priority index with its interval, rank stability, breadth and one line on why; where
/// stakeholder groups agree and disagree; per field the index's make-up, the Leitbild values that
/// travel with it and 2–3 pseudonymised quotes with their source; codebook gaps (emergent terms).
/// Plain Markdown without HTML, so it pastes into slides and Word; quote text is escaped.
public struct SummaryRenderer: ReportRenderer {
    public var fileName: String { "summary.md" }
    /// Fields that get three quotes and the full make-up of their index; the others get two quotes
    /// and the main reasons, so the summary stays a few pages long.
    public var fieldsWithThreeQuotes = 3
    /// Emergent terms listed as codebook gaps.
    public var emergentTermLimit = 10
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let a = input.analysis
        let n = a.interviewCount
        let pool = QuotePool(input)
        var md = "# Interviewauswertung: \(Format.markdown(input.projectName))\n\n"
        if let title = input.codebookTitle { md += "Kategoriensystem: \(Format.markdown(title))\n\n" }
        md += Self.interviewsAndGroups(a) + " "
        md += "Gezählt werden nur Aussagen der Befragten; Fragen der Interviewenden zählen nie als Nennung. "
        if let note = Format.introductionNote(input.introductionSegments()) { md += Format.markdown(note) + " " }
        md += input.pseudonyms.isEnabled ? "Namen in Zitaten sind pseudonymisiert: " + Format.pseudonymisedNames(listed: !input.options.pseudonymList.isEmpty) + "\n\n" : "**Nicht pseudonymisiert: nur für die interne Auswertung.**\n\n"

        let fields = a.codes.filter { $0.kind == .handlungsfeld }
        let level = Int((a.bootstrap.level * 100).rounded())
        md += "## Handlungsfelder nach Priorität\n\n"
        // Without resamples there is no interval to promise (found in a review).
        let priority = a.bootstrap.resamples > 0 ? "Priorität (\(level) %-Intervall)" : "Priorität"
        md += "| Rang | Handlungsfeld | Interviews | Gruppen | \(priority) | Rang-Spanne | unter den ersten 3 | Warum |\n"
        md += "|---:|---|---|---|---|---:|---:|---|\n"
        for c in fields {
            md += "| \(c.rank) | \(Format.markdown(c.name)) | \(Format.of(c.interviews, n, "Interview", "Interviews")) | \(Self.groups(c, a)) | "
            md += "\(Self.indexWithInterval(c)) | \(c.rankStability.map { Self.rankSpan($0.rankInterval) } ?? "–") | "
            md += "\(c.rankStability.map { Format.percent($0.top3) } ?? "–") | \(Self.whyLine(c, interviews: n)) |\n"
        }
        md += "\nPriorität: Index von 0 bis 100 aus Breite, Gesprächsanteil, Spontaneität, Betonung, Problemdruck und "
        md += "ausdrücklichen Rangnennungen; \(Self.weightingSentence(a.settings, hasUngrouped: a.ungroupedInterviews > 0, hasGroups: Format.hasGroups(a), groups: a.groupNames)) "
        if a.bootstrap.resamples > 0 {
            md += "Intervall, Rang-Spanne (die Plätze, die das Feld in \(level) % der Stichproben einnimmt) und „unter den ersten 3“ "
            md += "(Anteil der Stichproben, in denen das Feld auf Platz 1 bis 3 liegt) "
            md += "stammen aus \(a.bootstrap.resamples) Bootstrap-Stichproben über die Interviews: überlappen sich zwei Intervalle, "
            md += "ist die Reihenfolge der beiden nicht gesichert, und Felder mit überlappenden Rang-Spannen sind nicht sicher verschieden gereiht. "
        }
        md += "Formel und Gewichte: docs/priorities.md.\n\n"

        md += agreementSection(input, fields: fields)

        md += "## Die Handlungsfelder im Einzelnen\n\n"
        for (i, c) in fields.enumerated() where c.interviews > 0 {
            md += fieldSection(input, pool, c, position: c.rank, quotes: i < fieldsWithThreeQuotes ? 3 : 2, detailed: i < fieldsWithThreeQuotes)
        }

        let values = a.codes.filter { $0.kind == .value && $0.interviews > 0 }
        if !values.isEmpty {
            md += "## Leitbild-Werte\n\n"
            md += "| Wert | Priorität | Breite | am häufigsten gemeinsam genannt mit |\n|---|---|---|---|\n"
            for v in values {
                let fieldsWith = a.valueFieldCooccurrence.filter { $0.valueID == v.codeID && $0.turns > 0 }
                    .sorted { ($0.turns, $1.fieldID) > ($1.turns, $0.fieldID) }.prefix(3)
                    .map { cell in "\(Format.markdown(a.code(cell.fieldID)?.name ?? cell.fieldID)) (\(cell.turns))" }
                md += "| \(Format.markdown(v.name)) | \(Self.indexWithInterval(v)) | \(Format.of(v.interviews, n, "Interview", "Interviews")), \(Self.groups(v, a)) | "
                md += (fieldsWith.isEmpty ? "–" : fieldsWith.joined(separator: ", ")) + " |\n"
            }
            md += "\nIn Klammern: Redebeiträge, in denen Wert und Handlungsfeld zusammen vorkommen. Häufige Felder kommen auch "
            md += "zufällig oft mit einem Wert zusammen; ob sie sich anziehen, zeigt der Lift in report.html (Gemeinsames Auftreten).\n\n"
        }

        md += gapsSection(input)

        if !input.failures.isEmpty {
            md += "## Nicht oder nur teilweise ausgewertete Dateien\n\n"
            // The tool's messages are English, as on the terminal: said so in German (found in a
            // user review, fifth stop of 2026-11-29: an English list in a German summary, unexplained).
            md += "Diese Dateien fehlen ganz oder teilweise in den Zahlen. Die Meldungen (englisch, wie im Terminal) nennen jeweils den Grund und was zu tun ist:\n\n"
            for f in input.failures {
                let message = failureLine(file: f.file, error: f.error)
                md += "- \(Format.markdown(input.pseudonyms.replace(message)))\n"
            }
            md += "\n"
        }
        md += warningsSection(input)
        return RenderedFile(name: fileName, text: md)
    }

    /// Most warnings `warningsSection` lists; the rest are counted.
    static let shownWarnings = 5

    /// The warnings (and errors) of reading, which the workshop should know weaken the figures
    /// (a speaker whose role was guessed, a guessed encoding, a metadata row that matched no
    /// file): the first few, then how many more; every one is in report.html and analysis.json.
    /// Notes are left out.
    private func warningsSection(_ input: ReportInput) -> String {
        let warnings = input.diagnostics.filter { $0.severity >= .warning }
        guard !warnings.isEmpty else { return "" }
        var md = "## Hinweise zur Datengrundlage\n\n"
        md += warnings.count == 1 ? "Beim Einlesen gab es 1 Warnung (Meldung englisch, wie im Terminal):\n\n"
            : "Beim Einlesen gab es \(warnings.count) Warnungen (Meldungen englisch, wie im Terminal):\n\n"
        for d in warnings.prefix(Self.shownWarnings) {
            md += "- \(Format.markdown(Format.oneLine(input.pseudonyms.replace(d.description))))\n"
        }
        if warnings.count > Self.shownWarnings {
            md += "- … und \(warnings.count - Self.shownWarnings) weitere\n"
        }
        md += "\nAlle Meldungen mit Datei und Zeile: report.html (Hinweise) und analysis.json (diagnostics).\n\n"
        return md
    }

    // MARK: Sections

    /// "18 Interviews aus 3 Stakeholdergruppen (A, B, C)."; interviews without a group are named
    /// as such and count for none; without any group in the metadata, says that group breadth
    /// tells nothing.
    static func interviewsAndGroups(_ a: PriorityAnalysis) -> String {
        guard Format.hasGroups(a) else {
            return Format.interviewsAndGroups(a) + " (die Metadaten nennen keine Gruppe; die Breite über Gruppen sagt daher nichts und zählt nicht zum Index)."
        }
        let names = a.groupNames.filter { $0 != PriorityAggregator.noGroup }.map { Format.markdown($0) }
        var sentence = Format.interviewsAndGroups(a) + " (\(names.joined(separator: ", ")))"
        // One group: its breadth is 1 for every field mentioned, so the aggregation gives it no
        // weight (PriorityAggregator; since 2026-11-29, fifth stop).
        let oneGroup = names.count == 1 ? "; mit nur einer Gruppe zählt die Breite über Gruppen nicht zum Index" : ""
        let ungrouped = a.ungroupedInterviews
        guard ungrouped > 0 else { return sentence + oneGroup + "." }
        // "18 Interviews, davon 10 aus 1 Stakeholdergruppe (A); 8 haben …" (found in a review:
        // "18 Interviews aus 1 Stakeholdergruppe" for a group that holds 10).
        sentence += ungrouped == 1
            ? "; 1 Interview hat in den Metadaten keine Gruppe (es zählt in keinem Gruppenvergleich)"
            : "; \(ungrouped) haben in den Metadaten keine Gruppe (sie zählen in keinem Gruppenvergleich)"
        return sentence + oneGroup + "."
    }

    private func agreementSection(_ input: ReportInput, fields: [CodeAggregate]) -> String {
        let a = input.analysis
        let fieldIDs = Set(fields.filter { $0.interviews > 0 }.map(\.codeID))
        let consensus = a.consensus.filter { fieldIDs.contains($0.codeID) && $0.groupScores.count >= 2 }
        let conflicts = a.goalConflicts.filter { fieldIDs.contains($0.codeID) }
        guard !consensus.isEmpty || !conflicts.isEmpty else { return "" }
        func name(_ id: String) -> String { Format.markdown(a.code(id)?.name ?? id) }
        var md = "## Wo die Gruppen übereinstimmen und wo nicht\n\n"
        // Highest agreed score first, as the values are shown (found in a review: codebook order).
        let agree = consensus.filter { $0.level == .high }.sorted { ($0.meanScore, $1.codeID) > ($1.meanScore, $0.codeID) }
        if !agree.isEmpty {
            // A field with a goal conflict below is agreed in priority, not in stance: said so
            // (found in an analyst review: "Einig" and "Zielkonflikt" for one field, unexplained).
            let conflictIDs = Set(conflicts.map(\.codeID))
            md += "- **Einig** (keine deutlichen Unterschiede: Streuung der Gruppen unter 10 Punkten, keine Gruppe "
            md += "\(Format.decimal(a.settings.consensus.standsApart, digits: 0)) Punkte oder mehr von den übrigen entfernt): "
            md += agree.map { c in
                "\(name(c.codeID)) (\(Format.decimal(c.meanScore, digits: 0))\(conflictIDs.contains(c.codeID) ? "; in der Haltung aber ein Zielkonflikt, siehe unten" : ""))"
            }.joined(separator: ", ") + ".\n"
        }
        let tested = a.testedForApartness(.handlungsfeld)
        let corrected = a.settings.consensus.correction != .none
        let relevant = { (c: Consensus) in abs(c.apartDifference ?? 0) >= a.settings.consensus.standsApart }
        let listed = consensus.filter { $0.standsApart || (corrected && relevant($0) && ($0.apartPValue ?? 1) < a.settings.consensus.alpha) }
        for c in listed {
            guard let group = c.apartGroup, let diff = c.apartDifference else { continue }
            // With two groups, the other one by name (found in a review: "die übrigen Gruppen" for one).
            let rest = c.groupScores.map(\.group).filter { $0 != group }
            let (others, othersDative) = rest.count == 1
                ? ("die andere Gruppe (\(Format.markdown(rest[0])))", "der anderen Gruppe (\(Format.markdown(rest[0])))")
                : ("die übrigen Gruppen", "den übrigen Gruppen")
            md += "- **\(name(c.codeID))**: "
            // A group that rates a field lower because most of its interviews do not raise it is
            // silent on it, not against it (found in an analyst review).
            if diff < 0, let cell = a.groupBreakdown.first(where: { $0.codeID == c.codeID && $0.value == group }),
               cell.interviewsTotal > 0, 2 * cell.interviews < cell.interviewsTotal {
                md += "\(Format.markdown(group)) spricht das Feld kaum an (in \(Format.of(cell.interviews, cell.interviewsTotal, "Interview", "Interviews"))) und liegt daher "
                md += c.standsApart ? "deutlich unter \(othersDative) " : "unter \(othersDative) "
            } else if c.standsApart {
                md += "\(Format.markdown(group)) bewertet das Feld deutlich \(diff > 0 ? "höher" : "niedriger") als \(others) "
            } else {
                md += "\(Format.markdown(group)) bewertet das Feld \(diff > 0 ? "höher" : "niedriger") als \(others) "
            }
            md += "(\(diff > 0 ? "+" : "−")\(Format.decimal(abs(diff), digits: 0)) Punkte"
            if let p = c.apartPValue { md += ", p \(Format.pValue(p))" }
            if c.standsApart {
                if corrected, let q = c.apartQValue { md += ", korrigiert q \(Format.pValue(q))" }
                md += ").\n"
            } else {
                // Below alpha on its own, not once the other fields tested are accounted for: a
                // lead for the workshop, not a finding (20 fields give one such p by chance).
                md += "); bei \(tested) zugleich geprüften Handlungsfeldern kann das Zufall sein"
                if let q = c.apartQValue { md += " (korrigiert q \(Format.pValue(q)))" }
                md += ".\n"
            }
        }
        // The widest spreads only: a workshop needs the few fields worth discussing, not all of them.
        // Without a permutation test nothing was checked against chance: said so (found in a review:
        // the list below implied a test).
        if a.consensus.allSatisfy({ $0.apartPValue == nil }), consensus.contains(where: { $0.groupScores.count >= 2 }) {
            md += "- Ob eine Gruppe heraussticht, ist nicht geprüft: ein Permutationstest lief nicht (consensus.permutations: 0).\n"
        }
        let listedIDs = Set(listed.map(\.codeID))
        let mixed = consensus.filter { $0.level == .medium && !listedIDs.contains($0.codeID) }.sorted { ($0.dispersion, $1.codeID) > ($1.dispersion, $0.codeID) }.prefix(4)
        if !mixed.isEmpty {
            md += a.consensus.contains(where: { $0.apartPValue != nil })
                ? "- **Am unterschiedlichsten gewichtet** (ohne eine Gruppe, die sicher heraussticht): "
                : "- **Am unterschiedlichsten gewichtet**: "
            md += mixed.map { c in
                let top = c.groupScores.max { ($0.score, $1.group) < ($1.score, $0.group) }
                let low = c.groupScores.min { ($0.score, $1.group) < ($1.score, $0.group) }
                guard let top, let low else { return name(c.codeID) }
                // With each group's size and "Gruppe" before its name: a score of 2 interviews is
                // not one of 20, and "am höchsten Gesundheit & Pflege" under the field of that name
                // read as the field (found in a report review, fifth stop of 2026-11-29).
                func scored(_ g: GroupScore, _ unit: String) -> String {
                    let size = a.groupBreakdown.first { $0.codeID == c.codeID && $0.value == g.group }?.interviewsTotal
                    return "die Gruppe \(Format.markdown(g.group)) mit \(Format.decimal(g.score, digits: 0))\(unit)"
                        + (size.map { " aus \($0 == 1 ? "1 Interview" : "\($0) Interviews")" } ?? "")
                }
                return "\(name(c.codeID)) (am höchsten \(scored(top, " Punkten")), am niedrigsten \(scored(low, "")))"
            }.joined(separator: "; ") + ".\n"
        }
        md += "\n"
        if !conflicts.isEmpty {
            md += "### Zielkonflikte\n\n"
            for conflict in conflicts {
                let plural = (conflict.sideA.count > 1, conflict.sideB.count > 1)
                let (labelA, labelB) = conflict.kind == .needVersusAsset
                    ? (plural.0 ? "sehen Bedarf oder Probleme" : "sieht Bedarf oder Probleme", plural.1 ? "sehen eine Stärke" : "sieht eine Stärke")
                    : (plural.0 ? "betonen das Feld" : "betont das Feld", plural.1 ? "stufen es herab" : "stuft es herab")
                func sides(_ s: [ConflictSide]) -> String { Format.conflictSides(s, of: conflict, in: a, escape: Format.markdown) }
                md += "- **\(name(conflict.codeID))**: \(sides(conflict.sideA)) \(labelA); \(sides(conflict.sideB)) \(labelB).\n"
                for evidence in [conflict.evidenceA.first, conflict.evidenceB.first].compactMap({ $0 }) {
                    guard let text = input.text(interview: evidence.interviewID, range: evidence.range) else { continue }
                    md += "  > „\(Format.markdown(Format.oneLine(text)))“ — \(Format.markdown(evidence.group)), \(Format.markdown(evidence.interviewID)), "
                    md += "\(Format.markdown(PathName.lastComponent(evidence.file))):\(evidence.line)\n"
                }
            }
            md += "\n"
        }
        return md
    }

    private func fieldSection(_ input: ReportInput, _ pool: QuotePool, _ c: CodeAggregate, position: Int, quotes: Int, detailed: Bool) -> String {
        let a = input.analysis
        let n = a.interviewCount
        var md = "### \(position). \(Format.markdown(c.name))\n\n"
        md += "**Priorität \(Self.indexWithInterval(c))**"
        if let s = c.rankStability {
            md += "; in \(Format.percentInProse(s.top3)) der Stichproben unter den ersten drei, in \(Format.percentInProse(s.top5)) unter den ersten fünf"
        }
        md += ". \(Format.of(c.interviews, n, "Interview", "Interviews")), \(Self.groups(c, a))"
        // The groups are named when some are missing (all of them would only repeat the header).
        if !c.groupNames.isEmpty, c.groups < a.groupCount { md += " (\(c.groupNames.map(Format.markdown).joined(separator: ", ")))" }
        md += ".\n\n"
        let parts = c.components.filter { $0.weight > 0 && $0.points > 0.05 }
            .sorted { $0.points != $1.points ? $0.points > $1.points : $0.id < $1.id }
        if detailed, !parts.isEmpty {
            md += "Zusammensetzung: " + parts.map { "\($0.label) \(Format.decimal($0.points, digits: 1))" }.joined(separator: " · ") + " Punkte.\n\n"
        }
        // The ranking table gives every field its short reason; the leading fields get all of them here.
        let why = detailed ? Self.reasons(c, interviews: n) : []
        if !why.isEmpty { md += "Warum: " + why.joined(separator: "; ") + ".\n\n" }
        let values = a.valueFieldCooccurrence.filter { $0.fieldID == c.codeID && $0.turns > 0 }
            .sorted { ($0.turns, $1.valueID) > ($1.turns, $0.valueID) }.prefix(3)
        if let top = values.first {
            // "Am häufigsten" only when some value comes more than once (found in a report review:
            // "Am häufigsten … Innovation (in 1 Redebeitrag)").
            md += top.turns > 1
                ? "Am häufigsten gemeinsam genannte Leitbild-Werte: " + values.map { cell in
                    "\(Format.markdown(a.code(cell.valueID)?.name ?? cell.valueID)) (in \(cell.turns) \(cell.turns == 1 ? "Redebeitrag" : "Redebeiträgen"))"
                }.joined(separator: ", ") + ".\n\n"
                : "Gemeinsam genannte Leitbild-Werte, je in einem Redebeitrag: "
                    + values.map { Format.markdown(a.code($0.valueID)?.name ?? $0.valueID) }.joined(separator: ", ") + ".\n\n"
        }
        for quote in pool.quotes(for: c.codeID, in: input, limit: quotes) {
            md += "> „\(Format.markdown(quote.text))“ — \(Format.markdown(quote.group ?? "ohne Gruppe")), \(Format.markdown(quote.citation))\n\n"
        }
        return md
    }

    private func gapsSection(_ input: ReportInput) -> String {
        let a = input.analysis
        var md = "## Lücken im Codebuch\n\n"
        // A name is never suggested as a term (and would leak through the pseudonymisation).
        let terms = input.shownEmergentTerms.prefix(emergentTermLimit)
        guard !terms.isEmpty else {
            md += "Keine Vorschläge"
            if let note = a.emergentTermsNote { md += " (\(Format.markdown(note)))" }
            return md + ".\n\n"
        }
        md += "Häufige Begriffe der Befragten, die kein Code erfasst (auffällig häufiger als im allgemeinen Sprachgebrauch); "
        md += "Kandidaten für neue Begriffe oder Codes. "
        md += "Begriffe, die keine Lücke sind (etwa Ortsnamen), lassen sich in `weights.yaml` unter `emergent.ignore` ausblenden.\n\n"
        for t in terms {
            md += "- **\(Format.markdown(t.term))**: \(t.count)× in \(t.interviews) \(t.interviews == 1 ? "Interview" : "Interviews")"
            if let example = t.examples.first, let text = input.text(interview: example.interviewID, range: example.range) {
                md += " — „\(Format.markdown(Format.oneLine(text)))“ (\(Format.markdown(example.interviewID)), Z. \(example.line))"
            }
            md += "\n"
        }
        return md + "\n"
    }

    // MARK: Wording

    /// "64,9 (52,6–74,1)".
    /// "7 von 8 Gruppen", "1 von 1 Gruppe"; "keine Gruppen in den Metadaten" when no interview has
    /// one (found in a review: "1 von 1 Gruppe" where the first sentence says breadth over groups
    /// says nothing).
    static func groups(_ c: CodeAggregate, _ a: PriorityAnalysis) -> String {
        Format.hasGroups(a) ? Format.of(c.groups, a.groupCount, "Gruppe", "Gruppen") : "keine Gruppen in den Metadaten"
    }

    /// How interviews are weighted, as the settings say (`interview_weighting`, `group_weights`).
    static func weightingSentence(_ settings: PrioritySettings, hasUngrouped: Bool = false, hasGroups: Bool = true, groups: [String] = []) -> String {
        switch settings.interviewWeighting {
        case .interview:
            return "jedes Interview zählt gleich viel."
        case .group where !hasGroups:
            return "jedes Interview zählt gleich viel (gewichtet nach Gruppen, aber die Metadaten nennen keine)."
        case .group:
            // The keys used for a group (another spelling of a group that another key weighs is not).
            let usedKeys = Set(groups.compactMap(settings.groupWeightKey(for:)))
            let weighted = settings.groupWeights.filter { $0.value != 1 && (groups.isEmpty || usedKeys.contains($0.key)) }.sorted { $0.key < $1.key }
            // Interviews without a group share the weight of one group (InterviewTable.weights).
            let ungrouped = hasUngrouped ? "; Interviews ohne Gruppe zählen zusammen wie eine Gruppe" : ""
            guard !weighted.isEmpty else { return "jede Stakeholdergruppe zählt gleich viel, innerhalb der Gruppe jedes Interview\(ungrouped)." }
            let list = weighted.map { w in
                "\(Format.markdown(w.key)) ×\(w.value.rounded() == w.value ? String(Int(w.value)) : Format.decimal(w.value, digits: 2))"
            }.joined(separator: ", ")
            return "jede Stakeholdergruppe zählt gleich viel (außer \(list)), innerhalb der Gruppe jedes Interview\(ungrouped)."
        }
    }

    /// A bootstrap rank interval as places: "3" when it is one place, "2–6" otherwise.
    static func rankSpan(_ i: Interval) -> String {
        let low = Int(i.low), high = Int(i.high)
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    static func indexWithInterval(_ c: CodeAggregate) -> String {
        var s = Format.decimal(c.priorityIndex, digits: 1)
        if let i = c.intervals?.priorityIndex { s += " (\(Format.decimal(i.low, digits: 1))–\(Format.decimal(i.high, digits: 1)))" }
        return s
    }

    /// "1 Interview", "3 Interviews".
    static func interviews(_ n: Int) -> String { n == 1 ? "1 Interview" : "\(n) Interviews" }

    /// The evidence behind the index, strongest component first.
    static func reasons(_ c: CodeAggregate, interviews n: Int) -> [String] {
        var items: [(points: Double, text: String)] = []
        func points(_ component: PriorityComponent) -> Double { c.component(component)?.points ?? 0 }
        if c.spontaneousInterviews > 0 {
            items.append((points(.spontaneity), "in \(Format.of(c.spontaneousInterviews, n, "Interview", "Interviews")) ungefragt angesprochen"))
        }
        if c.rankedInterviews > 0, let mean = c.meanExplicitRank {
            items.append((points(.ranking), "ausdrücklich gereiht in \(interviews(c.rankedInterviews)) (mittlerer Rang \(Format.decimal(mean, digits: 1)))"))
        }
        if c.emphasisInterviews > 0 { items.append((points(.importance), "als wichtig oder dringend betont in \(interviews(c.emphasisInterviews))")) }
        if c.problemInterviews > 0 { items.append((points(.problemPressure), "Problemdruck in \(interviews(c.problemInterviews))")) }
        var out = items.sorted { $0.points != $1.points ? $0.points > $1.points : $0.text < $1.text }.map(\.text)
        if c.promptedSegments > 0 { out.append("\(c.promptedSegments) von \(c.segments) Nennungen auf Nachfrage") }
        if c.weakeningInterviews > 0 { out.append("abgeschwächt oder verneint in \(interviews(c.weakeningInterviews))") }
        // Said in words (found in a report review, fifth stop of 2026-11-29: "15× Bedarf, 8× Stärke"
        // was unexplained): what the mentions say about the field.
        if c.needSegments + c.assetSegments > 0 {
            func mentions(_ k: Int) -> String { k == 0 ? "keine" : k == 1 ? "1 Nennung" : "\(k) Nennungen" }
            out.append("Haltung: \(mentions(c.needSegments)) mit Bedarf oder Problem, \(c.assetSegments == 0 ? "keine" : "\(c.assetSegments)") mit Stärke")
        }
        return out
    }

    /// One line for the ranking table: the two strongest reasons.
    static func whyLine(_ c: CodeAggregate, interviews n: Int) -> String {
        let r = reasons(c, interviews: n).prefix(2)
        return r.isEmpty ? "–" : r.joined(separator: "; ")
    }
}

import Foundation
