/// An instrument as a user names it in symbols.txt (behaviour §2, §3.2).
///
/// - `code` is the API's instrument code, always with `-`: `EUR-USD`, `DEU.IDX-EUR`.
/// - `fileName` is the name the user wrote with `/` replaced by `-`; it names every file of the symbol.
///
/// Accepted spellings: `EUR/USD`, `EUR-USD`, `EURUSD` (a bare 6-letter pair means `EUR-USD`), `DEU.IDX-EUR`.
public struct Symbol: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let fileName: String

    public init(code: String, fileName: String) {
        self.code = code
        self.fileName = fileName
    }

    /// Parses one spelling; the error says what is wrong with it (the caller adds file and line).
    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw OHLCVError(.badSymbol(.empty)) }
        let bytes = Array(text.utf8)
        for b in bytes where !(Symbol.isUpper(b) || ASCII.isDigit(b) || b == ASCII.dot || b == ASCII.minus || b == Symbol.slash) {
            throw OHLCVError(.badSymbol(.badCharacter(text: text)))
        }
        let separators = bytes.filter { $0 == ASCII.minus || $0 == Symbol.slash }.count
        if separators == 0 {
            guard bytes.count == 6, bytes.allSatisfy(Symbol.isUpper) else {
                throw OHLCVError(.badSymbol(.notBaseQuoteNorSixLetters(text: text)))
            }
            code = String(decoding: bytes[0..<3], as: UTF8.self) + "-" + String(decoding: bytes[3..<6], as: UTF8.self)
            fileName = text
            return
        }
        guard separators == 1,
              let sep = bytes.firstIndex(where: { $0 == ASCII.minus || $0 == Symbol.slash }),
              sep > 0, sep < bytes.count - 1,
              bytes[0] != ASCII.dot, bytes[sep - 1] != ASCII.dot, bytes[sep + 1] != ASCII.dot, bytes.last != ASCII.dot
        else {
            throw OHLCVError(.badSymbol(.notBaseQuote(text: text)))
        }
        fileName = String(decoding: bytes.map { $0 == Symbol.slash ? ASCII.minus : $0 }, as: UTF8.self)
        code = fileName
    }

    /// Parses symbols.txt (see `SymbolList`): the symbols in file order.
    public static func parseList(_ text: String, file: String) throws -> [Symbol] {
        try SymbolList(parsing: text, file: file).symbols
    }

    public var description: String { fileName }

    static let slash: UInt8 = 0x2F
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
}

func trimBlanks(_ text: Substring) -> Substring {
    var s = text
    while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
    return s
}
