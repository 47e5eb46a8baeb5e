/// The report page: one self-contained HTML file (inline CSS and SVG; no script, font, image or link that
/// would make the browser ask the network).
public enum ReportPage {
    /// The heatmap's colours, one per day status. Tests look for them in the rendered PNG, so they are kept
    /// apart from every other colour on the page.
    public static let colours: [DayStatus: String] = [
        .full: "#3a9a4a", .short: "#f0a020", .empty: "#9c4dcc", .closed: "#dddddd", .missing: "#e0202a",
        .unreadable: "#000000",
    ]

    static let style = """
    body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222;background:#fff}
    h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:20px 0 6px}
    table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
    th{background:#f4f4f4;font-weight:600} .num{text-align:right;font-variant-numeric:tabular-nums}
    .legend span{display:inline-block;margin-right:14px} .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
    .heat{overflow-x:auto} .years{position:relative;height:14px;font-size:10px} .years span{position:absolute;top:0} .bad{color:#b00000;font-weight:600} .pass{color:#1b6e2a;font-weight:600} .note{color:#666}
    pre{background:#f7f7f7;padding:8px;overflow-x:auto}
    """ + DayStatus.allCases.map { "rect.\($0.rawValue){fill:\(colours[$0]!)}" }.joined(separator: " ")

