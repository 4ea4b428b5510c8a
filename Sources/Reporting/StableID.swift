import CLibCrypto
/// Deterministic GUIDs (RFC 9562 UUID version 5: SHA-1 of a namespace and a name), so that a
/// rerun writes the same `project.qdpx` byte for byte and a GUID is the same wherever referenced.
public enum StableID {
    /// Leitbild's namespace: UUIDv5 of the URL namespace and "urn:leitbild:refi-qda".
    public static let namespace: [UInt8] = uuid5Bytes(
        namespace: [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8],
        name: "urn:leitbild:refi-qda")

    /// The GUID for `name` (e.g. "source:I03") in Leitbild's namespace, upper-case as REFI-QDA tools write it.
    public static func guid(_ name: String) -> String { format(uuid5Bytes(namespace: namespace, name: name)) }

    /// UUIDv5 bytes of a namespace (16 bytes) and a name.
    public static func uuid5Bytes(namespace: [UInt8], name: String) -> [UInt8] {
        var message = namespace
        message.append(contentsOf: name.utf8)
        var hash = SHA1.digest(message)
        hash.removeLast(4)
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return hash
    }

    /// `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`
    public static func format(_ bytes: [UInt8]) -> String {
        let hex: StaticString = "0123456789ABCDEF"
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex.utf8Start[Int(b >> 4)])
            out.append(hex.utf8Start[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-1 from OpenSSL's libcrypto, only for name-based UUIDs (RFC 9562 version 5): not for security.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let ok = message.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha1(), nil)
            }
        }
        precondition(ok == 1 && length == 20, "libcrypto's SHA-1 failed")
        return out
    }
}
