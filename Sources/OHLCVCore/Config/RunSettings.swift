/// Every setting of one make run, checked and resolved per symbol, before any stage starts.
///
/// make hands over each setting's value as it expanded it, and make's word for where it came from
/// (`$(origin NAME)`: "file", "command line", "environment", …). A value from a file is blamed on the line of
/// config.mk that assigns it; a value from elsewhere says so. Every problem is a `.badSetting` (exit 78) that
/// names the setting, its value and where it was set.
public struct RunSettings: Equatable {
    /// What the stages of one symbol are run with.
    public struct SymbolSettings: Equatable {
        public var symbol: Symbol
        /// In the order configured; 1m is never among them (it is the aggregate).
        public var timeframes: [Timeframe]
        public var decimals: Int
        /// `--alignment` for the tools: `utc`, `ny-close` or a shift in milliseconds.
        public var alignment: String
        /// Series that `make parquet` writes: 1m and `timeframes`, or PARQUET_TIMEFRAMES.
        public var parquetTimeframes: [Timeframe]
        /// START_DATE_<SYM>: its first day, used as it is (nil: START_DATE, or later where its data starts).
        public var start: CivilDate? = nil
        /// SIDES_<SYM>, else SIDES: the sides built, each a series of its own; BID first.
        public var sides: [Side] = [.bid]

        /// Its series, one per side, in side order (`EUR-USD`, `EUR-USD@ASK`).
        public var series: [Series] { sides.map { Series(symbol, $0) } }
    }

    public var list: SymbolList
    /// The symbols this run works on: the whole list, or those `SYMBOL=` selects.
    public var selected: [Symbol]
    public var symbols: [SymbolSettings]
    /// What `make csv` extracts: (symbol, timeframe) in symbol then timeframe order, for the selected symbols.
    /// Only configured timeframes: any other would be a file that no run keeps current.
    public var extract: [(symbol: Symbol, timeframe: Timeframe)] = []
    /// EXTRACT_SIDE, checked: the side a csv or mt4 extract reads.
    public var extractSide: Side = .bid

    public static func == (a: RunSettings, b: RunSettings) -> Bool {
        a.list == b.list && a.selected == b.selected && a.symbols == b.symbols && a.extractSide == b.extractSide
            && a.extract.map { "\($0.symbol)@\($0.timeframe)" } == b.extract.map { "\($0.symbol)@\($0.timeframe)" }
    }

    public func settings(of symbol: Symbol) -> SymbolSettings? { symbols.first { $0.symbol == symbol } }

    /// The series this run builds: each selected symbol's sides, in list order.
    public var selectedSeries: [Series] { selected.flatMap { settings(of: $0)?.series ?? [] } }
}

/// Where the values of a run come from; `resolve` checks them all.
public struct SettingsResolver {
    /// Setting name → value as make expanded it.
    public var values: [String: String]
    /// Setting name → make's `$(origin NAME)`.
    public var origins: [String: String]
    public var configFile: MakeSettingsFile?
    public var list: SymbolList
    public var today: CivilDate
    /// The make target being planned (`--target`), nil for check-config, --tidy and by-hand plans. The sides
    /// an extract reads are checked only for `csv`: a FORMAT or EXTRACT_SIDE left in config.mk must not stop the
    /// pipeline of a symbol that builds other sides.
    public var target: String? = nil

    public init(values: [String: String], origins: [String: String], configFile: MakeSettingsFile?, list: SymbolList, today: CivilDate) {
        self.values = values
        self.origins = origins
        self.configFile = configFile
        self.list = list
        self.today = today
    }

    /// The error for a bad value of `name`, located where the value was set.
    public func bad(_ name: String, _ problem: String) -> OHLCVError {
        let value = values[name] ?? ""
        let origin = origins[name] ?? "file"
        if origin == "file" || origin == "override", let file = configFile, let line = file.line(of: name) {
            return OHLCVError(.badSetting(name: name, value: value, problem: problem), file: file.path, line: line)
        }
        let place: String
        switch origin {
        case "command line": place = "the command line"
        case "environment", "environment override": place = "the environment"
        case "file", "override", "default": place = "the Makefile's default"
        default: place = origin
        }
        return OHLCVError(.badSetting(name: name, value: value, problem: problem, origin: place))
    }

