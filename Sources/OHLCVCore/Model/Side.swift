/// The side of the quote a series holds (behaviour §2): the bid, or the ask.
///
/// Dukascopy's JSON API serves both through the same paths, with `BID` or `ASK` as the path segment after the
/// instrument code (`/v1/candles/minute/EUR-USD/ASK/2025/11/26`). The ask is the price a buyer pays, so
/// ask ≥ bid at every instant, and ask − bid is the spread.
public enum Side: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case bid = "BID"
    case ask = "ASK"

    /// `BID` or `ASK`, in any letter case; nil for anything else.
    public init?(parsing text: String) {
        guard let side = Side(rawValue: text.uppercased()) else { return nil }
        self = side
    }

    /// The words of a SIDES setting (`BID ASK`, `ASK`): each side once, bid first. Throws `.usage` naming the
    /// bad word, or for an empty list.
    public static func list(parsing words: [String]) throws -> [Side] {
        guard !words.isEmpty else { throw OHLCVError(.usage("no side: list BID, ASK or both")) }
        var sides = Set<Side>()
        for word in words {
            guard let side = Side(parsing: word) else { throw OHLCVError(.usage("'\(word)' is not a side: write BID or ASK")) }
            sides.insert(side)
        }
        return sides.sorted()
    }

    /// The API's path segment and the value of the Parquet `side` column.
    public var description: String { rawValue }

    public static func < (a: Side, b: Side) -> Bool { a == .bid && b == .ask }
}
