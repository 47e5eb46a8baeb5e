import Foundation

/// A few worker threads over `0..<count`, for the batch fetch.
enum WorkerPool {
    /// Runs `body(0..<count)` on up to `concurrency` threads; stops handing out work at the first error and
    /// rethrows it.
    static func run(concurrency: Int, _ count: Int, _ body: @escaping (Int) throws -> Void) throws {
        let state = WorkState()
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, max(count, 1)) {
            group.enter()
            let thread = Thread {
                while let i = state.take(below: count) {
                    do { try body(i) } catch {
                        state.fail(error)
                        break
                    }
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        if let failure = state.failure { throw failure }
    }
}

/// The shared cursor and first error of `WorkerPool.run`.
private final class WorkState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var failure: Error?

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard failure == nil, next < count else { return nil }
            next += 1
            return next - 1
        }
    }

    func fail(_ error: Error) { lock.withLock { if failure == nil { failure = error } } }
}

/// Which items of a `WorkerPool.run` came out one way, set from the workers.
final class SharedFlags: @unchecked Sendable {
    private let lock = NSLock()
    private var flags: [Bool]
    init(count: Int) { flags = [Bool](repeating: false, count: count) }
    func set(_ i: Int) { lock.withLock { flags[i] = true } }
    func get(_ i: Int) -> Bool { lock.withLock { flags[i] } }
}
