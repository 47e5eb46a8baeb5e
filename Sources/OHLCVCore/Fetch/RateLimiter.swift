#if canImport(Glibc)
import Glibc
#endif

/// One global request-rate cap for the whole process, shared by every worker thread.
///
/// Requests are given start slots at least `1/rate` seconds apart (a token bucket of depth 1), so in any
/// window of T seconds at most `floor(T × rate) + 1` requests start. Retries take a slot like first attempts.
/// The cap is per process: the Makefile runs one `ohlcv-fetch` for all symbols under `data/locks/run.lock`,
/// so one process is the whole traffic of the machine's pipeline.
public final class RateLimiter: @unchecked Sendable {
    public let requestsPerSecond: Double
    let interval: Double
    private var nextSlot: Double = 0
    private var lock = pthread_mutex_t()
    private let clock: () -> Double

    public init(requestsPerSecond: Double, clock: @escaping () -> Double = RateLimiter.monotonicSeconds) {
        precondition(requestsPerSecond > 0)
        self.requestsPerSecond = requestsPerSecond
        self.interval = 1 / requestsPerSecond
        self.clock = clock
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    /// Reserves the next free slot and returns the time (on `clock`) at which the caller may start.
    public func reserve() -> Double {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let now = clock()
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot
    }

    /// Blocks the calling thread until it may start a request.
    public func acquire() {
        let slot = reserve()
        RateLimiter.sleep(until: slot, clock: clock)
    }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rem = timespec()
        while nanosleep(&ts, &rem) != 0 && errno == EINTR { ts = rem }
    }

    static func sleep(until deadline: Double, clock: () -> Double) {
        while true {
            let left = deadline - clock()
            if left <= 0 { return }
            sleep(seconds: left)
        }
    }
}
