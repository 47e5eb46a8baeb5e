/// ohlcv-aggregate: day CSVs → one 1-minute file per symbol, with its index (behaviour §3.2, §6).
public enum AggregateStage: Stage {
    public static let name = "aggregate"
    public static let usage = """
    Usage: ohlcv-aggregate [options] [FILE...|-]
           ohlcv-aggregate --symbol SYM --output FILE --transform-dir DIR [--temp-dir DIR] [--changed-from LIST]

    Joins day CSVs, in date order, into one 1-minute CSV, checking that times strictly increase across day
    boundaries and that every row is well-formed.

    Filter mode (no --output): concatenates FILEs (or stdin) to stdout, with one header.
    File mode (--output): appends to FILE and keeps FILE's index in index/SYM.idx beside it. The days to
    (re)do are those listed in LIST (paths named SYM_YYYYMMDD.json or .csv, one per line, in any order:
    what make saw change). The file is rewound to the earliest of them (or to the last day it appended,
    whichever is earlier) and every day from there on is appended again from DIR/YYYY/MM/SYM_YYYYMMDD.csv,
    then from --temp-dir's SYM_YYYYMMDD.csv for days not yet final. Without an index, the whole file is built.

    Options:
      --symbol SYM          the symbol (file-name form, e.g. EUR-USD)
      --output FILE         file mode: the aggregate CSV (e.g. data/aggregate/1m/EUR-USD.csv)
      --transform-dir DIR   file mode: root of the day CSV tree (e.g. data/transform/1m)
      --temp-dir DIR        file mode: directory of today's growing day (e.g. data/temp)
      --changed-from LIST   file mode: the changed day files, one path per line ('-' for stdin)
      --decimals N          decimal places of the files (default 8)
      --alignment A         utc, ny-close or a shift in ms: must match how the days were transformed
                            (default utc); recorded in the index and checked on every run
      --help, --version
    """
    public static let valuedOptions: Set<String> = ["symbol", "output", "transform-dir", "temp-dir", "changed-from",
                                                     "decimals", "alignment"]
    public static let flagOptions: Set<String> = []

    public struct Options {
        public var symbol: String?
        public var output: String?
        public var transformDirectory: String?
        public var tempDirectory: String?
        public var changed: [String] = []
        public var decimals = CandleCSVFormat.defaultDecimals
        public var alignment = TimeAlignment.utc
        public var inputs: [String] = []
    }

    public static func options(from raw: RawArguments) throws -> Options {
        var o = Options()
        o.symbol = try raw.value("symbol")
        o.output = try raw.value("output")
        o.transformDirectory = try raw.value("transform-dir")
        o.tempDirectory = try raw.value("temp-dir")
        o.decimals = try raw.int("decimals", default: CandleCSVFormat.defaultDecimals, range: CandleCSVFormat.decimalsRange)
        if let a = try raw.value("alignment") { o.alignment = try TimeAlignment(parsing: a) }
        o.inputs = raw.positionals
        if o.output != nil {
            guard o.symbol != nil, o.transformDirectory != nil else {
                throw OHLCVError(.usage("--output needs --symbol and --transform-dir"))
            }
            if !o.inputs.isEmpty { throw OHLCVError(.usage("file mode takes no FILE arguments; list changed days with --changed-from")) }
            if let list = try raw.value("changed-from") {
                let bytes = try withErrorContext(file: list) { try InputSource.open(list).readToEnd() }
                o.changed = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            }
        } else if o.inputs.isEmpty {
            o.inputs = ["-"]
        }
        return o
    }

    public static func run(_ o: Options) throws {
        if o.output != nil { try update(o) } else { try concatenate(o) }
    }

    /// Filter mode.
    static func concatenate(_ o: Options) throws {
        let out = OutputBuffer(fd: .standardOutput)
        let writer = CandleCSVWriter(out: out, scale: o.decimals)
        try writer.writeHeader()
        var previous: Int64?
        for input in o.inputs {
            try withErrorContext(symbol: o.symbol, file: InputSource.displayName(input)) {
                let fd = try InputSource.open(input)
                defer { if input != "-" { fd.close() } }
                let reader = try CandleCSVReader(fd: fd, scale: o.decimals)
                reader.previousTime = previous
                while let c = try reader.next() { try writer.write(c) }
                previous = reader.previousTime
            }
        }
        try out.flush()
    }

