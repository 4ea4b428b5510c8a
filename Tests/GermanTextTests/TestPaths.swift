import Foundation

/// Paths tests read in place: the repository root, its `data/`, and `../shared/data`.
enum TestPaths {
    /// The package root (two folders above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var hasSharedData: Bool { FileManager.default.fileExists(atPath: sharedData.path) }

    /// Tab-separated pairs of a file, `#` comment lines skipped.
    static func pairs(_ url: URL) throws -> [(String, String)] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            return f.count >= 2 ? (String(f[0]), String(f[1])) : nil
        }
    }
}
