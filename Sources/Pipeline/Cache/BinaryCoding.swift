import Foundation

/// A compact binary encoding for `Codable` values, for the run cache.
///
/// Why not JSON: a cached interview (transcript, coded segments, signals) is tens of thousands of
/// values, and an incremental run decodes every cached interview of the project. JSON spends most
/// of that time on number and key text; this format stores numbers as varints, strings as
/// length + UTF-8, and each key once per entry in a key table. It keeps the keyed semantics of
/// `Codable` (keys are stored, absent keys decode as absent), so a type that gains a field still
/// round-trips, and a value encoded by an older type fails to decode instead of being misread.
///
/// Layout of an encoded value (all integers little-endian):
/// `key table` = varint count, then each key as varint length + UTF-8;
/// `value` = one tag byte, then: nothing (nil, false, true); zigzag varint (signed); varint
/// (unsigned); 8 bytes (double); 4 bytes (float); varint length + UTF-8 (string);
/// u32 byte length + varint count + entries (keyed: varint key index + value; unkeyed: value).
enum BinaryCoding {
    enum Tag: UInt8 {
        case null = 0, falseValue, trueValue, signed, unsigned, double, float, string, keyed, unkeyed
    }

    /// Encodes a value: key table, then the value.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = NodeEncoder(codingPath: [])
        try value.encode(to: encoder)
        var keys = KeyTable()
        var body: [UInt8] = []
        body.reserveCapacity(4096)
        try encoder.root.write(into: &body, keys: &keys)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + keys.byteCount + 8)
        writeVarint(UInt64(keys.names.count), into: &out)
        for name in keys.names {
            writeVarint(UInt64(name.utf8.count), into: &out)
            out.append(contentsOf: name.utf8)
        }
        out.append(contentsOf: body)
        return out
    }

    /// Decodes a value from bytes written by `encode`. Throws `DecodingError` on any mismatch;
    /// never reads outside `bytes`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        var reader = Reader(bytes: bytes, offset: 0)
        let count = try reader.varint()
        guard count <= UInt64(bytes.count) else { throw corrupt("key table") }
        var keys: [String] = []
        keys.reserveCapacity(Int(count))
        for _ in 0..<count { keys.append(try reader.string()) }
        let context = DecodingContext(bytes: bytes, keys: keys)
        let decoder = ValueDecoder(context: context, offset: reader.offset, codingPath: [])
        let value = try T(from: decoder)
        return value
    }

    static func corrupt(_ what: String, _ path: [any CodingKey] = []) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "cache entry is damaged (\(what))"))
    }

    static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

// MARK: - Encoding

/// Interns key names so each is written once per entry.
struct KeyTable {
    var names: [String] = []
    var index: [String: Int] = [:]
    var byteCount = 0

    mutating func id(_ name: String) -> Int {
        if let id = index[name] { return id }
        let id = names.count
        names.append(name)
        index[name] = id
        byteCount += name.utf8.count + 2
        return id
    }
}

/// A value being encoded. Containers are reference types because `Codable` hands out a nested
/// container and keeps writing into it after the parent has moved on.
enum Node {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case keyed(KeyedNode)
    case unkeyed(UnkeyedNode)
    /// A value whose encoder has not stored anything yet (an empty `encode(to:)`): written as an empty keyed container.
    case pending(NodeEncoder)