    /// The whole page. `generated` is the time text shown at the top (UTC).
    public static func html(_ reports: [SymbolReport], generated: String) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ohlcv report</title>"
        s += "<style>\(style)</style></head><body>\n"
        s += "<h1>ohlcv report</h1><p class=\"note\">Generated \(HTML.escape(generated)) UTC from the cache and data directories; \(reports.count) symbol(s). A day is one UTC day of the cache.</p>\n"
        s += overview(reports)
        s += "<h2>Coverage per day</h2>" + legend()
        s += "<p class=\"note\">One strip per symbol: a column per week (Monday at the top), from the first cached day to the last.</p>\n"
        for r in reports { s += "<h3>\(HTML.escape(r.symbol))</h3><div class=\"heat\">" + heatmap(r) + "</div>\n" }
        for r in reports { s += details(r) }
        s += "</body></html>\n"
        return s
    }

    static func overview(_ reports: [SymbolReport]) -> String {
        var s = "<table class=\"overview\"><tr><th>symbol</th><th>first candle</th><th>last candle</th><th>days cached</th><th>days expected</th><th>missing or suspicious</th><th>verify</th></tr>\n"
        for r in reports {
            let bad = r.coverage.suspiciousCount
            let verify = r.verify?.result ?? "not verified yet"
            let vClass = verify == "pass" ? "pass" : (verify == "fail" ? "bad" : "note")
            s += "<tr data-symbol=\"\(HTML.escape(r.symbol))\"><td>\(HTML.escape(r.symbol))</td>"
            s += "<td>\(HTML.escape(r.firstCandle.map { String($0.prefix(19)) } ?? "none"))</td>"
            s += "<td>\(HTML.escape(r.lastCandle.map { String($0.prefix(19)) } ?? "none"))</td>"
            s += "<td class=\"num\">\(r.coverage.cachedDays)</td><td class=\"num\">\(r.coverage.expectedDays)</td>"
            s += "<td class=\"num\(bad > 0 ? " bad" : "")\" data-missing=\"\(r.coverage.count(.missing))\" data-suspicious=\"\(bad)\">\(bad)</td>"
            s += "<td class=\"\(vClass)\">\(HTML.escape(verify))</td></tr>\n"
        }
        return s + "</table>\n"
    }

    static func legend() -> String {
        "<p class=\"legend\">" + DayStatus.allCases.map {
            "<span><i style=\"background:\(colours[$0]!)\"></i>\(HTML.escape($0.label))</span>"
        }.joined() + "</p>\n"
    }

    /// One strip: a rect per day, class = its status; suspicious days carry data-day and a tooltip, and are
    /// drawn last so that nothing covers them. Up to 333 weeks the cells have a fixed size (3 to 14 px); a
    /// longer history is stretched to the page's width, and its suspicious days are drawn wider than a week
    /// (about 4 px on a 1,200 px page), so that one missing day of 20 years is still seen.
    public static func heatmap(_ r: SymbolReport) -> String {
        guard let first = r.coverage.first else { return "<p class=\"note\">nothing cached</p>" }
        let lead = first.weekday                       // days before `first` in its week (Monday is 0)
        let weeks = (lead + r.coverage.statuses.count + 6) / 7
        let fluid = weeks * 3 > 1000
        let cell = fluid ? 1 : min(14, max(3, 1000 / max(weeks, 1)))
        let size = cell >= 6 ? cell - 1 : cell
        let wide = fluid ? max(1, weeks / 250) : size
        var s = "", years = ""
        if fluid {
            s += "<svg class=\"heatmap fluid\" data-symbol=\"\(HTML.escape(r.symbol))\" width=\"100%\" height=\"70\" viewBox=\"0 0 \(weeks) 7\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\">"
        } else {
            s += "<svg class=\"heatmap\" data-symbol=\"\(HTML.escape(r.symbol))\" width=\"\(weeks * cell)\" height=\"\(7 * cell)\" viewBox=\"0 0 \(weeks * cell) \(7 * cell)\" shape-rendering=\"crispEdges\">"
        }
        s += "<style>.heatmap rect{width:\(size)px;height:\(size)px} .heatmap rect.wide{width:\(wide)px}</style>"
        var suspicious = ""
        var lastYear = -1
        for (i, status) in r.coverage.statuses.enumerated() {
            let day = first.adding(days: Int64(i))
            let slot = lead + i
            let x = slot / 7 * cell, y = slot % 7 * cell
            if day.year != lastYear {
                // Per mille of the strip's width, so that the labels sit right in both modes.
                years += "<span style=\"left:\(Double(slot / 7 * 1000 / weeks) / 10)%\">\(day.year)</span>"
                lastYear = day.year
            }
            if status.isSuspicious {
                suspicious += "<rect x=\"\(x)\" y=\"\(y)\" class=\"\(status.rawValue)\(fluid ? " wide" : "")\" data-day=\"\(day)\"><title>\(day) \(status.label)</title></rect>"
            } else {
                s += "<rect x=\"\(x)\" y=\"\(y)\" class=\"\(status.rawValue)\"/>"
            }
        }
        let width = fluid ? "100%" : "\(weeks * cell)px"
        return "<div class=\"years\" style=\"width:\(width)\">\(years)</div>" + s + suspicious + "</svg>"
    }

    static func details(_ r: SymbolReport) -> String {
        let sym = HTML.escape(r.symbol)
        var s = "<h2 id=\"sym-\(sym)\">\(sym)</h2><table class=\"details\">"
        func row(_ k: String, _ v: String, _ cls: String = "") { s += "<tr><th>\(k)</th><td\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(HTML.escape(v))</td></tr>" }
        row("first candle", r.firstCandle ?? "none")
        row("last candle", r.lastCandle ?? "none")
        row("days", r.daysLine)
        row("missing or suspicious", r.suspiciousLine, r.coverage.suspiciousCount > 0 ? "bad" : "")
        row("verify", r.verifyLine, r.verify?.result == "pass" ? "pass" : (r.verify?.result == "fail" ? "bad" : ""))
        s += "</table>\n<table class=\"rows\"><tr><th>timeframe</th><th>rows</th></tr>"
        for (tf, n) in r.rows { s += "<tr><td>\(HTML.escape(tf))</td><td class=\"num\">\(n.map(String.init) ?? "not built")</td></tr>" }
        s += "</table>\n"
        if r.daily.isEmpty {
            s += "<p class=\"note\">\(HTML.escape(r.dailyNote ?? "no daily candles"))</p>\n"
        } else {
            s += "<p>Daily candles, \(r.daily.first!.day) to \(r.daily.last!.day) (\(r.daily.count)); hollow: close ≥ open.</p>"
            s += CandleChart.svg(r.daily, highText: r.dailyHigh, lowText: r.dailyLow) + "\n"
        }
        return s
    }
}
