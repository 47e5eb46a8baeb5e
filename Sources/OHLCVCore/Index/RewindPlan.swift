/// Where an incremental run of aggregate or resample restarts (behaviour §3.2, §6), decided from the committed
/// index and what changed upstream. Pure: offsets that depend on the rows on disk are returned as searches
/// (`Offset.firstRow`) for the caller to resolve with `CandleCSVSeek`, and the pending index is computed from
/// what those searches found.
///
/// Times are seconds in the file's own time base (a day's start is UTC midnight for aggregate's open day);
/// offsets are bytes from the start of the CSV.
public struct RewindPlan: Equatable {
    /// How far back the run goes.
    public enum Kind: Equatable {
        /// No usable index (none yet, or one the source no longer describes): the file is written whole from
        /// offset 0 under a new lineage.
        case build
        /// Every final candle stays: the run rewrites from the index's open offset.
        case reopen
        /// The change reaches final candles: the run cuts into the final region, committing the pending
        /// index first.
        case cut
    }

    /// A byte offset in a CSV.
    public enum Offset: Equatable {
        case at(Int64)
        /// The first row whose time is ≥ `atOrAfter`, searched among the rows in `lower..<upper`; `upper` when
        /// every row there is earlier.
        case firstRow(atOrAfter: Int64, lower: Int64, upper: Int64)
    }

    /// The earliest time the run may rewrite, below which a change it finds is not recorded.
    public enum ChangeFloor: Equatable {
        /// A built file: anything may differ from what downstream stages read before.
        case everything
        case from(Int64)

        /// The time the index records for `.everything`: earlier than any candle, yet far enough from
        /// `Int64.min` that downstream bin arithmetic on it (`binStart`, alignment shifts) cannot overflow.
        public static let everythingTime = Int64.min / 2

        public var time: Int64 {
            switch self {
            case .everything: return ChangeFloor.everythingTime
            case .from(let t): return t
            }
        }
    }

    public var kind: Kind
    /// Where the output is truncated and appended from.
    public var output: Offset
    /// Resample: where the source CSV is read from. Aggregate reads day files instead (`firstDay`): nil.
    public var source: Offset?
    /// Aggregate: the first day whose file is appended again; nil for every day there is.
    public var firstDay: CivilDate?
    public var changeFloor: ChangeFloor
    /// The open time the run starts from (the first rewritten candle's bin, or aggregate's first day at UTC
    /// midnight); nil for a build. A cut commits it in the pending index.
    public var openTime: Int64?
    /// The index the run completes and commits: the previous one, or the fresh one for a build.
    public var next: StageIndex

    /// Aggregate's plan. `changedDays` are the days make saw change (any order); `fresh` is the index of a
    /// first build (with its new lineage). Nil when there is an index and no day changed: nothing to do.
    public static func aggregate(previous: StageIndex?, changedDays: [CivilDate], alignment: TimeAlignment,
                                 fresh: StageIndex) -> RewindPlan? {
        guard let previous else {
            return RewindPlan(kind: .build, output: .at(0), source: nil, firstDay: nil, changeFloor: .everything,
                              openTime: nil, next: fresh)
        }
        guard var first = changedDays.min() else { return nil }
        // The open day was appended last time and may have grown since: it is always redone.
        let openDay = previous.openTime.map { CivilDate(daysSinceEpoch: $0 / 86_400) }
        if let openDay { first = min(first, openDay) }
        let utcMidnight = first.daysSinceEpoch * 86_400
        let floor = alignment.shift(utcMillis: utcMidnight * 1000) / 1000
        let reopens = openDay == first
        return RewindPlan(kind: reopens ? .reopen : .cut,
                          output: reopens ? .at(previous.openOffset)
                              : .firstRow(atOrAfter: floor, lower: CandleCSVFormat.headerLength, upper: previous.openOffset),
                          source: nil, firstDay: first, changeFloor: .from(floor), openTime: utcMidnight, next: previous)
    }

    /// Resample's plan for one timeframe, from its own index and its source's. `fresh` is the index of a build
    /// (with its new lineage). Nil when the source is exactly what the index says was consumed.
    public static func resample(previous: StageIndex?, source: StageIndex, timeframe: Timeframe,
                                fresh: StageIndex) -> RewindPlan? {
        let header = CandleCSVFormat.headerLength
        let build = RewindPlan(kind: .build, output: .at(0), source: .at(header), firstDay: nil,
                               changeFloor: .everything, openTime: nil, next: fresh)
        guard let previous, previous.sourceLineage == source.lineage else { return build }
        switch source.earliestChange(after: previous.sourceGeneration) {
        case .unchanged:
            // Same generation but other bytes cannot be trusted as an append: built again.
            return source.length == previous.sourceLength ? nil : build
        case .unknown:
            return build
        case .from(let changed):
            if let openTime = previous.openTime, changed < openTime {
                let bin = timeframe.binStart(containing: changed)
                return RewindPlan(kind: .cut,
                                  output: .firstRow(atOrAfter: bin, lower: header, upper: previous.openOffset),
                                  source: .firstRow(atOrAfter: bin, lower: header, upper: source.length),
                                  firstDay: nil, changeFloor: .from(bin), openTime: bin, next: previous)
            }
            return RewindPlan(kind: .reopen, output: .at(previous.openOffset), source: .at(previous.sourceOpenOffset),
                              firstDay: nil, changeFloor: previous.openTime.map { .from($0) } ?? .everything,
                              openTime: previous.openTime, next: previous)
        }
    }

    /// The index to commit before cutting the output back to `output`, when the plan is a cut: it says the
    /// file ends there and is open from there (and, for resample, that the source was consumed up to
    /// `source`). Nil for a build or a reopen.
    public func pendingIndex(output: Int64, source: Int64?) -> StageIndex? {
        guard kind == .cut else { return nil }
        var cut = next
        cut.length = output
        cut.openOffset = output
        cut.openTime = openTime
        if let source {
            cut.sourceOpenOffset = source
            cut.sourceLength = source
        }
        return cut
    }

    /// Records in `index` the run's change for downstream stages: from the first row that differs from the
    /// bytes before the cut (`found`), never earlier than the floor; from the floor when the old bytes are
    /// unknown; nothing when the rewrite was byte-identical.
    public func recordChange(_ found: StageIndex.ChangeSince, in index: inout StageIndex) {
        switch found {
        case .unchanged: break
        case .from(let t): index.recordChange(from: max(t, changeFloor.time))
        case .unknown: index.recordChange(from: changeFloor.time)
        }
    }
}
