import OHLCVTestSupport
import XCTest

/// SplitMix64 (Steele, Lea & Flood, 2014), shared with the tool tests through OHLCVTestSupport. Set
/// `OHLCV_SEED` to replay a failure; the seed is printed when a seeded test fails.
typealias SplitMix64 = SeededRandom

extension XCTestCase {
    /// A generator seeded from `OHLCV_SEED` or, by default, from `fallback`. When the test fails, its
    /// seed is printed so that the exact run can be replayed.
    func seededGenerator(_ fallback: UInt64) -> SplitMix64 {
        let seed = SeededRandom.seedFromEnvironment(default: fallback)
        addTeardownBlock { [weak self] in
            if let run = self?.testRun, run.totalFailureCount > 0 {
                print("\(self?.name ?? "test") failed with seed \(seed): rerun with OHLCV_SEED=\(seed)")
            }
        }
        return SplitMix64(seed: seed)
    }
}
