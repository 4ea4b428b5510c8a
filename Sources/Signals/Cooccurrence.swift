import Themes

/// Code co-occurrence within segments and within respondent turns, with lift and a
/// log-likelihood test against independence.
enum Cooccurrence {
    /// Counts of one level: per code, per pair (flat C × C, a < b), and interviews per pair.
    struct Counts {
        var units = 0
        var single: [Int]
        var joint: [Int]
        var interviews: [Int]
    }

    static func counts(_ table: InterviewTable, level: CooccurrencePair.Level) -> Counts {
        let cc = table.codeCount
        var counts = Counts(single: [Int](repeating: 0, count: cc), joint: [Int](repeating: 0, count: cc * cc),
                            interviews: [Int](repeating: 0, count: cc * cc))
        var lastInterview = [Int](repeating: -1, count: cc * cc)
        var codes: [Int] = []
        func add(_ codes: [Int], interview: Int) {
            for c in codes { counts.single[c] += 1 }
            guard codes.count > 1 else { return }
            for (p, a) in codes.enumerated() {
                for b in codes[(p + 1)...] {
                    counts.joint[a * cc + b] += 1
                    if lastInterview[a * cc + b] != interview {
                        lastInterview[a * cc + b] = interview
                        counts.interviews[a * cc + b] += 1
                    }
                }
            }
        }
        for (i, t) in table.transcripts.enumerated() {
            switch level {
            case .segment:
                counts.units += t.respondentUnitCount
                for segment in t.segments where !segment.introduction {
                    codes.removeAll(keepingCapacity: true)
                    Self.insertCodes(of: segment, table, into: &codes)
                    add(codes, interview: i)
                }
            case .turn:
                counts.units += t.respondentTurnCount
                var turn: Int? = nil
                codes.removeAll(keepingCapacity: true)
                for segment in t.segments where !segment.introduction {
                    if segment.turnIndex != turn {
                        if !codes.isEmpty { add(codes, interview: i) }
                        codes.removeAll(keepingCapacity: true)
                        turn = segment.turnIndex
                    }
                    Self.insertCodes(of: segment, table, into: &codes)
                }
                if !codes.isEmpty { add(codes, interview: i) }
            }
        }
        return counts
    }

    /// Adds the codes of a segment that count as mentions (dismissed ones do not) to a sorted,
    /// duplicate-free list.
    static func insertCodes(of segment: SegmentSignals, _ table: InterviewTable, into codes: inout [Int]) {
        for signal in segment.codes where !signal.dismissed {
            guard let c = table.column(of: signal.codeID) else { continue }
            var position = codes.count
            while position > 0, codes[position - 1] > c { position -= 1 }
            if position > 0, codes[position - 1] == c { continue }
            codes.insert(c, at: position)
        }
    }

    struct Test {
        var expected: Double
        var lift: Double
        var g2: Double
        var p: Double
    }

    static func test(joint: Int, a: Int, b: Int, units: Int) -> Test {
        let u = Double(max(units, a, b)), k11 = Double(joint), k12 = Double(a - joint), k21 = Double(b - joint)
        let k22 = max(u - k11 - k12 - k21, 0)
        let expected = Double(a) * Double(b) / u
        let g2 = Statistics.gSquared(k11, k12, k21, k22)
        return Test(expected: expected, lift: expected > 0 ? k11 / expected : 0, g2: g2, p: Statistics.chiSquare1PValue(g2))
    }

    /// Pairs sharing at least one unit, segment level first, codes in codebook order. q-values
    /// adjust over every pair of the level whose codes both occur.
    static func pairs(_ table: InterviewTable, segment: Counts, turn: Counts) -> [CooccurrencePair] {
        let cc = table.codeCount
        var result: [CooccurrencePair] = []
        for (level, counts) in [(CooccurrencePair.Level.segment, segment), (.turn, turn)] {
            var tested: [(a: Int, b: Int, test: Test)] = []
            for a in 0..<cc where counts.single[a] > 0 {
                for b in (a + 1)..<max(cc, a + 1) where counts.single[b] > 0 {
                    tested.append((a, b, test(joint: counts.joint[a * cc + b], a: counts.single[a], b: counts.single[b], units: counts.units)))
                }
            }
            let q = Statistics.benjaminiHochberg(tested.map(\.test.p))
            for (k, t) in tested.enumerated() where counts.joint[t.a * cc + t.b] > 0 {
                result.append(CooccurrencePair(
                    level: level, codeA: table.codes[t.a].id, codeB: table.codes[t.b].id, joint: counts.joint[t.a * cc + t.b],
                    countA: counts.single[t.a], countB: counts.single[t.b], units: counts.units,
                    interviews: counts.interviews[t.a * cc + t.b], expected: t.test.expected, lift: t.test.lift,
                    gSquared: t.test.g2, pValue: t.test.p, qValue: q[k]))
            }
        }
        return result
    }

    /// Every Leitbild value × Handlungsfeld cell, values and fields in codebook order.
    static func valueField(_ table: InterviewTable, segment: Counts, turn: Counts) -> [ValueFieldCell] {
        let cc = table.codeCount, n = table.interviewCount
        let values = (0..<cc).filter { table.codes[$0].kind == .value }
        let fields = (0..<cc).filter { table.codes[$0].kind == .handlungsfeld }
        var cells: [ValueFieldCell] = []
        for v in values {
            for f in fields {
                let x = min(v, f) * cc + max(v, f)
                var interviews = 0
                table.segments.withUnsafeBufferPointer { s in
                    for i in 0..<n where s[i * cc + v] > 0 && s[i * cc + f] > 0 { interviews += 1 }
                }
                var lift: Double? = nil, p: Double? = nil
                if turn.joint[x] > 0 {
                    let t = test(joint: turn.joint[x], a: turn.single[v], b: turn.single[f], units: turn.units)
                    lift = t.lift
                    p = t.p
                }
                cells.append(ValueFieldCell(valueID: table.codes[v].id, fieldID: table.codes[f].id, segments: segment.joint[x],
                                            turns: turn.joint[x], interviews: interviews, turnLift: lift, turnPValue: p))
            }
        }
        return cells
    }
}
