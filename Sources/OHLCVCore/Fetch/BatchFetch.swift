import FoundationEssentials

/// One batch run: plan every series' days, fetch them with a few worker threads under one rate cap, commit
/// each validated payload atomically, then judge empty days and tidy the temp dir.
public final class BatchFetch: @unchecked Sendable {
    let client: JettaClient
    let urls: JettaURL
    let layout: CacheLayout
    let today: CivilDate
    let concurrency: Int
    let report: FetchReport

    let lock = Lock()
    private var queue: [(Series, DayPlanner.Job)] = []
    /// What this run learnt about each series' days: true = has candles, false = empty.
    var known: [String: [CivilDate: Bool]] = [:]
    var pendingEmpty: [(Series, CivilDate, [UInt8])] = []
    private var heldSeries: [Series] = []
    /// Days that came back with candles but short of what the schedule says (see `DayPlanner.isShort`).
    var pendingShort: Set<String> = []
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
        if let recheckList {
            for series in allSeries {
                queue += (recheckList[series.fileName] ?? []).filter { $0 < today }.map {
                    (series, DayPlanner.Job(day: $0, purpose: FileSystem.exists(layout.cachePath(series, $0)) ? .recheck : .missing))
                }
            }
        } else {
            // The whole range of every series: one listing of the cache answers them all.
            let cached = CachedDays(layout: layout, series: allSeries,
                                    from: allSeries.map { starts[$0.symbol.fileName] ?? start }.min() ?? start,
                                    through: today.adding(days: -1))
            for series in allSeries {
                queue += DayPlanner.plan(start: starts[series.symbol.fileName] ?? start, today: today, recheckDays: recheckDays) {
                    cached.contains(series, $0)
                }.map { (series, $0) }
            }
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
                throw OHLCVError(.http(.tooLateForFinishedDay(code: series.symbol.code, day: day,
                                                               daysAgo: Int(today.daysSinceEpoch - day.daysSinceEpoch - 1), url: url)))
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

    /// Growing files of finished days that are now cached (left by an earlier run) are removed.
    func tidyTemp(_ series: Series) throws {
        for day in layout.growingDays(series) where day < today && FileSystem.exists(layout.cachePath(series, day)) {
            try FileSystem.remove(layout.growingPath(series, day))
            try FileSystem.remove(layout.growingPath(series, day, extension: "csv"))
        }
    }
}
