/// One timeframe being written in a cascade pass (behaviour §5, §6): its file, the bin it is filling, and the
/// levels built from it. Each candle it writes, the open one last, is handed to those levels together with
/// the candle's byte offset in its file, so a level built whole never reads its source back from disk.
final class CascadeLevel {
    let step: CascadePlan.Step
    /// The CSV this level writes (DIR/TF/SYM.csv) and the one it is built from: named in errors.
    let path: String, sourcePath: String
    let series: SeriesFile
    let rewind: RewindPlan
    /// Where this run truncated the file and appends from: a failed run rolls back to it.
    let startOffset: Int64
    let out: OutputBuffer
    let writer: CandleCSVWriter
    var bucketer: CandleBucketer
    /// The levels whose source is this one, and the level this one is built from (nil for the level that
    /// reads its source from disk); linked by the pass.
    var children: [CascadeLevel] = []
    weak var parent: CascadeLevel?
    /// The byte offset of the open candle's row in this file, and of the source row that opened its bin.
    var openOffset: Int64, openSourceOffset: Int64
    /// The open candle's bin start; nil while no candle was written.
    var openTime: Int64?
    /// Rows written by this run, the rewritten open candle included.
    var rowsWritten = 0

    /// `sourceOffset` is where this run starts reading the source (the first row it will be given).
    init(step: CascadePlan.Step, path: String, sourcePath: String, series: SeriesFile, rewind: RewindPlan,
         startOffset: Int64, out: OutputBuffer, sourceOffset: Int64, decimals: Int) {
        self.step = step
        self.path = path
        self.sourcePath = sourcePath
        self.series = series
        self.rewind = rewind
        self.startOffset = startOffset
        self.out = out
        writer = CandleCSVWriter(out: out, scale: decimals)
        bucketer = CandleBucketer(timeframe: step.timeframe, scale: decimals)
        openOffset = out.position
        openSourceOffset = sourceOffset
        openTime = rewind.openTime
    }

    /// One source row, at `sourceOffset` in the source CSV. Rows arrive in time order.
    @inline(__always)
    func add(_ row: Candle, at sourceOffset: Int64) throws {
        let binBefore = bucketer.current?.time
        if let completed = try withErrorContext(file: sourcePath, { try bucketer.add(row) }) { try emit(completed) }
        if bucketer.current?.time != binBefore {
            openSourceOffset = sourceOffset     // this row opened a new bin
            openTime = bucketer.current?.time
        }
    }

    /// The source ended: writes the open candle, then lets the levels built from this one end too.
    func finish() throws {
        if let open = bucketer.current {
            openOffset = out.position
            try emit(open)
        }
        for child in children { try child.finish() }
    }

    func emit(_ candle: Candle) throws {
        let at = out.position
        try writer.write(candle)
        rowsWritten += 1
        for child in children { try child.add(candle, at: at) }
    }

    /// Writes the buffered rows and makes them durable.
    func sync() throws {
        try withErrorContext(file: path) {
            try out.flush()
            try series.fd.sync()
        }
    }

    /// Commits the index: what was written, and how much of the source (whose committed index is `source`)
    /// it consumed.
    func commit(source: StageIndex) throws {
        var next = rewind.next
        next.length = out.position
        next.openOffset = openOffset
        next.openTime = openTime
        next.sourceLineage = source.lineage
        next.sourceLength = source.length
        next.sourceOpenOffset = openSourceOffset
        next.sourceGeneration = source.generation
        try series.commit(out, index: next, changesOf: rewind)
    }
}
