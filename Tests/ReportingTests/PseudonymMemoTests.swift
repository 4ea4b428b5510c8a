import Foundation
import LeitbildCore
@testable import Reporting
import Testing

/// The pseudonymiser's memo (`PseudonymMemo`): texts prepared with the last run's memo equal
/// texts prepared without it, whatever changed in between, and the memo is used where nothing
/// that concerns a text changed.
@Suite("Pseudonymised texts from the last run's memo")
struct PseudonymMemoTests {
    /// A base project: the report fixture and three interviews whose texts hold names the changes
    /// below make known (in a hyphenated word, in the genitive, hyphenated across a line break or
    /// a subtitle cue's lines, and in a spelling that is a common word after a title).
    static let base: [ReportFixture.Interview] = ReportFixture.interviews + [
        // A hyphen before a function word is no place where a name may be joined.
        interview("F06", respondent: "-", text: "Der Wunderlich-Plan für den Bus ist gut, für Kinder- und Jugendarbeit auch."),
        interview("F07", respondent: "-", text: "Pöhlmanns Idee mit der Bahn gefällt mir. Die Leut- ner ebenso."),
        interview("F08", respondent: "-", text: "Der Ober-\nmaier will den Bus. Der Herr Weiß auch."),
    ]

    /// The consultant's list of the base project: one place, which a change removes.
    static let baseList = [PseudonymEntry(kind: .place, name: "Selbitz", origin: "pseudonyms.txt:1")]

    static func interview(_ id: String, respondent: String, text: String) -> ReportFixture.Interview {
        ReportFixture.Interview(id: id, file: "\(id.lowercased()).txt", group: "Vereine", municipality: "Naila", interviewer: "Anna Roth",
                                respondent: respondent, turns: [("I", .interviewer, "Was fehlt?", nil), ("B", .respondent, text, nil)])
    }

    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case nothing
        /// A respondent who shares the surname of a person already known ("Hertel" becomes ambiguous).
        case sharedSurname
        /// A name new to the project introduced by a title, already written bare in an earlier text.
        case titledNameInEarlierText
        /// A new name that an earlier text holds inside a hyphenated word.
        case nameInHyphenatedWord
        /// A new name that an earlier text holds in the genitive.
        case nameInGenitive
        /// A new name that an earlier text holds hyphenated across a line break ("Ober-\nmaier").
        case nameAcrossLineBreak
        /// A new name that an earlier text holds hyphenated across a subtitle cue's lines ("Leut- ner").
        case nameAcrossCueLines
        /// A new name whose spelling in an earlier text is a common word, after a title ("Herr Weiß").
        case commonSpellingAfterTitle
        case listEntry
        /// A name removed whose place no other name takes (a place in the list, named in one text).
        case listEntryRemoved
        /// The interview that introduced "Hertel", whom another text names in the genitive, removed.
        case interviewRemoved
        case textEdited
        /// An interview that sorts first: every automatic letter moves.
        case interviewSortingFirst
        /// More changed names than the memo searches for: every text is redacted again.
        case manyListEntries

        var testDescription: String { rawValue }

