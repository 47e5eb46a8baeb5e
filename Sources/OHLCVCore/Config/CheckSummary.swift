/// What `make check-config` prints once every setting passed: the run's symbols, in the spelling every tool uses,
/// as the plan has them (`plan.selected`, `plan.series`), so that make needs no reader of its own for the plan.
///
/// Shape, on stdout (the second line only when some selected symbol is built on its ASK side):
///   check-config: ok (every setting, SYMBOLS_FILE[ and CONFIG_FILE]); the run's symbols: SYM SYM…
///   check-config: their series (one per side): SYM SYM@ASK…
public enum CheckSummary {
    /// - Parameters:
    ///   - symbolsFile: the list of instruments as make named it (SYMBOLS_FILE).
    ///   - configFile: the settings file as make named it (CONFIG_FILE), or nil when it does not exist: only a file
    ///     that was read is said to be checked.
    public static func render(_ settings: RunSettings, symbolsFile: String, configFile: String?) -> String {
        let files = symbolsFile + (configFile.map { " and \($0)" } ?? "")
        var text = "check-config: ok (every setting, \(files)); the run's symbols: "
            + settings.selected.map(\.fileName).joined(separator: " ") + "\n"
        let series = settings.selectedSeries.map(\.fileName)
        // A BID series is named as its symbol: the series line would only repeat the symbols.
        if series.contains(where: { $0.contains("@") }) {
            text += "check-config: their series (one per side): " + series.joined(separator: " ") + "\n"
        }
        return text
    }
}
