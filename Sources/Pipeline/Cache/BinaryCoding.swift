import Foundation
import LeitbildCore

/// A compact binary encoding for `Codable` values, for the run cache.
///
/// Why not JSON: a cached interview (transcript, coded segments, signals) is tens of thousands of
/// values, and an incremental run decodes every cached interview of the project. JSON spends most
/// of that time on number and key text; this format stores numbers as varints, strings as
/// length + UTF-8, and each key once per entry in a key table. It keeps the keyed semantics of
/// `Codable` (keys are stored, absent keys decode as absent), so a type that gains a field still
/// round-trips, and a value encoded by an older type fails to decode instead of being misread.
/// The exception are the packed arrays (`PackedArrays`): written field by field without keys,
/// guarded by a test of their types' fields and by `AnalysisCache.formatVersion`.
///
/// Layout of an encoded value (all integers little-endian):
/// `key table` = varint count, then each key as varint length + UTF-8;
/// `value` = one tag byte, then: nothing (nil, false, true); zigzag varint (signed); varint
/// (unsigned); 8 bytes (double); 4 bytes (float); varint length + UTF-8 (string);
/// u32 byte length + u32 count + entries (keyed: varint key index + value; unkeyed: value);
/// 2, 2 or 4 varints for the range types that fill a coded transcript (`SourceSpan`, `Range<Int>`, `TextRange`);
/// u32 byte length + the elements of a packed array (`PackedArrays`); varint length + the bytes themselves (`[UInt8]`).
enum BinaryCoding {
    enum Tag: UInt8 {
        case null = 0, falseValue, trueValue, signed, unsigned, double, float, string, keyed, unkeyed
        /// `SourceSpan`, `Range<Int>`, `TextRange` as 2, 2 and 4 varints.
        case span, range, textRange
        /// An array of a type written field by field (`PackedArrays`): u32 byte length, then the elements.
        case packed
        /// `[UInt8]` (compressed report pieces): varint length, then the bytes as they are.
        case bytes
    }

    /// Encodes a value: key table, then the value.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = ByteWriter()
        try writer.value(value)
        if let misuse = writer.misuse {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "cannot encode for the cache: \(misuse)"))
        }
        var out: [UInt8] = []
        out.reserveCapacity(writer.bytes.count + writer.keys.names.count * 16 + 8)
        writeVarint(UInt64(writer.keys.names.count), into: &out)
        for name in writer.keys.names {
            writeVarint(UInt64(name.utf8.count), into: &out)
            out.append(contentsOf: name.utf8)
        }
        out.append(contentsOf: writer.bytes)
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
        // A packed array or a primitive at the top (`encode` writes them so there too).
        if let value = try reader.packedArray(T.self) { return value }
        if let value = try reader.primitive(T.self) { return value }
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

    mutating func id(_ name: String) -> Int {
        if let id = index[name] { return id }
        let id = names.count
        names.append(name)
        index[name] = id
        return id
    }
}

/// The output buffer shared by all encoders of one value.
final class ByteWriter {
    var bytes: [UInt8] = []
    var keys = KeyTable()
    /// Set when a nested container was written to after it had been closed; the entry is then not written.
    var misuse: String?

    init() { bytes.reserveCapacity(16384) }

