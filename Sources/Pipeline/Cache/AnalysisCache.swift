import CLibZ
import Foundation
import LeitbildCore
import Reporting
import Synchronization

/// The run cache: stage results of earlier runs, one file per entry, named by the digest of
/// everything that went into them, so that an unchanged input is never read or coded twice.
///
/// Two layers, so that a codebook edit re-codes without re-parsing:
/// - `parsed`: what ingestion made of one file. Key: the file's bytes, its path, its metadata row
///   (the whole sheet for files that hold many documents), the ingestion options, the tool.
/// - `coded`: coding and signals of that file's transcripts. Key: the parsed key, the codebook,
///   the unit of coding, the tool.
///
/// Entries are written through a temporary file and a rename (a killed run leaves whole entries
/// or none) and carry a header with the key, the payload's length and a CRC-32 of the payload: an
/// entry that is damaged, foreign or from another version is ignored with a note and recomputed,
/// never trusted.
/// See docs/batch.md.
public struct AnalysisCache: Sendable {
    /// Bumped whenever the layout of the header or of the cached payload types changes in a way
    /// that `Codable` would not notice.
    /// 3: a CRC-32 of the payload instead of its SHA-256.
    /// 4: emergent-term examples without their text (quoted from the parsed transcript instead).
    /// 5: parsed transcripts and coded entries packed whole (`PackedArrays`).
    /// 6: a transcript's source anchors (`Transcript.anchors`).
    /// 7: a signal segment's `introduction` flag (the answer to a request for a self-introduction).
    public static let formatVersion: UInt32 = 7
    static let magic: [UInt8] = Array("LBCACHE\0".utf8)
    static let headerSize = 8 + 4 + 4 + 32 + 8 + 4

    public enum Layer: String, Sendable, CaseIterable, Codable {
        case parsed, coded
        var id: UInt32 { self == .parsed ? 1 : 2 }
    }

    /// The cache folder (`OUT/.leitbild-cache` by default).
    public let directory: String
    /// Digest of the tool: version, executable and resource files. Part of every key.
    public let tool: Digest

    public init(directory: String, tool: Digest) {
        self.directory = directory
        self.tool = tool
    }

    /// Where an entry lives: `DIR/LAYER/ab/cdef....bin` (256 folders keep directories small).
    public func path(_ layer: Layer, _ key: Digest) -> String {
        let hex = key.hex
        return "\(directory)/\(layer.rawValue)/\(hex.prefix(2))/\(hex.dropFirst(2)).bin"
    }

    /// What a lookup found.
    public enum Lookup<T> {
        case hit(T)
        case miss
        /// The entry exists but cannot be used; the message says why (for a note).
        case unusable(String)
    }

    /// Reads and decodes an entry.
    public func load<T: Decodable>(_ type: T.Type, _ layer: Layer, _ key: Digest) -> Lookup<T> {
        load(type, file: path(layer, key), layerID: layer.id, key: key)
    }

    /// Where the memo named `name` lives: `DIR/memo/NAME.bin`, one file that each run replaces.
    public func memoPath(_ name: String) -> String { "\(directory)/memo/\(name).bin" }

    /// A memo's key: its name and the tool (a memo of another build is not read).
    func memoKey(_ name: String) -> Digest {
        let hasher = Hasher256()
        hasher.field("memo")
        hasher.field(name)
        hasher.field(tool)
        return hasher.finish()
    }

    /// Reads and decodes a memo: what a stage made of all files in the last run (one entry, in
    /// the entries' format, `memoLayerID`), which the stage checks itself before using any of it.
    /// A whole memo of another build (its key has another tool digest) is no memo of this one: a
    /// miss, without a note, as after every new build.
    public func loadMemo<T: Decodable>(_ type: T.Type, _ name: String) -> Lookup<T> {
        load(type, file: memoPath(name), layerID: Self.memoLayerID, key: memoKey(name), otherKeyIsMiss: true)
    }

