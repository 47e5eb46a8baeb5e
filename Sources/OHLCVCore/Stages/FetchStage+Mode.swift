/// `ohlcv-fetch`'s command line, turned into a `FetchStage.Mode`: which of the modes the options ask for, and the
/// series, days and folders it works on. Every problem is a `usage` error (exit 64) naming the option.
extension FetchStage {
    /// The mode the options select: --instruments, --list-symbols, --list-held / --accept-held, batch mode
    /// (--cache-dir) or filter mode (SYMBOL DATE), in that order of precedence.
    static func mode(_ raw: RawArguments, today: CivilDate, recheckDays: Int) throws -> Mode {
        let accept = try raw.value("accept-held")
        if raw.has("instruments") {
            guard raw.positionals.count <= 1 else { throw OHLCVError(.usage("--instruments takes one QUERY at most (quote words with spaces)")) }
            for other in ["start", "temp-dir", "recheck-days", "held-dir", "list-symbols", "accept-held"] where try raw.value(other) != nil {
                throw OHLCVError(.usage("--\(other) does not go with --instruments"))
            }
            return .instruments(query: raw.positionals.first, cacheDirectory: try raw.value("cache-dir"))
        } else if let list = try raw.value("list-symbols") {
            return .listSymbols(path: list)
        } else if accept != nil || raw.has("list-held") {
            let what = accept != nil ? "--accept-held" : "--list-held"
            if accept != nil && raw.has("list-held") { throw OHLCVError(.usage("--accept-held and --list-held exclude each other")) }
            for other in ["start", "recheck-days"] where try raw.value(other) != nil {
                throw OHLCVError(.usage("--\(other) does not go with \(what)"))
            }
            let layout = try layoutOptions(raw, for: what)
            let series = try seriesList(raw.positionals, sides: try sideOptions(raw))
            if let accept {
                if accept == "all" {
                    return .acceptHeld(series: series, layout: layout, day: nil)
                } else if let day = CivilDate(parsing: accept), accept.count == 10 {
                    return .acceptHeld(series: series, layout: layout, day: day)
                } else {
                    throw OHLCVError(.usage("--accept-held takes a day YYYY-MM-DD or all, not '\(accept)'"))
                }
            } else {
                return .listHeld(series: series, layout: layout)
            }
        } else if try raw.value("cache-dir") != nil {
            let layout = try layoutOptions(raw, for: "batch mode")
            guard let startText = try raw.value("start") else { throw OHLCVError(.usage("batch mode needs --start YYYY-MM-DD")) }
            guard let start = CivilDate(parsing: startText) else { throw OHLCVError(.usage("--start must be YYYY-MM-DD, not '\(startText)'")) }
            if start > today { throw OHLCVError(.usage("--start \(start) is after today (\(today))")) }
            return .batch(series: try seriesList(raw.positionals, sides: try sideOptions(raw)), layout: layout, start: start,
                          recheckDays: recheckDays)
        } else {
            for batchOnly in ["temp-dir", "start", "recheck-days", "held-dir"] where try raw.value(batchOnly) != nil {
                throw OHLCVError(.usage("--\(batchOnly) needs --cache-dir (batch mode)"))
            }
            guard raw.positionals.count == 2 else {
                throw OHLCVError(.usage("expected SYMBOL DATE, or batch mode with --cache-dir (see --help)"))
            }
            let sides = try sideOptions(raw)
            guard raw.values("side").count <= 1 else { throw OHLCVError(.usage("filter mode fetches one side: give --side once")) }
            let series = try seriesList([raw.positionals[0]], sides: sides)[0]
            if !raw.values("side").isEmpty, series.side != sides[0] {
                throw OHLCVError(.usage("--side \(sides[0]) and \(raw.positionals[0]) name different sides: give one"))
            }
            guard let day = CivilDate(parsing: raw.positionals[1]) else {
                throw OHLCVError(.usage("DATE must be YYYY-MM-DD, not '\(raw.positionals[1])'"))
            }
            if day > today { throw OHLCVError(.usage("\(day) is after today (\(today))")) }
            return .filter(series, day)
        }
    }

    /// `--symbol-start SYM=YYYY-MM-DD` (repeatable): instrument code → its first day, not after today.
    static func symbolStarts(_ raw: RawArguments, today: CivilDate) throws -> [String: CivilDate] {
        var symbolStarts: [String: CivilDate] = [:]
        for word in raw.values("symbol-start") {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let symbol = try? Symbol(parsing: parts[0]), let day = CivilDate(parsing: parts[1]), parts[1].count == 10 else {
                throw OHLCVError(.usage("--symbol-start takes SYM=YYYY-MM-DD, not '\(word)'"))
            }
            if day > today { throw OHLCVError(.usage("--symbol-start \(word): the day is after today (\(today))")) }
            symbolStarts[symbol.code] = day
        }
        return symbolStarts
    }

    /// --cache-dir, --temp-dir and the optional --held-dir, which `what` needs.
    static func layoutOptions(_ raw: RawArguments, for what: String) throws -> CacheLayout {
        guard let cache = try raw.value("cache-dir") else { throw OHLCVError(.usage("\(what) needs --cache-dir")) }
        guard let temp = try raw.value("temp-dir") else { throw OHLCVError(.usage("\(what) needs --temp-dir")) }
        return CacheLayout(cacheDirectory: cache, tempDirectory: temp, heldDirectory: try raw.value("held-dir"))
    }

    /// `--side` (repeatable; BID, ASK in any letter case): the sides of plain symbol words. BID when absent.
    static func sideOptions(_ raw: RawArguments) throws -> [Side] {
        let words = raw.values("side")
        if words.isEmpty { return [.bid] }
        return try Side.list(parsing: words)
    }

    /// The series the words name: a word with a side mark (`EUR-USD@ASK`) is that one series, a plain symbol
    /// word one series per side of `sides`. At least one word; no series twice, and one instrument always
    /// under one spelling (`EURUSD` and `EUR-USD@ASK` would name one instrument's files two ways).
    static func seriesList(_ words: [String], sides: [Side]) throws -> [Series] {
        guard !words.isEmpty else { throw OHLCVError(.usage("name at least one SYMBOL")) }
        var list: [Series] = []
        for word in words {
            let named = try Series(parsing: word)
            let wanted = word.contains(Series.sideMark) ? [named] : sides.map { Series(named.symbol, $0) }
            if let other = list.first(where: { $0.symbol.code == named.symbol.code && $0.symbol.fileName != named.symbol.fileName }) {
                throw OHLCVError(.usage("\(word) and \(other.fileName) name the same instrument, \(named.symbol.code): give it once"))
            }
            for series in wanted {
                if let other = list.first(where: { $0 == series }) {
                    throw OHLCVError(.usage("\(word) and \(other.fileName) name the same series, \(series): give it once"))
                }
                list.append(series)
            }
        }
        return list
    }
}
