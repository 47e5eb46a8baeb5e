#if canImport(Glibc)
import Glibc
#endif

/// A mutex for the fetch workers' shared state. Ours rather than Foundation's NSLock so that the core needs
/// only FoundationEssentials: the full Foundation (with ICU) costs every tool about 3.5 ms of dynamic loading
/// per start.
final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
