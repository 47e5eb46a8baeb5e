import OHLCVCore
import OHLCVParquet

/// `ohlcv-parquet --hive-root`: one series' year partitions, rewriting only the years whose source rows
/// changed since the last run (`HiveSeriesState`), and removing the years that no longer exist.
enum HiveSeriesWriter {
    static func settings(decimals: Int, writer: ParquetWriterOptions) -> String {
        "decimals=\(decimals),compression=\(writer.compression.rawValue),row-group-rows=\(writer.rowGroupRows)"
            + (writer.rowGroupBytes == .max ? "" : ",row-group-bytes=\(writer.rowGroupBytes)")
            + ",page-rows=\(writer.pageRows),writer=\(ToolMain.version)"
    }

    struct YearRange {
        var year: Int
        var start: Int64
        var end: Int64
    }

    /// Writes the partitions of `hive`'s series from its CSV file `input`; `verbose` reports them on stderr.
    static func write(_ hive: ParquetStage.Hive, input: String, verbose: Bool, decimals: Int,
                      writer: ParquetWriterOptions) throws {
        try withErrorContext(symbol: hive.seriesName) { try ParquetLayout.prepareForWriting(root: hive.root) }
        let series = ParquetLayout.seriesDirectory(root: hive.root, timeframe: hive.timeframe, symbol: hive.symbol,
                                                   side: hive.side)
        let statePath = series + "/" + HiveSeriesState.fileName
        let settings = HiveSeriesWriter.settings(decimals: decimals, writer: writer)
        var previous: HiveSeriesState?
        if FileSystem.exists(statePath) {
            let text = String(decoding: try FileSystem.readAll(statePath), as: UTF8.self)
            do {
                previous = try HiveSeriesState(parsing: text)
            } catch let problem as PartitionStateProblem {
                throw OHLCVError(.corruptIndex(.partitionState(problem)), file: statePath)
            }
            if previous?.settings != settings { previous = nil }        // other settings: rewrite every year
        }
        // Temp files are the remains of a killed run: never read, only removed.
        try AtomicFile.removeStaleTemporary(for: statePath)
        for name in FileSystem.listDirectory(series) where name.hasPrefix("year=") {
            if let year = Int(name.dropFirst(5)) {
                try AtomicFile.removeStaleTemporary(for: ParquetLayout.partitionFile(seriesDirectory: series, year: year))
            }
        }
        let fd = try FileDescriptor.open(input, .readOnly)
        defer { fd.close() }
        var partitions: [HiveSeriesState.Partition] = []
        var rewritten = 0
        var rowsWritten: Int64 = 0
        try withErrorContext(symbol: hive.seriesName, file: input) {
            let size = try fd.size()
            try CandleCSVSeek.checkHeader(fd, size: size, scale: decimals)
            for r in try yearRanges(fd, size: size) {
                let hash = try hashRange(fd, r)
                let file = ParquetLayout.partitionFile(seriesDirectory: series, year: r.year)
                if let p = previous?.partition(year: r.year), p.byteStart == r.start, p.byteEnd == r.end,
                   p.hash == hash, FileSystem.fileSize(file) == p.fileBytes {
                    partitions.append(p)
                    continue
                }
                let bounds = yearStart(r.year)..<yearStart(r.year + 1)
                var rows: Int64 = 0
                try AtomicFile.removeStaleTemporary(for: file)
                try AtomicFile.replace(file) { out in
                    rows = try CSVToParquet.convertFile(input, bytes: r.start..<r.end, range: bounds, strict: true,
                                           scale: decimals, options: writer, to: out)
                }
                partitions.append(.init(year: r.year, byteStart: r.start, byteEnd: r.end, rows: rows, hash: hash,
                                        fileBytes: FileSystem.fileSize(file) ?? 0))
                rewritten += 1
                rowsWritten += rows
            }
        }
        let years = Set(partitions.map(\.year))
        for name in FileSystem.listDirectory(series) where name.hasPrefix("year=") {
            if let year = Int(name.dropFirst(5)), !years.contains(year) {
                try FileSystem.remove(ParquetLayout.partitionFile(seriesDirectory: series, year: year))
            }
        }
        let state = HiveSeriesState(settings: settings, partitions: partitions)
        if state != previous {
            try FileSystem.makeDirectories(series)
            try AtomicFile.replace(statePath, with: Array(state.text.utf8))
        }
        // make parquet runs one process per series and ends with one summary line of its own (ohlcv-config
        // --finish): a line per series only for a person watching, and only where something was rewritten.
        if verbose || (rewritten > 0 && Terminal.isInteractive) {
            ToolMain.printError("parquet: \(hive.seriesName) \(hive.timeframe): \(rewritten) of \(partitions.count) year partitions rewritten (\(rowsWritten) rows)\n")
        }
    }

    static func yearStart(_ year: Int) -> Int64 {
        CivilDate(year: year, month: 1, day: 1).daysSinceEpoch * 86_400
    }

    /// Byte ranges of each year's rows, found by binary search; years without rows are left out.
    static func yearRanges(_ fd: FileDescriptor, size: Int64) throws -> [YearRange] {
        let lower = CandleCSVFormat.headerLength
        guard size > lower else { return [] }
        var stamp = [UInt8](repeating: 0, count: TimestampText.length)
        let n = try stamp.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: lower) }
        guard n == stamp.count, let first = stamp.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }),
              let last = try CandleCSVSeek.rowBefore(size, in: fd, lower: lower),
              last.bytes.count >= TimestampText.length,
              let lastTime = last.bytes.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }) else {
            throw OHLCVError(.badCSV(.firstOrLastRowWithoutTimestamp))
        }
        let firstYear = CivilDate(daysSinceEpoch: floorDays(first)).year
        let lastYear = CivilDate(daysSinceEpoch: floorDays(lastTime)).year
        guard firstYear <= lastYear else {
            throw OHLCVError(.badCSV(.lastRowBeforeFirst(first: first, last: lastTime)))
        }
        var ranges: [YearRange] = []
        var start = lower
        for year in firstYear...lastYear {
            let end = year == lastYear ? size
                : try CandleCSVSeek.firstRow(atOrAfter: yearStart(year + 1), in: fd, lower: start, upper: size)
            if end > start { ranges.append(YearRange(year: year, start: start, end: end)) }
            start = end
        }
        return ranges
    }

    static func floorDays(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    static func hashRange(_ fd: FileDescriptor, _ r: YearRange) throws -> UInt64 {
        var hash = ContentHash()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at = r.start
        while at < r.end {
            let want = Int(min(Int64(chunk.count), r.end - at))
            let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: want, at: at) }
            if n <= 0 { throw OHLCVError(.badCSV(.fileShrank), byteOffset: at) }
            chunk.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            at += Int64(n)
        }
        return hash.value
    }
}
