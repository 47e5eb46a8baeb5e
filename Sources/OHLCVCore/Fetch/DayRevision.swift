/// How a newly fetched version of a day differs from the version already held (the cached day, or the growing
/// day at the midnight rollover), minute by minute. Pure: no I/O.
///
/// The rule it carries: a re-fetch may correct a day's candles and extend it, but never take candles away.
/// A real correction changes prices or volumes of a few minutes; an answer that lacks minutes we already hold
/// is the server's known glitch (dukascopy-node#130: records missing, up to whole days, without warning), of
/// which the empty answer is the extreme case. Such an answer is held back, not written over the day.
public struct DayRevision: Equatable, Sendable {
    /// Minutes in both versions whose open, high, low, close or volume differ.
    public var changed: Int
    /// Minutes only the new version has.
    public var added: Int
    /// Minutes only the held version has: candles the new version would delete.
    public var removed: Int

    public init(changed: Int, added: Int, removed: Int) {
        self.changed = changed; self.added = added; self.removed = removed
    }

    /// Compares two versions of one day. Both lists must be strictly increasing in time, as
    /// `DayPayload.validate` guarantees; candles are compared as the pipeline computes them, so the same
    /// numbers written differently (`1.0E-5` or `0.00001`) are not a change.
    public init(from held: [Candle], to fresh: [Candle]) {
        var i = 0, j = 0
        var changed = 0, added = 0, removed = 0
        while i < held.count || j < fresh.count {
            if j == fresh.count || (i < held.count && held[i].time < fresh[j].time) {
                removed += 1; i += 1
            } else if i == held.count || fresh[j].time < held[i].time {
                added += 1; j += 1
            } else {
                if held[i] != fresh[j] { changed += 1 }
                i += 1; j += 1
            }
        }
        self.init(changed: changed, added: added, removed: removed)
    }

    public var isUnchanged: Bool { changed == 0 && added == 0 && removed == 0 }

    /// True when accepting the new version would make candles disappear: it is held back.
    public var removesCandles: Bool { removed > 0 }

    /// What to do with the new version.
    public enum Verdict: Equatable, Sendable {
        /// Same candles: keep the held file as it is (its mtime too).
        case unchanged
        /// Only changes and additions: a correction or a completion; replace.
        case replace
        /// Candles would disappear: keep the held version, put the answer aside for an explicit decision.
        case holdBack
    }

    public var verdict: Verdict {
        if removesCandles { return .holdBack }
        return isUnchanged ? .unchanged : .replace
    }

    /// `3 changed, 0 added, 0 removed`: always all three counts, so a removal is never hidden in a total.
    public var counts: String { "\(changed) changed, \(added) added, \(removed) removed" }
}
