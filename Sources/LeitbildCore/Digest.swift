import CLibCrypto
import Foundation

/// A SHA-256 digest (OpenSSL's libcrypto, which uses the CPU's SHA extensions where present):
/// names cache entries by what went into them and checks that an entry's bytes are intact
/// (`Pipeline`), and tells whether analysis.sqlite's snapshot still holds the same rows (`Reporting`).
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 bytes as four words, so that digests compare and hash without allocating.
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64

    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32)
        a = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        b = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        c = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        d = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The digest of some bytes.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> Digest {
        let hasher = Hasher256()
        hasher.update(bytes)
        return hasher.finish()
    }

    public static func of(_ data: Data) -> Digest { data.withUnsafeBytes { of($0) } }
    public static func of(_ bytes: [UInt8]) -> Digest { bytes.withUnsafeBytes { of($0) } }
    public static func of(_ text: String) -> Digest { of(Array(text.utf8)) }

    /// The 32 bytes, big-endian words in order.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [a, b, c, d] { withUnsafeBytes(of: word.bigEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Lower-case hex, 64 characters.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of 64 hex digits (as `hex` writes them), nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes.withUnsafeBytes { Digest(bytes: $0) }
    }

    public var description: String { hex }

    public static func < (x: Digest, y: Digest) -> Bool { (x.a, x.b, x.c, x.d) < (y.a, y.b, y.c, y.d) }
}

/// Incremental SHA-256 (OpenSSL's EVP interface). Fields of a key are fed with a length prefix,
/// so that ("ab", "c") and ("a", "bc") never give the same digest.
public final class Hasher256 {
    private let context: OpaquePointer

    public init() {
        // Allocation fails only when memory is exhausted; there is nothing sensible to continue with then.
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL: cannot allocate a digest context") }
        self.context = context
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds one field: its length, then its bytes.
    public func field(_ bytes: UnsafeRawBufferPointer) {
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { update($0) }
        update(bytes)
    }

    public func field(_ text: String) {
        var text = text
        text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }

    public func field(_ digest: Digest) { digest.bytes.withUnsafeBytes { field($0) } }

    public func field(_ number: Int) {
        var value = Int64(number).littleEndian
        withUnsafeBytes(of: &value) { field($0) }
    }

    public func finish() -> Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return out.withUnsafeBytes { Digest(bytes: $0) }
    }
}
