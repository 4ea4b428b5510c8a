import GermanText
import LeitbildCore
import Themes

/// Per-transcript step of the signals stage: finds priority cues, explicit rankings, prompting and
/// stance in the coded respondent segments of one transcript.
///
/// Runs while tokens are still at hand (`AnalyzedTranscript`) and returns a compact
/// `SignalledTranscript`; the corpus-level `PriorityAggregator` needs nothing else. Interviewer
/// turns are read only to decide prompting: their words never produce a mention or a cue.
public struct SignalDetector: Sendable {
    public let lexicon: SignalLexicon
    /// Reference frequencies and stop words for emergent-term candidates; without them none are collected.
    public var reference: KeynessReference?
    /// Words at or above this Zipf frequency are too common to be emergent terms.
    public var maxCandidateZipf: Double
    private let matcher: CueMatcher
    /// Entries of a cue list whose text is also an intensifier ("super" in asset.txt): right
    /// before another cue they intensify it ("super wichtig"), alone they are the cue ("ist super").
    private let alsoIntensifier: [Bool]

    public init(lexicon: SignalLexicon = .standard, reference: KeynessReference? = nil, maxCandidateZipf: Double = 4.5) {
        self.lexicon = lexicon
        self.reference = reference
        self.maxCandidateZipf = maxCandidateZipf
        let matcher = CueMatcher(lexicon: lexicon)
        self.matcher = matcher
        let intensifiers = Set(matcher.roles.indices.filter { if case .intensifier = matcher.roles[$0] { true } else { false } }.map { matcher.texts[$0] })
        alsoIntensifier = matcher.roles.indices.map { e in
            if case .cue = matcher.roles[e] { intensifiers.contains(matcher.texts[e]) } else { false }
        }
    }

    /// A code mentioned in a sentence: where its first matched word is.
    struct Mention {
        var codeID: String
        var word: Int
        /// The matched term's last word ("Nahverkehr" of "öffentlicher Nahverkehr").
        var endWord: Int
        var clause: Int
        var dismissed: Bool
        /// A "nicht" or "kein…" one or two words before it in its clause ("nicht der Bus"): the
        /// respondent says the cue is not about this field (`attribute`: "nicht X, sondern Y";
        /// alone, "Wichtig ist nicht der Bus" weakens).
        var denial: Denial? = nil
        var denied: Bool { denial != nil }
        /// Whether the denial is "nicht": "kein" states an absence as often ("Das Problem: kein
        /// Arzt"), so only "nicht" negates a cue or takes the field from a ranking.
        var deniedByNicht: Bool { denial?.isNicht == true }
    }

    /// The negation that denies a mention: its word, where it stands in the text (a cue it
    /// negates shows it), and whether it is "nicht".
    struct Denial {
        var word: Int
        var range: TextRange
        var isNicht: Bool
    }

    /// The negation ("nicht", "kein", "keine", ...) one or two words before word `w`, in its
    /// clause and without punctuation between: its word.
    static func denial(of w: Int, in view: SentenceView) -> Int? {
        var k = w
        while k > 0, w - k < 2, !view.breakBefore[k], view.clause[k - 1] == view.clause[w] {
            k -= 1
            let key = view.key(k)
            if key == "nicht" || key.hasPrefix("kein") { return k }
        }
        return nil
    }

    /// Pronouns of the one addressed after the verb of a step ("Dann gehen Sie", "Danach gehst du",
    /// "Zuerst meldet man sich an"). Not "ich" and "wir": "Zuerst nenne ich den Bus, danach die
    /// Schule" is a ranking (found in a review of stop 40: every such ranking was lost).
    static let subjectPronouns: Set<String> = ["sie", "du", "ihr", "man"]

    /// A cue after modifier resolution, before attribution.
    struct ResolvedCue {
        var hit: CueHit
        var start: Int
        /// The word after the cue's last.
        var end: Int
        var clause: Int
        /// The importance of a first-place marker ("das Wichtigste", "wenn ich eins nennen"): it
        /// goes only to fields the marker may rank, none denied with "nicht" (`attribute`).
        var firstPlace = false
    }

    /// What detection keeps per sentence of a respondent turn.
    struct SentenceSignals {
        var view: SentenceView
        /// Index into the transcript's coded segments of the segment covering the sentence.
        var segment: Int?
        var mentions: [Mention]
        var cues: [ResolvedCue]
        var markers: [(marker: RankMarker, entry: String, start: Int, end: Int)]
        var anaphoric: Bool
        /// Per clause: whether it opens with a noun phrase of its own that no cue covers, an article
        /// and a capitalised word ("Das Geld spielt keine große Rolle"): its dismissal is about that.
        var ownSubject: [Bool] = []
    }

