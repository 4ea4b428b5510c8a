import ArgumentParser
import Foundation
import Ingestion
import LeitbildCore
import Themes

struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Validate, show, export or import a codebook.",
        subcommands: [Validate.self, Show.self, Export.self, Import.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a codebook and report every problem with file, line and key.")
        @Argument(help: "Codebook (YAML).")
        var file: String = "corpus/codebook.yaml"

        func run() throws {
            do {
                let book = try CodebookLoader.load(path: file)
                print("\(file): ok, \(book.codes.count) codes (\(book.codableCodes.count) codable), \(book.codes.reduce(0) { $0 + $1.terms.count }) terms")
                for shared in book.sharedTerms() {
                    let codes = shared.codes.map { code in code.line.map { "'\(code.id)' (line \($0))" } ?? "'\(code.id)'" }
                    print("\(file): note: the term '\(shared.term)' is in the codes \(codes.joined(separator: ", ")), so each of its mentions "
                          + "counts for all of them (keep it in one code unless that is meant)")
                }
            } catch {
                printError(error.localizedDescription)
                throw ExitCode(1)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the code tree with terms.")
        @Argument(help: "Codebook (YAML).")
        var file: String = "corpus/codebook.yaml"

        func run() throws {
            let book: Codebook
            do { book = try CodebookLoader.load(path: file) } catch {
                printError(error.localizedDescription)
                throw ExitCode(1)
            }
            print("\(book.name) (version \(book.version))")
            func show(_ parent: String?, _ depth: Int) {
                for code in book.codes where code.parent == parent {
                    let indent = String(repeating: "  ", count: depth)
                    print("\(indent)- \(code.name) [\(code.id), \(code.kind.rawValue)]")
                    if !code.terms.isEmpty { print("\(indent)    terms: \(code.terms.joined(separator: ", "))") }
                    if !code.exclusions.isEmpty { print("\(indent)    exclude: \(code.exclusions.joined(separator: ", "))") }
                    for rule in code.context { print("\(indent)    context: \(rule.term) only with \(rule.require.joined(separator: ", "))") }
                    if code.includeChildren { print("\(indent)    includes the hits of its child codes") }
                    show(code.id, depth + 1)
                }
            }
            show(nil, 0)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the codebook as a REFI-QDA codebook (.qdc) for MAXQDA, ATLAS.ti, NVivo or QualCoder.",
            discussion: "Terms, exclusions and context rules travel in each code's description (see docs/codebook.md); GUIDs derive from the code ids, so the output is the same every time.")
        @Flag(name: .long, help: "REFI-QDA codebook exchange format (the only format so far).")
        var qdc = false
        @Argument(help: "Codebook (YAML).")
        var file: String = "corpus/codebook.yaml"
        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        func run() throws {
            guard qdc else {
                printError("error: say which format: --qdc")
                throw ExitCode(1)
            }
            let book: Codebook
            do { book = try CodebookLoader.load(path: file) } catch {
                printError(error.localizedDescription)
                throw ExitCode(1)
            }
            try writeOutput(QDCWriter.render(book, origin: "Leitbild \(LeitbildVersion.string)"), to: output)
        }
    }
}

extension CodebookCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a REFI-QDA codebook (.qdc, or the codebook of a .qdpx project) into codebook.yaml.",
            discussion: "Terms, exclusions and context rules that Leitbild exported come back from the descriptions; codes from other programs get their name's words as terms (see docs/codebook.md).")
        @Argument(help: "A .qdc codebook or a .qdpx/.qde project.")
        var file: String
        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        func run() throws {
            let codes: [QDACode]
            do { codes = try QDACodebookReader.read(file: file) } catch {
                printError("error: \(error.localizedDescription)")
                throw ExitCode(1)
            }
            let name = PathName.stem(file)
            let (book, warnings) = CodebookQDA.codebook(from: codes, name: name)
            for warning in warnings { printError("warning: \(file): \(warning)") }
            let yaml = CodebookWriter.yaml(book, header: ["Imported from \(PathName.lastComponent(file)) by leitbild codebook import.",
                                                          "Check it with: leitbild codebook validate FILE"])
            // The YAML must load; if a term from another program cannot match, say where.
            do { _ = try CodebookLoader.parse(yaml, path: output ?? "(imported codebook)") } catch {
                for e in error.errors { printError("warning: \(e.errorDescription ?? "")") }
            }
            try writeOutput(yaml, to: output)
        }
    }
}

/// Writes text to a file (atomically) or to standard output.
func writeOutput(_ text: String, to path: String?) throws {
    guard let path, path != "-" else {
        var out = StandardOutput()
        out.write(text)
        out.flush()
        return
    }
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        printError("error: cannot write \(path): \(error.reasonClause)")
        throw ExitCode(1)
    }
}
