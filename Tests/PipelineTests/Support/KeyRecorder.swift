/// An encoder that records the keys a value's `encode(to:)` writes at its top level, in order,
/// including optional fields that are nil (`encodeIfPresent` is recorded too), without encoding
/// nested values. Used to check that hand-written layouts still match a type's `Codable` fields.
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
        func record(_ key: Key) { recorder.keys.append(key.stringValue) }
        mutating func encodeNil(forKey key: Key) throws { record(key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { record(key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { record(key) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            record(key)
            return KeyedEncodingContainer(KeyRecorder.Keyed<NestedKey>(recorder: KeyRecorder()))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            record(key)
            return Ignored()
        }
        mutating func superEncoder() -> any Encoder { KeyRecorder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            record(key)
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