    public func detect(analyzed: AnalyzedTranscript, coded: CodedTranscript) -> SignalledTranscript {
        let transcript = analyzed.transcript
        let segments = coded.segments.filter { $0.segment.role.isStakeholderVoice }
        var cuesBySegment = [[CueHit]](repeating: [], count: segments.count)
        var rankings: [ExplicitRanking] = []
        var respondentTurns = 0

        // The interviewer turns that raised each code, in order. A mention is prompted once the
        // interviewer has raised its field anywhere before it (the domain's definition: spontaneous
        // is "raised by the respondent before the interviewer asked about it"); until 2026-11-29,
        // fourth stop, only the interviewer's last turn counted, so a field asked about earlier that
        // the respondent came back to after "Und sonst?" counted as spontaneous (found in a domain
        // review).
        //
        // The introduction before the respondent's first turn prompts only by its questions: "Heute
        // geht es um Themen wie Bus, Schule und Arzt. Erzählen Sie erst mal von sich." frames the
        // project, "Was ist wichtiger, Bus oder Schule?" asks (found in a review: an introduction
        // naming the Smart-City topics made every later mention of them prompted).
        let textUTF8 = Array(transcript.text.utf8)
        let firstAnswer = transcript.turns.firstIndex { $0.role.isStakeholderVoice } ?? transcript.turns.count
        var promptTurns: [String: [Int]] = [:]
        for mention in coded.interviewerMentions where mention.segment.role == .interviewer {
            if mention.segment.turnIndex < firstAnswer, !QuestionMark.ends(textUTF8[mention.segment.range.utf8]),
               !lexicon.isRequest(transcript.text.slice(utf8: mention.segment.range.utf8)) { continue }
            for assignment in mention.codes where promptTurns[assignment.codeID]?.last != mention.segment.turnIndex {
                promptTurns[assignment.codeID, default: []].append(mention.segment.turnIndex)
            }
        }
        for code in promptTurns.keys { promptTurns[code]?.sort() }
        let introductionTurns = Self.introductionTurns(analyzed, coded: coded, textUTF8: textUTF8, lexicon: lexicon)

        let punctuated = Self.isPunctuated(analyzed, text: textUTF8)

        // A speaker's consecutive turns form one stretch of speech (subtitle formats cut a
        // statement into many cues): rankings and anaphoric follow-ups are read across them.
        let turns = transcript.turns
        let textBytes = textUTF8
        var nextSegment = 0
        var t = 0
        textBytes.withUnsafeBufferPointer { text in
        analyzed.tokens.withUnsafeBufferPointer { tokens in
            while t < turns.count, t < analyzed.turnSentences.count {
                guard turns[t].role.isStakeholderVoice else { t += 1; continue }
                var end = t + 1
                while end < turns.count, end < analyzed.turnSentences.count, turns[end].role.isStakeholderVoice,
                      turns[end].speakerID == turns[t].speakerID { end += 1 }
                defer { t = end }
                respondentTurns += (t..<end).filter { !analyzed.turnSentences[$0].isEmpty }.count
                let span = SourceSpan(start: turns[t].span.start, end: max(turns[end - 1].span.end, turns[t].span.start))
                // Segments are in text order: skip those that end before this stretch.
                while nextSegment < segments.count, segments[nextSegment].segment.span.end <= span.start { nextSegment += 1 }
                guard nextSegment < segments.count, segments[nextSegment].segment.span.start < span.end else { continue }

                var sentences: [SentenceSignals] = []
                var s = nextSegment
                for turn in t..<end {
                    for sentenceIndex in analyzed.turnSentences[turn] {
                        let sentence = analyzed.sentences[sentenceIndex]
                        while s < segments.count, segments[s].segment.span.end <= sentence.range.scalars.start { s += 1 }
                        let segment: Int? = s < segments.count && segments[s].segment.span.overlaps(sentence.range.scalars) ? s : nil
                        sentences.append(analyze(sentence: sentenceIndex, segment: segment, segments: segments, in: analyzed, text: text,
                                                     punctuated: punctuated,
                                                     tokens: tokens))
                    }
                }
                attribute(sentences, segments: segments, into: &cuesBySegment)
                if let ranking = RankingExtractor.ranking(in: sentences, turnIndex: t, sourceLine: turns[t].sourceLine, document: analyzed,
                                                           lexicon: lexicon) {
                    rankings.append(ranking)
                }
            }
        }
        }

        var segmentSignals: [SegmentSignals] = []
        segmentSignals.reserveCapacity(segments.count)
        // Where a respondent's answer to a request for a self-introduction turns to substance: their
        // first segment with a cue or after a ranking marker, from which on their answer counts as
        // usual, in later turns too (subtitle formats cut one answer into many cues). An introduction
        // never takes away a cue or a ranking ("Ich bin Bürgermeisterin seit 2014. Unser größtes
        // Problem ist der Ärztemangel."; found in a review of the first version, which marked the
        // whole answer).
        let markers = rankings.flatMap { $0.entries.map(\.markerRange.utf8.lowerBound) }
        var substance = Set<String>()
        for (i, coded) in segments.enumerated() {
            let cues = cuesBySegment[i]
            let turn = coded.segment.turnIndex
            var introduction = false
            if introductionTurns.contains(turn), !substance.contains(coded.segment.speakerID) {
                let turnStart = turns[turn].range.utf8.lowerBound
                if !cues.isEmpty || markers.contains(where: { turnStart <= $0 && $0 < coded.segment.range.utf8.upperBound }) {
                    substance.insert(coded.segment.speakerID)
                } else {
                    introduction = true
                }
            }
            let codes = coded.codes.map { assignment in
                // The latest interviewer turn before this one that raised the field.
                Self.codeSignal(assignment, cues: cues, promptedBy: promptTurns[assignment.codeID]?.last { $0 < turn })
            }
            segmentSignals.append(SegmentSignals(segmentIndex: coded.segment.index, turnIndex: coded.segment.turnIndex,
                                                 sourceLine: coded.segment.sourceLine, range: coded.segment.range, codes: codes, cues: cues,
                                                 introduction: introduction))
        }

        return SignalledTranscript(
            interviewID: transcript.id, file: transcript.source.path, group: transcript.metadata.group,
            municipality: transcript.metadata.municipality, respondentUnitCount: coded.respondentUnitCount,
            respondentTurnCount: respondentTurns, respondentWordCount: coded.respondentWordCount,
            segments: segmentSignals, rankings: rankings,
            emergent: reference.map { reference in
                textBytes.withUnsafeBufferPointer {
                    EmergentCollector(reference: reference, maxZipf: maxCandidateZipf).collect(analyzed, segments: segments, bytes: $0)
                }
            } ?? .empty,
            text: transcript.text)
    }

