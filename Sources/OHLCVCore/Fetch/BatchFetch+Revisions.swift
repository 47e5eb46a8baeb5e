/// A batch run's answers for days it already holds: a re-checked cached day, and the first final answer for a
/// growing day. An answer that would remove candles is held back (`HeldDays`), never written over them.
extension BatchFetch {
    /// A cached day inside the recheck window: replaced when the answer only changes or adds candles, held
    /// back when candles would disappear (an empty answer is the extreme case), left alone when equal.
    func recheck(_ series: Series, _ day: CivilDate, _ bytes: [UInt8], _ fresh: DayPayload) throws {
        let path = layout.cachePath(series, day)
        let old = try withErrorContext(file: path) { try FileSystem.readAll(path) }
        guard let cached = try? DayPayload.validate(old, dayStartMillis: JettaURL.startMillis(of: day)) else {
            // Nothing to protect: the pipeline would refuse this file anyway.
            try commit(series, day, bytes, isNew: false)
            let revision = DayRevision(from: [], to: fresh.candles)
            report.dayChanged("\(series) \(day): \(revision.counts); replaced (the cached file did not validate)")
            return
        }
        if !fresh.isEmpty { lock.withLock { known[series.fileName, default: [:]][day] = true } }
        let revision = DayRevision(from: cached.candles, to: fresh.candles)
        switch revision.verdict {
        case .unchanged:
            report.recheckUnchanged()
            if try dropHeld(series, day) {
                report.note("\(series) \(day): the server sends the cached day again; dropped the held-back answer")
            }
        case .replace:
            try commit(series, day, bytes, isNew: false)
            report.dayChanged("\(series) \(day): \(revision.counts); replaced")
        case .holdBack:
            try hold(series, day, bytes, revision, fresh: fresh, heldCount: cached.candles.count, rollover: false)
        }
    }

    /// The midnight rollover: the first answer for a finished day we still hold as a growing day must not lack
    /// candles of the growing day. If it does, the growing files stay, the day stays missing (so every run
    /// asks again), and the answer is held back. True when held back.
    func holdBackAtRollover(_ series: Series, _ day: CivilDate, _ bytes: [UInt8], _ fresh: DayPayload) throws -> Bool {
        let path = layout.growingPath(series, day)
        guard FileSystem.exists(path) else { return false }
        let old = try withErrorContext(file: path) { try FileSystem.readAll(path) }
        // An invalid growing file has no candles worth protecting: the final day replaces it, as always.
        guard let growing = try? DayPayload.validate(old, dayStartMillis: JettaURL.startMillis(of: day)) else {
            return false
        }
        let revision = DayRevision(from: growing.candles, to: fresh.candles)
        guard revision.verdict == .holdBack else { return false }
        try hold(series, day, bytes, revision, fresh: fresh, heldCount: growing.candles.count, rollover: true)
        return true
    }

    /// Puts an answer that would remove candles aside in the held dir (replacing an older held answer for the
    /// day) and reports it; the version on disk, `heldCount` candles, is not touched. `rollover`: that
    /// version is the growing day, not a cached one.
    func hold(_ series: Series, _ day: CivilDate, _ bytes: [UInt8], _ revision: DayRevision, fresh: DayPayload,
              heldCount: Int, rollover: Bool) throws {
        let path = layout.heldPath(series, day)
        try withErrorContext(file: path) { try AtomicFile.replace(path, with: bytes) }
        let sends = fresh.isEmpty ? "an empty day" : "\(fresh.candles.count) candle\(fresh.candles.count == 1 ? "" : "s")"
        let has = rollover ? "the growing day has" : "the cache has"
        let kept = rollover ? "the growing day (the day stays missing: asked again next run)" : "the cached day"
        report.holdBack("\(series) \(day): the server now sends \(sends) where \(has) \(heldCount) candles "
            + "(\(revision.counts)); kept \(kept); the answer is in \(path): "
            + "`make accept-held SYMBOL=\(series.symbol.fileName) DAY=\(day)` takes it", rechecked: !rollover)
    }

    /// Removes the held-back answer for a day, if any. True when there was one.
    func dropHeld(_ series: Series, _ day: CivilDate) throws -> Bool {
        let path = layout.heldPath(series, day)
        guard FileSystem.exists(path) else { return false }
        try FileSystem.remove(path)
        try FileSystem.syncDirectory(FileSystem.directoryName(path))
        return true
    }
}
