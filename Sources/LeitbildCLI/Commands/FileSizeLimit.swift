import ArgumentParser

/// `--max-file-size MiB`, shared by the commands that read transcript files (and named by the
/// message of a file that is too large).
struct FileSizeLimit: ParsableArguments {
    @Option(name: .long, help: "Largest transcript file read, in MiB; a larger one fails with its size.")
    var maxFileSize: Int = 64

    func validate() throws {
        if maxFileSize < 1 || maxFileSize > 4096 { throw ValidationError("--max-file-size is in MiB, from 1 to 4096 (got \(maxFileSize)).") }
    }

    var bytes: Int { maxFileSize << 20 }
}
