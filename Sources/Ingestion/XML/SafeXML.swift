import CLibXML2
import Foundation
import LeitbildCore

/// libxml2, configured so that untrusted files cannot reach the network or the disk.
///
/// - Parsed from memory with `XML_PARSE_NONET`; no `XML_PARSE_NOENT` (entities are never
///   substituted), no `XML_PARSE_DTDLOAD`/`DTDATTR`/`DTDVALID` (no DTD is loaded), no
///   `XML_PARSE_HUGE` (libxml2's size limits stay on).
/// - Files that declare entities (`<!ENTITY`) are refused before parsing, and again after
///   parsing if the document still has any (the scan sees UTF-8 and UTF-16 files).
/// - The process-wide external entity loader refuses every request, so even a code path that
///   asked for an external resource would get nothing.
/// - libxml2's own error printing is off (parse options and a silent handler for errors outside
///   the parser); the first error becomes an `IngestionError` with its line.
enum SafeXML {
    /// One-time libxml2 set-up (thread-safe through Swift's lazy static initialisation).
    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    static let parseOptions: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Parses a document; `checkEntities: false` exists only so tests can show that libxml2's
    /// configuration alone already stops entity attacks.
    static func parse(_ data: Data, file: String, checkEntities: Bool = true) throws(IngestionError) -> XMLDocument {
        _ = initialized
        if let error = TextDecoding.utf32(Array(data.prefix(4)), file: file) { throw error }
        if checkEntities {
            let (prolog, lineOf) = XMLSniffer.prolog(data)
            if let offset = prolog.entityDeclarationOffset {
                throw IngestionError.unsafe(file: file, line: lineOf(offset),
                                            message: "the file declares XML entities (<!ENTITY …>), which Leitbild never expands (entity bombs, local file disclosure)",
                                            hint: "Remove the <!DOCTYPE …> block, or export the file again from its program")
            }
        }
        guard data.count < Int(Int32.max) else {
            throw IngestionError.tooLarge(file: file, bytes: data.count, limit: Int(Int32.max))
        }
        // libxml2 reports some errors outside the parser context (a failed encoding conversion,
        // an I/O error) through the thread's global error channel, which prints to stderr even
        // with XML_PARSE_NOERROR (found by FuzzTEI). A silent structured handler, set on the
        // thread that parses (libxml2 keeps it per thread), keeps them off the user's terminal;
        // the parser's own errors still reach the context for `syntaxError`.
        xmlSetStructuredErrorFunc(nil, silentErrorHandler)
        guard let context = xmlNewParserCtxt() else {
            throw IngestionError.malformed(file: file, line: nil, message: "libxml2 could not create a parser (out of memory?)", hint: "Try again with fewer files")
        }
        defer { xmlFreeParserCtxt(context) }
        context.pointee.sax?.pointee.startElementNs = recordingBigLines
        // The first error, which names the cause; libxml2 keeps the last, often only its echo at
        // the file's end ("Premature end of data" for a tag left open on line 137).
        let first = FirstError()
        context.pointee._private = Unmanaged.passUnretained(first).toOpaque()
        context.pointee.sax?.pointee.serror = recordingFirstError
        let document: xmlDocPtr? = withExtendedLifetime(first) {
            data.withUnsafeBytes { raw in
                raw.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, parseOptions)
                }
            }
        }
        let wellFormed = context.pointee.wellFormed != 0
        guard let document, wellFormed else {
            if let document { xmlFreeDoc(document) }
            if let error = first.error { throw syntaxError(error, message: first.message, file: file) }
            throw syntaxError(xmlCtxtGetLastError(context)?.pointee, file: file)
        }
        let result = XMLDocument(document)
        if let subset = document.pointee.intSubset, subset.pointee.entities != nil {
            throw IngestionError.unsafe(file: file, line: nil,
                                        message: "the file declares XML entities in its DTD, which Leitbild never expands",
                                        hint: "Remove the <!DOCTYPE …> block, or export the file again from its program")
        }
        return result
    }

    /// libxml2's own start of an element, then its line kept where libxml2 cannot keep it: an
    /// element node has 16 bits for its line, so past line 65534 it holds 65535, and
    /// `xmlGetLineNo` falls back to the line of the element's first text child, which is where
    /// that text ends (XML_PARSE_BIG_LINES keeps big lines for text nodes only). The parser's line
    /// at this point, the one libxml2 keeps for smaller lines, goes into the node's `psvi`, which
    /// only schema validation uses (`XMLNode.line` reads it).
    private static let recordingBigLines: startElementNsSAX2Func = { ctx, name, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes in
        xmlSAX2StartElementNs(ctx, name, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes)
        guard let parser = ctx?.assumingMemoryBound(to: xmlParserCtxt.self), let node = parser.pointee.node,
              let input = parser.pointee.input, input.pointee.line >= 65535 else { return }
        node.pointee.psvi = UnsafeMutableRawPointer(bitPattern: Int(input.pointee.line))
    }

    /// The first error of a parse, copied out of libxml2 (which reuses its own record).
    final class FirstError {
        var error: xmlError?
        var message: String?
    }

    /// Keeps the first fatal error of the parse whose context's `_private` holds a `FirstError`.
    private static let recordingFirstError: xmlStructuredErrorFunc = { userData, error in
        // Fatal errors only: a namespace error ("prefix tei is not defined") lets the parse go on
        // and fail later for another cause, or not at all (found in a review).
        guard let error, error.pointee.level.rawValue >= XML_ERR_FATAL.rawValue,
              let parser = userData?.assumingMemoryBound(to: xmlParserCtxt.self), let box = parser.pointee._private else { return }
        let first = Unmanaged<FirstError>.fromOpaque(box).takeUnretainedValue()
        guard first.error == nil else { return }
        first.message = error.pointee.message.map { String(cString: $0) }
        var copy = error.pointee
        // Pointers into libxml2's record stay behind; the message is kept as a String.
        copy.message = nil; copy.file = nil; copy.str1 = nil; copy.str2 = nil; copy.str3 = nil; copy.ctxt = nil; copy.node = nil
        first.error = copy
    }

    /// Drops an error libxml2 would otherwise print; the parse result carries what matters.
    private static let silentErrorHandler: xmlStructuredErrorFunc = { _, _ in }

    private static func syntaxError(_ error: xmlError?, message: String? = nil, file: String) -> IngestionError {
        guard let error else {
            return .malformed(file: file, line: nil, message: "not well-formed XML", hint: "Open it in an XML editor or export it again")
        }
        let raw = message ?? error.message.map { String(cString: $0) } ?? "not well-formed XML"
        var message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = error.line > 0 ? Int(error.line) : nil
        let column = error.int2 > 0 ? ", column \(error.int2)" : ""
        let code = Int(error.code)
        // libxml2's size limits ("Excessive depth in document: 256 use XML_PARSE_HUGE option")
        // stay on: the option it names is not the user's to set.
        if let huge = message.range(of: "use XML_PARSE_HUGE option") {
            message = message[..<huge.lowerBound].trimmingCharacters(in: .whitespaces) + " (libxml2's limit, which Leitbild keeps for safety)"
            return .malformed(file: file, line: line, message: "cannot read the XML: \(message)\(column)",
                              hint: "Transcripts do not nest or grow this far; check that the file is a transcript, or export it again")
        }
        let hint: String
        switch code {
        case Int(XML_ERR_DOCUMENT_END.rawValue) where message.hasPrefix("Extra content"):
            // libxml2 gives the same code for text or elements after the root element's end
            // (found in a review: the hint said the file looked cut off, the opposite).
            hint = "Something follows the end of the document's root element there; remove it, or export the file again"
        case Int(XML_ERR_DOCUMENT_END.rawValue), Int(XML_ERR_TAG_NOT_FINISHED.rawValue), Int(XML_ERR_LTSLASH_REQUIRED.rawValue),
             Int(XML_ERR_GT_REQUIRED.rawValue), Int(XML_ERR_DOCUMENT_EMPTY.rawValue):
            hint = "The file looks cut off or not closed; export it again from its program"
        case Int(XML_ERR_INVALID_CHAR.rawValue), Int(XML_ERR_INVALID_ENCODING.rawValue), Int(XML_ERR_UNKNOWN_ENCODING.rawValue):
            hint = "The bytes do not match the declared encoding; save the file as UTF-8"
        case Int(XML_ERR_UNDECLARED_ENTITY.rawValue), Int(XML_WAR_UNDECLARED_ENTITY.rawValue), Int(XML_ERR_ENTITY_LOOP.rawValue):
            hint = "Leitbild does not expand entities; replace them with the characters they stand for"
        default:
            hint = "Open it in an XML editor to fix it, or export it again"
        }
        return .malformed(file: file, line: line, message: "not well-formed XML: \(message)\(column)", hint: hint)
    }
}