    static func config(_ o: Options) -> String { "stage=aggregate decimals=\(o.decimals) align=\(o.alignment)" }

    /// File mode: rewind to the earliest changed day and append every day from there on.
    static func update(_ o: Options) throws {
        let symbol = o.symbol!, output = o.output!
        let series = try SeriesFile(csv: output, config: config(o), symbol: symbol)
        let changedDates = try o.changed.map { path -> CivilDate in
            guard let day = DayFile(path: path), day.symbol == symbol else {
                throw OHLCVError(.usage("'\(path)' is not a day file of \(symbol) (SYM_YYYYMMDD.csv)"))
            }
            return day.date
        }
        var first: CivilDate?                      // nil: build from the first day there is
        if let index = series.index {
            guard var earliest = changedDates.min() else { return }     // nothing changed
            if let openTime = index.openTime {
                earliest = min(earliest, CivilDate(daysSinceEpoch: openTime / 86_400))
            }
            first = earliest
        }
        let days = dayFiles(o, from: first)

        // Where the rewrite starts, and what the index says while it is under way.
        var offset: Int64 = 0
        var previousTime: Int64?
        var changeFrom = Int64.min / 2
        var pending: StageIndex?
        var next = series.index ?? StageIndex(config: config(o), lineage: IndexStore.newLineage(),
                                              length: 0, openOffset: 0, openTime: nil)
        if let index = series.index, let first {
            let utcMidnight = first.daysSinceEpoch * 86_400
            changeFrom = o.alignment.shift(utcMillis: utcMidnight * 1000) / 1000
            if let openTime = index.openTime, openTime / 86_400 == first.daysSinceEpoch {
                offset = index.openOffset
            } else {
                offset = try withErrorContext(symbol: symbol, file: output) {
                    try CandleCSVSeek.firstRow(atOrAfter: changeFrom, in: series.fd,
                                               lower: CandleCSVFormat.headerLength, upper: index.openOffset)
                }
                var cut = index
                cut.length = offset; cut.openOffset = offset; cut.openTime = utcMidnight
                pending = cut
            }
            if let row = try withErrorContext(symbol: symbol, file: output, {
                try CandleCSVSeek.rowBefore(offset, in: series.fd, lower: CandleCSVFormat.headerLength)
            }) {
                previousTime = row.bytes.withUnsafeBufferPointer { TimestampText.parse($0.baseAddress!) }
            }
        }

        let out = try series.rewind(to: offset, pendingIndex: pending)
        let writer = CandleCSVWriter(out: out, scale: o.decimals)
        var openOffset = out.position
        var openDay: CivilDate? = first
        let progress = Progress(stage: name)
        var rows = 0
        try series.appending(from: offset) { try withErrorContext(symbol: symbol, file: output) {
            for (n, (path, day)) in days.enumerated() {
                openOffset = out.position
                openDay = day
                try withErrorContext(symbol: symbol, file: path) {
                    let fd = try FileDescriptor.open(path, .readOnly)
                    defer { fd.close() }
                    let reader = try CandleCSVReader(fd: fd, scale: o.decimals)
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
        next.length = out.position
        next.openOffset = openOffset
        next.openTime = openDay.map { $0.daysSinceEpoch * 86_400 }
        switch try series.firstChangedTime(newLength: out.position) {
        case .unchanged: break
        case .from(let t): next.recordChange(from: max(t, changeFrom))
        case .unknown: next.recordChange(from: changeFrom)
        }
        try series.commit(out, index: next)
        progress.finish("\(symbol): \(plural(days.count, "day")), \(plural(rows, "row")) written")
    }

    /// The day CSVs to append, in date order: final days from the transform tree, then growing days from the
    /// temp directory whose final version does not exist yet.
    static func dayFiles(_ o: Options, from: CivilDate?) -> [(String, CivilDate)] {
        let symbol = o.symbol!
        var days: [(String, CivilDate)] = DayFile.list(root: o.transformDirectory!.trimmingTrailingSlash, symbol: symbol,
                                                       extension: "csv", from: from)
            .compactMap { path in DayFile(path: path).map { (path, $0.date) } }
        if let temp = o.tempDirectory {
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
