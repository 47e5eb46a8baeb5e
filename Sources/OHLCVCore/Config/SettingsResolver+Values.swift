/// The checks of single settings (dates, numbers, sides, timeframes): each returns the value it read, or throws
/// the `.badSetting` (exit 78) that names the setting, its value and where it was set (`SettingsResolver.bad`).
extension SettingsResolver {
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
            if case .configuration(let problem) = e.kind { throw bad(name, problem.text) }
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
