import Foundation
import Signals
import Testing
import Themes

/// Properties every aggregation must keep, and the index formula itself.
@Suite("Aggregation properties")
struct AggregationTests {
    static let scripts: [(id: String, group: String, municipality: String, script: String)] = [
        ("I01", "Verwaltung", "Naila", """
        I: Was beschäftigt Sie?
        B: Der Bus fährt kaum noch. Das ist wirklich dringend. Die Schule ist gut.
        I: Und der Arzt?
        B: Der Hausarzt fehlt. Erstens der Bus, zweitens der Arzt.
        """),
        ("I02", "Jugend", "Rehau", """
        I: Was fehlt euch?
        B: Schnelles Internet. Und der Bus am Abend, der ist besonders wichtig.
        B: Nachhaltig soll es sein, auch beim Bus.
        """),
        ("I03", "Senioren", "Rehau", """
        I: Wie ist es mit dem Bus?
        B: Der Bus ist eher nachrangig. Der Arzt ist das Wichtigste. Die Pflege wird immer schwieriger.
        I: Und die Schule?
        B: Die Schule ist bei uns kein Thema.
        """),
        ("I04", "Jugend", "Selbitz", """
        I: Erzähl mal.
        B: Die Schule braucht besseres Internet. Der Laden im Ort hat zugemacht, den gibt es nicht mehr.
        """),
    ]

    static func corpus(_ scripts: [(id: String, group: String, municipality: String, script: String)] = scripts) -> [SignalledTranscript] {
        scripts.map { Fixture.signals($0.id, group: $0.group, municipality: $0.municipality, $0.script) }
    }

    static func aggregate(_ transcripts: [SignalledTranscript], settings: PrioritySettings = .standard) -> PriorityAnalysis {
        PriorityAggregator().aggregate(AggregationInput(transcripts: transcripts, codebook: Fixture.codebook, settings: settings))
    }

    @Test("aggregate counts equal the sum of segment counts")
    func countsAddUp() {
        let transcripts = Self.corpus()
        let analysis = Self.aggregate(transcripts)
        // A self-introduction's segments count for nothing.
        let signals = transcripts.flatMap(\.segments).filter { !$0.introduction }.flatMap(\.codes)
        for code in analysis.codes {
            let own = signals.filter { $0.codeID == code.codeID }
            #expect(code.segments == own.filter { !$0.dismissed }.count, "\(code.codeID) segments")
            #expect(code.negatedSegments == own.filter(\.dismissed).count, "\(code.codeID) dismissed")
            #expect(code.promptedSegments == own.filter { !$0.dismissed && $0.prompted }.count, "\(code.codeID) prompted")
            #expect(code.segments == analysis.interviews.reduce(0) { $0 + ($1.codes.first { $0.codeID == code.codeID }?.segments ?? 0) })
            let cells = analysis.groupBreakdown.filter { $0.codeID == code.codeID }
            #expect(cells.reduce(0) { $0 + $1.segments } == code.segments, "\(code.codeID) group cells")
            #expect(cells.reduce(0) { $0 + $1.interviews } == code.interviews)
        }
        #expect(analysis.codes.reduce(0) { $0 + $1.segments + $1.negatedSegments } == signals.count)
    }

    @Test("the result does not depend on file order")
    func orderIndependent() {
        let transcripts = Self.corpus()
        let a = Self.aggregate(transcripts)
        let b = Self.aggregate(transcripts.reversed())
        let c = Self.aggregate([transcripts[2], transcripts[0], transcripts[3], transcripts[1]])
        #expect(a == b)
        #expect(a == c)
    }

    @Test("repeating one interview's text does not change its weight")
    func doublingKeepsWeight() throws {
        var doubled = Self.scripts
        doubled[0].script = doubled[0].script + "\n" + doubled[0].script
        let original = Self.aggregate(Self.corpus())
        let repeated = Self.aggregate(Self.corpus(doubled))
        for code in original.codes {
            let other = try #require(repeated.code(code.codeID))
            #expect(other.priorityIndex == code.priorityIndex, "\(code.codeID) index")
            #expect(other.interviewShare == code.interviewShare)
            #expect(other.meanShare == code.meanShare)
            #expect(other.components == code.components)
            #expect(other.intervals == code.intervals)
            #expect(other.rank == code.rank)
        }
        // The repeated interview has twice the segments, and the same weight.
        let bus = try #require(original.code("mobilitaet")), busRepeated = try #require(repeated.code("mobilitaet"))
        #expect(busRepeated.segments > bus.segments)
        #expect(original.interviews.map(\.weight) == repeated.interviews.map(\.weight))
    }