        func apply(to interviews: [ReportFixture.Interview]) -> ([ReportFixture.Interview], [PseudonymEntry]) {
            let list = PseudonymMemoTests.baseList
            switch self {
            case .nothing: return (interviews, list)
            case .sharedSurname: return (interviews + [PseudonymMemoTests.interview("F09", respondent: "Gerda Hertel", text: "Mehr Busse.")], list)
            case .titledNameInEarlierText:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "-", text: "Das hat Herr Rehau gesagt.")], list)
            case .nameInHyphenatedWord:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "Gerda Wunderlich", text: "Mehr Busse.")], list)
            case .nameInGenitive:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "-", text: "Herr Pöhlmann war auch da.")], list)
            case .nameAcrossLineBreak:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "Gerda Obermaier", text: "Mehr Busse.")], list)
            case .nameAcrossCueLines:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "Gerda Leutner", text: "Mehr Busse.")], list)
            case .commonSpellingAfterTitle:
                return (interviews + [PseudonymMemoTests.interview("F09", respondent: "Karl Weiss", text: "Mehr Busse.")], list)
            case .listEntry: return (interviews, list + [PseudonymEntry(kind: .place, name: "Naila", origin: "pseudonyms.txt:2")])
            case .listEntryRemoved: return (interviews, [])
            case .interviewRemoved: return (interviews.filter { $0.id != "F01" }, list)
            case .textEdited:
                var edited = interviews
                edited[2].turns[1].text = "Ein Arzt in der Nähe, sagt Frau Zapf."
                return (edited, list)
            case .interviewSortingFirst:
                return ([PseudonymMemoTests.interview("F00", respondent: "Erwin Raithel", text: "Die Bahn.")] + interviews, list)
            case .manyListEntries:
                let places = (0..<(PseudonymMemo.maxChangedKeys + 6)).map {
                    PseudonymEntry(kind: .place, name: "Ort" + Pseudonymizer.letters($0).lowercased(), origin: "pseudonyms.txt:\($0 + 2)")
                }
                return (interviews, list + places)
            }
        }

        /// Whether the change alters the shareable text of an interview of the base project
        /// (so that reusing its old cuts would be wrong, and the test can fail).
        var altersAnEarlierText: Bool {
            switch self {
            // "Herr Weiß" was learnt from its title before; Karl Weiss joins that person.
            case .nothing, .textEdited, .manyListEntries, .commonSpellingAfterTitle: false
            default: true
            }
        }
    }

    static func texts(_ interviews: [ReportFixture.Interview], list: [PseudonymEntry], memo: PseudonymMemo?) -> ReportInput.Texts {
        var options = ReportOptions()
        options.pseudonymList = list
        return ReportInput.Texts(transcripts: interviews.map(ReportFixture.code), options: options, memo: memo, keepingMemo: true)
    }

    @Test("the same texts and pseudonyms with the memo as without it", arguments: Change.allCases)
    func sameWithMemo(_ change: Change) throws {
        let first = Self.texts(Self.base, list: Self.baseList, memo: nil)
        let memo = try #require(first.memo)
        let (interviews, list) = change.apply(to: Self.base)
        let fresh = Self.texts(interviews, list: list, memo: nil)
        let reused = Self.texts(interviews, list: list, memo: memo)

        #expect(reused.pseudonyms.identities == fresh.pseudonyms.identities)
        #expect(reused.redactedTexts.map(\.text) == fresh.redactedTexts.map(\.text))
        #expect(reused.redactedTexts.map(\.cuts) == fresh.redactedTexts.map(\.cuts))
        #expect(reused.speakerLabels == fresh.speakerLabels)
        // The memo for the next run does not depend on how this one was made.
        let a = try #require(reused.memo), b = try #require(fresh.memo)
        #expect(a.keys.map(\.word) == b.keys.map(\.word) && a.keys.map(\.patterns) == b.keys.map(\.patterns))
        #expect(a.entries.map(\.text) == b.entries.map(\.text) && a.entries.map(\.cuts) == b.entries.map(\.cuts))

        // Interviews of the base project whose text is the same but whose shareable text is not.
        func original(_ interview: ReportFixture.Interview) -> String { ReportFixture.transcript(interview).text }
        let earlier = Dictionary(uniqueKeysWithValues: zip(Self.base.map { ($0.id, original($0)) }, first.redactedTexts.map(\.text)).map { ($0.0, ($0.1, $1)) })
        let altered = zip(interviews, fresh.redactedTexts).filter { interview, now in
            earlier[interview.id].map { $0.0 == original(interview) && $0.1 != now.text } ?? false
        }
        #expect(altered.isEmpty != change.altersAnEarlierText, "earlier texts the change alters: \(altered.map { $0.0.id })")
    }

    @Test("the memo is used where nothing that concerns a text changed", arguments: [
        // A text with a hyphen at a line's end (F08) or a hyphen and a space before a word in small
        // letters (F07) is redacted again whenever a name changed; F06's "Kinder- und" is not.
        (Change.nothing, 0), (.textEdited, 1), (.listEntry, 3), (.listEntryRemoved, 3), (.nameInHyphenatedWord, 3),
        (.nameAcrossLineBreak, 2), (.nameAcrossCueLines, 2), (.commonSpellingAfterTitle, 2),
    ])
    func usedWhereUnchanged(_ change: Change, recomputed: Int) throws {
        let memo = try #require(Self.texts(Self.base, list: Self.baseList, memo: nil).memo)
        let (interviews, list) = change.apply(to: Self.base)
        let use = try #require(Self.texts(interviews, list: list, memo: memo).memoUse)
        let added = interviews.count - Self.base.count
        #expect(use.redacted == interviews.count)
        #expect(use.cutsFromMemo == interviews.count - added - recomputed, "\(use)")
        #expect(use.titledFromMemo == interviews.count - added - (change == .textEdited ? 1 : 0))
    }

    @Test("more changed names than it searches for: no cuts from the memo, the same texts")
    func manyChangedNames() throws {
        let memo = try #require(Self.texts(Self.base, list: Self.baseList, memo: nil).memo)
        let (interviews, list) = Change.manyListEntries.apply(to: Self.base)
        let use = try #require(Self.texts(interviews, list: list, memo: memo).memoUse)
        #expect(use.changedKeys > PseudonymMemo.maxChangedKeys)
        #expect(use.cutsFromMemo == 0)
        #expect(use.titledFromMemo == interviews.count)
        #expect(use.note.contains("more than \(PseudonymMemo.maxChangedKeys) names changed"))
    }

    @Test("no memo when not pseudonymising")
    func noMemoWithoutPseudonyms() {
        var options = ReportOptions()
        options.pseudonymize = false
        let texts = ReportInput.Texts(transcripts: Self.base.map(ReportFixture.code), options: options)
        #expect(texts.memo == nil && texts.memoUse == nil)
    }

    @Test("a word is found anywhere in a text, and only there", arguments: [
        ("Der Wunderlich-Plan", "Wunderlich", true), ("Pöhlmanns Idee", "Pöhlmann", true), ("Ende: Zapf", "Zapf", true),
        ("Zap", "Zapf", false), ("", "Zapf", false), ("Zapf", "Zapf", true), ("ZZapZapf", "Zapf", true), ("Zäpf", "Zapf", false),
    ])
    func occurs(_ text: String, _ word: String, _ found: Bool) {
        #expect(ByteSearch.text(text, containsAnyOf: [Array(word.utf8)]) == found)
    }

    typealias Cut = RedactedText.Cut

    /// An entry's cuts are kept as one byte string: they must come back as they were.
    @Test("cuts come back from their bytes as they were", arguments: [
        [],
        [Cut(original: 0..<0, replacement: "")],
        [Cut(original: 3..<9, replacement: "[Person]"), Cut(original: 12..<20, replacement: "Person B")],
        [Cut(original: 127..<128, replacement: "[Ort]"), Cut(original: 128..<16_512, replacement: "Gemeinde A")],
        [Cut(original: 1 << 40..<(1 << 40) + 300, replacement: "„Ä“ 🚲 \u{0}")],
    ] as [[Cut]])
    func packedCuts(_ cuts: [Cut]) throws {
        #expect(PseudonymMemo.Entry.unpacked(PseudonymMemo.Entry.packed(cuts)) == cuts)
        // Through an encoder and decoder, as the cache writes and reads the memo.
        let entry = PseudonymMemo.Entry(text: [1, 2, 3], titled: [Pseudonymizer.TitledName(name: "Zapf", line: 4)], cuts: cuts)
        let decoded = try JSONDecoder().decode(PseudonymMemo.Entry.self, from: JSONEncoder().encode(entry))
        #expect(decoded == entry)
        let none = PseudonymMemo.Entry(text: [9], titled: [], cuts: nil)
        #expect(try JSONDecoder().decode(PseudonymMemo.Entry.self, from: JSONEncoder().encode(none)) == none)
    }

    /// A damaged memo is ignored, never misread: bytes cut short anywhere are refused.
    @Test("cut bytes cut short are refused")
    func packedCutsDamaged() {
        let bytes = PseudonymMemo.Entry.packed([Cut(original: 300..<310, replacement: "[Person]"), Cut(original: 400..<405, replacement: "Ort")])
        for end in 1..<bytes.count {
            let unpacked = PseudonymMemo.Entry.unpacked(Array(bytes[..<end]))
            // A prefix that ends exactly after the first cut is a whole list of one cut.
            #expect(unpacked == nil || unpacked == [Cut(original: 300..<310, replacement: "[Person]")], "\(end)")
        }
        #expect(PseudonymMemo.Entry.unpacked([0x80, 0x80]) == nil)
    }
}
