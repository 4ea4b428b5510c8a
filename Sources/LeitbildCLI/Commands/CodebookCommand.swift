import ArgumentParser
import Foundation
import Themes

struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Validate or show a codebook.",
        subcommands: [Validate.self, Show.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a codebook and report every problem with file, line and key.")
        @Argument(help: "Codebook (YAML).")
        var file: String = "corpus/codebook.yaml"

        func run() throws {
            do {
                let book = try CodebookLoader.load(path: file)
                print("\(file): ok, \(book.codes.count) codes (\(book.codableCodes.count) codable), \(book.codes.reduce(0) { $0 + $1.terms.count }) terms")
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
                    show(code.id, depth + 1)
                }
            }
            show(nil, 0)
        }
    }
}
