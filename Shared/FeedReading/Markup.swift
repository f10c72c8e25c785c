import CLibXML2
import Foundation

/// A document parsed by libxml2 (an XML feed or an HTML page); its tree is freed with it.
public final class MarkupDocument: @unchecked Sendable {
    fileprivate let pointer: xmlDocPtr

    private init(_ pointer: xmlDocPtr) { self.pointer = pointer }

    deinit { xmlFreeDoc(pointer) }

    /// libxml2 initialises its global state once, before the first parse.
    private static let initialized: Void = xmlInitParser()

    /// Before each parse: libxml2's global state, and silence on this thread (its error handlers
    /// are per thread; the parse errors that matter are read from the parser context).
    private static func prepare() {
        _ = initialized
        swapwatch_xml_silence()
    }

    /// Parses `data` as XML, strictly: no network, no DTD loading, no entity substitution (so no
    /// external entity is ever read). A document that is not well-formed throws, naming the line.
    public static func xml(_ data: Data) throws(MarkupError) -> MarkupDocument {
        prepare()
        guard let context = xmlNewParserCtxt() else { throw MarkupError("libxml2 could not make a parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let document = data.withUnsafeBytes { bytes in
            xmlCtxtReadMemory(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, nil, options)
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
            throw MarkupError("malformed XML at line \(error.line): \(message)")
        }
        return MarkupDocument(document)
    }

    /// Parses `data` as HTML the way browsers forgive it. `encoding` is the charset the server
    /// declared (Content-Type); without one, libxml2 reads the page's own `<meta>` declaration,
    /// else takes it as UTF-8.
    public static func html(_ data: Data, encoding: String? = nil) -> MarkupDocument? {
        prepare()
        guard let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = data.withUnsafeBytes { bytes in
            htmlCtxtReadMemory(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, encoding, options)
        }
        // A page that declares no charset is read as Latin-1 by libxml2; as UTF-8 when it is.
        if encoding == nil, let document, document.pointee.encoding == nil, String(data: data, encoding: .utf8) != nil {
            xmlFreeDoc(document)
            return html(data, encoding: "UTF-8")
        }
        return document.map(MarkupDocument.init)
    }

    /// The root element.
    public var root: MarkupNode? { xmlDocGetRootElement(pointer).map { MarkupNode($0, in: self) } }
}

/// A document that could not be parsed.
public struct MarkupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A node of a ``MarkupDocument``'s tree; it keeps its document alive.
public struct MarkupNode: Hashable, @unchecked Sendable {
    let pointer: xmlNodePtr
    let document: MarkupDocument

    init(_ pointer: xmlNodePtr, in document: MarkupDocument) { (self.pointer, self.document) = (pointer, document) }

    public var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    public var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's local name, lowercased for HTML documents by libxml2 itself.
    public var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// The element's namespace URI, if it has one.
    public var namespace: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// Whether this is an element named `name` in `namespace` (any namespace when `nil`).
    public func isElement(_ name: String, in namespace: String? = nil) -> Bool {
        isElement && self.name == name && (namespace == nil || self.namespace == namespace)
    }

    /// All child nodes, text included.
    public var childNodes: [MarkupNode] {
        var nodes: [MarkupNode] = []
        var child = pointer.pointee.children
        while let node = child {
            nodes.append(MarkupNode(node, in: document))
            child = node.pointee.next
        }
        return nodes
    }

    /// The child elements.
    public var children: [MarkupNode] { childNodes.filter(\.isElement) }

    /// The first child element named `name` (in `namespace`, if given).
    public func child(_ name: String, in namespace: String? = nil) -> MarkupNode? {
        children.first { $0.isElement(name, in: namespace) }
    }

    /// The child elements named `name` (in `namespace`, if given).
    public func children(_ name: String, in namespace: String? = nil) -> [MarkupNode] {
        children.filter { $0.isElement(name, in: namespace) }
    }

    /// Every element below this one, depth first, in document order.
    public var descendants: [MarkupNode] {
        var found: [MarkupNode] = []
        func walk(_ node: MarkupNode) {
            for child in node.children {
                found.append(child)
                walk(child)
            }
        }
        walk(self)
        return found
    }

    /// The element above this one.
    public var parent: MarkupNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return MarkupNode(parent, in: document)
    }

    /// The elements above this one, nearest first.
    public var ancestors: [MarkupNode] {
        Array(sequence(first: self, next: \.parent).dropFirst())
    }

    /// Whether `other` is this node or lies below it.
    public func contains(_ other: MarkupNode) -> Bool {
        other == self || other.ancestors.contains(self)
    }

    public static func == (lhs: MarkupNode, rhs: MarkupNode) -> Bool { lhs.pointer == rhs.pointer }
    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }

    /// The value of attribute `name` (with no namespace, or in `namespace`).
    public func attribute(_ name: String, in namespace: String? = nil) -> String? {
        let value = namespace.map { xmlGetNsProp(pointer, name, $0) } ?? xmlGetNoNsProp(pointer, name)
        guard let value else { return nil }
        defer { swapwatch_xml_free(value) }
        return String(cString: value)
    }

    /// The text content of the node and everything below it, entities expanded.
    public var text: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { swapwatch_xml_free(content) }
        return String(cString: content)
    }

    /// The node and everything below it serialised as markup (for Atom's XHTML content).
    public var markup: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, document.pointer, pointer, 0, 0)
        return buffer.pointee.content.map { String(cString: $0) } ?? ""
    }

    /// Takes the node out of its document and frees it with everything below it.
    public func remove() {
        xmlUnlinkNode(pointer)
        xmlFreeNode(pointer)
    }
}