    func write(into out: inout [UInt8], keys: inout KeyTable) throws {
        switch self {
        case .null: out.append(BinaryCoding.Tag.null.rawValue)
        case .bool(let b): out.append(b ? BinaryCoding.Tag.trueValue.rawValue : BinaryCoding.Tag.falseValue.rawValue)
        case .signed(let v):
            out.append(BinaryCoding.Tag.signed.rawValue)
            BinaryCoding.writeVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63)), into: &out)
        case .unsigned(let v):
            out.append(BinaryCoding.Tag.unsigned.rawValue)
            BinaryCoding.writeVarint(v, into: &out)
        case .double(let d):
            out.append(BinaryCoding.Tag.double.rawValue)
            withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .float(let f):
            out.append(BinaryCoding.Tag.float.rawValue)
            withUnsafeBytes(of: f.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .string(let s):
            out.append(BinaryCoding.Tag.string.rawValue)
            BinaryCoding.writeVarint(UInt64(s.utf8.count), into: &out)
            out.append(contentsOf: s.utf8)
        case .keyed(let node):
            let start = Node.openContainer(.keyed, count: node.entries.count, into: &out)
            for (key, value) in node.entries {
                BinaryCoding.writeVarint(UInt64(keys.id(key)), into: &out)
                try value.write(into: &out, keys: &keys)
            }
            try Node.closeContainer(start: start, into: &out)
        case .unkeyed(let node):
            let start = Node.openContainer(.unkeyed, count: node.values.count, into: &out)
            for value in node.values { try value.write(into: &out, keys: &keys) }
            try Node.closeContainer(start: start, into: &out)
        case .pending(let encoder):
            try encoder.root.write(into: &out, keys: &keys)
        }
    }

    /// Writes the tag and a placeholder for the byte length; returns where the length goes.
    private static func openContainer(_ tag: BinaryCoding.Tag, count: Int, into out: inout [UInt8]) -> Int {
        out.append(tag.rawValue)
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        BinaryCoding.writeVarint(UInt64(count), into: &out)
        return start
    }

    /// Fills in the byte length of the container's contents (after the length field).
    private static func closeContainer(start: Int, into out: inout [UInt8]) throws {
        let length = out.count - start - 4
        guard length <= Int(UInt32.max) else {
            throw EncodingError.invalidValue(length, .init(codingPath: [], debugDescription: "container larger than 4 GiB"))
        }
        let value = UInt32(length)
        out[start] = UInt8(truncatingIfNeeded: value)
        out[start + 1] = UInt8(truncatingIfNeeded: value >> 8)
        out[start + 2] = UInt8(truncatingIfNeeded: value >> 16)
        out[start + 3] = UInt8(truncatingIfNeeded: value >> 24)
    }
}

final class KeyedNode {
    var entries: [(String, Node)] = []
}

final class UnkeyedNode {
    var values: [Node] = []
}

/// Builds a `Node` tree from `encode(to:)` calls.
final class NodeEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var root: Node = .keyed(KeyedNode())
    private var stored = false

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let node: KeyedNode
        if stored, case .keyed(let existing) = root { node = existing } else {
            node = KeyedNode()
            root = .keyed(node)
            stored = true
        }
        return KeyedEncodingContainer(KeyedEncoding<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let node: UnkeyedNode
        if stored, case .unkeyed(let existing) = root { node = existing } else {
            node = UnkeyedNode()
            root = .unkeyed(node)
            stored = true
        }
        return UnkeyedEncoding(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueEncoding(encoder: self)
    }

    func store(_ node: Node) {
        root = node
        stored = true
    }

    /// The node for any encodable value: primitives directly, everything else through its `encode(to:)`.
    static func node<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Node {
        switch value {
        case let v as String: return .string(v)
        case let v as Int: return .signed(Int64(v))
        case let v as Bool: return .bool(v)
        case let v as Double: return .double(v)
        case let v as Int32: return .signed(Int64(v))
        case let v as Int64: return .signed(v)
        case let v as UInt8: return .unsigned(UInt64(v))
        case let v as UInt32: return .unsigned(UInt64(v))
        case let v as UInt64: return .unsigned(v)
        case let v as UInt: return .unsigned(UInt64(v))
        case let v as Float: return .float(v)
        default:
            let encoder = NodeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.root
        }
    }
}

