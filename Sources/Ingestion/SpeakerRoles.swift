import Foundation
import LeitbildCore

/// Decides interviewer vs respondent from a speaker label and the metadata.
///
/// Rules, in order: (1) the label names the interviewer from the metadata; (2) the label is an
/// interviewer convention (`I`, `Interviewer`, `Interviewerin`, `Moderation`, `Moderator`, ...);
/// (3) the label is a respondent convention (`B`, `B1`, `Befragte`, `IP`, ...); (4) any other
/// name is a respondent when an interviewer was found, else unknown.
enum SpeakerRoles {
    static let interviewerLabels: Set<String> = [
        "i", "i1", "i2", "int", "interviewer", "interviewerin", "interviewende", "moderation", "moderator", "moderatorin", "frage", "f",
    ]
    static let respondentLabels: Set<String> = [
        "b", "b1", "b2", "b3", "b4", "b5", "befragte", "befragter", "befragte:r", "ip", "ip1", "ip2", "antwort", "a", "r", "respondent",
    ]

    static func role(forLabel label: String, metadata: InterviewMetadata) -> (SpeakerRole, String)? {
        let key = label.lowercased().trimmingCharacters(in: .whitespaces)
        if let interviewer = metadata.interviewer?.lowercased(), !interviewer.isEmpty,
           key == interviewer || interviewer.split(separator: " ").contains(where: { key.hasSuffix(" " + $0) || key == $0 })
        {
            return (.interviewer, "label '\(label)' names the interviewer in the metadata")
        }
        if interviewerLabels.contains(key) || key.hasPrefix("interviewer") || key.hasPrefix("moderat") {
            return (.interviewer, "label '\(label)' is an interviewer label")
        }
        if respondentLabels.contains(key) || key.hasPrefix("befragte") {
            return (.respondent, "label '\(label)' is a respondent label")
        }
        return nil
    }

    /// Roles for all labels of a transcript, in first-appearance order.
    static func assign(labels: [String], metadata: InterviewMetadata) -> [Speaker] {
        var decided: [(String, SpeakerRole?, String)] = labels.map { label in
            if let (role, reason) = role(forLabel: label, metadata: metadata) { return (label, role, reason) }
            return (label, nil, "")
        }
        let hasInterviewer = decided.contains { $0.1 == .interviewer }
        for i in decided.indices where decided[i].1 == nil {
            if hasInterviewer {
                decided[i].1 = .respondent
                decided[i].2 = "name '\(decided[i].0)' is not the interviewer"
            } else if i == 0 && decided.count > 1 {
                // Interviews open with the interviewer; without any other evidence the first speaker asks.
                decided[i].1 = .interviewer
                decided[i].2 = "first speaker of the transcript and no interviewer label found (heuristic)"
            } else {
                decided[i].1 = .respondent
                decided[i].2 = decided.count == 1 ? "only speaker" : "not the first speaker (heuristic)"
            }
        }
        return decided.map { Speaker(id: speakerID($0.0), label: $0.0, role: $0.1 ?? .unknown, roleReason: $0.2) }
    }

    static func speakerID(_ label: String) -> String {
        label.trimmingCharacters(in: .whitespaces)
    }
}
