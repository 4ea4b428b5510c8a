import Foundation
import LeitbildCore
import Reporting
import Testing

/// Pseudonyms are learnt interview by interview: what a consultant adds after a round of
/// interviews (the next interview, a name in pseudonyms.txt) must not rename anybody in the
/// quotes already shared.
@Suite("Pseudonyms stay when the project grows")
struct PseudonymStabilityTests {
    enum Addition: String, CaseIterable, CustomTestStringConvertible {
        case respondent, titledName, nameLabel, listEntry
        var testDescription: String { rawValue }

        /// The fixture's transcripts and list after the addition.
        func apply(to transcripts: [Transcript]) -> ([Transcript], [PseudonymEntry]) {
            func interview(respondent: String, label: String = "B", text: String) -> Transcript {
                ReportFixture.transcript(ReportFixture.Interview(
                    id: "F05", file: "05-neu.txt", group: "Vereine", municipality: "Naila", interviewer: "Anna Roth", respondent: respondent,
                    turns: [("I", .interviewer, "Was fehlt?", nil), (label, .respondent, text, nil)]))
            }
            switch self {
            case .respondent: return (transcripts + [interview(respondent: "Gerda Wunderlich", text: "Ein Bus am Abend.")], [])
            case .titledName: return (transcripts + [interview(respondent: "-", text: "Herr Pöhlmann hat das gesagt.")], [])
            case .nameLabel: return (transcripts + [interview(respondent: "-", label: "Karin", text: "Der Radweg fehlt.")], [])
            case .listEntry: return (transcripts, [PseudonymEntry(kind: .person, name: "Erwin Raithel", origin: "pseudonyms.txt:1")])
            }
        }
    }

    @Test("an interview added after the others, or a name added to the list, renames nobody", arguments: Addition.allCases)
    func earlierPseudonymsStay(_ addition: Addition) {
        let transcripts = ReportFixture.interviews.map(ReportFixture.transcript)
        let before = Pseudonymizer(transcripts: transcripts, list: [])
        let (grown, list) = addition.apply(to: transcripts)
        let after = Pseudonymizer(transcripts: grown, list: list)
        // The fixture learns names from metadata, labels and titles in the text ("Frau Zapf").
        #expect(before.identities.contains { $0.origins.contains { $0.hasPrefix("title in") } })
        let earlier = Dictionary(uniqueKeysWithValues: before.identities.map { ($0.name, $0.pseudonym) })
        for identity in after.identities where earlier[identity.name] != nil {
            #expect(identity.pseudonym == earlier[identity.name], "\(identity.name)")
        }
        #expect(after.identities.count == before.identities.count + 1, "the addition is one new person")
    }

    /// A fixed pseudonym in the list that looks like an automatic one: the automatic letters
    /// skip it, so no two people share a pseudonym.
    @Test("a fixed pseudonym is never given to somebody else too", arguments: [
        ("Zapf", "Person C"),  // the letter she has anyway: pinning it moves nobody
        ("Zapf", "Person A"),  // another person's letter: that person gets the next free one
        ("Lena Zeitler", "Person B"),
    ])
    func fixedPseudonymsAreUnique(_ pin: (name: String, pseudonym: String)) throws {
        let transcripts = ReportFixture.interviews.map(ReportFixture.transcript)
        let free = Pseudonymizer(transcripts: transcripts, list: [])
        let pinned = Pseudonymizer(transcripts: transcripts, list: [PseudonymEntry(kind: .person, name: pin.name, pseudonym: pin.pseudonym,
                                                                                   origin: "pseudonyms.txt:1")])
        let pseudonyms = pinned.identities.map(\.pseudonym)
        #expect(Set(pseudonyms).count == pseudonyms.count, "\(pseudonyms)")
        let person = try #require(pinned.identities.first { $0.name == pin.name })
        #expect(person.pseudonym == pin.pseudonym)
        #expect(pinned.identities.count == free.identities.count)
        if free.identities.first(where: { $0.name == pin.name })?.pseudonym == pin.pseudonym {
            #expect(pinned.identities.map(\.pseudonym) == free.identities.map(\.pseudonym))
        }
    }
}
