extension RawArguments {
    /// `-o FILE` and `-oFILE` as `--output FILE`: the one short option of the tools that write a file
    /// (ohlcv-parquet, ohlcv-extract); everything else is long. `arguments[0]` is the program name and is
    /// kept as it is, as is every word after `--`.
    public static func expandingOutputShortOption(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var afterDoubleDash = false
        for (i, word) in arguments.enumerated() {
            if word == "--" { afterDoubleDash = true }
            if i > 0 && !afterDoubleDash && word == "-o" { out.append("--output"); continue }
            if i > 0 && !afterDoubleDash && word.hasPrefix("-o") && !word.hasPrefix("--") && word.count > 2 {
                out.append("--output"); out.append(String(word.dropFirst(2))); continue
            }
            out.append(word)
        }
        return out
    }
}