    /// Writes a memo (temporary file, then rename); returns why it could not be written.
    @discardableResult
    public func storeMemo<T: Encodable>(_ value: T, _ name: String) -> String? {
        store(value, file: memoPath(name), layerID: Self.memoLayerID, key: memoKey(name))
    }

    /// The layer id in a memo's header (the layers are 1 and 2).
    static let memoLayerID: UInt32 = 3

    func load<T: Decodable>(_ type: T.Type, file: String, layerID: UInt32, key: Digest, otherKeyIsMiss: Bool = false) -> Lookup<T> {
        let bytes: Data
        switch Self.readFile(file) {
        case .success(nil): return .miss
        case .success(let data?): bytes = data
        case .failure(let reason): return .unusable("\(file): cannot read the cache entry (\(reason))")
        }
        return bytes.withUnsafeBytes { raw -> Lookup<T> in
            switch Self.payload(raw, layerID: layerID, key: key) {
            case .failure(let failure) where failure.otherKey && otherKeyIsMiss: return .miss
            case .failure(let reason): return .unusable("\(file): \(reason)")
            case .success(let payload):
                do { return .hit(try BinaryCoding.decode(type, from: payload)) } catch {
                    return .unusable("\(file): cannot decode the cache entry (\(error))")
                }
            }
        }
    }

    /// Encodes and writes an entry (temporary file, then rename). Errors are returned, not
    /// thrown: a cache that cannot be written only makes the next run slower.
    @discardableResult
    public func store<T: Encodable>(_ value: T, _ layer: Layer, _ key: Digest) -> String? {
        store(value, file: path(layer, key), layerID: layer.id, key: key)
    }

