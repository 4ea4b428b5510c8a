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
}
