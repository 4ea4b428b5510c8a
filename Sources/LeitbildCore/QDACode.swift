/// A code as REFI-QDA exchanges it (`<Code>` in a `.qdc` codebook or a `.qdpx` project): the
/// neutral form between the XML reader (Ingestion), the codebook (Themes) and the writer (Reporting).
public struct QDACode: Hashable, Codable, Sendable {
    public var guid: String
    public var name: String
    public var isCodable: Bool
    /// `#RRGGBB`, where given.
    public var color: String?
    /// The `<Description>` text, where given.
    public var description: String?
    public var children: [QDACode]

    public init(guid: String, name: String, isCodable: Bool, color: String? = nil, description: String? = nil,
                children: [QDACode] = []) {
        self.guid = guid
        self.name = name
        self.isCodable = isCodable
        self.color = color
        self.description = description
        self.children = children
    }
}
