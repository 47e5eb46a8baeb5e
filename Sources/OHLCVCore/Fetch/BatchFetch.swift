import Foundation

/// One batch run: plan every series' days, fetch them with a few worker threads under one rate cap, commit
/// each validated payload atomically, then judge empty days and tidy the temp dir.
public final class BatchFetch: @unchecked Sendable {
    let client: JettaClient
    let urls: JettaURL
    let layout: CacheLayout
    let today: CivilDate
    let concurrency: Int
    let report: FetchReport

    private let lock = NSLock()
    private var queue: [(Series, DayPlanner.Job)] = []
    /// What this run learnt about each series' days: true = has candles, false = empty.
    private var known: [String: [CivilDate: Bool]] = [:]
    private var pendingEmpty: [(Series, CivilDate, [UInt8])] = []
    private var heldSeries: [Series] = []
    /// Days that came back with candles but short of what the schedule says (see `DayPlanner.isShort`).
    private var pendingShort: Set<String> = []
    /// Each symbol's trading schedule, from its metadata (symbol file name → schedule), for both its sides;
    /// absent: weekday heuristic.
    public var schedules: [String: TradingSchedule] = [:]
    /// Each symbol's first day, when it differs from the run's `start` (symbol file name → day), for both its sides.
    public var starts: [String: CivilDate] = [:]

    public init(client: JettaClient, urls: JettaURL, layout: CacheLayout, today: CivilDate, concurrency: Int,
                report: FetchReport = FetchReport()) {
        self.client = client; self.urls = urls; self.layout = layout; self.today = today
        self.concurrency = concurrency; self.report = report
    }

    /// `recheckList` (make verify REPAIR=1): only these finished days of each series (file-name form), each
    /// re-checked when cached (the held-back guard applies) or fetched when missing; nothing else, not today.
    public func run(series allSeries: [Series], start: CivilDate, recheckDays: Int, recheckList: [String: [CivilDate]]? = nil) throws {
        for series in allSeries {
            let jobs = recheckList.map { list in
                (list[series.fileName] ?? []).filter { $0 < today }.map {
                    DayPlanner.Job(day: $0, purpose: FileSystem.exists(layout.cachePath(series, $0)) ? .recheck : .missing)
                }
            } ?? DayPlanner.plan(start: starts[series.symbol.fileName] ?? start, today: today, recheckDays: recheckDays) {
                FileSystem.exists(layout.cachePath(series, $0))
            }
            queue += jobs.map { (series, $0) }
        }
        report.plan(symbols: Set(allSeries.map(\.symbol.code)).count, jobs: queue.map(\.1), rate: client.limiter.requestsPerSecond,
                    sides: queue.map(\.0.side), seriesSides: allSeries.map(\.side))
        Terminal.printLine(report.estimate())
        heldSeries = allSeries
        try FileSystem.makeDirectories(layout.tempDirectory)
        for series in allSeries { try layout.removeStaleTemporaries(series) }

        defer { finish() }      // the summary line, also when the run stops on an error
        let jobs = queue
        try WorkerPool.run(concurrency: concurrency, jobs.count) { [self] i in
            let (series, job) = jobs[i]
            do {
                try withErrorContext(symbol: series.fileName) { try process(series, job) }
            } catch {
                report.failure(symbol: series.fileName, day: job.day, reason: failureReason(error, url: url(series, job)))
                throw error
            }
            report.finished(job: series.fileName, requests: client.counts.requests)
        }
        try judgeEmptyDays()
        for series in allSeries { try tidyTemp(series) }
    }

    private func finish() {
        report.held(waiting: heldSeries.reduce(0) { $0 + layout.heldDays($1).count })
        let counts = client.counts
        Terminal.printLine(report.summary(requests: counts.requests, retries: counts.retries, bySide: client.requestsBySide))
        if let failed = report.failureList() { Terminal.printLine(failed) }
    }

    /// What went wrong with one day, in a few words, for the summary's list of failed days (the ABORT line
    /// that ends the run gives the first failure in full).
    func failureReason(_ error: Error, url: String) -> String {
        if let brief = client.failureReason(for: url) { return brief }
        let text = (error as? OHLCVError)?.message ?? "\(error)"
        return text.count > 100 ? text.prefix(99) + "…" : text
    }