    @Test("interviewer text never contributes a mention, only prompting")
    func interviewerNeverCounts() throws {
        let silent = Fixture.signals("I99", """
        I: Ist der Bus dringend? Die Schule ist das Wichtigste, oder? Erstens der Arzt, zweitens das Internet?
        B: Da kann ich nichts sagen.
        I: Und der Laden fehlt?
        B: Keine Ahnung.
        """)
        #expect(silent.segments.isEmpty)
        #expect(silent.rankings.isEmpty)
        let alone = Self.aggregate([silent])
        for code in alone.codes {
            #expect(code.segments == 0 && code.interviews == 0 && code.priorityIndex == 0, "\(code.codeID)")
        }
        // Adding interviewer questions to a transcript changes prompting, never the mentions.
        let plain = Fixture.signals("I10", "B: Der Bus fährt kaum noch.")
        let asked = Fixture.signals("I10", "I: Wie ist es mit dem Bus, der Schule und dem Arzt?\nB: Der Bus fährt kaum noch.")
        let a = try #require(Self.aggregate([plain]).code("mobilitaet")), b = try #require(Self.aggregate([asked]).code("mobilitaet"))
        #expect(a.segments == b.segments && a.interviews == b.interviews && a.meanShare == b.meanShare)
        #expect(a.promptedSegments == 0 && b.promptedSegments == 1)
        #expect(Self.aggregate([asked]).code("bildung")?.interviews == 0)
    }

