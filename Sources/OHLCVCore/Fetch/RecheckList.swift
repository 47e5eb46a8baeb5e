/// The days `make verify REPAIR=1` asks fetch to re-check (`ohlcv-fetch --recheck-list FILE`): one
/// `SYMBOL YYYY-MM-DD` a line, SYMBOL in any spelling of one of the run's symbols. Only these days are fetched,
/// through the rebuild-weekly path (a cached day is replaced only when nothing would be lost).
enum RecheckList {
    /// "SYMBOL YYYY-MM-DD" lines; a symbol must be one of the run's (any spelling); errors name the line.
    static func read(_ path: String, symbols: [Symbol]) throws -> [String: [CivilDate]] {
        let text = String(decoding: try withErrorContext(file: path) { try FileSystem.readAll(path) }, as: UTF8.self)
        var list: [String: [CivilDate]] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let words = line.split(separator: " ")
            guard words.count == 2, let day = CivilDate(parsing: String(words[1])), words[1].count == 10,
                  let symbol = try? Symbol(parsing: String(words[0])), let listed = symbols.first(where: { $0.code == symbol.code }) else {
                throw OHLCVError(.usage("expected 'SYMBOL YYYY-MM-DD' with a SYMBOL of this run, not '\(line)'"), file: path, line: i + 1)
            }
            list[listed.fileName, default: []].append(day)
        }
        return list
    }
}
