import FoundationEssentials

/// A batch run's empty and short finished days: cached when the schedule says the market was closed, re-fetched
/// when suspicious, kept out of the cache while they are recent and still empty (docs/fetch.md).
extension BatchFetch {
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
}
