/// The command line as typed: `--name value`, `--name=value`, `--flag`, and positional words.
/// Only checks what the user typed; stages turn it into validated options.
public struct RawArguments {
    public private(set) var options: [String: [String]] = [:]
    public private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    /// `valued` names the options that take a value; every other `--x` is a flag. `short` gives the one-letter
    /// spellings of long options (`-o FILE` or `-oFILE` for `--output FILE`); any other `-x` is refused.
    public init(_ argv: [String], valued: Set<String>, flags allowedFlags: Set<String>,
                short: [Character: String] = [:]) throws {
        var i = 0
        var onlyPositionals = false
        while i < argv.count {
            let word = argv[i]
            i += 1
            if onlyPositionals || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
                continue
            }
            if word == "--" { onlyPositionals = true; continue }
            var name: String
            var value: String?
            if word.hasPrefix("--") {
                name = String(word.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
            } else {
                let letter = word[word.index(after: word.startIndex)]
                guard let long = short[letter] else { throw OHLCVError(.usage("unknown option '\(word)' (see --help)")) }
                name = long
                let rest = word.dropFirst(2)
                if !rest.isEmpty { value = String(rest) }
            }
            if valued.contains(name) {
                if value == nil {
                    guard i < argv.count else { throw OHLCVError(.usage("option --\(name) needs a value")) }
                    value = argv[i]
                    i += 1
                }
                options[name, default: []].append(value!)
            } else if allowedFlags.contains(name) {
                if value != nil { throw OHLCVError(.usage("option --\(name) takes no value")) }
                flags.insert(name)
            } else {
                throw OHLCVError(.usage("unknown option '--\(name)' (see --help)"))
            }
        }
    }

    public func value(_ name: String) throws -> String? {
        guard let values = options[name] else { return nil }
        if values.count > 1 { throw OHLCVError(.usage("option --\(name) given more than once")) }
        return values[0]
    }

    public func values(_ name: String) -> [String] { options[name] ?? [] }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = try value(name) else { return fallback }
        guard let v = Int(text), range.contains(v) else {
            throw OHLCVError(.usage("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'"))
        }
        return v
    }

    public func int64(_ name: String, default fallback: Int64) throws -> Int64 {
        guard let text = try value(name) else { return fallback }
        guard let v = Int64(text) else { throw OHLCVError(.usage("--\(name) must be a whole number, not '\(text)'")) }
        return v
    }
}