    func url(_ series: Series, _ job: DayPlanner.Job) -> String {
        job.purpose == .open ? urls.openDay(series, job.day) : urls.historicalDay(series, job.day)
    }

    func process(_ series: Series, _ job: DayPlanner.Job) throws {
        let day = job.day
        let start = JettaURL.startMillis(of: day)
        let url = url(series, job)
        let answer = try client.fetchDay(url: url, dayStartMillis: start, side: series.side)
        guard case let .payload(bytes, payload) = answer else {
            if job.purpose == .open {
                report.note("\(series) \(day): today's day is not available yet (\"From time is too late\"); will retry next run")
                return
            }
            guard DayPlanner.isTooLateExpected(for: day, today: today) else {
                throw OHLCVError(.http("the server says \"From time is too late\" for \(series.symbol.code) \(day), which ended \(today.daysSinceEpoch - day.daysSinceEpoch - 1) days ago (\(url))"))
            }
            if job.purpose == .missing {
                report.note("\(series) \(day): not published yet (\"From time is too late\"); kept as the growing day, will retry next run")
            }
            return
        }
        switch job.purpose {
        case .open:
            lock.withLock { known[series.fileName, default: [:]][day] = !payload.isEmpty }
            try writeGrowing(series, day, bytes)
        case .missing:
            if try holdBackAtRollover(series, day, bytes, payload) { return }
            lock.withLock { known[series.fileName, default: [:]][day] = !payload.isEmpty }
            if payload.isEmpty {
                lock.withLock { pendingEmpty.append((series, day, bytes)) }
            } else if let schedule = schedules[series.symbol.fileName], DayPlanner.isShort(payload.candles, day: day, schedule: schedule) {
                lock.withLock {
                    pendingEmpty.append((series, day, bytes))
                    pendingShort.insert("\(series.fileName) \(day)")
                }
            } else {
                try commit(series, day, bytes)
            }
        case .recheck:
            try recheck(series, day, bytes, payload)
        }
    }

    /// Writes a finished day into the cache (fresh mtime) and drops the day's growing files and any held-back
    /// answer for it, which this answer supersedes.
    func commit(_ series: Series, _ day: CivilDate, _ bytes: [UInt8], isNew: Bool = true) throws {
        let path = layout.cachePath(series, day)
        try withErrorContext(file: path) { try AtomicFile.replace(path, with: bytes) }
        try FileSystem.remove(layout.growingPath(series, day))
        try FileSystem.remove(layout.growingPath(series, day, extension: "csv"))
        if isNew { report.cachedDay() }
        if try dropHeld(series, day) {
            report.note("\(series) \(day): this answer removes no candles and supersedes the held-back one; dropped that")
        }
    }

    /// Today's growing day: rewritten only when the bytes changed, so its mtime stays still otherwise.
    func writeGrowing(_ series: Series, _ day: CivilDate, _ bytes: [UInt8]) throws {
        let path = layout.growingPath(series, day)
        if FileSystem.exists(path), let old = try? FileSystem.readAll(path), old == bytes {
            report.growing(written: false)
            return
        }
        try withErrorContext(file: path) { try AtomicFile.replace(path, with: bytes) }
        report.growing(written: true)
    }

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

