/// Who speaks in a turn, as far as the tool can tell.
public enum SpeakerRole: String, Codable, Sendable, CaseIterable {
    /// Asks the questions. Interviewer turns can prompt a theme but never count as a mention.
    case interviewer
    /// A stakeholder whose words are analysed.
    case respondent
    /// Could not be decided; treated like a respondent by default and reported as a diagnostic.
    case unknown

    /// Whether turns of this role are stakeholder voice (coded and counted).
    public var isStakeholderVoice: Bool { self != .interviewer }
}

/// A speaker of a transcript, with the reason for its role so that every decision is visible.
public struct Speaker: Hashable, Codable, Sendable {
    /// Stable id within the transcript (e.g. `I`, `B1`, `SPK0`, a normalised name).
    public var id: String
    /// The label as written in the source (`I:`, `Frau Kessler`, `<v Anna Roth>`).
    public var label: String
    public var role: SpeakerRole
    /// Why the role was chosen, e.g. "f4 label 'I'" or "metadata interviewer 'Anna Roth'".
    public var roleReason: String

    public init(id: String, label: String, role: SpeakerRole, roleReason: String) {
        self.id = id
        self.label = label
        self.role = role
        self.roleReason = roleReason
    }
}
