import Foundation
import LeitbildCore
import Pipeline
import Testing

/// Parallel runs give the same reports as a single-threaded run, with and without the cache.
@Suite("Batch: parallel runs are byte-identical to --jobs 1")
struct BatchTests {
    static let jobs = [1, 2, 3, 8]

    @Test("reports do not depend on the number of jobs", arguments: jobs)
    func jobsDoNotChangeReports(jobs: Int) async throws {
        let project = try TestProject.synthetic(24, seed: 11)
        let single = TestProject.temporary("jobs1")
        let parallel = TestProject.temporary("jobsN")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: single), batch: BatchOptions(jobs: 1, useCache: false))
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: parallel), batch: BatchOptions(jobs: jobs, useCache: false))
        #expect(run.transcripts == 24)
        let a = try TestProject.reports(single), b = try TestProject.reports(parallel)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs with --jobs \(jobs)") }
    }

    @Test("the synchronous API (one thread, no cache) and a cached parallel run write the same reports")
    func cachedParallelEqualsSequential() async throws {
        let project = try TestProject.synthetic(16, seed: 5)
        let reference = TestProject.temporary("seq")
        _ = try AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: reference))
        let out = TestProject.temporary("cached")
        for pass in 0..<2 {  // cold cache, then warm cache
            let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 3))
            #expect(run.files.allSatisfy { $0.status == (pass == 0 ? .analysed : .cached) })
            let a = try TestProject.reports(reference), b = try TestProject.reports(out)
            for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs (pass \(pass))") }
        }
    }

    @Test("results are placed by input index: the file list order is kept")
    func inputOrderKept() async throws {
        let project = try TestProject.synthetic(12, seed: 3)
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("order")),
                                                   batch: BatchOptions(jobs: 4, useCache: false))
        #expect(run.files.map(\.path) == (try AnalysisPipeline.transcriptFiles(in: project)))
    }
}