/// A parsed libxml2 document; frees it when released. Used within one reader call only.
final class XMLDocument {
    let pointer: xmlDocPtr

    init(_ pointer: xmlDocPtr) { self.pointer = pointer }
    deinit { xmlFreeDoc(pointer) }

    var root: XMLNode? { xmlDocGetRootElement(pointer).map(XMLNode.init) }
}

/// A view of one libxml2 node. Valid while its `XMLDocument` is alive.
struct XMLNode {
    let pointer: xmlNodePtr

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }
    var isEntityReference: Bool { pointer.pointee.type == XML_ENTITY_REF_NODE }

    /// Local name (without prefix).
    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// Compares the local name without building a String.
    func `is`(_ localName: StaticString) -> Bool {
        guard let name = pointer.pointee.name else { return false }
        return xmlStrEqual(name, localName.utf8Start) != 0
    }

    var namespaceURI: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// 1-based source line of the element's start tag (its end, where the tag spans lines); past
    /// line 65534 the one `SafeXML.parse` kept in `psvi`.
    var line: Int {
        if pointer.pointee.type == XML_ELEMENT_NODE, pointer.pointee.line == 65535, let big = pointer.pointee.psvi {
            return Int(bitPattern: big)
        }
        return Int(xmlGetLineNo(pointer))
    }

    /// Element children in document order.
    var children: XMLChildren { XMLChildren(first: pointer.pointee.children, elementsOnly: true) }

    /// All child nodes (elements, text, ...) in document order.
    var childNodes: XMLChildren { XMLChildren(first: pointer.pointee.children, elementsOnly: false) }

    func firstChild(_ localName: StaticString) -> XMLNode? { children.first { $0.is(localName) } }

    func children(_ localName: StaticString) -> [XMLNode] { children.filter { $0.is(localName) } }

    /// All descendants with a local name, in document order.
    func descendants(_ localName: StaticString) -> [XMLNode] {
        var found: [XMLNode] = []
        func walk(_ node: XMLNode) {
            for child in node.children {
                if child.is(localName) { found.append(child) }
                walk(child)
            }
        }
        walk(self)
        return found
    }

    /// An attribute by local name (any namespace, so `xml:id` is `attribute("id")`).
    func attribute(_ localName: StaticString) -> String? {
        var attr = pointer.pointee.properties
        while let a = attr {
            if let name = a.pointee.name, xmlStrEqual(name, localName.utf8Start) != 0 {
                var bytes: [UInt8] = []
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))) }
                    child = c.pointee.next
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// The bytes of a text node (empty for other nodes).
    var textBytes: UnsafeBufferPointer<UInt8> {
        guard isText, let content = pointer.pointee.content else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
    }

    /// Concatenated text of all descendant text nodes.
    func appendText(to bytes: inout [UInt8]) {
        for child in childNodes {
            if child.isText { bytes.append(contentsOf: child.textBytes) } else if child.isElement { child.appendText(to: &bytes) }
        }
    }

    /// Text content as a String, whitespace untouched.
    var text: String {
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text content with runs of whitespace folded to one space and trimmed.
    var collapsedText: String {
        var collector = TurnTextCollector()
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        collector.append(bytes)
        return String(decoding: collector.bytes, as: UTF8.self)
    }
}

/// Iterates the children of a node.
struct XMLChildren: Sequence {
    let first: xmlNodePtr?
    let elementsOnly: Bool

    struct Iterator: IteratorProtocol {
        var current: xmlNodePtr?
        let elementsOnly: Bool
        mutating func next() -> XMLNode? {
            while let node = current {
                current = node.pointee.next
                if !elementsOnly || node.pointee.type == XML_ELEMENT_NODE { return XMLNode(pointer: node) }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(current: first, elementsOnly: elementsOnly) }
}
