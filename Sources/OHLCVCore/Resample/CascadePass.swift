/// One read of a source CSV that builds a timeframe of the cascade and, when that timeframe is built whole,
/// every timeframe below it in the same pass (behaviour §5, §6).
///
/// A rebuilt file gets a new lineage, so every level built from it is rebuilt whole too (`RewindPlan.resample`
/// finds the lineage changed): those levels are fed the candles in memory instead of reading them back from
/// disk. An incremental run (reopen or cut) has one level per pass: its rewind plan needs the committed index
/// of its source, which exists only once the source's own pass has committed.
///
/// Commit order keeps the crash contract of the level-by-level build: every level's CSV is fsynced before the
/// first index of the pass is written, and indexes are committed in build order, each after its source's, so
/// that a crash leaves every level either committed or rebuilt whole by the next run. A failure before a
/// level's commit puts its file back (`SeriesFile.rollBack`).
struct CascadePass {
    /// In build order: the level read from disk first, each later one after its source.
    let levels: [CascadeLevel]
    /// The committed index of the first level's source, and the read it starts with.
    let source: StageIndex
    let sourceFD: FileDescriptor
    let sourceOffset: Int64

    /// Opens the pass that starts at `step`, whose source is on disk and committed; nil when `step` has
    /// nothing to do. `update` supplies paths and settings; `later` are the steps after `step`, in order.
    static func open(_ step: CascadePlan.Step, later: ArraySlice<CascadePlan.Step>, update: ResampleUpdate) throws -> CascadePass? {
        let symbol = update.symbol
        let sourcePath = update.path(step.source), targetPath = update.path(step.timeframe)
        let sourceIndexPath = IndexStore.path(forCSV: sourcePath)
        guard let source = try withErrorContext(symbol: symbol, file: sourceIndexPath, { try IndexStore.load(sourceIndexPath) }) else {
            throw OHLCVError(.noInput(path: sourceIndexPath), file: sourceIndexPath)
        }
        let sourceFD = try withErrorContext(symbol: symbol, file: sourcePath) { try FileDescriptor.open(sourcePath, .readOnly) }
        var keepOpen = false
        defer { if !keepOpen { sourceFD.close() } }
        let sourceSize = try sourceFD.size()
        if sourceSize < source.length {
            throw OHLCVError(.corruptIndex(.sourceShorter(source: sourcePath, size: sourceSize, recorded: source.length)),
                             file: sourceIndexPath)
        }
        let series = try SeriesFile(csv: targetPath, settings: update.settings(step), symbol: symbol)
        guard let rewind = RewindPlan.resample(previous: series.index, source: source, timeframe: step.timeframe,
                                               fresh: update.freshIndex(series)) else { return nil }

        // The levels built whole from this one, found (and their indexes checked) before any file is touched.
        var below: [(CascadePlan.Step, SeriesFile, RewindPlan)] = []
        if rewind.kind == .build {
            var nextIndex = [step.timeframe: rewind.next]
            for s in later {
                guard let sourceNext = nextIndex[s.source] else { continue }
                let file = try SeriesFile(csv: update.path(s.timeframe), settings: update.settings(s), symbol: symbol)
                // The source's new lineage makes this a build; the plan says so rather than this code.
                guard let plan = RewindPlan.resample(previous: file.index, source: sourceNext, timeframe: s.timeframe,
                                                     fresh: update.freshIndex(file)), plan.kind == .build else {
                    preconditionFailure("a level built from a rebuilt source must be rebuilt whole")
                }
                nextIndex[s.timeframe] = plan.next
                below.append((s, file, plan))
            }
        }

        let offset = try withErrorContext(symbol: symbol, file: targetPath) { try CandleCSVSeek.resolve(rewind.output, in: series.fd) }
        let sourceOffset = try withErrorContext(symbol: symbol, file: sourcePath) {
            try CandleCSVSeek.resolve(rewind.source ?? .at(CandleCSVFormat.headerLength), in: sourceFD)
        }
        let first = CascadeLevel(step: step, path: targetPath, sourcePath: sourcePath, series: series, rewind: rewind,
                                 startOffset: offset,
                                 out: try series.rewind(to: offset, pendingIndex: rewind.pendingIndex(output: offset, source: sourceOffset)),
                                 sourceOffset: sourceOffset, decimals: update.decimals)
        var levels = [first]
        for (s, file, plan) in below {
            let level = CascadeLevel(step: s, path: update.path(s.timeframe), sourcePath: update.path(s.source), series: file,
                                     rewind: plan, startOffset: 0, out: try file.rewind(to: 0, pendingIndex: nil),
                                     sourceOffset: CandleCSVFormat.headerLength, decimals: update.decimals)
            let parent = levels.first { $0.step.timeframe == s.source }!
            parent.children.append(level)
            level.parent = parent
            levels.append(level)
        }
        keepOpen = true
        return CascadePass(levels: levels, source: source, sourceFD: sourceFD, sourceOffset: sourceOffset)
    }

    /// Reads the source from `sourceOffset` to its committed length, writes and commits every level.
    /// Returns the rows written. Progress is the share of the source's new bytes read.
    func run(symbol: String, progress: Progress) throws -> Int {
        defer { sourceFD.close() }
        let first = levels[0]
        let subject = "\(symbol) \(first.step.timeframe)" + (levels.count > 1 ? "…\(levels.last!.step.timeframe)" : "")
        var committed = 0
        do {
            try withErrorContext(symbol: symbol, file: first.sourcePath) {
                let reader = try CandleCSVReader(fd: sourceFD, scale: first.writer.scale, startOffset: sourceOffset, limit: source.length)
                var rowsRead = 0
                while let row = try reader.next() {
                    try first.add(row, at: reader.rowOffset)
                    rowsRead += 1
                    if rowsRead & 4095 == 0 {
                        progress.update(subject, reader.rowOffset - sourceOffset, of: source.length - sourceOffset)
                    }
                }
            }
            try withErrorContext(symbol: symbol) {
                try first.finish()
                // Every level's rows are durable before the first index names any of them.
                for level in levels { try level.sync() }
                for level in levels {
                    // A level's source commits before it (build order), so its index is the one just written.
                    try level.commit(source: level.parent.map { $0.series.index! } ?? source)
                    committed += 1
                }
            }
        } catch {
            for level in levels[committed...] { level.series.rollBack(to: level.startOffset) }
            throw error
        }
        return levels.reduce(0) { $0 + $1.rowsWritten }
    }
}