    @inline(__always) func tag(_ tag: BinaryCoding.Tag) { bytes.append(tag.rawValue) }
    @inline(__always) func varint(_ value: UInt64) { BinaryCoding.writeVarint(value, into: &bytes) }
    @inline(__always) func signed(_ v: Int64) { tag(.signed); varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    @inline(__always) func unsigned(_ v: UInt64) { tag(.unsigned); varint(v) }
    @inline(__always) func bool(_ b: Bool) { tag(b ? .trueValue : .falseValue) }
    func double(_ d: Double) { tag(.double); withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    func float(_ f: Float) { tag(.float); withUnsafeBytes(of: f.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    func string(_ s: String) {
        tag(.string)
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
    func blob(_ b: [UInt8]) {
        tag(.bytes)
        varint(UInt64(b.count))
        bytes.append(contentsOf: b)
    }
    @inline(__always) func key(_ name: String) { varint(UInt64(keys.id(name))) }

    /// Writes a value of a type the format knows directly; false for other types.
    @inline(__always) func primitive<T>(_ value: T) -> Bool {
        if T.self == String.self { string(unsafeBitCast(value, to: String.self)); return true }
        if T.self == Int.self { signed(Int64(unsafeBitCast(value, to: Int.self))); return true }
        if T.self == TextRange.self { textRange(unsafeBitCast(value, to: TextRange.self)); return true }
        if T.self == SourceSpan.self { span(unsafeBitCast(value, to: SourceSpan.self)); return true }
        if T.self == Range<Int>.self { range(unsafeBitCast(value, to: Range<Int>.self)); return true }
        if T.self == Bool.self { bool(unsafeBitCast(value, to: Bool.self)); return true }
        if T.self == Double.self { double(unsafeBitCast(value, to: Double.self)); return true }
        if T.self == Int32.self { signed(Int64(unsafeBitCast(value, to: Int32.self))); return true }
        if T.self == Int64.self { signed(unsafeBitCast(value, to: Int64.self)); return true }
        if T.self == UInt8.self { unsigned(UInt64(unsafeBitCast(value, to: UInt8.self))); return true }
        if T.self == UInt32.self { unsigned(UInt64(unsafeBitCast(value, to: UInt32.self))); return true }
        if T.self == UInt64.self { unsigned(unsafeBitCast(value, to: UInt64.self)); return true }
        if T.self == Float.self { float(unsafeBitCast(value, to: Float.self)); return true }
        if T.self == [UInt8].self { blob(unsafeBitCast(value, to: [UInt8].self)); return true }
        return false
    }

    // The three value types that make up most of a coded transcript (every token, match and
    // segment has a range) get a compact form of their own instead of three nested containers.
    // `BinaryCodingTests` checks that their `Codable` keys are still the ones written here.
    func span(_ s: SourceSpan) { tag(.span); signed64(s.start); signed64(s.end) }
    func range(_ r: Range<Int>) { tag(.range); signed64(r.lowerBound); signed64(r.upperBound) }
    func textRange(_ t: TextRange) {
        tag(.textRange)
        signed64(t.scalars.start); signed64(t.scalars.end); signed64(t.utf8.lowerBound); signed64(t.utf8.upperBound)
    }
    @inline(__always) private func signed64(_ v: Int) { let v = Int64(v); varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    /// Writes any encodable value.
    func value<T: Encodable>(_ value: T) throws {
        if primitive(value) || packedArray(value) { return }
        let encoder = StreamEncoder(writer: self)
        try value.encode(to: encoder)
        try encoder.finish()
    }
}

/// Encodes one value straight into the shared buffer: a container's header is written when the
/// value asks for it, and its length and count are filled in when the value is done.
final class StreamEncoder: Encoder {
    let writer: ByteWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Offset of the open container's length field, and its entry count.
    var start = -1
    var count = 0
    var kind: BinaryCoding.Tag?
    var wroteSingleValue = false
    var closed = false
    /// A nested container handed out by this encoder's container, closed before the next entry.
    var child: StreamEncoder?

    init(writer: ByteWriter) { self.writer = writer }

    func open(_ tag: BinaryCoding.Tag) {
        if let kind {
            if kind != tag { writer.misuse = "a value asked for two kinds of container" }
            return
        }
        kind = tag
        writer.tag(tag)
        start = writer.bytes.count
        writer.bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// Called before each entry: closes a nested container that is done.
    func entry() throws {
        if closed { writer.misuse = "a container was written to after its value was done" }
        if let child {
            try child.finish()
            self.child = nil
        }
        count += 1
    }

    func finish() throws {
        if let child {
            try child.finish()
            self.child = nil
        }
        if closed { return }
        closed = true
        if kind == nil && !wroteSingleValue { open(.keyed) }  // a value that wrote nothing: an empty container
        guard start >= 0 else { return }
        let length = writer.bytes.count - start - 4
        guard length <= Int(UInt32.max), count <= Int(UInt32.max) else {
            throw EncodingError.invalidValue(length, .init(codingPath: [], debugDescription: "container larger than 4 GiB"))
        }
        Self.patch(UInt32(length), at: start, in: &writer.bytes)
        Self.patch(UInt32(count), at: start + 4, in: &writer.bytes)
    }

    static func patch(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: value >> 24)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(.keyed)
        return KeyedEncodingContainer(KeyedEncoding<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        open(.unkeyed)
        return UnkeyedEncoding(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueEncoding(encoder: self) }

    /// Opens a nested container as the next entry's value.
    func nested(_ tag: BinaryCoding.Tag) -> StreamEncoder {
        let nested = StreamEncoder(writer: writer)
        nested.open(tag)
        child = nested
        return nested
    }
}

struct KeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamEncoder
    var codingPath: [any CodingKey] { [] }
    private var w: ByteWriter { encoder.writer }

    init(encoder: StreamEncoder) { self.encoder = encoder }

    private func begin(_ key: Key) throws {
        try encoder.entry()
        w.key(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); w.tag(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); w.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); w.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); w.double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); w.float(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); w.signed(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); w.signed(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); w.signed(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); w.signed(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); w.signed(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); w.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try begin(key); try w.value(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        do { try begin(key) } catch { w.misuse = "\(error)" }
        return KeyedEncodingContainer(KeyedEncoding<NestedKey>(encoder: encoder.nested(.keyed)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        do { try begin(key) } catch { w.misuse = "\(error)" }
        return UnkeyedEncoding(encoder: encoder.nested(.unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        w.misuse = "superEncoder is not supported by the cache encoding"
        return StreamEncoder(writer: ByteWriter())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

struct UnkeyedEncoding: UnkeyedEncodingContainer {
    let encoder: StreamEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.count }
    private var w: ByteWriter { encoder.writer }

    init(encoder: StreamEncoder) { self.encoder = encoder }

    mutating func encodeNil() throws { try encoder.entry(); w.tag(.null) }
    mutating func encode(_ value: Bool) throws { try encoder.entry(); w.bool(value) }
    mutating func encode(_ value: String) throws { try encoder.entry(); w.string(value) }
    mutating func encode(_ value: Double) throws { try encoder.entry(); w.double(value) }
    mutating func encode(_ value: Float) throws { try encoder.entry(); w.float(value) }
    mutating func encode(_ value: Int) throws { try encoder.entry(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try encoder.entry(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try encoder.entry(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try encoder.entry(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try encoder.entry(); w.signed(value) }
    mutating func encode(_ value: UInt) throws { try encoder.entry(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try encoder.entry(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try encoder.entry(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try encoder.entry(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try encoder.entry(); w.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.entry(); try w.value(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        do { try encoder.entry() } catch { w.misuse = "\(error)" }
        return KeyedEncodingContainer(KeyedEncoding<NestedKey>(encoder: encoder.nested(.keyed)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        do { try encoder.entry() } catch { w.misuse = "\(error)" }
        return UnkeyedEncoding(encoder: encoder.nested(.unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        w.misuse = "superEncoder is not supported by the cache encoding"
        return StreamEncoder(writer: ByteWriter())
    }
}

struct SingleValueEncoding: SingleValueEncodingContainer {
    let encoder: StreamEncoder
    var codingPath: [any CodingKey] { [] }
    private var w: ByteWriter { encoder.writer }

    private func single() {
        if encoder.wroteSingleValue || encoder.kind != nil { w.misuse = "a single value was encoded twice" }
        encoder.wroteSingleValue = true
    }

    mutating func encodeNil() throws { single(); w.tag(.null) }
    mutating func encode(_ value: Bool) throws { single(); w.bool(value) }
    mutating func encode(_ value: String) throws { single(); w.string(value) }
    mutating func encode(_ value: Double) throws { single(); w.double(value) }
    mutating func encode(_ value: Float) throws { single(); w.float(value) }
    mutating func encode(_ value: Int) throws { single(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { single(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int16) throws { single(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int32) throws { single(); w.signed(Int64(value)) }
    mutating func encode(_ value: Int64) throws { single(); w.signed(value) }
    mutating func encode(_ value: UInt) throws { single(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { single(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { single(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { single(); w.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { single(); w.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        // The packed arrays too, so that writing and reading (`decodeValue`) take the same path.
        if w.primitive(value) || w.packedArray(value) { single(); return }
        // The wrapped value becomes this value: it may open this encoder's container itself.
        try value.encode(to: encoder)
        if encoder.kind == nil { encoder.wroteSingleValue = true }
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
    /// Within a packed array: its strings made so far (`RecentStrings`).
    var recent: RecentStrings? = nil

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

    /// `count` bytes as they are, given to `body` (valid only there), moved past.
    mutating func fixedBytes<R>(_ count: Int, _ body: (UnsafeRawBufferPointer) -> R) throws -> R {
        guard count <= bytes.count - offset else { throw BinaryCoding.corrupt("truncated") }
        defer { offset += count }
        return body(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
    }

    /// A varint length, then that many bytes (strings and `[UInt8]`): the bytes, moved past.
    /// `what` names the value in the error and is only made then: `skipValue` passes every skipped
    /// string's tag, and describing it eagerly cost 0.25 CPU-s of a 1.1 CPU-s cache read at 5,001
    /// interviews (`_print_unlocked` in a perf profile).
    mutating func lengthPrefixed(_ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw BinaryCoding.corrupt("\(what()) length") }
        let run = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
        offset += run.count
        return run
    }

    mutating func string() throws -> String {
        String(decoding: try lengthPrefixed("string"), as: UTF8.self)
    }

    /// Moves past one value of any kind.
    mutating func skipValue() throws {
        guard let tag = BinaryCoding.Tag(rawValue: try byte()) else { throw BinaryCoding.corrupt("tag") }
        switch tag {
        case .null, .falseValue, .trueValue: break
        case .signed, .unsigned: _ = try varint()
        case .double: offset += 8
        case .float: offset += 4
        case .string, .bytes:
            _ = try lengthPrefixed("\(tag)")
        case .keyed, .unkeyed, .packed:
            let length = Int(try fixed32())
            offset += length
        case .span, .range:
            _ = try varint(); _ = try varint()
        case .textRange:
            _ = try varint(); _ = try varint(); _ = try varint(); _ = try varint()
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

    mutating func readBytes() throws -> [UInt8] {
        try expect(.bytes)
        return [UInt8](try lengthPrefixed("bytes"))
    }

    func isNil() -> Bool { offset < bytes.count && bytes[offset] == BinaryCoding.Tag.null.rawValue }

    /// Reads a container header; returns (entry count, end offset).
    mutating func container(_ tag: BinaryCoding.Tag) throws -> (count: Int, end: Int) {
        try expect(tag)
        let length = Int(try fixed32())
        let end = offset + length
        guard end <= bytes.count else { throw BinaryCoding.corrupt("container length") }
        let count = Int(try fixed32())
        guard count <= length else { throw BinaryCoding.corrupt("container count") }
        return (count, end)
    }

    /// Reads a value of a primitive type directly, or returns nil for other types.
    @inline(__always) mutating func primitive<T>(_ type: T.Type) throws -> T? {
        if T.self == String.self { return unsafeBitCast(try readString(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try exactly(Int.self, readSigned()), to: T.self) }
        if T.self == TextRange.self { return unsafeBitCast(try readTextRange(), to: T.self) }
        if T.self == SourceSpan.self { return unsafeBitCast(try readSpan(), to: T.self) }
        if T.self == Range<Int>.self { return unsafeBitCast(try readRange(), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try readBool(), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try readDouble(), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try exactly(Int32.self, readSigned()), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try readSigned(), to: T.self) }
        if T.self == UInt8.self { return unsafeBitCast(try exactly(UInt8.self, readUnsigned()), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try exactly(UInt32.self, readUnsigned()), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try readUnsigned(), to: T.self) }
        if T.self == Float.self { return unsafeBitCast(try readFloat(), to: T.self) }
        if T.self == [UInt8].self { return unsafeBitCast(try readBytes(), to: T.self) }
        if T.self == [String].self { return unsafeBitCast(try readStrings(), to: T.self) }
        return nil
    }

    /// `[String]` as `Codable` writes it (an unkeyed container of strings), read without a
    /// decoder per element: the word lists of the emergent-term evidence took 0.1 CPU-s of a
    /// cache read at 5,001 interviews through the containers.
    mutating func readStrings() throws -> [String] {
        let (count, end) = try container(.unkeyed)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        guard offset == end else { throw BinaryCoding.corrupt("string list length") }
        return strings
    }

    @inline(__always) mutating func zigzag() throws -> Int {
        let z = try varint()
        return try exactly(Int.self, Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    /// Spans and ranges are checked (start <= end) before they are built: their initialisers trap otherwise.
    mutating func readSpan() throws -> SourceSpan {
        try expect(.span)
        let start = try zigzag(), end = try zigzag()
        guard start <= end else { throw BinaryCoding.corrupt("span") }
        return SourceSpan(start: start, end: end)
    }

    mutating func readRange() throws -> Range<Int> {
        try expect(.range)
        let lower = try zigzag(), upper = try zigzag()
        guard lower <= upper else { throw BinaryCoding.corrupt("range") }
        return lower..<upper
    }

    mutating func readTextRange() throws -> TextRange {
        try expect(.textRange)
        let a = try zigzag(), b = try zigzag(), c = try zigzag(), d = try zigzag()
        guard a <= b, c <= d else { throw BinaryCoding.corrupt("text range") }
        return TextRange(scalars: SourceSpan(start: a, end: b), utf8: c..<d)
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
        if let value = try packedArray(type) { return value }
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
