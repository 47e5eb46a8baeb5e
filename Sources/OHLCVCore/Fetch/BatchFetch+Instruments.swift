import FoundationEssentials

/// Batch mode's check of every symbol against Dukascopy's instrument metadata (`--check-instruments`), before
/// any day is requested: docs/fetch.md "Instruments".
extension BatchFetch {
    /// Reads every symbol's metadata before any day is requested: unknown instruments stop the run (all of
    /// them named, each with its symbols-file line), the others get their first day and trading schedule,
    /// which serve every side of the symbol: one metadata request a symbol, however many of its sides `series` has.
    func applyInstrumentMetadata(_ series: [Series], _ check: FetchStage.InstrumentCheck, _ source: InstrumentSource,
                                 start: CivilDate) throws {
        var symbols: [Symbol] = []
        for s in series where !symbols.contains(where: { $0.code == s.symbol.code }) { symbols.append(s.symbol) }
        var list: SymbolList?
        if let file = check.symbolsFile {
            let text = String(decoding: try withErrorContext(file: file) { try FileSystem.readAll(file) }, as: UTF8.self)
            list = try SymbolList(parsing: text, file: file)
        }
        var unknown: [(symbol: Symbol, line: Int?, why: String)] = []
        for symbol in symbols {
            let metadata = try withErrorContext(symbol: symbol.fileName) { try source.metadata(symbol.code) }
            switch metadata {
            case .unknown(let why):
                unknown.append((symbol, list?.entries.first { $0.symbol.code == symbol.code }?.line, why))
            case .missing(let why):
                ToolMain.printError("fetch: \(symbol): no instrument metadata (\(why)); from --start \(start), empty days judged by weekday\n")
            case let .info(info, _):
                if let schedule = info.schedule { schedules[symbol.fileName] = schedule } else if let problem = info.scheduleProblem {
                    ToolMain.printError("fetch: \(symbol): \(problem) in the instrument metadata; empty days judged by weekday\n")
                }
                guard starts[symbol.fileName] == nil, let first = info.firstDataDay, first > start else { continue }
                starts[symbol.fileName] = first
                if series.contains(where: { $0.symbol.code == symbol.code && !FileSystem.exists(layout.cachePath($0, first)) }) {
                    ToolMain.printError("fetch: \(symbol): its data starts on \(first) (instrument metadata), so the days from \(start) "
                        + "to \(first.adding(days: -1)) are not requested (START_DATE_\(symbol.fileName) overrides)\n")
                }
            }
        }
        guard let first = unknown.first else { return }
        let others = unknown.dropFirst().map { "\($0.symbol)" + ($0.line.map { " (line \($0))" } ?? "") }
        var error = OHLCVError(.http(.unknownInstruments(code: first.symbol.code, why: first.why, others: Array(others))))
        error.symbol = first.symbol.fileName
        if let file = check.symbolsFile, let line = first.line { error.file = file; error.line = line }
        throw error
    }
}