    /// Matches the lexicon in one sentence and resolves each cue's modifiers.
    private func analyze(sentence: Int, segment: Int?, segments: [CodedSegment], in document: AnalyzedTranscript,
                         text: UnsafeBufferPointer<UInt8>, punctuated: Bool, tokens: UnsafeBufferPointer<Token>) -> SentenceSignals {
        let view = SentenceView(sentence: sentence, tokens: tokens, tokenRange: document.sentences[sentence].tokens, text: text, lexicon: lexicon,
                                punctuated: punctuated)
        let range = document.sentences[sentence].range
        func textRange(_ start: Int, _ end: Int) -> TextRange {
            let a = document.tokens[view.tokens[start]].range, b = document.tokens[view.tokens[end - 1]].range
            return TextRange(scalars: SourceSpan(start: a.scalars.start, end: b.scalars.end), utf8: a.utf8.lowerBound..<b.utf8.upperBound)
        }
        var mentions: [Mention] = []
        if let segment {
            for assignment in segments[segment].codes {
                for match in assignment.matches where range.utf8.contains(match.range.utf8.lowerBound) {
                    guard let word = view.word(atUTF8: match.range.utf8.lowerBound, tokens: document.tokens) else { continue }
                    let endWord = max(word, view.word(atUTF8: match.range.utf8.upperBound - 1, tokens: document.tokens) ?? word)
                    mentions.append(Mention(codeID: assignment.codeID, word: word, endWord: endWord, clause: view.clause[word], dismissed: assignment.negated,
                                            denial: Self.denial(of: word, in: view).map {
                                                Denial(word: $0, range: textRange($0, $0 + 1), isNicht: view.key($0) == "nicht")
                                            }))
                }
            }
            mentions.sort { ($0.word, $0.codeID) < ($1.word, $1.codeID) }
        }
        let hits = matcher.hits(in: view)
        // A question states no weight: "Ist der Breitbandausbau wirklich dringend?" is no urgency,
        // "Brauchen wir nicht mehr Lehrer?" (a need, negated) no weakening, "Ist das an erster
        // Stelle?" no rank (as the coder never reads a question as a dismissal). Problems, needs
        // and assets in a question still count: "Wo soll man denn hier einkaufen, wenn der Laden fehlt?"
        let isQuestion = QuestionMark.ends(text[range.utf8]) && !view.endsWithQuestionTag(lexicon)
        // "super" right before another cue intensifies it ("Der Bus ist super wichtig" is no asset).
        let intensifying = hits.indices.map { h in
            alsoIntensifier[hits[h].entry] && h + 1 < hits.count && hits[h + 1].start == hits[h].end
                && !view.breakBefore[hits[h + 1].start] && view.clause[hits[h + 1].start] == view.clause[hits[h].start]
                && { if case .cue = matcher.roles[hits[h + 1].entry] { true } else { false } }()
        }
        func capitalised(_ w: Int) -> Bool { document.tokens[view.tokens[w]].startsWithCapital(in: text) }
        // A ranking someone else made, a survey's ("In der Umfrage lag Mobilität auf Platz eins"),
        // is not the respondent's (found in an analyst's review): `reported-rankings.txt`, as a
        // compound's head (or its plural), in the marker's own clause. Any word part anywhere in the
        // sentence took "Studierende" for a study and "Die Statistik kenne ich nicht, aber für mich
        // steht der Bus an erster Stelle" for a survey's ranking (found in a review of stop 40).
        var reportedClauses = Set<Int>()
        if hits.contains(where: { if case .rank = matcher.roles[$0.entry] { true } else { false } }) {
            for w in 0..<view.count {
                let key = view.key(w)
                if lexicon.reportedRankings.contains(where: { key.hasSuffix($0) }) {
                    reportedClauses.insert(view.clause[w])
                }
            }
        }
        var cues: [ResolvedCue] = []
        var markers: [(marker: RankMarker, entry: String, start: Int, end: Int)] = []
        for (h, hit) in hits.enumerated() where !intensifying[h] {
            let role = matcher.roles[hit.entry]
            let cueKind: CueKind
            switch role {
            case .rank where isQuestion || reportedClauses.contains(view.clause[hit.start]):
                continue
            // "Zuerst melden Sie sich an. Dann gehen Sie zur Schule": an adverb of time before a verb
            // and a subject pronoun tells a step of a procedure, no rank (an analyst's review).
            case let .rank(marker) where marker.step && hit.end + 1 < view.count && !view.breakBefore[hit.end]
                && !view.breakBefore[hit.end + 1] && view.modalRole(hit.end, lexicon: lexicon) == nil && !capitalised(hit.end)
                && Self.subjectPronouns.contains(view.key(hit.end + 1)):
                continue
            // "wenn das kommt, dann brauchen wir …": "dann" after a condition, with no ranking marker
            // between, is its consequence, no next rank (an analyst's review; 'dann sag ich' was the
            // first case, ignore.txt).
            // Only a bare "dann" before a verb: "dann kommt die Schule" and "dann die Schule" name
            // the next place after a condition too ("Erstens der Bus, wenn es geht, dann die Schule";
            // found in a review of stop 40).
            case let .rank(marker) where marker.position == .next && view.key(hit.start) == "dann" && hit.end - hit.start == 1
                && hit.end < view.count && view.modalRole(hit.end, lexicon: lexicon) != .article && !capitalised(hit.end)
                && (0..<hit.start).contains(where: { w in
                    view.bytes.withUnsafeBufferPointer { lexicon.clauseWordTable.value($0, view.starts[w]..<view.starts[w + 1])?.condition == true }
                        && !hits[..<h].contains { other in
                            if case .rank = matcher.roles[other.entry] { other.start > w } else { false }
                        }
                }):
                continue
            case let .rank(marker):
                // A first place is also an importance cue; a negation cancels the rank.
                if case .absolute(1) = marker.position { cueKind = .importance } else {
                    markers.append((marker, matcher.texts[hit.entry], hit.start, hit.end))
                    continue
                }
            case let .cue(kind):
                cueKind = kind
            case .negator, .hedge, .intensifier, .ignore:
                continue
            }
            let kind = cueKind
            var negation: LexiconHit? = nil, hedge: LexiconHit? = nil, intensifier: LexiconHit? = nil
            let clause = view.clause[hit.start]
            // Modifiers before the cue: same clause, at most three words away, no other cue between.
            var j = h - 1
            while j >= 0 {
                let other = hits[j], role = matcher.roles[other.entry]
                guard view.clause[other.start] == clause, hit.start - other.end <= 3 else { break }
                if case .negator = role { if negation == nil { negation = other } }
                else if case .hedge = role { if hedge == nil { hedge = other } }
                else if case .intensifier = role { if intensifier == nil { intensifier = other } }
                else if intensifying[j] { if intensifier == nil { intensifier = other } }
                else { break }
                j -= 1
            }
            // A negation between the pattern's words negates the cue as one before it does: "Der
            // Bus fällt nicht aus" (`fällt .. aus`), "steht bei mir nicht ganz oben" (found in a
            // user review: the cue claimed the negation's word and read as a problem, or a first
            // place). Not a word of the pattern ("gibt .. nicht mehr") or of an ignore entry
            // ("haben sich nicht nur halbiert"): `CueMatcher.hits`.
            if negation == nil, let gap = hit.negation {
                negation = LexiconHit(entry: hit.entry, start: gap.lowerBound, end: gap.upperBound)
            }
            // German puts the negation after the finite verb: "das fehlt uns nicht".
            if matcher.verbs[hit.entry], negation == nil {
                var k = h + 1
                while k < hits.count {
                    let other = hits[k], role = matcher.roles[other.entry]
                    guard view.clause[other.start] == clause, other.start - hit.end <= 3 else { break }
                    if case .negator = role { negation = other; break }
                    if case .hedge = role { k += 1; continue }
                    if case .intensifier = role { k += 1; continue }
                    break
                }
            }
            // "Ich würde nicht sagen, dass Radwege unwichtig sind": the matrix clause's negation
            // negates the cue of its "dass" clause (found in an analyst's review: a dismissal).
            if negation == nil, let w = view.matrixNegation(reaching: clause, lexicon: lexicon) {
                negation = LexiconHit(entry: hit.entry, start: w, end: w + 1)
            }
            var effective = kind, weight = matcher.weights[hit.entry]
            if negation != nil {
                let flip = kind.flipped
                effective = flip.kind
                weight *= flip.factor
            } else if intensifier != nil {
                weight *= 2
            }
            if isQuestion, effective == .importance || effective == .urgency || effective == .downgrade { continue }
            if hedge != nil { weight *= 0.5 }
            weight = min(weight, 1)
            let cue = CueHit(kind: effective, lexiconKind: kind, cue: matcher.texts[hit.entry], range: textRange(hit.start, hit.end), weight: weight,
                             negation: negation.map { textRange($0.start, $0.end) }, hedge: hedge.map { textRange($0.start, $0.end) },
                             intensifier: negation == nil ? intensifier.map { textRange($0.start, $0.end) } : nil,
                             codes: [], carried: false)
            var resolved = ResolvedCue(hit: cue, start: hit.start, end: hit.end, clause: clause)
            if case .rank = role { resolved.firstPlace = true }
            cues.append(resolved)
            if case let .rank(marker) = role, negation == nil { markers.append((marker, matcher.texts[hit.entry], hit.start, hit.end)) }
        }
        let anaphoric = view.startsWithAnaphor(lexicon)
        // "Das Geld spielt keine große Rolle, die Sicherheit geht vor": the clause names what it
        // dismisses, an article (or "das") and a capitalised word, at most one word between, that no
        // cue covers ("Ein großes Problem ist, dass …" has none of its own).
        var covered = [Bool](repeating: false, count: view.count)
        for hit in hits { for w in hit.start..<hit.end { covered[w] = true } }
        var ownSubject = [Bool](repeating: false, count: view.contrastBefore.count)
        for c in ownSubject.indices {
            guard let first = view.clause.firstIndex(of: c) else { continue }
            guard view.isArticle(first, lexicon: lexicon) else { continue }
            for w in (first + 1)...(first + 2) where w < view.count && view.clause[w] == c && !view.breakBefore[w] {
                guard capitalised(w) else { continue }
                ownSubject[c] = !covered[w]
                // "Das Thema spielt keine Rolle, also der Radweg": a placeholder whose apposition in
                // the next clause names a field is that field (found in a user review: nothing weakened).
                if lexicon.placeholders.contains(view.key(w)), c + 1 < ownSubject.count, !view.contrastBefore[c + 1],
                   mentions.contains(where: { $0.clause == c + 1 }), view.isApposition(clause: c + 1, lexicon: lexicon) {
                    ownSubject[c] = false
                }
                break
            }
        }
        return SentenceSignals(view: view, segment: segment, mentions: mentions, cues: cues, markers: markers, anaphoric: anaphoric,
                               ownSubject: ownSubject)
    }

