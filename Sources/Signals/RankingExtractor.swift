import GermanText
import LeitbildCore

/// Maps explicit ranking markers of one respondent turn ("erstens ..., zweitens ...",
/// "X steht an erster Stelle", "meine Top drei: ...") to the codes they name.
///
/// Rules (docs/priorities.md, "Rangnennungen"): an `after` marker ranks the codes named after it
/// up to the next marker, the end of its sentence, or a later reason clause ("weil ..."); if
/// there are none, those at the start of the next sentence. A `clause` marker ranks the codes of
/// its own clause between the neighbouring markers, else those named after it in its sentence
/// (as `after`), else the nearest code before it not across a contrast, else (in an anaphoric
/// sentence) the last code of the previous sentence.
/// `next` continues the previous rank if that was given at most two sentences before; `list N`
/// ranks the next N distinct codes in the order named. Dismissed mentions are never ranked.
/// "Turn" here is a speaker's stretch of consecutive turns.
enum RankingExtractor {
    /// A position in a turn: sentence (within the turn) and word.
    struct Position: Comparable {
        var sentence: Int
        var word: Int
        static func < (a: Position, b: Position) -> Bool { (a.sentence, a.word) < (b.sentence, b.word) }
    }

    static func ranking(in sentences: [SignalDetector.SentenceSignals], turnIndex: Int, sourceLine: Int,
                        document: AnalyzedTranscript, lexicon: SignalLexicon) -> ExplicitRanking? {
        struct Marker {
            var marker: RankMarker
            var entry: String
            var start: Position
            var end: Position
            var range: TextRange
        }
        var markers: [Marker] = []
        for (i, s) in sentences.enumerated() {
            for m in s.markers {
                let a = document.tokens[s.view.tokens[m.start]].range, b = document.tokens[s.view.tokens[m.end - 1]].range
                markers.append(Marker(marker: m.marker, entry: m.entry, start: Position(sentence: i, word: m.start),
                                      end: Position(sentence: i, word: m.end),
                                      range: TextRange(scalars: SourceSpan(start: a.scalars.start, end: b.scalars.end),
                                                       utf8: a.utf8.lowerBound..<b.utf8.upperBound)))
            }
        }
        guard !markers.isEmpty else { return nil }
        struct Mention {
            var codeID: String
            var at: Position
            var clause: Int
        }
        var mentions: [Mention] = []
        for (i, s) in sentences.enumerated() {
            // A denied field is not what a marker ranks ("Das Wichtigste ist nicht die Kultur").
            for m in s.mentions where !m.dismissed && !m.deniedByNicht { mentions.append(Mention(codeID: m.codeID, at: Position(sentence: i, word: m.word), clause: m.clause)) }
        }
        guard !mentions.isEmpty else { return nil }

        var entries: [RankEntry] = []
        var current: Int? = nil
        // A first place whose "after" marker names nothing before a "dann" right after it hands its
        // place to that "dann" ("Wenn ich eins nennen soll, dann den Bus": the bus is first, not
        // second; found by a helper in stop 41). Not across a noun phrase: "Erstens die
        // Feuerwehr, dann der Bus" still ranks the bus second (an article between the markers,
        // `SentenceView.isArticle`).
        var handedOn: Int? = nil
        var currentSentence = 0
        let turnEnd = Position(sentence: sentences.count, word: 0)
        for (k, marker) in markers.enumerated() {
            let previousEnd = k > 0 ? markers[k - 1].end : Position(sentence: 0, word: 0)
            let nextStart = k + 1 < markers.count ? markers[k + 1].start : turnEnd
            let sentence = sentences[marker.start.sentence]
            let markerClause = sentence.view.clause[marker.start.word]

            if case let .list(n) = marker.marker.position {
                var listed: [String] = []
                for m in mentions where m.at >= marker.end && m.at < nextStart && !listed.contains(m.codeID) && listed.count < n {
                    listed.append(m.codeID)
                }
                for (r, code) in listed.enumerated() {
                    entries.append(RankEntry(rank: r + 1, codeID: code, marker: marker.entry, markerRange: marker.range))
                }
                if !listed.isEmpty {
                    current = listed.count
                    currentSentence = marker.start.sentence
                }
                continue
            }
            let rank: Int
            switch marker.marker.position {
            case let .absolute(r): rank = r
            case .next:
                if let place = handedOn {
                    rank = place
                } else {
                    guard let c = current, marker.start.sentence - currentSentence <= 2 else { continue }
                    rank = c + 1
                }
            case .list: continue
            }
            /// Codes named after the marker, up to the next marker, the end of sentence `s`, or a
            /// later reason clause; the clause right after the marker always counts.
            func after(inSentence s: Int, from: Int) -> [String] {
                let view = sentences[s].view
                guard from < view.count else { return [] }
                let firstClause = view.clause[from]
                let stop = (firstClause + 1..<view.subordinate.count).first { view.subordinate[$0] } ?? Int.max
                return mentions.filter { $0.at.sentence == s && $0.at.word >= from && $0.clause < stop && $0.at < nextStart }.map(\.codeID)
            }
            var codes: [String] = []
            switch marker.marker.scope {
            case .after:
                codes = after(inSentence: marker.start.sentence, from: marker.end.word)
                if codes.isEmpty, marker.start.sentence + 1 < sentences.count {
                    codes = after(inSentence: marker.start.sentence + 1, from: 0)
                }
            case .clause:
                let inSentence = mentions.filter { $0.at.sentence == marker.start.sentence && $0.at >= previousEnd && $0.at < nextStart }
                codes = inSentence.filter { $0.clause == markerClause }.map(\.codeID)
                // "Ganz oben steht, dass ...": the field follows in the rest of the sentence.
                if codes.isEmpty { codes = after(inSentence: marker.start.sentence, from: marker.end.word) }
                // "Der Bus, der steht an erster Stelle": the nearest field before it, not across a contrast.
                if codes.isEmpty {
                    codes = inSentence.last { $0.at < marker.start && !sentence.view.contrastBetween($0.clause, markerClause) }.map { [$0.codeID] } ?? []
                }
                if codes.isEmpty, sentence.anaphoric, marker.start.sentence > 0 {
                    codes = mentions.last { $0.at.sentence == marker.start.sentence - 1 }.map { [$0.codeID] } ?? []
                }
            }
            handedOn = nil
            if codes.isEmpty, marker.marker.scope == .after, case .absolute = marker.marker.position, k + 1 < markers.count,
               case .next = markers[k + 1].marker.position, markers[k + 1].start.sentence == marker.start.sentence,
               markers[k + 1].start.word - marker.end.word <= 3,
               !(marker.end.word..<markers[k + 1].start.word).contains(where: { sentence.view.isArticle($0, lexicon: lexicon) }) {
                handedOn = rank
                continue
            }
            for code in SignalDetector.distinct(codes) {
                entries.append(RankEntry(rank: rank, codeID: code, marker: marker.entry, markerRange: marker.range))
            }
            // The marker takes its place in the list even when the field it names has no code.
            current = rank
            currentSentence = marker.start.sentence
        }
        guard !entries.isEmpty else { return nil }
        return ExplicitRanking(turnIndex: turnIndex, sourceLine: sourceLine, entries: entries)
    }
}
