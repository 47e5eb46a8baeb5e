/// Which file each timeframe is built from (behaviour §5): the largest configured timeframe whose bins nest
/// exactly inside its own, or the 1-minute file. A set where some timeframe nests in nothing is refused.
public struct CascadePlan: Equatable {
    public struct Step: Equatable {
        public var timeframe: Timeframe
        public var source: Timeframe
    }
    /// In build order: every step's source is built before it.
    public var steps: [Step]

    public init(_ names: [String]) throws {
        var timeframes: [Timeframe] = []
        for name in names {
            let tf = try Timeframe(parsing: name)
            if tf == Timeframe.oneMinute { continue }
            if timeframes.contains(tf) { throw OHLCVError(.configuration(.timeframeListedTwice(name))) }
            timeframes.append(tf)
        }
        let ordered = timeframes.sorted { ($0.nominalSeconds, $0.description) < ($1.nominalSeconds, $1.description) }
        steps = []
        for tf in ordered {
            // Only timeframes already placed can be sources, so each step's source is built before it.
            let candidates = [Timeframe.oneMinute] + steps.map(\.timeframe)
            guard let source = candidates.filter({ tf.nests(in: $0) }).max(by: { $0.nominalSeconds < $1.nominalSeconds }) else {
                throw OHLCVError(.configuration(.timeframeDoesNotNest(tf.description)))
            }
            steps.append(Step(timeframe: tf, source: source))
        }
    }
}
