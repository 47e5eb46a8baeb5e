/// ohlcv-aggregate's file mode (behaviour §3.2, §6): rewinds one symbol's 1-minute CSV to the earliest changed
/// day (or the open day, whichever is earlier) and appends every day file from there on, keeping the index.
public struct AggregateUpdate {
    /// The symbol, in file-name form (EUR-USD).
    public var symbol: String
    /// The aggregate CSV; its index is index/SYM.idx beside it.
    public var output: String
    /// Root of the final day CSVs (DIR/YYYY/MM/SYM_YYYYMMDD.csv).
    public var transformDirectory: String
    /// Today's growing day CSVs, used for days not yet final.
    public var tempDirectory: String?
    /// Paths of the day files make saw change (SYM_YYYYMMDD.json or .csv), in any order.
    public var changed: [String]
    public var decimals: Int
    public var alignment: TimeAlignment

    /// The settings recorded in the index and checked on every run.
    public var settings: String { "stage=aggregate decimals=\(decimals) align=\(alignment)" }

    public func run() throws {
        let series = try SeriesFile(csv: output, settings: settings, symbol: symbol)
        let changedDays = try changed.map { path -> CivilDate in
            guard let day = DayFile(path: path), day.symbol == symbol else {
                throw OHLCVError(.usage("'\(path)' is not a day file of \(symbol) (SYM_YYYYMMDD.csv)"))
            }
            return day.date
        }
        let fresh = StageIndex(settings: settings, lineage: IndexStore.newLineage(), length: 0, openOffset: 0, openTime: nil)
        guard let plan = RewindPlan.aggregate(previous: series.index, changedDays: changedDays, alignment: alignment,
                                              fresh: fresh) else { return }
        let days = dayFiles(from: plan.firstDay)

        let offset = try withErrorContext(symbol: symbol, file: output) { try CandleCSVSeek.resolve(plan.output, in: series.fd) }
        // Times must keep increasing across the cut: the first appended row is checked against the row before it.
        var previousTime: Int64?
        if plan.kind != .build, let row = try withErrorContext(symbol: symbol, file: output, {
            try CandleCSVSeek.rowBefore(offset, in: series.fd, lower: CandleCSVFormat.headerLength)
        }) {
            previousTime = row.bytes.withUnsafeBufferPointer { TimestampText.parse($0.baseAddress!) }
        }

        let out = try series.rewind(to: offset, pendingIndex: plan.pendingIndex(output: offset, source: nil))
        let writer = CandleCSVWriter(out: out, scale: decimals)
        var openOffset = out.position
        var openDay = plan.firstDay
        let progress = Progress(stage: AggregateStage.name)
        var rows = 0
        try series.appending(from: offset) { try withErrorContext(symbol: symbol, file: output) {
            for (n, (path, day)) in days.enumerated() {
                openOffset = out.position
                openDay = day
                try withErrorContext(symbol: symbol, file: path) {
                    let fd = try FileDescriptor.open(path, .readOnly)
                    defer { fd.close() }
                    let reader = try CandleCSVReader(fd: fd, scale: decimals)
                    reader.previousTime = previousTime
                    while let c = try reader.next() {
                        // Rows checked by the reader and already in canonical form are copied as they are.
                        if reader.rowIsCanonical { try out.writeLine(reader.rowBytes) } else { try writer.write(c) }
                        rows += 1
                    }
                    previousTime = reader.previousTime
                }
                progress.update(symbol, Int64(n + 1), of: Int64(days.count))
            }
            try out.flush()
        } }
        var next = plan.next
        next.length = out.position
        next.openOffset = openOffset
        next.openTime = openDay.map { $0.daysSinceEpoch * 86_400 }
        try series.commit(out, index: next, changesOf: plan)
        progress.finish("\(symbol): \(plural(days.count, "day")), \(plural(rows, "row")) written")
    }

    /// The day CSVs to append, in date order, from `from` on (every day for nil): final days from the
    /// transform tree, then growing days from the temp directory whose final version does not exist yet.
    public func dayFiles(from: CivilDate?) -> [(String, CivilDate)] {
        var days: [(String, CivilDate)] = DayFile.list(root: transformDirectory.trimmingTrailingSlash, symbol: symbol,
                                                       extension: "csv", from: from)
            .compactMap { path in DayFile(path: path).map { (path, $0.date) } }
        if let temp = tempDirectory {
            let final = Set(days.map(\.1))
            for name in FileSystem.listDirectory(temp) where name.hasSuffix(".csv") {
                guard let day = DayFile(path: name), day.symbol == symbol, !final.contains(day.date) else { continue }
                if let from, day.date < from { continue }
                days.append(("\(temp.trimmingTrailingSlash)/\(name)", day.date))
            }
            days.sort { $0.1 < $1.1 }
        }
        return days
    }
}
