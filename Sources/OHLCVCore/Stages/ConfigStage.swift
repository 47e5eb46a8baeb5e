import FoundationEssentials

/// `ohlcv-config`: checks a run's settings and symbols before any stage starts, and tells make what to run
/// (`RunPlan`); under the run lock, tidies what an interrupted run or a settings change left (`TidyPlan`).
/// make runs it first for every target that writes data; by hand it answers "what would make do?".
public enum ConfigStage: Stage {
    public static let name = "config"

    public static let usage = """
    ohlcv-config \(ToolMain.version): check the settings and symbols of a run, before any stage starts.

    Usage:
      ohlcv-config --symbols-file FILE [--config-file FILE] [--makefile FILE]... [--setting NAME=VALUE]...
                   [--origin NAME=WHERE]...
          Checks every line of FILE (one instrument a line, in any spelling: EUR/USD, EUR-USD, EURUSD; one
          instrument may be listed once), every assignment of the config file (unknown names are errors), and
          every setting given: START_DATE and START_DATE_<SYM>, SIDES and SIDES_<SYM>, TIMEFRAMES and
          TIMEFRAMES_<SYM>, DECIMALS and DECIMALS_<SYM>, TIME_SHIFT_MS, ALIGNMENT_<SYM>, NY_CLOSE_SYMBOLS, RATE,
          LOCK_WAIT, RECHECK_DAYS, PARQUET_TIMEFRAMES, BASE_URL, and the selection SYMBOL / SYMBOLS. Prints the
          run's plan, in make syntax, on stdout. With --check, prints instead what make check-config says: the
          run's symbols (and their series, when one is built on its ASK side).
      ohlcv-config --tidy --data-dir DIR --cache-dir DIR --parquet-dir DIR  (and the options above)
          Run by make under the run lock, before the stages. If the last run did not finish (killed, or failed),
          removes the temporary files it left (*.tmp, stamp/*.started). Then puts away what the settings no
          longer produce: the CSV of a timeframe no longer configured, a Parquet series no longer configured,
          and the files of a symbol no longer listed or of a side no longer in SIDES (moved to DIR/retired/, never
          deleted; the cache is never touched). A Parquet tree written before sides is first moved, by renames,
          to the layout with a side= level. Marks the run as under way in DIR/locks/run.unfinished.
      ohlcv-config --finish --data-dir DIR [--target T --plan FILE [--parquet-dir DIR]]
          Marks the run as finished (removes DIR/locks/run.unfinished). With --target and --plan (the plan this
          run used), first prints the run's one-line summary on stderr, for cron logs: how long it took, which
          symbols it updated and their last 1-minute candle (make parquet: the partition files rewritten).
          fetch and csv print their own summary.

    Options:
      --symbols-file FILE   the list of instruments (make: SYMBOLS_FILE)
      --config-file FILE    the settings file (make: CONFIG_FILE, config.mk); absent is fine
      --makefile FILE       a makefile whose `NAME ?= default` lines name the known settings (repeatable)
      --setting NAME=VALUE  a setting's value as make expanded it (repeatable)
      --origin NAME=WHERE   make's $(origin NAME): file, command line, environment, … (repeatable)
      --command-line NAME   a variable given on make's command line; one that is no setting is an error
                            (a typo such as STARTDATE would otherwise be ignored) (repeatable)
      --plan FILE           with --finish: the plan the run used (its plan.selected are the run's symbols)
      --target T            the make target run (csv: TIMEFRAMES on the command line is refused: make csv
                            selects with EXTRACT_TIMEFRAMES and changes no setting)
      --leftovers-only      with --tidy: only remove what an interrupted run left (make csv, which builds nothing)
      --check               print make check-config's two lines instead of the plan
      --today YYYY-MM-DD    take this as the current UTC day (default: the clock; env OHLCV_TODAY)
      --help, --version

    A per-symbol setting may name the symbol in any spelling (TIMEFRAMES_EURUSD for a listed EUR-USD); one that
    names a symbol not in the list is an error, as is SYMBOL=X for an X not in the list.
    Errors name the setting, its value, and where it was set (config.mk:LINE, or the command line).
    """

    public static let valuedOptions: Set<String> = [
        "symbols-file", "config-file", "makefile", "setting", "origin", "today", "data-dir", "cache-dir", "parquet-dir",
        "command-line", "target", "plan",
    ]
    public static let flagOptions: Set<String> = ["tidy", "finish", "leftovers-only", "check"]

    public enum Mode: Equatable {
        case plan
        case check
        case tidy(data: String, cache: String, parquet: String, leftoversOnly: Bool)
        case finish(data: String, parquet: String?, plan: String?)
    }

    public struct Options {
        public var mode: Mode
        public var symbolsFile: String?
        public var configFile: String?
        public var makefiles: [String]
        public var commandLine: [String]
        public var values: [String: String]
        public var origins: [String: String]
        public var today: CivilDate
        public var target: String?
    }

