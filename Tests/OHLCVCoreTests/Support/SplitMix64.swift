import XCTest

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, fully specified generator, so that every random test is
/// reproducible. Set `OHLCV_TEST_SEED` to replay a failure; the seed is printed when a seeded test fails.
struct SplitMix64: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension XCTestCase {
    /// A generator seeded from `OHLCV_TEST_SEED` or, by default, from `fallback`. When the test fails, its
    /// seed is printed so that the exact run can be replayed.
    func seededGenerator(_ fallback: UInt64) -> SplitMix64 {
        let seed = ProcessInfo.processInfo.environment["OHLCV_TEST_SEED"].flatMap { UInt64($0) } ?? fallback
        addTeardownBlock { [weak self] in
            if let run = self?.testRun, run.totalFailureCount > 0 {
                print("\(self?.name ?? "test") failed with seed \(seed): rerun with OHLCV_TEST_SEED=\(seed)")
            }
        }
        return SplitMix64(seed: seed)
    }
}