    /// Attaches each cue of a turn to the codes it speaks about (docs/priorities.md, "Zuordnung"):
    /// the codes named in its clause; else those of the nearest clause of the sentence that no
    /// contrastive boundary separates; plus codes in short cue-less clauses of an enumeration
    /// ("Der Bus, die Schule und der Arzt sind wichtig"). A sentence without a code that starts with
    /// an anaphor ("Das ist dringend.") passes its cues to the previous sentence's codes.
    private func attribute(_ sentences: [SentenceSignals], segments: [CodedSegment], into cuesBySegment: inout [[CueHit]]) {
        for (i, sentence) in sentences.enumerated() where !sentence.cues.isEmpty {
            let previous = i > 0 ? sentences[i - 1] : nil
            if let segment = sentence.segment {
                if sentence.mentions.isEmpty {
                    // A sentence inside a larger unit (turn, document) without a term of its own.
                    let codes: [String]
                    if sentence.anaphoric, let previous, previous.segment == segment, !previous.mentions.isEmpty {
                        codes = Self.distinct(previous.mentions.map(\.codeID))
                    } else {
                        codes = segments[segment].codes.map(\.codeID)
                    }
                    for cue in sentence.cues { cuesBySegment[segment].append(with(cue.hit, codes: codes, carried: false)) }
                    continue
                }
                let view = sentence.view
                let clauseCount = view.contrastBefore.count
                var clauseHasCue = [Bool](repeating: false, count: clauseCount)
                for cue in sentence.cues { clauseHasCue[cue.clause] = true }
                var clauseWords = [Int](repeating: 0, count: clauseCount)
                var lastWord = [Int](repeating: -1, count: clauseCount)
                for (w, c) in view.clause.enumerated() {
                    clauseWords[c] += 1
                    lastWord[c] = w
                }
                // Whether a clause ends with a field's word, only stop words after it ("die Schule
                // hier", "der öffentliche Nahverkehr"; not "die Wirtschaft läuft").
                var endsWithMention = [Bool](repeating: false, count: clauseCount)
                for m in sentence.mentions where m.endWord <= lastWord[m.clause]
                    && (m.endWord + 1..<lastWord[m.clause] + 1).allSatisfy({ StopWords.shared.keys.contains(view.key($0)) }) {
                    endsWithMention[m.clause] = true
                }
                // Each clause's codes once, in the order of their first mention: what each cue takes
                // (its codes are made distinct all the same), without a copy of every mention per
                // cue, which made a long sentence without full stops quadratic (a transcript of 1 MB
                // in one sentence took 22.6 s, found in a hostile-input review).
                var codesByClause = [[String]](repeating: [], count: clauseCount)
                for m in sentence.mentions where !codesByClause[m.clause].contains(m.codeID) { codesByClause[m.clause].append(m.codeID) }
                // Clauses whose every mention is denied ("Wichtig ist nicht der Bus, sondern die Schule").
                var deniedOnly = [Bool](repeating: false, count: clauseCount)
                for c in Set(sentence.mentions.map(\.clause)) { deniedOnly[c] = true }
                for m in sentence.mentions where !m.denied { deniedOnly[m.clause] = false }
                // "Der Bus ist kein Problem, sondern eine Katastrophe": a negated cue corrected by a
                // cue in a short "sondern" clause without a field of its own. The correction is about
                // the negated cue's fields, and replaces it (found in a review: the problem was lost
                // and the weak asset kept). Not when the "sondern" clause is a clause of its own
                // ("…, sondern es fehlt am Geld": a first version gave the bus the problem, found in
                // the review after it). The clauses so corrected, and their negated cues.
                var corrected = Set<Int>(), replaced = Set<Int>()
                for (i, cue) in sentence.cues.enumerated() where positiveReading(cue.hit) != nil && cue.clause + 1 < clauseCount {
                    let next = cue.clause + 1
                    if view.contrastBefore[next], view.opensWithSondern(clause: next), clauseHasCue[next],
                       codesByClause[next].isEmpty, !codesByClause[cue.clause].isEmpty,
                       view.isShortCorrection(clause: next, lexicon: lexicon) {
                        corrected.insert(cue.clause)
                        replaced.insert(i)
                    }
                }
                // Clauses whose every mention is denied with "nicht" ("dann sicher nicht den Bus"):
                // no field a first-place marker ranks.
                var deniedByNichtOnly = [Bool](repeating: false, count: clauseCount)
                for c in Set(sentence.mentions.map(\.clause)) { deniedByNichtOnly[c] = true }
                for m in sentence.mentions where !m.deniedByNicht { deniedByNichtOnly[m.clause] = false }
                for (i, cue) in sentence.cues.enumerated() where !replaced.contains(i) {
                    var codes = cue.clause > 0 && corrected.contains(cue.clause - 1) ? codesByClause[cue.clause - 1] : codesByClause[cue.clause]
                    // "Der Bus ist weniger wichtig als die Schule": the field after a comparative's
                    // "als" is what it is compared with and takes none of the cue (an analyst's
                    // review: the school was downgraded too).
                    if !corrected.contains(cue.clause - 1),
                       let standard = view.comparisonStandard(start: cue.start, end: cue.end, lexicon: lexicon) {
                        codes = Self.distinct(sentence.mentions.filter { $0.clause == cue.clause && !standard.contains($0.word) }.map(\.codeID))
                    }
                    var hit = cue.hit
                    // Only a denial that is not the cue's own negation: in "Wir brauchen keine neue
                    // Schule, sondern einen Bus" or "Wir haben keinen Arzt mehr, sondern ..." the
                    // "kein" belongs to the cue (found in a review: the cue went to the bus).
                    let ownNegation = hit.negation != nil || sentence.mentions.contains {
                        $0.clause == cue.clause && $0.denial.map { (cue.start..<cue.end).contains($0.word) } == true
                    }
                    if deniedOnly[cue.clause], !ownNegation {
                        if let next = (cue.clause + 1..<clauseCount).first(where: { view.contrastBefore[$0] && !codesByClause[$0].isEmpty }),
                           view.opensWithSondern(clause: next) {
                            // "nicht X, sondern Y": the cue is about the field after the contrast.
                            codes = codesByClause[next]
                        } else if let denial = sentence.mentions.first(where: { $0.clause == cue.clause && $0.deniedByNicht })?.denial?.range {
                            // "Wichtig ist nicht der Bus": the denial negates the cue for it.
                            let flip = hit.kind.flipped
                            hit.kind = flip.kind
                            hit.weight = min(hit.weight * flip.factor, 1)
                            hit.negation = denial
                            hit.intensifier = nil
                        }
                    }
                    // A dismissal stays with the clause that names what it dismisses: "Das Geld spielt
                    // keine große Rolle, die Sicherheit geht vor" does not weaken Sicherheit, "Die Schule
                    // spielt keine große Rolle, der Bus schon" not the bus (found in an analyst's review).
                    let ownClauseOnly = hit.kind == .downgrade && sentence.ownSubject[cue.clause]
                    if codes.isEmpty, !ownClauseOnly {
                        // Nearest clause with codes, not across a contrast; the following one on a tie.
                        for distance in 1..<max(clauseCount, 1) {
                            for c in [cue.clause + distance, cue.clause - distance] where c >= 0 && c < clauseCount {
                                if codes.isEmpty, !codesByClause[c].isEmpty, !view.contrastBetween(c, cue.clause) {
                                    codes = codesByClause[c]
                                    // "Wenn ich eins nennen soll, dann nicht den Bus, sondern die Schule":
                                    // a first place goes to the field after the correction, as the
                                    // marker ranks it.
                                    if cue.firstPlace, hit.negation == nil, deniedByNichtOnly[c], c + 1 < clauseCount,
                                       view.contrastBefore[c + 1], view.opensWithSondern(clause: c + 1), !codesByClause[c + 1].isEmpty {
                                        codes = codesByClause[c + 1]
                                    }
                                }
                            }
                            if !codes.isEmpty { break }
                        }
                    }
                    // "Nicht nur X, sondern auch Y ist wichtig": the cue is about X too.
                    if cue.clause > 0, view.opensWithSondern(clause: cue.clause), !view.contrastBefore[cue.clause],
                       !clauseHasCue[cue.clause - 1], view.nichtNur[cue.clause - 1] {
                        codes = codesByClause[cue.clause - 1] + codes
                    }
                    // "Nicht nur der Laden fehlt, sondern auch die Schule": and about Y, when Y has no cue of its own.
                    if cue.clause + 1 < clauseCount, view.nichtNur[cue.clause], view.opensWithSondern(clause: cue.clause + 1),
                       !view.contrastBefore[cue.clause + 1], !clauseHasCue[cue.clause + 1] {
                        codes += codesByClause[cue.clause + 1]
                    }
                    // Enumerations: short cue-less clauses next to the cue's clause share its cue,
                    // items that end with their field's word ("Der Bus, die Schule und der Arzt sind
                    // wichtig"; not "Die Wirtschaft läuft, ein Mangel an Wohnungen besteht aber",
                    // found in a domain review); short clauses without a field ("finde ich") are
                    // passed over.
                    for direction in [-1, 1] where direction < 0 || !ownClauseOnly {
                        var c = cue.clause + direction
                        while c >= 0, c < clauseCount, !clauseHasCue[c], clauseWords[c] <= 3, codesByClause[c].isEmpty || endsWithMention[c],
                              !view.contrastBetween(c, cue.clause) {
                            codes += codesByClause[c]
                            c += direction
                        }
                    }
                    // "Der Bus ist nicht wichtig, sondern die Schule": a negated cue, then "sondern" and
                    // a bare noun phrase naming a field: the field takes the cue's positive reading
                    // (found in a domain review: Bildung got nothing). Not when "sondern" corrects the
                    // verb or adjective ("Der Bus fehlt nicht, sondern fährt nur zweimal zur Schule"):
                    // the first version gave the school the problem, found in a review.
                    let next = cue.clause + 1
                    if next < clauseCount, view.contrastBefore[next], view.opensWithSondern(clause: next), !clauseHasCue[next],
                       !codesByClause[next].isEmpty, !deniedOnly[cue.clause] || ownNegation, view.isBareNounPhrase(clause: next, lexicon: lexicon),
                       let positive = positiveReading(hit) {
                        cuesBySegment[segment].append(with(positive, codes: Self.distinct(codesByClause[next]), carried: false))
                    }
                    // A first place's importance only for fields the marker ranks (RankingExtractor):
                    // none denied with "nicht" ("Wenn ich eins nennen soll, dann sicher nicht den
                    // Bus", "Erstens die Schule, nicht der Bus"; found in a user review: the bus had
                    // importance 1, but no rank). A marker negated itself ("Das Wichtigste ist nicht
                    // die Schule") weakens, as before.
                    if cue.firstPlace, hit.negation == nil {
                        codes = codes.filter { code in sentence.mentions.contains { $0.codeID == code && !$0.deniedByNicht } }
                    }
                    guard !codes.isEmpty else { continue }
                    cuesBySegment[segment].append(with(hit, codes: Self.distinct(codes), carried: false))
                }
            } else if sentence.anaphoric, let previous, let segment = previous.segment {
                let codes = previous.mentions.isEmpty ? segments[segment].codes.map(\.codeID) : Self.distinct(previous.mentions.map(\.codeID))
                for cue in sentence.cues { cuesBySegment[segment].append(with(cue.hit, codes: codes, carried: true)) }
            }
        }
    }