    @Test("the index is the sum of its components' points, and each point is 100 × weight × value / Σ weights")
    func indexIsSumOfPoints() {
        let analysis = Self.aggregate(Self.corpus())
        let weights = PrioritySettings.standard.weightSum
        for code in analysis.codes {
            let sum = code.components.reduce(0) { $0 + $1.points }
            #expect(abs(sum - code.priorityIndex) < 1e-9, "\(code.codeID)")
            for c in code.components { #expect(abs(c.points - 100 * c.weight * c.value / weights) < 1e-12) }
        }
    }

    @Test("components by hand: one interview, one field")
    func formulaByHand() throws {
        // Two respondent sentences, one about the bus: share 1/2, the interview's only field (intensity 1),
        // spontaneous, emphasis 1 ("besonders wichtig"), problem 1 ("fehlt"), explicit rank 2 (1/2 point).
        let t = Fixture.signals("B: Der Bus ist besonders wichtig, zweitens der Bus, weil er fehlt. Heute regnet es.")
        var settings = Fixture.noBootstrap
        settings.weights = ["interviews": 1, "groups": 1, "intensity": 1, "spontaneity": 1, "importance": 1, "problem_pressure": 1, "ranking": 2]
        let bus = try #require(Self.aggregate([t], settings: settings).code("mobilitaet"))
        let values = Dictionary(uniqueKeysWithValues: bus.components.map { ($0.id, $0.value) })
        #expect(values == ["interviews": 1, "groups": 1, "intensity": 1, "spontaneity": 1, "importance": 1, "problem_pressure": 1, "ranking": 0.5])
        #expect(bus.meanShare == 0.5)
        // One group: its breadth weighs nothing (see the next test), so 6 of the 8 weights count.
        #expect(abs(bus.priorityIndex - 100 * (5 + 2 * 0.5) / 7) < 1e-9)
    }

    /// Found in a report review (fifth stop of 2026-11-29): without groups in the metadata every
    /// mentioned field got the full group breadth, 15 of 100 points, from one text as from all.
    @Test("with fewer than two groups, group breadth weighs nothing and the other weights share its part",
          arguments: [[String?]](arrayLiteral: [nil, nil, nil], ["Jugend", "Jugend", "Jugend"], ["Jugend", nil, nil], ["Jugend", "Senioren", nil]))
    func groupBreadthNeedsGroups(_ groups: [String?]) throws {
        let transcripts = groups.enumerated().map { i, group in
            Fixture.signals("T\(i)", group: group, i == 0 ? "B: Der Bus fehlt. Die Schule ist alt." : "B: Die Schule ist alt.")
        }
        let a = Self.aggregate(transcripts, settings: Fixture.noBootstrap)
        let stakeholderGroups = Set(groups.compactMap(\.self)).count
        let bus = try #require(a.code("mobilitaet"))
        let groupsWeight = a.settings.weight(.groups)
        #expect((groupsWeight == 0) == (stakeholderGroups < 2))
        #expect(groupsWeight == (stakeholderGroups < 2 ? 0 : PrioritySettings.standard.weight(.groups)))
        // The index still adds up from its points, over the weights used.
        let sum = bus.components.reduce(0) { $0 + $1.points }
        #expect(abs(sum - bus.priorityIndex) < 1e-9)
        for c in bus.components { #expect(abs(c.points - 100 * c.weight * c.value / a.settings.weightSum) < 1e-12, "\(c.id)") }
        #expect(bus.components.first { $0.id == "groups" }?.points == (stakeholderGroups < 2 ? 0 : bus.components.first { $0.id == "groups" }?.points))
    }

    @Test("group weighting gives every group the same voice")
    func groupWeighting() throws {
        let transcripts = [
            Fixture.signals("A1", group: "Verwaltung", "B: Der Bus fährt selten."),
            Fixture.signals("A2", group: "Verwaltung", "B: Der Bus fährt selten."),
            Fixture.signals("A3", group: "Verwaltung", "B: Der Bus fährt selten."),
            Fixture.signals("B1", group: "Jugend", "B: Die Schule ist alt."),
        ]
        var settings = Fixture.noBootstrap
        let byInterview = try #require(Self.aggregate(transcripts, settings: settings).code("mobilitaet"))
        #expect(byInterview.interviewShare == 0.75)
        settings.interviewWeighting = .group
        let byGroup = try #require(Self.aggregate(transcripts, settings: settings).code("mobilitaet"))
        #expect(abs(byGroup.interviewShare - 0.5) < 1e-12)
        settings.groupWeights = ["Jugend": 3]
        let youthHeavy = try #require(Self.aggregate(transcripts, settings: settings).code("mobilitaet"))
        #expect(abs(youthHeavy.interviewShare - 0.25) < 1e-12)
        #expect(abs(try #require(youthHeavy.component(.groups)).value - 0.25) < 1e-12)
        // Keys in another letter case or with spaces around them name the same group, as the
        // sheet's group cells do (found in a review: `jugend: 3` no longer weighed "Jugend").
        for key in ["jugend", " JUGEND "] {
            settings.groupWeights = [key: 3]
            let folded = try #require(Self.aggregate(transcripts, settings: settings).code("mobilitaet"))
            #expect(abs(folded.interviewShare - 0.25) < 1e-12, "\(key)")
        }
        settings.groupWeights = ["Jugend": 3, "jugend": 1]
        #expect(settings.groupWeight("jugend") == 1 && settings.groupWeight("JUGEND") == 3)  // exact first, else the first key in sorted order
    }

    @Test("a dismissal lowers the index below that of a neutral mention")
    func dismissalLowers() throws {
        let neutral = Fixture.signals("N1", "B: Die Schule ist alt.")
        let dismissed = Fixture.signals("N2", "B: Die Schule ist alt. Die Schule brauchen wir nicht.")
        let a = try #require(Self.aggregate([neutral], settings: Fixture.noBootstrap).code("bildung"))
        let b = try #require(Self.aggregate([dismissed], settings: Fixture.noBootstrap).code("bildung"))
        #expect(b.negatedSegments == 1 && b.segments == 1)
        #expect(b.component(.importance)?.value == -1)
        #expect(b.priorityIndex < a.priorityIndex)
    }

    @Test("bootstrap: reproducible with the seed, intervals around the estimate, rank stability")
    func bootstrap() throws {
        let transcripts = Self.corpus()
        let a = Self.aggregate(transcripts), b = Self.aggregate(transcripts)
        #expect(a == b)
        var reseeded = PrioritySettings.standard
        reseeded.bootstrap.seed = 7
        let c = Self.aggregate(transcripts, settings: reseeded)
        #expect(a.codes.map(\.intervals) != c.codes.map(\.intervals))
        for code in a.codes {
            let i = try #require(code.intervals), s = try #require(code.rankStability)
            #expect(i.priorityIndex.low <= i.priorityIndex.high)
            #expect(i.interviewShare.low >= 0 && i.interviewShare.high <= 1)
            #expect(s.top3 <= s.top5)
            #expect(s.rankInterval.low <= Double(code.rank) + 1e-9 || code.interviews == 0)
        }
        // Identical interviews: every resample equals the sample, so intervals collapse.
        let same = (1...5).map { Fixture.signals("S\($0)", "B: Der Bus ist dringend. Die Schule ist alt.") }
        let collapsed = try #require(Self.aggregate(same).code("mobilitaet"))
        #expect(collapsed.intervals?.priorityIndex == Interval(low: collapsed.priorityIndex, high: collapsed.priorityIndex))
        #expect(collapsed.rankStability?.top3 == 1)
    }

    struct TieCase: Sendable, CustomTestStringConvertible {
        var script: String
        /// Fields of equal index, the places they share, and each one's share of the top 3.
        var tied: [String]
        var places: Interval
        var top3: Double
        var testDescription: String { script }
    }

    @Test("bootstrap: fields of equal index share their places and their share of the top 3", arguments: [
        // Four fields in every sentence: every resample ties them for places 1 to 4.
        TieCase(script: "B: Bus, Schule, Arzt und Internet sind wichtig.", tied: ["mobilitaet", "bildung", "gesundheit", "digital"],
                places: Interval(low: 1, high: 4), top3: 0.75),
        // Two tied for places 1 and 2: both are always among the top 3.
        TieCase(script: "B: Bus und Schule sind wichtig.", tied: ["mobilitaet", "bildung"], places: Interval(low: 1, high: 2), top3: 1),
    ])
    func ties(_ c: TieCase) throws {
        let same = (1...8).map { Fixture.signals("T\($0)", group: $0 % 2 == 0 ? "Jugend" : "Senioren", c.script) }
        let a = Self.aggregate(same)
        for id in c.tied {
            let code = try #require(a.code(id))
            // The point estimate shares the first place too.
            #expect(code.rank == 1, "\(id)")
            #expect(code.rankStability?.rankInterval == c.places, "\(id)")
            #expect(abs((code.rankStability?.top3 ?? -1) - c.top3) < 1e-12, "\(id)")
        }
        // The fields never mentioned (index 0) share the places after them.
        let silent = a.codes.filter { $0.kind == .handlungsfeld && $0.interviews == 0 }
        #expect(!silent.isEmpty)
        for code in silent {
            #expect(code.rank == c.tied.count + 1)
            #expect(code.rankStability?.rankInterval == Interval(low: Double(c.tied.count + 1), high: Double(c.tied.count + silent.count)))
        }
    }

    @Test("bootstrap with group weighting resamples within groups: a group never goes missing from a resample")
    func stratified() throws {
        // Alike within each group: resampling within groups changes nothing, so the intervals
        // collapse; resampling over all interviews left Jugend's one interview out of about a
        // third of the resamples.
        var transcripts = [Fixture.signals("J1", group: "Jugend", "B: Der Bus fehlt am Abend.")]
        for i in 1...5 { transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt.")) }
        var settings = PrioritySettings.standard
        settings.interviewWeighting = .group
        settings.groupWeights = ["Jugend": 4]
        let a = Self.aggregate(transcripts, settings: settings)
        for id in ["mobilitaet", "bildung"] {
            let code = try #require(a.code(id))
            let interval = try #require(code.intervals?.priorityIndex)
            #expect(abs(interval.low - code.priorityIndex) < 1e-9 && abs(interval.high - code.priorityIndex) < 1e-9, "\(id): \(interval)")
        }
        // Weighting by interview still resamples over all interviews.
        let plain = try #require(Self.aggregate(transcripts).code("mobilitaet")?.intervals?.priorityIndex)
        #expect(plain.high - plain.low > 1)
    }

    @Test("breakdowns by group and municipality hold breadth and intensity")
    func breakdowns() throws {
        let analysis = Self.aggregate(Self.corpus())
        let youthBus = try #require(analysis.groupBreakdown.first { $0.value == "Jugend" && $0.codeID == "mobilitaet" })
        #expect(youthBus.interviewsTotal == 2 && youthBus.interviews == 1 && youthBus.breadth == 0.5)
        let rehau = try #require(analysis.municipalityBreakdown.first { $0.value == "Rehau" && $0.codeID == "gesundheit" })
        #expect(rehau.interviewsTotal == 2 && rehau.interviews == 1)
        #expect(analysis.municipalityNames == ["Naila", "Rehau", "Selbitz"])
    }

    @Test("co-occurrence: counts, lift and a value × field cell")
    func cooccurrence() throws {
        let analysis = Self.aggregate(Self.corpus())
        let pair = try #require(analysis.cooccurrence.first { $0.level == .segment && $0.codeA == "bildung" && $0.codeB == "digital" })
        #expect(pair.joint == 1)
        #expect(abs(pair.lift - Double(pair.joint) / (Double(pair.countA * pair.countB) / Double(pair.units))) < 1e-12)
        #expect(pair.pValue > 0 && pair.pValue <= 1 && pair.qValue >= pair.pValue)
        let cell = try #require(analysis.valueFieldCooccurrence.first { $0.valueID == "nachhaltigkeit" && $0.fieldID == "mobilitaet" })
        #expect(cell.segments == 1 && cell.turns == 1 && cell.interviews == 1)
        #expect(analysis.valueFieldCooccurrence.count == 2 * 5)
    }

    @Test("consensus names the group that stands apart, and conflicts need opposite sides")
    func consensusAndConflicts() throws {
        let transcripts = [
            Fixture.signals("V1", group: "Verwaltung", "B: Der Bus funktioniert gut. Der Bus ist eine Stärke."),
            Fixture.signals("V2", group: "Verwaltung", "B: Der Bus läuft gut, ein echter Vorteil."),
            Fixture.signals("J1", group: "Jugend", "B: Der Bus fehlt am Abend. Der Bus fährt kaum noch. Der Bus ist dringend."),
            Fixture.signals("J2", group: "Jugend", "B: Wir brauchen einen Bus. Der Bus ist ein großes Problem."),
            Fixture.signals("S1", group: "Senioren", "B: Die Schule ist alt."),
        ]
        let analysis = Self.aggregate(transcripts, settings: Fixture.noBootstrap)
        let conflict = try #require(analysis.goalConflicts.first { $0.codeID == "mobilitaet" && $0.kind == .needVersusAsset })
        #expect(conflict.sideA.map(\.group) == ["Jugend"])
        #expect(conflict.sideB.map(\.group) == ["Verwaltung"])
        #expect(conflict.evidenceA.count == 2 && conflict.evidenceB.count == 2)
        let consensus = try #require(analysis.consensus.first { $0.codeID == "mobilitaet" })
        #expect(consensus.apartGroup == "Senioren" || consensus.apartGroup == "Jugend")
        #expect(consensus.groupScores.map(\.group) == ["Jugend", "Senioren", "Verwaltung"])
        // Five interviews cannot show that a group stands apart beyond chance.
        #expect(consensus.apartPValue.map { $0 > 0.05 } == true)
        #expect(consensus.level == .medium && !consensus.standsApart)
        // Without the asset side there is no conflict.
        let oneSided = Self.aggregate(Array(transcripts[2...]), settings: Fixture.noBootstrap)
        #expect(!oneSided.goalConflicts.contains { $0.codeID == "mobilitaet" && $0.kind == .needVersusAsset })
    }

    @Test("goal conflicts: a side needs evidence from conflict_min_interviews of its group's interviews, not one", arguments: [
        (1, false), (2, true),
    ])
    func conflictInterviews(_ c: (perSide: Int, conflict: Bool)) {
        // Five interviews per group; `perSide` of them take a stance, each with two segments.
        var transcripts: [SignalledTranscript] = []
        for i in 1...5 {
            let need = i <= c.perSide ? " Der Bus fehlt am Abend. Der Bus ist ein großes Problem." : ""
            let asset = i <= c.perSide ? " Der Bus funktioniert gut. Der Bus ist eine Stärke." : ""
            transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt.\(need)"))
            transcripts.append(Fixture.signals("W\(i)", group: "Wirtschaft", "B: Die Schule ist alt.\(asset)"))
        }
        let analysis = Self.aggregate(transcripts, settings: Fixture.noBootstrap)
        let conflict = analysis.goalConflicts.first { $0.codeID == "mobilitaet" && $0.kind == .needVersusAsset }
        #expect((conflict != nil) == c.conflict)
        #expect(conflict.map { $0.sideA.map(\.interviews) == [c.perSide] && $0.sideB.map(\.interviews) == [c.perSide] } ?? true)
        // With one interview allowed, the single interviews make a conflict.
        var lenient = Fixture.noBootstrap
        lenient.consensus.conflictMinInterviews = 1
        #expect(Self.aggregate(transcripts, settings: lenient).goalConflicts.contains { $0.codeID == "mobilitaet" })
    }

    @Test("interviews without a group count for no group's breadth and are left out of group comparisons")
    func ungrouped() throws {
        var transcripts: [SignalledTranscript] = []
        for i in 1...3 {
            transcripts.append(Fixture.signals("J\(i)", group: "Jugend", "B: Der Bus fehlt am Abend. Der Bus ist ein großes Problem."))
            transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt."))
            // Only the interviews without a group like the bus and raise the doctor.
            transcripts.append(Fixture.signals("X\(i)", group: nil, "B: Der Bus funktioniert gut. Der Bus ist eine Stärke. Der Arzt kommt montags."))
        }
        var lenient = Fixture.noBootstrap
        lenient.consensus.conflictMinInterviews = 1
        for settings in [PrioritySettings.standard, lenient] {
            let a = Self.aggregate(transcripts, settings: settings)
            #expect(a.groupCount == 2)
            let bus = try #require(a.code("mobilitaet")), doctor = try #require(a.code("gesundheit"))
            #expect(bus.groups == 1 && bus.groupNames == ["Jugend"])
            #expect(doctor.groups == 0 && doctor.groupNames.isEmpty)
            #expect(doctor.components.first { $0.id == "groups" }?.value == 0)
            #expect(bus.components.first { $0.id == "groups" }?.value == 0.5)
            for c in a.consensus { #expect(!c.groupScores.contains { $0.group == PriorityAggregator.noGroup }, "\(c.codeID)") }
            #expect(!a.consensus.contains { $0.apartGroup == PriorityAggregator.noGroup })
            #expect(!a.goalConflicts.contains { ($0.sideA + $0.sideB).contains { $0.group == PriorityAggregator.noGroup } })
            // The breakdown still shows them, as what they are.
            #expect(a.groupBreakdown.contains { $0.value == PriorityAggregator.noGroup && $0.codeID == "gesundheit" && $0.interviews == 3 })
            // Their mentions still count for breadth across interviews.
            #expect(doctor.interviews == 3)
        }
        // Without any group, the one pseudo-group is all there is (breadth over groups says nothing).
        let none = Self.aggregate(transcripts.map { t in var t = t; t.group = nil; return t }, settings: Fixture.noBootstrap)
        #expect(none.groupCount == 1)
        #expect(none.code("gesundheit")?.groups == 1)
    }

    @Test("a group stands apart only when the permutation test agrees; equal groups agree")
    func standsApart() throws {
        var transcripts: [SignalledTranscript] = []
        for i in 1...6 {
            transcripts.append(Fixture.signals("J\(i)", group: "Jugend", "B: Der Bus fehlt am Abend, das ist dringend. Die Schule ist alt."))
            transcripts.append(Fixture.signals("V\(i)", group: "Verwaltung", "B: Die Schule ist alt. Der Arzt kommt montags."))
            transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt. Der Arzt kommt montags."))
        }
        let analysis = Self.aggregate(transcripts, settings: Fixture.noBootstrap)
        let bus = try #require(analysis.consensus.first { $0.codeID == "mobilitaet" })
        #expect(bus.apartGroup == "Jugend")
        #expect((bus.apartDifference ?? 0) > 15)
        #expect((bus.apartPValue ?? 1) < 0.05)
        #expect(bus.standsApart && bus.level == .low)
        let school = try #require(analysis.consensus.first { $0.codeID == "bildung" })
        #expect(school.dispersion < 1e-9 && school.level == .high && !school.standsApart)
        #expect(Self.aggregate(transcripts, settings: Fixture.noBootstrap) == analysis)
    }

    /// Three groups of six; Jugend alone raises Mobilität, and Verwaltung and Senioren alone
    /// Gesundheit; every group raises Bildung alike. All three are tested: the family has three
    /// p-values, one of them for a field where no group is apart.
    static func apartCorpus() -> [SignalledTranscript] {
        var transcripts: [SignalledTranscript] = []
        for i in 1...6 {
            transcripts.append(Fixture.signals("J\(i)", group: "Jugend", "B: Der Bus fehlt am Abend, das ist dringend. Die Schule ist alt."))
            transcripts.append(Fixture.signals("V\(i)", group: "Verwaltung", "B: Die Schule ist alt. Der Arzt kommt montags."))
            transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt. Der Arzt kommt montags."))
        }
        return transcripts
    }

    @Test("group differences: the tested fields' p-values are adjusted together (Benjamini–Hochberg) or, with 'none', not at all",
          arguments: [MultipleTesting.benjaminiHochberg, .none])
    func multipleTesting(_ correction: MultipleTesting) throws {
        var settings = Fixture.noBootstrap
        settings.consensus.correction = correction
        let analysis = Self.aggregate(Self.apartCorpus(), settings: settings)
        let tested = analysis.consensus.filter { $0.apartPValue != nil }
        #expect(tested.count >= 2)
        // Untested fields have neither value.
        #expect(analysis.consensus.allSatisfy { ($0.apartPValue == nil) == ($0.apartQValue == nil) })
        let p = tested.compactMap(\.apartPValue), q = tested.compactMap(\.apartQValue)
        #expect(q == (correction == .none ? p : Statistics.benjaminiHochberg(p)))
        for c in analysis.consensus {
            let reaches = abs(c.apartDifference ?? 0) >= settings.consensus.standsApart
            #expect(c.standsApart == (reaches && (c.apartQValue ?? 1) < settings.consensus.alpha), "\(c.codeID)")
        }
    }

    /// Five fields tested (Bildung, where all agree, too): Gesundheit (Verwaltung and Senioren alone) and Digitale Infrastruktur
    /// (Jugend alone) clearly, Mobilität (Jugend five of six, the others one each; p = 0.034) less clearly,
    /// Nahversorgung (Senioren three of six) hardly: Mobilität's p is neither the smallest nor the
    /// largest, so its adjusted value exceeds it.
    static func mixedCorpus() -> [SignalledTranscript] {
        var transcripts: [SignalledTranscript] = []
        for i in 1...6 {
            let bus = i <= 5 ? " Der Bus fehlt am Abend." : ""
            transcripts.append(Fixture.signals("J\(i)", group: "Jugend", "B: Das Internet ist langsam.\(bus) Die Schule ist alt."))
            let busV = i == 1 ? " Der Bus fehlt am Abend." : "", shop = i <= 3 ? " Der Laden hat zu." : "", shopV = i == 2 ? " Der Laden hat zu." : ""
            transcripts.append(Fixture.signals("V\(i)", group: "Verwaltung", "B: Die Schule ist alt. Der Arzt kommt montags.\(busV)\(shopV)"))
            transcripts.append(Fixture.signals("S\(i)", group: "Senioren", "B: Die Schule ist alt. Der Arzt kommt montags.\(busV)\(shop)"))
        }
        return transcripts
    }

    @Test("group differences: a p-value below alpha whose adjusted value is not makes no group stand apart")
    func correctionDecides() throws {
        let plain = Self.aggregate(Self.mixedCorpus(), settings: Fixture.noBootstrap)
        let bus = try #require(plain.consensus.first { $0.codeID == "mobilitaet" })
        let p = try #require(bus.apartPValue), q = try #require(bus.apartQValue)
        try #require(q > p)
        // An alpha between the two: the field's own test passes, the family's does not.
        for (correction, apart) in [(MultipleTesting.benjaminiHochberg, false), (.none, true)] {
            var settings = Fixture.noBootstrap
            settings.consensus.alpha = (p + q) / 2
            settings.consensus.correction = correction
            let c = try #require(Self.aggregate(Self.mixedCorpus(), settings: settings).consensus.first { $0.codeID == "mobilitaet" })
            #expect(c.standsApart == apart, "\(correction)")
            #expect(c.level == (apart ? .low : .medium), "\(correction)")
        }
    }

    @Test("analysis.json figures survive a JSON round trip")
    func codable() throws {
        let analysis = Self.aggregate(Self.corpus())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(analysis)
        let back = try JSONDecoder().decode(PriorityAnalysis.self, from: data)
        #expect(try encoder.encode(back) == data)
        let signals = Self.corpus()[0]
        var decoded = try JSONDecoder().decode(SignalledTranscript.self, from: encoder.encode(signals))
        // All but the text, which is not encoded: whoever decodes sets it (the run cache from its parsed entry).
        #expect(decoded.text.isEmpty && !signals.text.isEmpty)
        decoded.text = signals.text
        #expect(decoded == signals)
    }
}