struct KeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: KeyedNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.entries.append((key.stringValue, .null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.entries.append((key.stringValue, .bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.entries.append((key.stringValue, .string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.entries.append((key.stringValue, .double(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.entries.append((key.stringValue, .float(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.entries.append((key.stringValue, .signed(Int64(value)))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.entries.append((key.stringValue, .signed(Int64(value)))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.entries.append((key.stringValue, .signed(Int64(value)))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.entries.append((key.stringValue, .signed(Int64(value)))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.entries.append((key.stringValue, .signed(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.entries.append((key.stringValue, .unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.entries.append((key.stringValue, .unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.entries.append((key.stringValue, .unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.entries.append((key.stringValue, .unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.entries.append((key.stringValue, .unsigned(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.entries.append((key.stringValue, try NodeEncoder.node(value, codingPath: codingPath)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = KeyedNode()
        node.entries.append((key.stringValue, .keyed(child)))
        return KeyedEncodingContainer(KeyedEncoding<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = UnkeyedNode()
        node.entries.append((key.stringValue, .unkeyed(child)))
        return UnkeyedEncoding(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath)
        node.entries.append((name, .pending(encoder)))
        return encoder
    }
}

struct UnkeyedEncoding: UnkeyedEncodingContainer {
    let node: UnkeyedNode
    var codingPath: [any CodingKey]
    var count: Int { node.values.count }

    mutating func encodeNil() throws { node.values.append(.null) }
    mutating func encode(_ value: Bool) throws { node.values.append(.bool(value)) }
    mutating func encode(_ value: String) throws { node.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { node.values.append(.double(value)) }
    mutating func encode(_ value: Float) throws { node.values.append(.float(value)) }
    mutating func encode(_ value: Int) throws { node.values.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { node.values.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { node.values.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { node.values.append(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { node.values.append(.signed(value)) }
    mutating func encode(_ value: UInt) throws { node.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { node.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { node.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { node.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { node.values.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.values.append(try NodeEncoder.node(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = KeyedNode()
        node.values.append(.keyed(child))
        return KeyedEncodingContainer(KeyedEncoding<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = UnkeyedNode()
        node.values.append(.unkeyed(child))
        return UnkeyedEncoding(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath)
        node.values.append(.pending(encoder))
        return encoder
    }
}

struct SingleValueEncoding: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.store(.null) }
    mutating func encode(_ value: Bool) throws { encoder.store(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.store(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.store(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.store(.float(value)) }
    mutating func encode(_ value: Int) throws { encoder.store(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { encoder.store(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { encoder.store(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { encoder.store(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { encoder.store(.signed(value)) }
    mutating func encode(_ value: UInt) throws { encoder.store(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.store(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.store(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.store(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.store(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.store(try NodeEncoder.node(value, codingPath: codingPath))
    }
}

// MARK: - Decoding

/// The bytes and key table shared by every decoder of one entry.
final class DecodingContext {
    let bytes: UnsafeRawBufferPointer
    let keys: [String]
    init(bytes: UnsafeRawBufferPointer, keys: [String]) {
        self.bytes = bytes
        self.keys = keys
    }
}

/// Reads primitives at an offset, checking every bound.
struct Reader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    @inline(__always) mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw BinaryCoding.corrupt("truncated") }
        let b = bytes[offset]
        offset += 1
        return b
    }

    @inline(__always) mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw BinaryCoding.corrupt("varint") }
        }
    }

    mutating func fixed32() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw BinaryCoding.corrupt("truncated") }
        let v = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        offset += 4
        return v
    }

    mutating func fixed64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw BinaryCoding.corrupt("truncated") }
        let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return v
    }

    mutating func string() throws -> String {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw BinaryCoding.corrupt("string length") }
        let n = Int(length)
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]), as: UTF8.self)
        offset += n
        return s
    }

    /// Moves past one value of any kind.
    mutating func skipValue() throws {
        guard let tag = BinaryCoding.Tag(rawValue: try byte()) else { throw BinaryCoding.corrupt("tag") }
        switch tag {
        case .null, .falseValue, .trueValue: break
        case .signed, .unsigned: _ = try varint()
        case .double: offset += 8
        case .float: offset += 4
        case .string:
            let length = try varint()
            guard length <= UInt64(bytes.count - offset) else { throw BinaryCoding.corrupt("string length") }
            offset += Int(length)
        case .keyed, .unkeyed:
            let length = Int(try fixed32())
            offset += length
        }
        guard offset <= bytes.count else { throw BinaryCoding.corrupt("truncated") }
    }

    // Typed reads of one value (tag included).

    mutating func expect(_ tag: BinaryCoding.Tag) throws {
        let b = try byte()
        guard b == tag.rawValue else { throw BinaryCoding.corrupt("expected \(tag), found tag \(b)") }
    }

    mutating func readBool() throws -> Bool {
        switch try byte() {
        case BinaryCoding.Tag.trueValue.rawValue: return true
        case BinaryCoding.Tag.falseValue.rawValue: return false
        default: throw BinaryCoding.corrupt("expected a Bool")
        }
    }

    mutating func readSigned() throws -> Int64 {
        try expect(.signed)
        let z = try varint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    mutating func readUnsigned() throws -> UInt64 {
        try expect(.unsigned)
        return try varint()
    }

    mutating func readDouble() throws -> Double {
        try expect(.double)
        return Double(bitPattern: try fixed64())
    }

    mutating func readFloat() throws -> Float {
        try expect(.float)
        return Float(bitPattern: try fixed32())
    }

    mutating func readString() throws -> String {
        try expect(.string)
        return try string()
    }

    func isNil() -> Bool { offset < bytes.count && bytes[offset] == BinaryCoding.Tag.null.rawValue }

    /// Reads a container header; returns (entry count, end offset).
    mutating func container(_ tag: BinaryCoding.Tag) throws -> (count: Int, end: Int) {
        try expect(tag)
        let length = Int(try fixed32())
        let end = offset + length
        guard end <= bytes.count else { throw BinaryCoding.corrupt("container length") }
        let count = try varint()
        guard count <= UInt64(length) else { throw BinaryCoding.corrupt("container count") }
        return (Int(count), end)
    }

    /// Reads a value of a primitive type directly, or returns nil for other types.
    @inline(__always) mutating func primitive<T>(_ type: T.Type) throws -> T? {
        if T.self == String.self { return try readString() as? T }
        if T.self == Int.self { return try exactly(Int.self, readSigned()) as? T }
        if T.self == Bool.self { return try readBool() as? T }
        if T.self == Double.self { return try readDouble() as? T }
        if T.self == Int32.self { return try exactly(Int32.self, readSigned()) as? T }
        if T.self == Int64.self { return try readSigned() as? T }
        if T.self == UInt8.self { return try exactly(UInt8.self, readUnsigned()) as? T }
        if T.self == UInt32.self { return try exactly(UInt32.self, readUnsigned()) as? T }
        if T.self == UInt64.self { return try readUnsigned() as? T }
        if T.self == UInt.self { return try exactly(UInt.self, readUnsigned()) as? T }
        if T.self == Float.self { return try readFloat() as? T }
        return nil
    }

    private func exactly<I: FixedWidthInteger, V: BinaryInteger>(_ type: I.Type, _ value: V) throws -> I {
        guard let v = I(exactly: value) else { throw BinaryCoding.corrupt("integer range") }
        return v
    }
}

extension Reader {
    /// Decodes any value at the current offset and moves past it.
    mutating func decodeValue<T: Decodable>(_ type: T.Type, context: DecodingContext, codingPath: [any CodingKey]) throws -> T {
        let start = offset
        if let value = try primitive(type) { return value }
        // `primitive` returned nil only for non-primitive types, before reading anything.
        offset = start
        let decoder = ValueDecoder(context: context, offset: start, codingPath: codingPath)
        let value = try T(from: decoder)
        try skipValue()
        return value
    }
}

/// A decoder positioned at one value.
final class ValueDecoder: Decoder {
    let context: DecodingContext
    let offset: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(context: DecodingContext, offset: Int, codingPath: [any CodingKey]) {
        self.context = context
        self.offset = offset
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        var reader = Reader(bytes: context.bytes, offset: offset)
        let (count, end) = try reader.container(.keyed)
        return KeyedDecodingContainer(KeyedDecoding<Key>(context: context, codingPath: codingPath, start: reader.offset, count: count, end: end))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        var reader = Reader(bytes: context.bytes, offset: offset)
        let (count, end) = try reader.container(.unkeyed)
        return UnkeyedDecoding(context: context, codingPath: codingPath, reader: reader, count: count, end: end)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueDecoding(context: context, codingPath: codingPath, offset: offset)
    }
}

struct KeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let context: DecodingContext
    var codingPath: [any CodingKey]
    let start: Int
    let count: Int
    let end: Int
    /// Where the next entry in storage order starts, and its index: keys are usually asked for in
    /// the order they were written, so the search starts there. (A class: the protocol's
    /// methods are not mutating.)
    private let cursor: Cursor

    final class Cursor {
        var offset: Int
        var index = 0
        init(offset: Int) { self.offset = offset }
    }

    init(context: DecodingContext, codingPath: [any CodingKey], start: Int, count: Int, end: Int) {
        self.context = context
        self.codingPath = codingPath
        self.start = start
        self.count = count
        self.end = end
        self.cursor = Cursor(offset: start)
    }

    var allKeys: [Key] {
        var reader = Reader(bytes: context.bytes, offset: start)
        var keys: [Key] = []
        for _ in 0..<count {
            guard let id = try? reader.varint(), Int(id) < context.keys.count, (try? reader.skipValue()) != nil else { break }
            if let key = Key(stringValue: context.keys[Int(id)]) { keys.append(key) }
        }
        return keys
    }

    /// Finds the value for a key: a reader at its start, or nil when the key is absent.
    private func find(_ key: Key) throws -> Reader? {
        let name = key.stringValue
        var reader = Reader(bytes: context.bytes, offset: cursor.offset)
        var index = cursor.index
        for _ in 0..<count {
            if index == count {
                index = 0
                reader.offset = start
            }
            let id = Int(try reader.varint())
            guard id < context.keys.count else { throw BinaryCoding.corrupt("key index", codingPath) }
            if context.keys[id] == name {
                var after = reader
                try after.skipValue()
                guard after.offset <= end else { throw BinaryCoding.corrupt("entry length", codingPath) }
                cursor.offset = after.offset
                cursor.index = index + 1
                return reader
            }
            try reader.skipValue()
            index += 1
        }
        return nil
    }

    private func value(_ key: Key) throws -> Reader {
        guard let reader = try find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for '\(key.stringValue)'"))
        }
        return reader
    }

    func contains(_ key: Key) -> Bool {
        ((try? find(key)) ?? nil) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let reader = try find(key) else { return true }
        return reader.isNil()
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { var r = try value(key); return try r.readBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { var r = try value(key); return try r.readString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { var r = try value(key); return try r.readDouble() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        var r = try value(key)
        guard let v = Int(exactly: try r.readSigned()) else { throw BinaryCoding.corrupt("Int range", codingPath) }
        return v
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { var r = try value(key); return try r.readFloat() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try signed(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try signed(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try signed(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try signed(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try unsigned(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try unsigned(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try unsigned(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try unsigned(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try unsigned(key) }

    private func signed<I: FixedWidthInteger>(_ key: Key) throws -> I {
        var r = try value(key)
        guard let v = I(exactly: try r.readSigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        return v
    }

    private func unsigned<I: FixedWidthInteger>(_ key: Key) throws -> I {
        var r = try value(key)
        guard let v = I(exactly: try r.readUnsigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        return v
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        var r = try value(key)
        return try r.decodeValue(type, context: context, codingPath: codingPath)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard var r = try find(key), !r.isNil() else { return nil }
        return try r.decodeValue(type, context: context, codingPath: codingPath)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard var r = try find(key), !r.isNil() else { return nil }
        return try r.readString()
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard var r = try find(key), !r.isNil() else { return nil }
        guard let v = Int(exactly: try r.readSigned()) else { throw BinaryCoding.corrupt("Int range", codingPath) }
        return v
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard var r = try find(key), !r.isNil() else { return nil }
        return try r.readDouble()
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard var r = try find(key), !r.isNil() else { return nil }
        return try r.readBool()
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let r = try value(key)
        return try ValueDecoder(context: context, offset: r.offset, codingPath: codingPath).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let r = try value(key)
        return try ValueDecoder(context: context, offset: r.offset, codingPath: codingPath).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else { throw BinaryCoding.corrupt("super key", codingPath) }
        return try superDecoder(forKey: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let r = try value(key)
        return ValueDecoder(context: context, offset: r.offset, codingPath: codingPath)
    }
}

struct UnkeyedDecoding: UnkeyedDecodingContainer {
    let context: DecodingContext
    var codingPath: [any CodingKey]
    var reader: Reader
    let total: Int
    let end: Int
    var currentIndex = 0

    init(context: DecodingContext, codingPath: [any CodingKey], reader: Reader, count: Int, end: Int) {
        self.context = context
        self.codingPath = codingPath
        self.reader = reader
        self.total = count
        self.end = end
    }

    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    private mutating func next() throws {
        guard currentIndex < total else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "unkeyed container is at its end"))
        }
        currentIndex += 1
    }

    private func checkBounds() throws {
        guard reader.offset <= end else { throw BinaryCoding.corrupt("entry length", codingPath) }
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < total, reader.isNil() else { return false }
        currentIndex += 1
        reader.offset += 1
        return true
    }

    mutating func decode(_ type: String.Type) throws -> String { try next(); let v = try reader.readString(); try checkBounds(); return v }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(); let v = try reader.readBool(); try checkBounds(); return v }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(); let v = try reader.readDouble(); try checkBounds(); return v }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(); let v = try reader.readFloat(); try checkBounds(); return v }
    mutating func decode(_ type: Int.Type) throws -> Int { try signed() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try signed() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try signed() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try signed() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try signed() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try unsigned() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try unsigned() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try unsigned() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try unsigned() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try unsigned() }

    private mutating func signed<I: FixedWidthInteger>() throws -> I {
        try next()
        guard let v = I(exactly: try reader.readSigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        try checkBounds()
        return v
    }

    private mutating func unsigned<I: FixedWidthInteger>() throws -> I {
        try next()
        guard let v = I(exactly: try reader.readUnsigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        try checkBounds()
        return v
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        let v = try reader.decodeValue(type, context: context, codingPath: codingPath)
        try checkBounds()
        return v
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        let container = try ValueDecoder(context: context, offset: reader.offset, codingPath: codingPath).container(keyedBy: type)
        try reader.skipValue()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        let container = try ValueDecoder(context: context, offset: reader.offset, codingPath: codingPath).unkeyedContainer()
        try reader.skipValue()
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
        let decoder = ValueDecoder(context: context, offset: reader.offset, codingPath: codingPath)
        try reader.skipValue()
        return decoder
    }
}

struct SingleValueDecoding: SingleValueDecodingContainer {
    let context: DecodingContext
    var codingPath: [any CodingKey]
    let offset: Int

    private var reader: Reader { Reader(bytes: context.bytes, offset: offset) }

    func decodeNil() -> Bool { reader.isNil() }
    func decode(_ type: Bool.Type) throws -> Bool { var r = reader; return try r.readBool() }
    func decode(_ type: String.Type) throws -> String { var r = reader; return try r.readString() }
    func decode(_ type: Double.Type) throws -> Double { var r = reader; return try r.readDouble() }
    func decode(_ type: Float.Type) throws -> Float { var r = reader; return try r.readFloat() }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { var r = reader; return try r.readSigned() }
    func decode(_ type: UInt.Type) throws -> UInt { try unsigned() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unsigned() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unsigned() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unsigned() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { var r = reader; return try r.readUnsigned() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var r = reader
        return try r.decodeValue(type, context: context, codingPath: codingPath)
    }

    private func integer<T: FixedWidthInteger>() throws -> T {
        var r = reader
        guard let v = T(exactly: try r.readSigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        return v
    }

    private func unsigned<T: FixedWidthInteger>() throws -> T {
        var r = reader
        guard let v = T(exactly: try r.readUnsigned()) else { throw BinaryCoding.corrupt("integer range", codingPath) }
        return v
    }
}
