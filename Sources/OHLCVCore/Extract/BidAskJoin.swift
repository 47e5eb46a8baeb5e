/// The joined bid/ask extract of one symbol and timeframe (docs/extract.md): a merge of the BID and the ASK
/// series CSVs, both sorted by time, that writes one row per time present on both sides:
///
///     SYM,TF,YYYY-MM-DD HH:MM:SS,bid_open,bid_high,bid_low,bid_close,ask_open,ask_high,ask_low,ask_close,
///     bid_volume,ask_volume,spread_open,spread_close
///
/// The bid and ask numbers are copied as their files write them; the spreads (ask − bid, at the open and at
/// the close) are exact differences of the scaled integers, written as every number of the suite
/// (`ReprFormatting`). A time present on one side only is counted, never written. Memory is constant: one
/// row of each side (two with --skip-open).
public struct BidAskJoin {
    /// The header of a bidask extract, with its newline.
    public static let header = "symbol,timeframe,time,bid_open,bid_high,bid_low,bid_close,ask_open,ask_high,ask_low,ask_close,"
        + "bid_volume,ask_volume,spread_open,spread_close\n"

    /// What a join wrote and left out: rows written, and selected candles whose time the other side lacks.
    public struct Counts: Equatable, Sendable {
        public var joined = 0
        public var bidOnly = 0
        public var askOnly = 0
        public init(joined: Int = 0, bidOnly: Int = 0, askOnly: Int = 0) {
            self.joined = joined; self.bidOnly = bidOnly; self.askOnly = askOnly
        }
    }

    /// `SYM,TF,`
    let prefix: [UInt8]
    let scale: Int

    public init(symbol: String, timeframe: Timeframe, scale: Int) {
        prefix = Array("\(symbol),\(timeframe.description),".utf8)
        self.scale = scale
    }

    /// Merges the selected candles of `bid` and `ask` into `out`. Throws what the readers throw (exit 65,
    /// naming the file and line), and `.badCSV` for a spread that does not fit 64 bits.
    func run(bid: ExtractCursor, ask: ExtractCursor, to out: OutputBuffer) throws -> Counts {
        var counts = Counts()
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: prefix.count + 2 * LineReader.maximumLineLength
                                                                 + 2 * ReprFormatting.maximumLength + 8)
        defer { scratch.deallocate() }
        var b = try bid.next()
        var a = try ask.next()
        while let bidRow = b, let askRow = a {
            if bidRow.candle.time < askRow.candle.time {
                counts.bidOnly += 1
                b = try bid.next()
            } else if askRow.candle.time < bidRow.candle.time {
                counts.askOnly += 1
                a = try ask.next()
            } else {
                let n = try format(bid: bidRow, ask: askRow, to: scratch)
                try out.write(UnsafeBufferPointer(start: scratch, count: n))
                counts.joined += 1
                b = try bid.next()
                a = try ask.next()
            }
        }
        while b != nil { counts.bidOnly += 1; b = try bid.next() }
        while a != nil { counts.askOnly += 1; a = try ask.next() }
        return counts
    }

    /// Writes the joined row of two candles at the same time; returns the byte count.
    func format(bid: ExtractCursor.Row, ask: ExtractCursor.Row, to p: UnsafeMutablePointer<UInt8>) throws -> Int {
        let spreadOpen = ask.candle.open.subtractingReportingOverflow(bid.candle.open)
        let spreadClose = ask.candle.close.subtractingReportingOverflow(bid.candle.close)
        guard !spreadOpen.overflow, !spreadClose.overflow else {
            throw OHLCVError(.badCSV(.spreadOverflow(time: bid.candle.time)))
        }
        let bidFields = BidAskJoin.fields(bid.bytes)
        let askFields = BidAskJoin.fields(ask.bytes)
        var n = 0
        func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            (p + n).update(from: bytes.baseAddress!, count: bytes.count)
            n += bytes.count
        }
        func comma() { p[n] = ASCII.comma; n += 1 }
        prefix.withUnsafeBufferPointer { put($0) }
        put(UnsafeBufferPointer(rebasing: bid.bytes[..<TimestampText.length]))
        comma(); put(bidFields.prices)
        comma(); put(askFields.prices)
        comma(); put(bidFields.volume)
        comma(); put(askFields.volume)
        comma(); n += ReprFormatting.write(spreadOpen.partialValue, scale: scale, to: p + n)
        comma(); n += ReprFormatting.write(spreadClose.partialValue, scale: scale, to: p + n)
        p[n] = ASCII.newline
        return n + 1
    }

    /// The `open,high,low,close` text and the `volume` text of a validated row (`time,o,h,l,c,v`).
    static func fields(_ row: UnsafeBufferPointer<UInt8>) -> (prices: UnsafeBufferPointer<UInt8>, volume: UnsafeBufferPointer<UInt8>) {
        var last = row.count - 1
        while row[last] != ASCII.comma { last -= 1 }
        let pricesStart = TimestampText.length + 1
        return (UnsafeBufferPointer(rebasing: row[pricesStart..<last]), UnsafeBufferPointer(rebasing: row[(last + 1)...]))
    }
}
