import Foundation

/// A second, deliberately naive implementation of behaviour §5 for checking the tools: Foundation Dates,
/// a Gregorian calendar and Decimal arithmetic, no code shared with OHLCVCore.
struct IndependentResampler {
    struct Row: Equatable { var time: Date; var o, h, l, c, v: Decimal }

    static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f
    }()

    static var calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        c.firstWeekday = 2
        return c
    }()

    static func parse(_ csv: String) -> [Row] {
        csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return Row(time: formatter.date(from: f[0])!, o: Decimal(string: f[1])!, h: Decimal(string: f[2])!,
                       l: Decimal(string: f[3])!, c: Decimal(string: f[4])!, v: Decimal(string: f[5])!)
        }
    }

    /// Bin start for `spec`: "Nm"/"Nh"/"Nd" with optional "+Xm"/"+Xh", "1W", "NM", "1Y".
    static func binStart(_ date: Date, _ spec: String) -> Date {
        let parts = spec.split(separator: "+").map(String.init)
        let unit = parts[0].last!, n = Int(parts[0].dropLast())!
        switch unit {
        case "W":
            return calendar.dateInterval(of: .weekOfYear, for: date)!.start
        case "M":
            let c = calendar.dateComponents([.year, .month], from: date)
            return calendar.date(from: DateComponents(year: c.year, month: (c.month! - 1) / n * n + 1, day: 1))!
        case "Y":
            return calendar.dateInterval(of: .year, for: date)!.start
        default:
            let seconds = Double(n) * (unit == "m" ? 60 : unit == "h" ? 3600 : 86_400)
            var offset = 0.0
            if parts.count == 2 {
                let o = parts[1], on = Double(o.dropLast())!
                offset = on * (o.last == "m" ? 60 : 3600)
            }
            let t = date.timeIntervalSince1970 - offset
            return Date(timeIntervalSince1970: (t / seconds).rounded(.down) * seconds + offset)
        }
    }

    static func resample(_ rows: [Row], _ spec: String) -> [Row] {
        var out: [Row] = []
        for r in rows {
            let start = binStart(r.time, spec)
            if var last = out.last, last.time == start {
                last.h = max(last.h, r.h); last.l = min(last.l, r.l); last.c = r.c; last.v += r.v
                out[out.count - 1] = last
            } else {
                out.append(Row(time: start, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v))
            }
        }
        return out
    }
}
