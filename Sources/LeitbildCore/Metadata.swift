/// One named value describing an interview (`group`, `municipality`, a survey column, ...).
public struct Variable: Hashable, Codable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What the metadata sheet says about an interview. Well-known fields are typed; every column
/// (including the well-known ones) is also kept in `variables`, in sheet order.
public struct InterviewMetadata: Hashable, Codable, Sendable {
    public var interviewID: String
    /// Stakeholder group (e.g. "Verwaltung", "Jugend"). `nil` when unknown.
    public var group: String?
    public var municipality: String?
    /// ISO date (yyyy-mm-dd) as written in the sheet.
    public var date: String?
    public var interviewer: String?
    /// All columns of the sheet row, in sheet order.
    public var variables: [Variable]
    /// Where the row came from (`corpus/metadata.csv:4`), for messages.
    public var origin: String?

    public init(interviewID: String, group: String? = nil, municipality: String? = nil, date: String? = nil,
                interviewer: String? = nil, variables: [Variable] = [], origin: String? = nil) {
        self.interviewID = interviewID
        self.group = group
        self.municipality = municipality
        self.date = date
        self.interviewer = interviewer
        self.variables = variables
        self.origin = origin
    }

    public subscript(variable name: String) -> String? {
        variables.first(where: { $0.name == name })?.value
    }
}