    func words(_ name: String) -> [String] {
        (values[name] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// Checks every setting; the first problem found is thrown (see `bad`).
    public func resolve() throws -> RunSettings {
        guard !list.entries.isEmpty else {
            throw OHLCVError(.badSetting(name: "SYMBOLS_FILE", value: list.file,
                                         problem: "it lists no instrument; write one a line, e.g. EUR-USD"))
        }
        try checkGlobals()

        // Per-symbol settings, whatever spelling their names use, keyed by the listed symbol's file name.
        var perSymbol: [String: [String: String]] = [:]      // kind → file name → setting name
        for name in values.keys.sorted() {
            guard let setting = PerSymbolSetting(name: name) else { continue }
            guard let symbol = list.listed(setting.spelling) else {
                throw bad(name, "\(setting.spelling) is not in \(list.file) (listed: \(list.symbols.map(\.fileName).joined(separator: " "))); "
                          + "add the symbol there or remove the setting")
            }
            if let other = perSymbol[setting.kind]?[symbol.fileName] {
                throw bad(name, "\(other) already sets \(setting.kind) for \(symbol.fileName); keep one of the two")
            }
            perSymbol[setting.kind, default: [:]][symbol.fileName] = name
        }
        var nyClose = Set<String>()
        for word in words("NY_CLOSE_SYMBOLS") {
            guard let symbol = list.listed(word) else {
                throw bad("NY_CLOSE_SYMBOLS", "\(word) is not in \(list.file); list only symbols of the list")
            }
            nyClose.insert(symbol.fileName)
        }

        // SYMBOLS is SYMBOL's synonym; both at once would leave a reader guessing which one the run used.
        if !words("SYMBOL").isEmpty && !words("SYMBOLS").isEmpty {
            throw bad("SYMBOLS", "SYMBOL='\(values["SYMBOL"] ?? "")' is also given, and SYMBOLS is its synonym; give only one of the two")
        }
        let selected = try select("SYMBOL") ?? select("SYMBOLS") ?? list.symbols

        var symbols: [RunSettings.SymbolSettings] = []
        var allTimeframes: [(timeframe: Timeframe, setting: String)] = []
        for symbol in list.symbols {
            let tfName = perSymbol["TIMEFRAMES"]?[symbol.fileName] ?? "TIMEFRAMES"
            let timeframes = try timeframes(tfName)
            allTimeframes += timeframes.map { ($0, tfName) }
            let decName = perSymbol["DECIMALS"]?[symbol.fileName] ?? "DECIMALS"
            let decimals = try decimals(decName)
            var alignment = values["TIME_SHIFT_MS"] ?? "0"
            if nyClose.contains(symbol.fileName) { alignment = "ny-close" }
            if let name = perSymbol["ALIGNMENT"]?[symbol.fileName] {
                alignment = values[name] ?? ""
                do { _ = try TimeAlignment(parsing: alignment) } catch let e as OHLCVError { throw bad(name, e.message) }
            }
            let parquet = try subset("PARQUET_TIMEFRAMES", of: timeframes) { word in
                "\(word) is not a timeframe of \(symbol.fileName) (\(tfName) = \(values[tfName] ?? ""))"
            } ?? [Timeframe.oneMinute] + timeframes
            var settings = RunSettings.SymbolSettings(symbol: symbol, timeframes: timeframes, decimals: decimals,
                                                      alignment: alignment, parquetTimeframes: parquet)
            if let name = perSymbol["START_DATE"]?[symbol.fileName] {
                settings.start = try startDate(name)
            }
            settings.sides = try sides(perSymbol["SIDES"]?[symbol.fileName] ?? "SIDES")
            symbols.append(settings)
        }
        try checkCaseCollisions(allTimeframes)
        var run = RunSettings(list: list, selected: selected, symbols: symbols)
        run.extract = try extractSeries(run, sidesSettings: perSymbol["SIDES"] ?? [:])
        run.extractSide = try extractSide()
        return run
    }

    /// What make csv extracts. `sidesSettings` names the SIDES_<SYM> setting of each symbol that has one: for
    /// make csv, the sides the extract reads (EXTRACT_SIDE, or both for FORMAT=bidask) must be built for every selected
    /// symbol, and the refusal names the setting to change.
    func extractSeries(_ run: RunSettings, sidesSettings: [String: String]) throws -> [(symbol: Symbol, timeframe: Timeframe)] {
        var series: [(symbol: Symbol, timeframe: Timeframe)] = []
        let format = values["FORMAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "csv"
        let side = try extractSide()
        let needed: [Side] = format == "bidask" ? [.bid, .ask] : [side]
        for symbol in run.selected {
            guard let s = run.settings(of: symbol) else { continue }
            if target == "csv", let missing = needed.first(where: { !s.sides.contains($0) }) {
                let setting = sidesSettings[symbol.fileName] ?? "SIDES"
                let what = format == "bidask" ? "FORMAT=bidask joins the BID and ASK series" : "EXTRACT_SIDE=\(side.rawValue) extracts the \(side.rawValue) series"
                throw bad(format == "bidask" ? "FORMAT" : "EXTRACT_SIDE",
                          "\(what), but \(symbol.fileName) has no \(missing.rawValue) series (\(setting) = "
                          + "\(s.sides.map(\.rawValue).joined(separator: " "))): add \(missing.rawValue) to \(setting) and run make, "
                          + "or leave \(symbol.fileName) out with SYMBOL=…"
                          + (format == "bidask" ? "" : ", or extract its \(s.sides[0].rawValue) side with EXTRACT_SIDE=\(s.sides[0].rawValue)"))
            }
            let timeframes = try subset("EXTRACT_TIMEFRAMES", of: s.timeframes) { word in
                "\(word) is not a configured timeframe of \(symbol.fileName) "
                    + "(its timeframes: 1m \(s.timeframes.map(\.description).joined(separator: " "))), so no run keeps its file current"
            } ?? s.parquetTimeframes
            for tf in timeframes { series.append((symbol, tf)) }
        }
        return series
    }

    /// The listed symbols a selection setting (`SYMBOL`, `SYMBOLS`) names, or nil when it is
    /// empty; an error is located where the setting was set.
    func select(_ name: String) throws -> [Symbol]? {
        guard !words(name).isEmpty else { return nil }
        do { return try list.select(words(name), setting: name) } catch let error as OHLCVError {
            if case let .badSetting(_, _, problem, _) = error.kind { throw bad(name, problem) }
            throw error
        }
    }

    /// The timeframes a setting (`PARQUET_TIMEFRAMES`, `EXTRACT_TIMEFRAMES`) lists, each once, or nil when it is
    /// empty. Each must be 1m or one of `configured`; `notConfigured` words the error for one that is not.
    func subset(_ name: String, of configured: [Timeframe], notConfigured: (String) -> String) throws -> [Timeframe]? {
        guard !words(name).isEmpty else { return nil }
        var result: [Timeframe] = []
        for word in words(name) {
            let tf: Timeframe
            do { tf = try Timeframe(parsing: word) } catch let e as OHLCVError { throw bad(name, e.message) }
            guard tf == .oneMinute || configured.contains(tf) else { throw bad(name, notConfigured(word)) }
            if !result.contains(tf) { result.append(tf) }
        }
        return result
    }

    /// START_DATE or a START_DATE_<SYM>: a day, not after today.
    @discardableResult
    func startDate(_ name: String) throws -> CivilDate? {
        guard let text = values[name] else { return nil }
        guard let date = CivilDate(parsing: text) else { throw bad(name, "expected a date YYYY-MM-DD, e.g. 2015-01-01") }
        if date > today { throw bad(name, "it is after today (\(today))") }
        return date
    }

    func checkGlobals() throws {
        try startDate("START_DATE")
        if let text = values["RATE"] {
            guard let rate = Double(text), rate.isFinite, rate > 0, rate <= 1000 else {
                throw bad("RATE", "expected requests per second, a number above 0 and at most 1000 (default 5)")
            }
        }
        try wholeNumber("LOCK_WAIT", 0...86_400, "seconds a second run waits for the lock")
        try wholeNumber("RECHECK_DAYS", 0...3660, "days that make rebuild-weekly re-checks")
        if let text = values["TIME_SHIFT_MS"] {
            guard Int64(text) != nil, (try? TimeAlignment(parsing: text)) != nil else {
                throw bad("TIME_SHIFT_MS", "expected whole seconds in milliseconds below a day, e.g. 7200000 for GMT+2")
            }
        }
        if let text = values["BASE_URL"], !(text.hasPrefix("http://") || text.hasPrefix("https://")) {
            throw bad("BASE_URL", "expected an http:// or https:// address")
        }
        _ = try decimals("DECIMALS")
        _ = try timeframes("TIMEFRAMES")
        _ = try sides("SIDES")
        try oneOf("PARQUET_COMPRESSION", ["snappy", "none"])
        try oneOf("FORMAT", ["csv", "mt4", "bidask"])
        if try extractSide() == .ask && values["FORMAT"] == "bidask" {
            throw bad("EXTRACT_SIDE", "FORMAT=bidask writes both sides in every row; EXTRACT_SIDE chooses the side of a csv or mt4 extract")
        }
        try oneOf("SKIP_OPEN", ["0", "1"])
        try oneOf("MT4_TIME", MT4TimeStyle.allCases.map(\.rawValue))
        var bounds: [String: Int64] = [:]
        for name in ["AFTER", "UNTIL"] {
            guard let text = values[name], !text.isEmpty else { continue }
            guard let t = TimestampText.parseRangeBound(text) else { throw bad(name, "expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS'") }
            bounds[name] = t
        }
        var days: [String: CivilDate] = [:]
        for name in ["FROM", "TO"] {
            guard let text = values[name], !text.isEmpty else { continue }
            guard text.count == 10, let d = CivilDate(parsing: text) else { throw bad(name, "expected a UTC day YYYY-MM-DD (make verify)") }
            days[name] = d
        }
        if let from = days["FROM"], let to = days["TO"], to < from {
            throw bad("TO", "it is before FROM (\(from)): make verify compares the days FROM to TO, both included")
        }
        try oneOf("REPAIR", ["0", "1"])
        if let after = bounds["AFTER"], let until = bounds["UNTIL"], until <= after {
            throw bad("UNTIL", "it must be later than AFTER (\(values["AFTER"]!)): the range is [AFTER, UNTIL)")
        }
    }

    func oneOf(_ name: String, _ allowed: [String]) throws {
        guard let text = values[name], !text.isEmpty else { return }
        if !allowed.contains(text) { throw bad(name, "expected \(allowed.joined(separator: " or "))") }
    }

    func wholeNumber(_ name: String, _ range: ClosedRange<Int>, _ what: String) throws {
        guard let text = values[name] else { return }
        guard let v = Int(text), range.contains(v) else {
            throw bad(name, "expected a whole number in \(range.lowerBound)...\(range.upperBound) (\(what))")
        }
    }

    func decimals(_ name: String) throws -> Int {
        let text = values[name] ?? "8"
        let range = DecimalsLimit.supportedDecimals
        guard let v = Int(text), DecimalsLimit(decimals: v) != nil else {
            throw bad(name, "expected a whole number of decimal places in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// EXTRACT_SIDE: the side of a csv or mt4 extract, BID (the default) or ASK.
    func extractSide() throws -> Side {
        guard let text = values["EXTRACT_SIDE"], !text.isEmpty else { return .bid }
        guard let side = Side(parsing: text) else {
            throw bad("EXTRACT_SIDE", "expected BID or ASK: the side a csv or mt4 extract reads (FORMAT=bidask joins both)")
        }
        return side
    }

    /// SIDES or a SIDES_<SYM>: BID, ASK or both (default BID).
    func sides(_ name: String) throws -> [Side] {
        guard values[name] != nil else { return [.bid] }
        do { return try Side.list(parsing: words(name)) } catch let e as OHLCVError {
            throw bad(name, e.message + " (default BID; BID ASK builds both sides, each a series of its own)")
        }
    }

    func timeframes(_ name: String) throws -> [Timeframe] {
        let names = words(name)
        guard !names.isEmpty else { throw bad(name, "no timeframe: list at least one, e.g. 5m 1h 1d") }
        do {
            _ = try CascadePlan(names)
            return try names.map { try Timeframe(parsing: $0) }.filter { $0 != .oneMinute }
        } catch let e as OHLCVError {
            if case .configuration(let text) = e.kind { throw bad(name, text) }
            throw e
        }
    }

    /// `3m` and `3M` would be one folder on a disk that ignores letter case (macOS, Windows):
    /// data/resample/3m/ and data/resample/3M/ must not both exist.
    /// The error is blamed on TIMEFRAMES when it holds either of the two, else on the setting of the second.
    func checkCaseCollisions(_ timeframes: [(timeframe: Timeframe, setting: String)]) throws {
        var seen: [String: (timeframe: Timeframe, setting: String)] = [:]
        for (tf, setting) in timeframes {
            let key = tf.description.lowercased()
            if let other = seen[key], other.timeframe != tf {
                let name = [setting, other.setting].contains("TIMEFRAMES") ? "TIMEFRAMES" : setting
                throw bad(name, "\(other.timeframe) and \(tf) would share one folder name (data/resample/\(tf)) on disks that ignore "
                          + "letter case (macOS, Windows); keep one of them")
            }
            seen[key] = (tf, setting)
        }
    }
}