    /// What a negated cue says without its negation: the lexicon's kind at its own weight ("nicht
    /// dringend" → urgency; "Wir brauchen keine neue Schule, sondern einen Bus" → need), or
    /// importance for a downgrade that is a negated expression ("nicht wichtig", "kein Thema": a
    /// word of its pattern is one of negation.txt). Nil for a cue that is not negated.
    func positiveReading(_ hit: CueHit) -> CueHit? {
        var positive = hit
        if hit.negation != nil {
            let factor = hit.lexiconKind.flipped.factor
            positive.kind = hit.lexiconKind
            positive.weight = min(hit.weight / factor, 1)
        } else if hit.kind == .downgrade, hit.cue.split(separator: " ").contains(where: { lexicon.negationWords.contains(Folding.key($0.filter { $0 != "*" })) }) {
            positive.kind = .importance
            positive.weight = 0.5
        } else {
            return nil
        }
        positive.negation = nil
        positive.hedge = nil
        positive.intensifier = nil
        return positive
    }

    private func with(_ hit: CueHit, codes: [String], carried: Bool) -> CueHit {
        var hit = hit
        hit.codes = codes
        hit.carried = carried
        return hit
    }

    static func distinct(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Whether a transcript is punctuated: at least one comma or sentence mark (. ? ! ; :) per 20
    /// words. Automatic transcripts without punctuation have none, and there a contrast word after
    /// a verb is read as a clause boundary, never as a modal particle. (The first version counted
    /// commas only, and an answer of short sentences without commas counted as unpunctuated;
    /// found in a review.)
    static func isPunctuated(_ analyzed: AnalyzedTranscript, text: [UInt8]) -> Bool {
        var words = 0, marks = 0
        for token in analyzed.tokens {
            if token.isWordLike { words += 1 }
            else if token.kind == .punctuation, token.range.utf8.count == 1,
                    [0x2C, 0x2E, 0x3F, 0x21, 0x3B, 0x3A].contains(text[token.range.utf8.lowerBound]) { marks += 1 }
        }
        return words < 40 || marks * 20 >= words
    }

    /// How many of the interviewer's turns, backchannels not counted, may ask for a self-introduction.
    static let introductionWindow = 4
    /// An interviewer turn of at most this many words that names no field and asks nothing with a
    /// question word ("Mhm.", "Danke. Und Sie?", not "Was beschäftigt Sie?") is a backchannel: it
    /// counts toward no window and does not end an introduction.
    static let backchannelWords = 4
    static let questionWords = Set(["was", "wie", "wo", "wer", "wen", "wem", "warum", "wann", "wieso", "weshalb", "welche", "welcher",
                                    "welches", "welchen", "welchem", "woran", "worum", "wovon", "wozu", "wofür"].map { Folding.key($0) })

    /// The stakeholder turns that answer a request for a self-introduction (`introduction-requests.txt`):
    /// those after such a request, up to the interviewer's next turn that is no backchannel. A
    /// request counts among the interviewer's first four turns (later, "Was ist Ihre Rolle dabei?"
    /// asks about a project), only in a sentence that names no field itself ("Stellen Sie sich kurz
    /// vor und sagen Sie, was beim Bus fehlt" asks about the bus), and only when no question follows
    /// it in the turn ("Stellen Sie sich kurz vor. Und dann gleich: Welches Thema brennt Ihnen unter
    /// den Nägeln?"). Of these turns, only the segments before the first with a cue or a ranking are
    /// marked (`detect`).
    static func introductionTurns(_ analyzed: AnalyzedTranscript, coded: CodedTranscript, textUTF8: [UInt8], lexicon: SignalLexicon) -> Set<Int> {
        guard !lexicon.introductionRequests.isEmpty else { return [] }
        let transcript = analyzed.transcript
        let turns = transcript.turns
        let text = transcript.text
        // The interviewer's sentences that name a field (their UTF-8 ranges).
        let naming = coded.interviewerMentions.filter { $0.segment.role == .interviewer && !$0.codes.isEmpty }.map(\.segment.range.utf8)
        func names(_ range: Range<Int>) -> Bool { naming.contains { $0.overlaps(range) } }
        func isBackchannel(_ t: Int) -> Bool {
            let words = text.slice(utf8: turns[t].range.utf8).split(whereSeparator: { !$0.isLetter })
            return words.count <= backchannelWords && !names(turns[t].range.utf8)
                && !words.contains { questionWords.contains(Folding.key(String($0))) }
        }
        var result = Set<Int>()
        var asked = 0
        var t = 0
        while t < turns.count, asked < introductionWindow {
            defer { t += 1 }
            guard turns[t].role == .interviewer, t < analyzed.turnSentences.count, !analyzed.turnSentences[t].isEmpty else { continue }
            let sentences = Array(analyzed.turnSentences[t])
            let found = sentences.firstIndex { index in
                let range = analyzed.sentences[index].range.utf8
                guard !names(range) else { return false }
                let words = text.slice(utf8: range).split(whereSeparator: { !$0.isLetter }).map { Folding.key(String($0)) }
                return lexicon.asksForIntroduction(words, isQuestion: QuestionMark.ends(textUTF8[range]))
            }
            // A short request is one ("Kurz zu Ihrer Person?"); other short turns are backchannels.
            guard let request = found else {
                if !isBackchannel(t) { asked += 1 }
                continue
            }
            asked += 1
            // Another question after the request asks about something else.
            guard !sentences[(request + 1)...].contains(where: { QuestionMark.ends(textUTF8[analyzed.sentences[$0].range.utf8]) }) else { continue }
            var answer = t + 1
            while answer < turns.count, turns[answer].role != .interviewer || isBackchannel(answer) {
                if turns[answer].role.isStakeholderVoice { result.insert(answer) }
                answer += 1
            }
        }
        return result
    }

    /// The signals of one code in a segment: strongest cue of each kind attached to it.
    static func codeSignal(_ assignment: CodeAssignment, cues: [CueHit], promptedBy: Int?) -> CodeSignal {
        var emphasis = 0.0, weakening = assignment.negated ? 1.0 : 0.0, problem = 0.0, need = 0.0, asset = 0.0
        for cue in cues where cue.codes.contains(assignment.codeID) {
            switch cue.kind {
            case .importance, .urgency: emphasis = max(emphasis, cue.weight)
            case .downgrade: weakening = max(weakening, cue.weight)
            case .problem:
                problem = max(problem, cue.weight)
                need = max(need, cue.weight)
            case .need: need = max(need, cue.weight)
            case .asset: asset = max(asset, cue.weight)
            }
        }
        let stance: Stance = need > asset ? .need : asset > need ? .asset : .neutral
        return CodeSignal(codeID: assignment.codeID, dismissed: assignment.negated, promptedBy: promptedBy, emphasis: emphasis,
                          weakening: weakening, problem: problem, need: need, asset: asset, stance: stance)
    }
}
