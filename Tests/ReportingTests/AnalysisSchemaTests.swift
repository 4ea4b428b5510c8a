import Foundation
import LeitbildCore
import Reporting
import Testing

/// `analysis.json` against `docs/analysis.schema.json` (JSON Schema 2020-12), checked with Python's
/// `jsonschema` package (installed on the build machines; `pip install jsonschema` elsewhere).
@Suite("analysis.json schema")
struct AnalysisSchemaTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/analysis.schema.json").standardized

    static func validate(_ json: [UInt8]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = dir.appendingPathComponent("analysis.json")
        try Data(json).write(to: instance)
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit("python3 has no jsonschema package: pip install jsonschema")
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2], encoding="utf-8"))), key=str)
            for e in errors[:10]:
                print("/".join(map(str, e.absolute_path)), e.message[:300])
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, instance.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("the fixture's analysis.json validates", arguments: [true, false])
    func valid(_ pseudonymize: Bool) throws {
        let file = try JSONRenderer().render(ReportFixture.input(options: ReportOptions(pseudonymize: pseudonymize)))
        let result = try Self.validate(file.contents)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("the schema rejects a document that breaks it")
    func rejects() throws {
        let file = try JSONRenderer().render(ReportFixture.input())
        var object = try #require(try JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any])
        object["version"] = 99
        object.removeValue(forKey: "segments")
        let broken = try JSONSerialization.data(withJSONObject: object)
        #expect(try Self.validate([UInt8](broken)).status != 0)
    }

    @Test("the schema's version is the renderer's")
    func version() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schema)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let version = try #require(properties["version"] as? [String: Any])
        #expect(version["const"] as? Int == JSONRenderer.formatVersion)
    }

    /// Found when RTF was added (stop 40 of 2026-11-29): nothing kept the schema's list of source
    /// formats in step with `SourceFormat`, so a run with an .rtf transcript would have written an
    /// analysis.json its own schema refuses.
    @Test("the schema's source formats are SourceFormat's")
    func sourceFormats() throws {
        let text = try String(contentsOf: Self.schema, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains("\"format\": { \"enum\"") })
        let listed = line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element).dropFirst(2)
        #expect(Set(listed.map(String.init)) == Set(SourceFormat.allCases.map(\.rawValue)), "\(line)")
    }
}
