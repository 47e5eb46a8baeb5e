/// The instruments of symbols.txt, each once (behaviour §2: every spelling names one instrument).
///
/// A line names an instrument in any accepted spelling (`EUR/USD`, `EUR-USD`, `EURUSD`); the instrument is its
/// API code. Two lines that name one instrument, in any spellings, are refused with both line numbers: two
/// histories of one instrument would download every day twice and could disagree.
public struct SymbolList: Equatable {
    public struct Entry: Equatable {
        public var symbol: Symbol
        /// 1-based line in the symbols file.
        public var line: Int
    }

    public var entries: [Entry]
    public var file: String

    public var symbols: [Symbol] { entries.map(\.symbol) }

    /// Parses the file's text: one symbol a line, blank lines and `#` comments ignored.
    /// Throws `.configuration` naming `file` and the line of a bad spelling or of a second spelling of an
    /// instrument already listed.
    public init(parsing text: String, file: String) throws {
        self.file = file
        entries = []
        var byCode: [String: Entry] = [:]
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let word = trimBlanks(line)
            if word.isEmpty { continue }
            let symbol: Symbol
            do {
                symbol = try Symbol(parsing: String(word))
            } catch var error as OHLCVError {
                error.file = file
                error.line = index + 1
                if case .badSymbol(let problem) = error.kind { error.kind = .configuration(.symbol(problem)) }
                throw error
            }
            let entry = Entry(symbol: symbol, line: index + 1)
            if let first = byCode[symbol.code] {
                throw OHLCVError(.duplicateInstrument(code: symbol.code, first: first.symbol.fileName, firstLine: first.line,
                                                      second: String(word), secondLine: entry.line),
                                 file: file, line: entry.line)
            }
            byCode[symbol.code] = entry
            entries.append(entry)
        }
    }

    /// The listed symbol that `spelling` names, in any accepted spelling (letters in any case), or nil.
    public func listed(_ spelling: String) -> Symbol? {
        guard let wanted = try? Symbol(parsing: spelling.uppercased()) else { return nil }
        return entries.first { $0.symbol.code == wanted.code }?.symbol
    }

    /// The listed symbols that the words of a `SYMBOL=` selection name, in list order, each once.
    /// Throws `.configuration` for a word that is no symbol or names an instrument the list does not have.
    public func select(_ words: [String], setting: String) throws -> [Symbol] {
        var chosen = Set<String>()
        for word in words {
            guard (try? Symbol(parsing: word.uppercased())) != nil else {
                throw OHLCVError(.badSetting(name: setting, value: words.joined(separator: " "),
                                             problem: "'\(word)' is not a symbol (write EUR-USD, EUR/USD or EURUSD)"))
            }
            guard let symbol = listed(word) else {
                throw OHLCVError(.badSetting(name: setting, value: words.joined(separator: " "),
                                             problem: "'\(word)' is not in \(file) (listed: \(symbols.map(\.fileName).joined(separator: " "))); add it there first"))
            }
            chosen.insert(symbol.fileName)
        }
        return symbols.filter { chosen.contains($0.fileName) }
    }
}
