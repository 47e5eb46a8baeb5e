/// SplitMix64: a tiny, fast, seedable generator, so that every property test can print its seed and be
/// replayed exactly.
public struct SeededRandom: RandomNumberGenerator {
    public private(set) var state: UInt64
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed from OHLCV_SEED when set (to replay a failure), otherwise from the clock.
    public static func seedFromEnvironment(default fallback: UInt64? = nil) -> UInt64 {
        if let text = ProcessInfoLite.environment("OHLCV_SEED"), let s = UInt64(text) { return s }
        return fallback ?? UInt64(truncatingIfNeeded: Int64(ProcessInfoLite.nanoseconds()))
    }
}
