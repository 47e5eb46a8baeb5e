/// ohlcv-resample's file mode (behaviour §5, §6): builds every timeframe of a cascade for one symbol, each
/// incrementally from its source's index.
public struct ResampleUpdate {
    /// The symbol, in file-name form (EUR-USD).
    public var symbol: String
    /// The 1-minute CSV, with its index.
    public var input: String
    /// Root of the resampled files: DIR/TF/SYM.csv, indexes in DIR/TF/index/SYM.idx.
    public var outputDirectory: String
    public var plan: CascadePlan
    public var decimals: Int
    public var alignment: TimeAlignment

    /// The CSV of a timeframe: the input for 1 minute.
    public func path(_ tf: Timeframe) -> String {
        tf == Timeframe.oneMinute ? input : "\(outputDirectory.trimmingTrailingSlash)/\(tf)/\(symbol).csv"
    }

    /// The settings recorded in a timeframe's index and checked on every run.
    public func settings(_ step: CascadePlan.Step) -> String {
        "stage=resample tf=\(step.timeframe) source=\(step.source) decimals=\(decimals) align=\(alignment)"
    }

    /// Every step of the cascade, in order. On a terminal: `resample: EUR-USD 1h 45%` while a timeframe is
    /// built, then one summary line.
    public func run() throws {
        let progress = Progress(stage: ResampleStage.name)
        var rows = 0
        for step in plan.steps { rows += try update(step, progress: progress) }
        progress.finish("\(symbol): \(plural(plan.steps.count, "timeframe")), \(plural(rows, "row")) written")
    }

    /// One timeframe, incrementally from its source's index. Returns the rows written (the rewritten open
    /// candle included); progress is the share of the source's new bytes read.
    @discardableResult
    func update(_ step: CascadePlan.Step, progress: Progress) throws -> Int {
        let sourcePath = path(step.source), targetPath = path(step.timeframe)
        let sourceIndexPath = IndexStore.path(forCSV: sourcePath)
        guard let source = try withErrorContext(symbol: symbol, file: sourceIndexPath, { try IndexStore.load(sourceIndexPath) }) else {
            throw OHLCVError(.noInput(path: sourceIndexPath), file: sourceIndexPath)
        }
        let sourceFD = try withErrorContext(symbol: symbol, file: sourcePath) { try FileDescriptor.open(sourcePath, .readOnly) }
        defer { sourceFD.close() }
        let sourceSize = try sourceFD.size()
        if sourceSize < source.length {
            throw OHLCVError(.corruptIndex(.sourceShorter(source: sourcePath, size: sourceSize, recorded: source.length)),
                             file: sourceIndexPath)
        }
        let series = try SeriesFile(csv: targetPath, settings: settings(step), symbol: symbol)
        let tf = step.timeframe
        let fresh = StageIndex(settings: series.settings, lineage: IndexStore.newLineage(), length: 0, openOffset: 0, openTime: nil)
        guard let rewind = RewindPlan.resample(previous: series.index, source: source, timeframe: tf, fresh: fresh) else { return 0 }
        let offset = try withErrorContext(symbol: symbol, file: targetPath) { try CandleCSVSeek.resolve(rewind.output, in: series.fd) }
        let sourceOffset = try withErrorContext(symbol: symbol, file: sourcePath) {
            try CandleCSVSeek.resolve(rewind.source ?? .at(CandleCSVFormat.headerLength), in: sourceFD)
        }

        let out = try series.rewind(to: offset, pendingIndex: rewind.pendingIndex(output: offset, source: sourceOffset))
        let writer = CandleCSVWriter(out: out, scale: decimals)
        var bucketer = CandleBucketer(timeframe: tf, scale: decimals)
        var openOffset = out.position
        var openSourceOffset = sourceOffset
        var openTime = rewind.openTime
        let subject = "\(symbol) \(tf)"
        var rowsRead = 0, rowsWritten = 0
        try series.appending(from: offset) {
            try withErrorContext(symbol: symbol, file: sourcePath) {
                let reader = try CandleCSVReader(fd: sourceFD, scale: decimals, startOffset: sourceOffset, limit: source.length)
                while let row = try reader.next() {
                    let binBefore = bucketer.current?.time
                    if let done = try bucketer.add(row) { try writer.write(done); rowsWritten += 1 }
                    if bucketer.current?.time != binBefore {
                        openSourceOffset = reader.rowOffset     // this row opened a new bin
                        openTime = bucketer.current?.time
                    }
                    rowsRead += 1
                    if rowsRead & 4095 == 0 {
                        progress.update(subject, reader.rowOffset - sourceOffset, of: source.length - sourceOffset)
                    }
                }
            }
            if let open = bucketer.current {
                openOffset = out.position
                try writer.write(open)
                rowsWritten += 1
            }
            try out.flush()
        }
        var next = rewind.next
        next.length = out.position
        next.openOffset = openOffset
        next.openTime = openTime
        next.sourceLineage = source.lineage
        next.sourceLength = source.length
        next.sourceOpenOffset = openSourceOffset
        next.sourceGeneration = source.generation
        try series.commit(out, index: next, changesOf: rewind)
        return rowsWritten
    }
}
