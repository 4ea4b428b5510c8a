import Dispatch

/// Pure work spread over all cores, with results in a fixed place: whatever thread finishes
/// first, the caller gets the same values in the same order as from a loop (the reports stay
/// byte-identical whatever the core count).
public enum Parallel {
    /// `map` over all cores, results in order.
    public static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        return Array(unsafeUninitializedCapacity: items.count) { buffer, count in
            nonisolated(unsafe) let out = buffer
            // Every index is initialised exactly once, each by one iteration.
            DispatchQueue.concurrentPerform(iterations: items.count) { i in out.initializeElement(at: i, to: transform(items[i])) }
            count = items.count
        }
    }

    /// Runs `first` and `second` at once (on two cores when there are two) and returns both results.
    public static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        var a: A?
        var b: B?
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                nonisolated(unsafe) let first = first, second = second
                withUnsafeMutablePointer(to: &a) { a in
                    withUnsafeMutablePointer(to: &b) { b in
                        nonisolated(unsafe) let a = a, b = b
                        // Each result is written once, by its own iteration.
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            if i == 0 { a.pointee = first() } else { b.pointee = second() }
                        }
                    }
                }
            }
        }
        // Both iterations have run when `concurrentPerform` returns.
        return (a!, b!)
    }
}
