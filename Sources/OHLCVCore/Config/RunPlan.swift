/// The settings of a run as make reads them: one `include`d file of `name := value` lines, so that make
/// and every tool see the same symbols and per-symbol settings, resolved in one place (`SettingsResolver`).
///
/// Variables, for each listed symbol SYM (its file name):
///   plan.all                 every listed symbol, in list order
///   plan.selected            the symbols this run works on (all, or those SYMBOL= names)
///   plan.series              the series this run builds: each selected symbol's sides (`EUR-USD EUR-USD@ASK`)
///   plan.sides.SYM           its sides (SIDES_<SYM>, else SIDES): BID, ASK or both
///   plan.timeframes.SYM      its timeframes (no 1m)        plan.decimals.SYM    its decimal places
///   plan.alignment.SYM       its --alignment               plan.parquet.SYM     its Parquet timeframes
///   plan.start.SYM           its START_DATE_<SYM>, only when set (fetch's --symbol-start)
///   plan.extract             what make csv extracts, as SYM@TF words
///   plan.extract_side        EXTRACT_SIDE as ohlcv-config read it (any letter case): BID or ASK
///   plan.folder.TF           the case-safe folder name of a timeframe (1M → 1mo), for extract file names
public enum RunPlan {
    public static func render(_ settings: RunSettings) -> String {
        var lines = ["# The settings of this run, checked by ohlcv-config (generated: do not edit)."]
        lines.append("plan.all := " + settings.list.symbols.map(\.fileName).joined(separator: " "))
        lines.append("plan.selected := " + settings.selected.map(\.fileName).joined(separator: " "))
        lines.append("plan.series := " + settings.selectedSeries.map(\.fileName).joined(separator: " "))
        var folders: [String: String] = [:]
        for s in settings.symbols {
            let name = s.symbol.fileName
            lines.append("plan.timeframes.\(name) := " + s.timeframes.map(\.description).joined(separator: " "))
            lines.append("plan.decimals.\(name) := \(s.decimals)")
            lines.append("plan.alignment.\(name) := \(s.alignment)")
            lines.append("plan.parquet.\(name) := " + s.parquetTimeframes.map(\.description).joined(separator: " "))
            if let start = s.start { lines.append("plan.start.\(name) := \(start)") }
            lines.append("plan.sides.\(name) := " + s.sides.map(\.rawValue).joined(separator: " "))
            for tf in [Timeframe.oneMinute] + s.timeframes { folders[tf.description] = tf.caseSafeName }
        }
        lines.append("plan.extract := " + settings.extract.map { "\($0.symbol.fileName)@\($0.timeframe)" }.joined(separator: " "))
        lines.append("plan.extract_side := \(settings.extractSide)")
        for (tf, folder) in folders.sorted(by: { $0.key < $1.key }) { lines.append("plan.folder.\(tf) := \(folder)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `plan.selected` symbols of a rendered plan (file names, in order); empty when the line is missing.
    public static func selectedSymbols(inPlan text: String) -> [String] { words(of: "plan.selected", inPlan: text) }

    /// The `plan.series` of a rendered plan (series names, in order); empty when the line is missing.
    public static func selectedSeries(inPlan text: String) -> [String] { words(of: "plan.series", inPlan: text) }

    static func words(of variable: String, inPlan text: String) -> [String] {
        let key = variable + " := "
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return [] }
        return line.dropFirst(key.count).split(separator: " ").map(String.init)
    }
}
