#if canImport(Glibc)
import Glibc
#endif

/// A few worker threads over `0..<count`, for the batch fetch.
enum WorkerPool {
    /// Runs `body(0..<count)` on up to `concurrency` threads; stops handing out work at the first error and
    /// rethrows it.
    static func run(concurrency: Int, _ count: Int, _ body: @escaping (Int) throws -> Void) throws {
        let state = WorkState()
        let work = Work {
            while let i = state.take(below: count) {
                do { try body(i) } catch {
                    state.fail(error)
                    break
                }
            }
        }
        // POSIX threads rather than Foundation's Thread, so that the core needs only FoundationEssentials (see
        // `Lock`); each with the 1 MiB stack the workers always had.
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var threads: [pthread_t] = []
        for _ in 0..<min(concurrency, max(count, 1)) {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(work).toOpaque()
            guard pthread_create(&thread, &attributes, { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context) == 0 else {
                Unmanaged<Work>.fromOpaque(context).release()
                preconditionFailure("pthread_create failed")
            }
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
        if let failure = state.failure { throw failure }
    }
}

/// What each worker thread runs.
private final class Work: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// The shared cursor and first error of `WorkerPool.run`.
private final class WorkState: @unchecked Sendable {
    private let lock = Lock()
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
    private let lock = Lock()
    private var flags: [Bool]
    init(count: Int) { flags = [Bool](repeating: false, count: count) }
    func set(_ i: Int) { lock.withLock { flags[i] = true } }
    func get(_ i: Int) -> Bool { lock.withLock { flags[i] } }
}
