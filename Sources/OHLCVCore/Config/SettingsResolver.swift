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
}
