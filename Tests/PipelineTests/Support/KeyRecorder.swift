/// An encoder that records the fields a value's `encode(to:)` writes at its top level, in order,
/// as `name: Type` (`name: Type?` for optionals, also when nil), without encoding nested values.
/// Used to check that hand-written layouts still match a type's `Codable` fields.
final class KeyRecorder: Encoder {
    var keys: [String] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func keys<T: Encodable>(_ value: T) -> [String] {
        let recorder = KeyRecorder()
        try? value.encode(to: recorder)
        return recorder.keys
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(recorder: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { Ignored() }
    func singleValueContainer() -> any SingleValueEncodingContainer { Ignored() }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let recorder: KeyRecorder
        var codingPath: [any CodingKey] { [] }
        func record(_ key: Key, _ type: Any.Type, optional: Bool = false) {
            recorder.keys.append("\(key.stringValue): \(type)\(optional ? "?" : "")")
        }
        mutating func encodeNil(forKey key: Key) throws { record(key, Never.self, optional: true) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { record(key, T.self) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { record(key, Bool.self) }
        mutating func encode(_ value: String, forKey key: Key) throws { record(key, String.self) }
        mutating func encode(_ value: Double, forKey key: Key) throws { record(key, Double.self) }
        mutating func encode(_ value: Float, forKey key: Key) throws { record(key, Float.self) }
        mutating func encode(_ value: Int, forKey key: Key) throws { record(key, Int.self) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { record(key, Int64.self) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { record(key, UInt64.self) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { record(key, T.self, optional: true) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { record(key, Bool.self, optional: true) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { record(key, String.self, optional: true) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { record(key, Double.self, optional: true) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { record(key, Float.self, optional: true) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { record(key, Int.self, optional: true) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { record(key, Int8.self, optional: true) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { record(key, Int16.self, optional: true) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { record(key, Int32.self, optional: true) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { record(key, Int64.self, optional: true) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { record(key, UInt.self, optional: true) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { record(key, UInt8.self, optional: true) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { record(key, UInt16.self, optional: true) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { record(key, UInt32.self, optional: true) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { record(key, UInt64.self, optional: true) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            record(key, KeyedEncodingContainer<NestedKey>.self)
            return KeyedEncodingContainer(KeyRecorder.Keyed<NestedKey>(recorder: KeyRecorder()))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            record(key, UnkeyedEncodingContainer.self)
            return Ignored()
        }
        mutating func superEncoder() -> any Encoder { KeyRecorder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            record(key, Encoder.self)
            return KeyRecorder()
        }
    }

    /// Swallows whatever is written (values below the top level are not recorded).
    struct Ignored: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(KeyRecorder.Keyed<NestedKey>(recorder: KeyRecorder()))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Ignored() }
        mutating func superEncoder() -> any Encoder { KeyRecorder() }
    }
}