    public static func options(from raw: RawArguments) throws -> Options {
        func pairs(_ option: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for word in raw.values(option) {
                guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                    throw OHLCVError(.usage("--\(option) takes NAME=VALUE, not '\(word)'"))
                }
                result[String(word[..<eq])] = String(word[word.index(after: eq)...])
            }
            return result
        }
        let today = try raw.today()
        let mode: Mode
        if raw.has("finish") {
            guard let data = try raw.value("data-dir") else { throw OHLCVError(.usage("--finish needs --data-dir")) }
            mode = .finish(data: data, parquet: try raw.value("parquet-dir"), plan: try raw.value("plan"))
        } else if raw.has("tidy") {
            guard let data = try raw.value("data-dir"), let cache = try raw.value("cache-dir"), let parquet = try raw.value("parquet-dir") else {
                throw OHLCVError(.usage("--tidy needs --data-dir, --cache-dir and --parquet-dir"))
            }
            mode = .tidy(data: data, cache: cache, parquet: parquet, leftoversOnly: raw.has("leftovers-only"))
        } else {
            mode = raw.has("check") ? .check : .plan
        }
        if !raw.has("finish"), try raw.value("symbols-file") == nil {
            throw OHLCVError(.usage("name the list of instruments with --symbols-file FILE"))
        }
        if !raw.positionals.isEmpty { throw OHLCVError(.usage("unexpected argument '\(raw.positionals[0])' (see --help)")) }
        return Options(mode: mode, symbolsFile: try raw.value("symbols-file"), configFile: try raw.value("config-file"),
                       makefiles: raw.values("makefile"), commandLine: raw.values("command-line"), values: try pairs("setting"), origins: try pairs("origin"), today: today,
                       target: try raw.value("target"))
    }

    public static func run(_ o: Options) throws {
        if case let .finish(data, parquet, plan) = o.mode {
            if let target = o.target, let plan {
                let text = String(decoding: try FileSystem.readAll(plan), as: UTF8.self)
                // Parquet counts its partitions per symbol; every other target's summary is per series.
                let selected = target == "parquet" ? RunPlan.selectedSymbols(inPlan: text) : RunPlan.selectedSeries(inPlan: text)
                if let summary = RunRecord(data: data, parquet: parquet ?? "\(data)/parquet")
                    .summary(target: target, symbols: selected, now: Int64(Date().timeIntervalSince1970 * 1e9)) {
                    ToolMain.printError(summary.line + "\n")
                }
            }
            try FileSystem.remove(unfinishedMarker(data))
            return
        }
        let settings = try resolve(o)
        switch o.mode {
        case .plan: ToolMain.printOut(RunPlan.render(settings))
        case .check:
            let configFile = o.configFile.flatMap { FileSystem.exists($0) ? $0 : nil }
            ToolMain.printOut(CheckSummary.render(settings, symbolsFile: o.symbolsFile ?? "symbols.txt", configFile: configFile))
        case let .tidy(data, cache, parquet, leftoversOnly):
            try DataTidy(data: data, cache: cache, parquet: parquet, symbolsFile: settings.list.file).run(settings, leftoversOnly: leftoversOnly)
        case .finish: break
        }
    }

    /// Reads the symbols file and the config file and checks every setting.
    static func resolve(_ o: Options) throws -> RunSettings {
        let symbolsPath = o.symbolsFile ?? "symbols.txt"
        guard FileSystem.exists(symbolsPath) else {
            throw OHLCVError(.badSetting(name: "SYMBOLS_FILE", value: symbolsPath,
                                         problem: "no such file; write one instrument a line (e.g. EUR-USD), or point SYMBOLS_FILE at your list"))
        }
        let list = try SymbolList(parsing: String(decoding: try FileSystem.readAll(symbolsPath), as: UTF8.self), file: symbolsPath)
        var known = Set<String>()
        for makefile in o.makefiles {
            known.formUnion(MakeSettingsFile.definedSettings(inMakefile: String(decoding: try FileSystem.readAll(makefile), as: UTF8.self)))
        }
        if !o.makefiles.isEmpty { try MakeSettingsFile.checkCommandLine(o.commandLine, known: known) }
        var configFile: MakeSettingsFile?
        if let path = o.configFile, FileSystem.exists(path) {
            let file = try MakeSettingsFile(parsing: String(decoding: try FileSystem.readAll(path), as: UTF8.self), path: path)
            if !o.makefiles.isEmpty { try file.checkNames(known: known) }
            configFile = file
        }
        var resolver = SettingsResolver(values: o.values, origins: o.origins, configFile: configFile, list: list, today: o.today)
        resolver.target = o.target
        // `make csv TIMEFRAMES=1h` reads as "extract 1h", but TIMEFRAMES is the configured list: say which to use,
        // with or without EXTRACT_TIMEFRAMES (both at once would leave the reader guessing which one selects).
        if o.target == "csv", o.origins["TIMEFRAMES"] == "command line" {
            throw resolver.bad("TIMEFRAMES", "make csv builds nothing and selects timeframes with EXTRACT_TIMEFRAMES=…; "
                               + "TIMEFRAMES is the list the pipeline builds, which an extract does not change")
        }
        return try resolver.resolve()
    }

    static func unfinishedMarker(_ data: String) -> String { "\(data)/locks/run.unfinished" }
}