    /// Empty finished days: cache closed days; re-fetch suspicious ones (all of them in parallel, in rounds
    /// after a short pause), and keep them out of the cache while they are recent and still empty. Short days
    /// (candles, but fewer hours than the schedule's) are suspicious from the start and treated alike.
    func judgeEmptyDays() throws {
        let pending = pendingEmpty.sorted { ($0.0.fileName, $0.1) < ($1.0.fileName, $1.1) }
        var suspects: [(Series, CivilDate, [UInt8])] = []
        func isShort(_ series: Series, _ day: CivilDate) -> Bool { pendingShort.contains("\(series.fileName) \(day)") }
        for (series, day, bytes) in pending {
            let verdict = isShort(series, day) ? .suspicious
                : DayPlanner.judgeEmpty(day: day, today: today, confirmedEmpty: false, schedule: schedules[series.symbol.fileName]) { hasCandles(series, $0) }
            if verdict == .closedDay {
                try withErrorContext(symbol: series.fileName) { try commit(series, day, bytes) }
            } else {
                suspects.append((series, day, bytes))
            }
        }
        for round in 1...DayPlanner.suspectRefetches where !suspects.isEmpty {
            RateLimiter.sleep(seconds: client.policy.backoffCeiling(retry: round))
            let cured = SharedFlags(count: suspects.count)
            let list = suspects
            try WorkerPool.run(concurrency: concurrency, list.count) { [self] i in
                let (series, day, _) = list[i]
                let url = urls.historicalDay(series, day)
                do { try withErrorContext(symbol: series.fileName) {
                    let answer = try client.fetchDay(url: url, dayStartMillis: JettaURL.startMillis(of: day), side: series.side)
                    guard case let .payload(again, payload) = answer, !payload.isEmpty else { return }
                    if let schedule = schedules[series.symbol.fileName], DayPlanner.isShort(payload.candles, day: day, schedule: schedule) { return }
                    lock.withLock { known[series.fileName, default: [:]][day] = true }
                    cured.set(i)
                    try commit(series, day, again)
                    let first = isShort(series, day) ? "short" : "empty"
                    report.note("\(series) \(day): came back \(first) at first, with \(payload.candles.count) candles on re-fetch; cached those")
                } } catch {
                    report.failure(symbol: series.fileName, day: day, reason: failureReason(error, url: url), planned: false)
                    throw error
                }
            }
            suspects = list.indices.filter { !cured.get($0) }.map { list[$0] }
        }
        for (series, day, bytes) in suspects {
            if isShort(series, day) {
                let open = "shorter than the trading schedule says (no candles for over \(DayPlanner.shortDaySlackSeconds / 3600) h at its start or end)"
                if today.daysSinceEpoch - day.daysSinceEpoch > DayPlanner.suspectWindowDays {
                    try withErrorContext(symbol: series.fileName) { try commit(series, day, bytes) }
                    report.note("\(series) \(day): \(open), \(1 + DayPlanner.suspectRefetches) times; cached as it is")
                } else {
                    report.note("\(series) \(day): \(open) (suspicious); not cached, will re-check next run")
                }
                continue
            }
            let final = DayPlanner.judgeEmpty(day: day, today: today, confirmedEmpty: true, schedule: schedules[series.symbol.fileName]) { hasCandles(series, $0) }
            if final == .holiday {
                try withErrorContext(symbol: series.fileName) { try commit(series, day, bytes) }
                report.note("\(series) \(day): empty on \(trades(series)), \(1 + DayPlanner.suspectRefetches) times; cached as a holiday")
            } else {
                report.note("\(series) \(day): empty on \(trades(series)) (suspicious); not cached, will re-check next run")
            }
        }
    }

    /// Why the day was expected to have candles, for the notes.
    func trades(_ series: Series) -> String {
        schedules[series.symbol.fileName] == nil ? "a weekday the symbol trades" : "a day its trading schedule says is open"
    }

    /// True/false when this run or the cache knows whether `day` has candles; nil when unknown.
    func hasCandles(_ series: Series, _ day: CivilDate) -> Bool? {
        if let k = lock.withLock({ known[series.fileName]?[day] }) { return k }
        let path = layout.cachePath(series, day)
        guard FileSystem.exists(path), let bytes = try? FileSystem.readAll(path),
              let payload = try? DayPayload.validate(bytes, dayStartMillis: JettaURL.startMillis(of: day))
        else { return nil }
        lock.withLock { known[series.fileName, default: [:]][day] = !payload.isEmpty }
        return !payload.isEmpty
    }

    /// Growing files of finished days that are now cached (left by an earlier run) are removed.
    func tidyTemp(_ series: Series) throws {
        for day in layout.growingDays(series) where day < today && FileSystem.exists(layout.cachePath(series, day)) {
            try FileSystem.remove(layout.growingPath(series, day))
            try FileSystem.remove(layout.growingPath(series, day, extension: "csv"))
        }
    }
}
