import OHLCVCore

/// Writes realistic Jetta day payloads (behaviour §2) from a seed: a random walk in integer price steps, gaps,
/// zero-volume minutes left out as the API leaves them out, FX weekends (no trading from Friday 21:00 to
/// Sunday 21:00 UTC) or 24/7 trading. The same (seed, symbol, date) always gives the same bytes.
public struct PayloadGenerator {
    public enum Market { case fx, crypto }
    public var market: Market
    public var seed: UInt64

    public init(market: Market, seed: UInt64) {
        self.market = market; self.seed = seed
    }

    /// Minutes of the UTC day (0..<1440) on which the market trades. FX trades from Sunday 17:00 to Friday
    /// 17:00 New York time: 21:00 UTC while New York is on daylight time, 22:00 UTC otherwise.
    func tradingMinutes(_ date: CivilDate) -> Range<Int> {
        guard market == .fx else { return 0..<1440 }
        let fivePM = NewYorkDST.isDaylightTime(utcMillis: date.daysSinceEpoch * 86_400_000 + 21 * 3_600_000) ? 1260 : 1320
        switch date.weekday {
        case 5: return 0..<0                   // Saturday
        case 6: return fivePM..<1440           // Sunday evening
        case 4: return 0..<fivePM              // Friday until 17:00 New York
        default: return 0..<1440
        }
    }

    /// The ask's spread at one minute, in price steps: 1 to 30 steps (0.1 to 3 pips) for FX, 1 to 200 (up to
    /// 20.0) for crypto. A hash of (seed, day, minute), not a draw from the day's generator, so that a growing
    /// day cut at any minute has the same spreads as the finished day.
    func spreadSteps(_ date: CivilDate, minute: Int) -> Int64 {
        var x = seed ^ (UInt64(bitPattern: date.daysSinceEpoch) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(minute) &* 0xBF58_476D_1CE4_E5B9)
        x = (x ^ (x >> 31)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 29
        return 1 + Int64(x % (market == .fx ? 30 : 200))
    }

    /// The payload for one day; `minutes` cuts it to the first N minutes of the day (a growing day).
    /// `.ask` gives the same minutes and volumes with every price raised by that minute's spread
    /// (`spreadSteps`), so ask > bid at every price and each candle stays whole, as Dukascopy's two sides are.
    public func payload(date: CivilDate, upToMinute minutes: Int = 1440, side: Side = .bid) -> [UInt8] {
        var rng = SeededRandom(seed: seed &+ UInt64(bitPattern: date.daysSinceEpoch) &* 0x9E37_79B9)
        let range = tradingMinutes(date)
        var rows: [(minute: Int, o: Int64, h: Int64, l: Int64, c: Int64, v: String)] = []
        var price: Int64 = market == .fx ? 114_000 + Int64(rng.next() % 2000) : 240_000 + Int64(rng.next() % 20000)
        for minute in range where minute < minutes {
            if rng.next() % 50 == 0 { continue }           // a gap: nothing traded, nothing sent
            let o = price + Int64(rng.next() % 7) - 3
            let c = o + Int64(rng.next() % 11) - 5
            let h = max(o, c) + Int64(rng.next() % 4)
            let l = min(o, c) - Int64(rng.next() % 4)
            price = c
            let s = side == .ask ? spreadSteps(date, minute: minute) : 0
            let v: String
            switch market {
            case .fx: v = "\(1 + rng.next() % 300).\(rng.next() % 100)"
            case .crypto:
                let m = 1 + rng.next() % 999
                v = rng.next() % 2 == 0 ? "\(Double(m) / 1000)" : "\(m / 100 + 1).\(m % 100)E-\(3 + rng.next() % 3)"
            }
            rows.append((minute, o + s, h + s, l + s, c + s, v))
        }
        let midnight = date.daysSinceEpoch * 86_400_000
        let multiplier = market == .fx ? "1.0E-5" : "0.1"
        let scale: Int64 = market == .fx ? 100_000 : 10
        func priceText(_ v: Int64) -> String {
            let whole = v / scale, frac = v % scale
            let digits = market == .fx ? 5 : 1
            var f = String(frac)
            f = String(repeating: "0", count: digits - f.count) + f
            return "\(whole).\(f)"
        }
        guard let first = rows.first else {
            var empty = "{\"timestamp\":\(midnight),\"multiplier\":\(multiplier),\"open\":null,\"high\":null,"
            empty += "\"low\":null,\"close\":null,\"shift\":60000,\"times\":[],\"opens\":[],\"highs\":[],"
            empty += "\"lows\":[],\"closes\":[],\"volumes\":[]}"
            return Array(empty.utf8)
        }
        var times: [String] = [], opens: [String] = [], highs: [String] = [], lows: [String] = [], closes: [String] = []
        var previous = (minute: 0, o: first.o, h: first.h, l: first.l, c: first.c)
        for (i, r) in rows.enumerated() {
            times.append(String(i == 0 ? r.minute : r.minute - previous.minute))
            opens.append(String(i == 0 ? 0 : r.o - previous.o))
            highs.append(String(i == 0 ? 0 : r.h - previous.h))
            lows.append(String(i == 0 ? 0 : r.l - previous.l))
            closes.append(String(i == 0 ? 0 : r.c - previous.c))
            previous = (r.minute, r.o, r.h, r.l, r.c)
        }
        var text = "{\"timestamp\":\(midnight),\"multiplier\":\(multiplier),"
        text += "\"open\":\(priceText(first.o)),\"high\":\(priceText(first.h)),"
        text += "\"low\":\(priceText(first.l)),\"close\":\(priceText(first.c)),\"shift\":60000,"
        text += "\"times\":[" + times.joined(separator: ",") + "],"
        text += "\"opens\":[" + opens.joined(separator: ",") + "],"
        text += "\"highs\":[" + highs.joined(separator: ",") + "],"
        text += "\"lows\":[" + lows.joined(separator: ",") + "],"
        text += "\"closes\":[" + closes.joined(separator: ",") + "],"
        text += "\"volumes\":[" + rows.map(\.v).joined(separator: ",") + "]}"
        return Array(text.utf8)
    }
}
