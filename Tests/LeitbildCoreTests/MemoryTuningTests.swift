import Testing
@testable import LeitbildCore

@Suite("Allocator: glibc's top pad")
struct MemoryTuningTests {
    #if canImport(Glibc)
    @Test("set unless GLIBC_TUNABLES sets it", arguments: [
        ([:], true),
        (["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"], true),
        (["GLIBC_TUNABLES": "glibc.malloc.top_pad=1048576"], false),
        (["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.top_pad=0"], false),
    ])
    func apply(environment: [String: String], expected: Bool) {
        #expect(MemoryTuning.apply(environment: environment) == expected)
    }
    #endif
}
