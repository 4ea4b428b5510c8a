import Foundation
import LeitbildCore

/// Reads REFI-QDA codebooks into `QDACode` trees: a codebook file (`.qdc`, namespace
/// `urn:QDA-XML:codebook:1.0`) or the `<CodeBook>` of a project (`project.qde` or a `.qdpx`
/// archive, namespace `urn:QDA-XML:project:1.0`).
///
/// The Themes stage converts the codes to and from its YAML codebook; the order of codes and
/// children is the file's.
public enum QDACodebookReader {
    public static let codebookNamespace = "urn:QDA-XML:codebook:1.0"
    public static let projectNamespace = "urn:QDA-XML:project:1.0"

    /// Reads a `.qdc`, `.qde` or `.qdpx` file.
    public static func read(file: String, limits: ZipLimits = .init()) throws(IngestionError) -> [QDACode] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw IngestionError.unreadable(file: file, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        return try read(data: data, path: file, limits: limits)
    }

    /// Reads codebook bytes; `path` names the file in messages, its extension picks zip or XML.
    public static func read(data: Data, path: String, limits: ZipLimits = .init()) throws(IngestionError) -> [QDACode] {
        if path.lowercased().hasSuffix(".qdpx") {
            let zip = try SafeZip(data: data, file: path, limits: limits)
            let xml = try QDPXReader.projectDocument(zip)
            return try codes(inProject: xml, file: "\(path)/project.qde")
        }
        if data.isEmpty { throw IngestionError.empty(file: path) }
        let xml = try SafeXML.parse(data, file: path)
        guard let root = xml.root else {
            throw IngestionError.malformed(file: path, line: nil, message: "the document has no root element", hint: "Export the codebook again")
        }
        if root.is("Project") { return try codes(inProject: xml, file: path) }
        guard root.is("CodeBook") else {
            throw IngestionError.malformed(file: path, line: root.line, message: "the root element is <\(root.name)>, not <CodeBook> or <Project>",
                                           hint: "Export the codebook as REFI-QDA codebook (.qdc) from your QDA program")
        }
        try checkNamespace(root, expected: codebookNamespace, file: path)
        return try codes(in: root, file: path)
    }

    static func codes(inProject xml: XMLDocument, file: String) throws(IngestionError) -> [QDACode] {
        guard let root = xml.root, root.is("Project") else {
            throw IngestionError.malformed(file: file, line: xml.root?.line, message: "the root element is <\(xml.root?.name ?? "")>, not <Project>",
                                           hint: "Export the project again as REFI-QDA (.qdpx)")
        }
        try checkNamespace(root, expected: projectNamespace, file: file)
        guard let codeBook = root.firstChild("CodeBook") else { return [] }
        return try codes(in: codeBook, file: file)
    }

    static func checkNamespace(_ root: XMLNode, expected: String, file: String) throws(IngestionError) {
        guard root.namespaceURI != expected else { return }
        let found = root.namespaceURI.map { "the namespace '\($0)'" } ?? "no namespace"
        throw IngestionError.malformed(file: file, line: root.line, message: "<\(root.name)> is in \(found), not REFI-QDA's '\(expected)'",
                                       hint: "Write xmlns=\"\(expected)\" on the root element, or export the file again from the QDA program")
    }

    /// The codes of a `<CodeBook>` element (its `<Codes>` child).
    static func codes(in codeBook: XMLNode, file: String) throws(IngestionError) -> [QDACode] {
        guard let list = codeBook.firstChild("Codes") else { return [] }
        return try list.children("Code").map { (node: XMLNode) throws(IngestionError) -> QDACode in try code(node, file: file) }
    }

    private static func code(_ node: XMLNode, file: String) throws(IngestionError) -> QDACode {
        guard let guid = node.attribute("guid"), let name = node.attribute("name") else {
            throw IngestionError.malformed(file: file, line: node.line, message: "a <Code> lacks its guid or name attribute",
                                           hint: "Every code needs guid=\"…\" and name=\"…\"")
        }
        let codable = node.attribute("isCodable").map { $0 == "true" || $0 == "1" } ?? true
        let description = node.firstChild("Description").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var children: [QDACode] = []
        for child in node.children("Code") { children.append(try code(child, file: file)) }
        return QDACode(guid: guid, name: TextDecoding.normalize(name), isCodable: codable, color: node.attribute("color"),
                       description: description.map(TextDecoding.normalize), children: children)
    }

    /// All codes of a tree by guid (depth first).
    static func index(_ codes: [QDACode]) -> [String: QDACode] {
        var result: [String: QDACode] = [:]
        func walk(_ list: [QDACode]) {
            for code in list {
                result[code.guid] = code
                walk(code.children)
            }
        }
        walk(codes)
        return result
    }
}
