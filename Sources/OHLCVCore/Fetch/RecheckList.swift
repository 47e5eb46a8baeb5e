/// The days `make verify REPAIR=1` asks fetch to re-check (`ohlcv-fetch --recheck-list FILE`): one
/// `SERIES YYYY-MM-DD` a line, SERIES a series name (`EUR-USD`, `EUR-USD@ASK`, the symbol in any spelling) of one
/// of the run's series. Only these days are fetched, through the rebuild-weekly path (a cached day is replaced
/// only when nothing would be lost).
enum RecheckList {
    /// "SERIES YYYY-MM-DD" lines → days per series (`Series.fileName`); a bare symbol is its BID series, as
    /// everywhere. A series must be one of the run's; errors name the line.
    static func read(_ path: String, series: [Series]) throws -> [String: [CivilDate]] {
        let text = String(decoding: try withErrorContext(file: path) { try FileSystem.readAll(path) }, as: UTF8.self)
        var list: [String: [CivilDate]] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let words = line.split(separator: " ")
            guard words.count == 2, let day = CivilDate(parsing: String(words[1])), words[1].count == 10,
                  let named = try? Series(parsing: String(words[0])),
                  let listed = series.first(where: { $0.symbol.code == named.symbol.code && $0.side == named.side }) else {
                throw OHLCVError(.usage("expected 'SERIES YYYY-MM-DD' with a SERIES of this run (EUR-USD, EUR-USD@ASK), not '\(line)'"),
                                 file: path, line: i + 1)
            }
            list[listed.fileName, default: []].append(day)
        }
        return list
    }
}