    func store<T: Encodable>(_ value: T, file: String, layerID: UInt32, key: Digest) -> String? {
        let payload: [UInt8]
        do { payload = try BinaryCoding.encode(value) } catch { return "cannot encode a cache entry: \(error)" }
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerSize + payload.count)
        out += Self.magic
        Self.append(Self.formatVersion, to: &out)
        Self.append(layerID, to: &out)
        out += key.bytes
        Self.append(UInt64(payload.count), to: &out)
        Self.append(payload.withUnsafeBytes(Self.checksum), to: &out)
        out += payload
        return Self.writeAtomically(out, to: file)
    }

    /// Removes entries of a layer that this run did not use, and temporary files left by killed runs.
    /// Returns the number of entries removed.
    @discardableResult
    public func prune(_ layer: Layer, keeping used: Set<Digest>) -> Int {
        let root = "\(directory)/\(layer.rawValue)"
        let keep = Set(used.map { path(layer, $0) })
        var removed = 0
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: root) else { return 0 }
        for folder in folders where folder.utf8.count == 2 {
            let dir = "\(root)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names {
                let file = "\(dir)/\(name)"
                if keep.contains(file) { continue }
                // A folder where an entry went (nothing of Leitbild's makes one) goes too.
                if unlink(file) == 0 || (errno == EISDIR && (try? FileManager.default.removeItem(atPath: file)) != nil) { removed += 1 }
            }
        }
        return removed
    }

    /// An entry a run used, with the file it belongs to (its name in keys, relative to the project).
    public struct Use: Hashable, Sendable, Codable {
        public var layer: Layer
        public var key: Digest
        public var file: String

        public init(_ layer: Layer, _ key: Digest, file: String) {
            self.layer = layer
            self.key = key
            self.file = file
        }

        enum CodingKeys: String, CodingKey { case layer, key, file }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            layer = try c.decode(Layer.self, forKey: .layer)
            guard let key = Digest(hex: try c.decode(String.self, forKey: .key)) else {
                throw DecodingError.dataCorruptedError(forKey: .key, in: c, debugDescription: "not a SHA-256 digest")
            }
            self.key = key
            file = try c.decode(String.self, forKey: .file)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(layer, forKey: .layer)
            try c.encode(key.hex, forKey: .key)
            try c.encode(file, forKey: .file)
        }
    }

    /// `DIR/manifest.json`: which file each entry of the last run belongs to, so that a later run
    /// in which that file fails can keep its entries.
    public var manifestPath: String { "\(directory)/manifest.json" }

    /// Tidies the cache after a run: keeps the entries this run used and the entries of files
    /// that failed in this run (from the manifest of the runs before), removes every other entry
    /// and temporary files left by killed runs, and writes the manifest of what is kept. So an
    /// edited or removed file's old entries go, but a file that cannot be read today (or a run
    /// in which every file fails) does not cost its entries. Returns the number of entries removed.
    @discardableResult
    public func prune(used: [Use], failedFiles: Set<String>) -> Int {
        var keep = used
        if !failedFiles.isEmpty { keep += readManifest().filter { failedFiles.contains($0.file) } }
        var seen = Set<Use>()
        keep = keep.filter { seen.insert($0).inserted }
        var removed = 0
        for layer in Layer.allCases {
            removed += prune(layer, keeping: Set(keep.lazy.filter { $0.layer == layer }.map(\.key)))
        }
        writeManifest(keep)
        return removed
    }

    /// The manifest's entries; none when it is missing or unreadable (then nothing is kept for failed files).
    func readManifest() -> [Use] {
        guard let data = FileManager.default.contents(atPath: manifestPath),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
              manifest.version == Self.formatVersion
        else { return [] }
        return manifest.entries
    }

    /// Writes the manifest of what is kept, unless the one on disk says that already (a run that
    /// keeps what the last one kept). Then its stamp stays too (`ReportManifest.cacheStamp`): the
    /// cache is as the last run left it.
    func writeManifest(_ entries: [Use]) {
        let sorted = entries.sorted { ($0.file, $0.layer.id, $0.key) < ($1.file, $1.layer.id, $1.key) }
        if entries.isEmpty, !FileManager.default.fileExists(atPath: directory) { return }
        let bytes = Manifest(version: Self.formatVersion, entries: sorted).json
        // Byte for byte: a damaged manifest, or one of another format, is written anew.
        if let current = try? FileBytes.read(manifestPath, maxBytes: bytes.count), current.count == bytes.count,
           current.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return }
        // A manifest that cannot be written only means a failed file's entries may be pruned later.
        _ = Self.writeAtomically(bytes, to: manifestPath)
    }

    struct Manifest: Codable {
        var version: UInt32
        var entries: [Use]

        /// The manifest as `JSONEncoder` with sorted keys writes it, byte for byte
        /// (`CacheManifestTests`), made with the reports' `FastJSON`: through `JSONEncoder`, the
        /// 1.4 MB manifest of 5,001 interviews took 0.06 CPU-s of every run with the cache.
        var json: [UInt8] {
            var w = FastJSON(capacity: 32 + entries.count * (120 + (entries.first?.file.utf8.count ?? 0)), escapesSlashes: true)
            w.open()
            w.key("entries")
            w.array(entries) { w, use in
                w.open()
                w.key("file"); w.string(use.file)
                w.key("key"); w.string(use.key.hex)
                w.key("layer"); w.string(use.layer.rawValue)
                w.close()
            }
            w.key("version"); w.int(Int(version))
            w.close()
            return w.bytes
        }
    }

    // MARK: - Entry format

    /// Checks the header and returns the payload bytes.
    static func payload(_ raw: UnsafeRawBufferPointer, layerID: UInt32, key: Digest) -> Result<UnsafeRawBufferPointer, CacheFailure> {
        guard raw.count >= headerSize else { return .failure(.init("the entry is truncated; it is recomputed")) }
        guard raw.prefix(8).elementsEqual(magic) else { return .failure(.init("not a Leitbild cache entry; it is ignored")) }
        let version = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == formatVersion else {
            return .failure(.init("cache entry of format \(version), this Leitbild writes \(formatVersion); it is recomputed"))
        }
        guard raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian == layerID,
              Digest(bytes: UnsafeRawBufferPointer(rebasing: raw[16..<48])) == key
        else { return .failure(.init("the entry belongs to another key; it is ignored", otherKey: true)) }
        let length = raw.loadUnaligned(fromByteOffset: 48, as: UInt64.self).littleEndian
        guard length == UInt64(raw.count - headerSize) else { return .failure(.init("the entry has the wrong length; it is recomputed")) }
        let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
        guard checksum(payload) == raw.loadUnaligned(fromByteOffset: 56, as: UInt32.self).littleEndian else {
            return .failure(.init("the entry's checksum does not match (damaged); it is recomputed"))
        }
        return .success(payload)
    }

    /// The payload's CRC-32 (zlib's). It guards against damage (a torn or flipped block, a file
    /// overwritten by hand), not against forgery: whoever can write the cache can write any
    /// entry. The keys stay SHA-256 digests. A CRC-32 catches every change of up to 32
    /// consecutive bits and any other change but for one in 2^32, at about three times the speed
    /// of SHA-256 here (a +1 file run at 5,000 interviews reads 220 MB of entries).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return UInt32(crc32_z(0, base.assumingMemoryBound(to: Bytef.self), z_size_t(bytes.count)))
    }

    struct CacheFailure: Error, CustomStringConvertible {
        var description: String
        /// A whole entry of this format, made under another key.
        var otherKey = false
        init(_ description: String, otherKey: Bool = false) {
            self.description = description
            self.otherKey = otherKey
        }
    }

    static func append<I: FixedWidthInteger>(_ value: I, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The bytes of an entry file as read (`Data`, not copied into an array: entries are read by
    /// the thousand), nil when there is no such file.
    static func readFile(_ path: String) -> Result<Data?, CacheFailure> {
        do { return .success(try FileBytes.read(path)) } catch {
            if case .cannotOpen(let e) = error, e == ENOENT || e == ENOTDIR { return .success(nil) }
            return .failure(.init(error.reason))
        }
    }

    /// Writes through a temporary name (`TemporaryName`) and renames; creates folders as needed.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> String? {
        let temporary = TemporaryName.path(for: path)
        var fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            // The entry's folder is missing (the first entry of its 256th of the layer).
            let folder = PathName.folder(path)
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                return "\(folder): cannot create the cache folder: \(error.reasonClause)"
            }
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { return "\(temporary): cannot write the cache entry: \(String(cString: strerror(errno)))" }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let n = write(fd, base + written, buffer.count - written)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failure = errno; return }
                written += n
            }
        }
        close(fd)
        var renamed = failure == 0 && rename(temporary, path) == 0
        if failure == 0, !renamed, errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST {
            // A folder where the entry goes (nothing of Leitbild's makes one) would fail this
            // entry on every run: it goes.
            renamed = (try? FileManager.default.removeItem(atPath: path)) != nil && rename(temporary, path) == 0
        }
        if !renamed {
            let reason = String(cString: strerror(failure != 0 ? failure : errno))
            unlink(temporary)
            return "\(path): cannot write the cache entry: \(reason)"
        }
        return nil
    }
}

extension AnalysisCache {
    /// The tool's digest: its version, and size and modification time of the executable and of
    /// every resource file beside it (word lists, lexicons), so that a rebuilt or updated Leitbild
    /// never reads what another build cached.
    public static func toolDigest(version: String, executable: String? = nil) -> Digest {
        let hasher = Hasher256()
        hasher.field("leitbild-cache")
        hasher.field(Int(formatVersion))
        hasher.field(version)
        let exe = executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        var files = [exe]
        let folder = PathName.folder(exe)
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for bundle in names.sorted() where bundle.hasSuffix(".resources") {
                let root = "\(folder)/\(bundle)"
                guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
                var inside: [String] = []
                while let name = enumerator.nextObject() as? String { inside.append("\(root)/\(name)") }
                files += inside.sorted()
            }
        }
        for file in files {
            var info = stat()
            guard stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            hasher.field(file)
            hasher.field(Int(info.st_size))
            hasher.field(Int(info.st_mtim.tv_sec))
            hasher.field(Int(info.st_mtim.tv_nsec))
        }
        return hasher.finish()
    }
}
