/// A make override file (config.mk) as written: which settings it assigns, and on which line.
///
/// Only plain assignments are allowed (`NAME = value`, `?=`, `:=`, `::=`, `+=`, optionally after `export`);
/// blank lines and `#` comments are ignored. The values themselves are make's business: make expands them,
/// and the checked values come from make (`SettingsResolver`). This file only answers "where was NAME set?"
/// and refuses names that no setting has, so that a misspelled setting never goes silently unused.
public struct MakeSettingsFile: Equatable {
    public struct Assignment: Equatable {
        public var name: String
        public var line: Int
    }

    public var path: String
    public var assignments: [Assignment]

    /// Parses `text`. Throws `.configuration` naming `path` and the line of a line that is no assignment.
    public init(parsing text: String, path: String) throws {
        self.path = path
        assignments = []
        var continued = false
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = trimBlanks(Substring(raw))
            defer { continued = line.hasSuffix("\\") }
            if continued || line.isEmpty || line.hasPrefix("#") { continue }
            guard let name = MakeSettingsFile.assignedName(line) else {
                throw OHLCVError(.configuration(.notASetting(line: String(line))), file: path, line: index + 1)
            }
            assignments.append(Assignment(name: name, line: index + 1))
        }
    }

    /// The line of the last assignment of `name`, which is the one make keeps.
    public func line(of name: String) -> Int? { assignments.last { $0.name == name }?.line }

    /// Throws `.configuration` at the first assignment whose name is neither in `known` nor a per-symbol
    /// setting (`PerSymbolSetting`).
    public func checkNames(known: Set<String>) throws {
        for a in assignments where !known.contains(a.name) && PerSymbolSetting(name: a.name) == nil {
            throw OHLCVError(.configuration(.unknownSetting(name: a.name, suggestion: MakeSettingsFile.suggestion(for: a.name, in: known),
                                                            onCommandLine: false)), file: path, line: a.line)
        }
    }

    /// Names given on make's command line that are neither settings nor run selections: a typo there
    /// (`STARTDATE=2026-01-01`) would otherwise be ignored and the run would use the default.
    public static func checkCommandLine(_ names: [String], known: Set<String>) throws {
        for name in names.sorted() where !known.contains(name) && !runVariables.contains(name) && PerSymbolSetting(name: name) == nil {
            throw OHLCVError(.configuration(.unknownSetting(name: name, suggestion: suggestion(for: name, in: known),
                                                            onCommandLine: true)))
        }
    }

    /// Variables a run takes on the command line besides the settings: the selection, accept-held's day,
    /// and make's own plumbing.
    public static let runVariables: Set<String> = ["SYMBOL", "SYMBOLS", "DAY", "NO_BUILD", "OHLCV_PLAN", "OHLCV_SEED", "TEST_SUITES"]

    /// Settings that no longer exist, and what replaced them: their own message beats a guess.
    public static let retired: [String: String] = [
        "EXTRACT_SYMBOLS": "make csv extracts the symbols chosen with SYMBOL=… (any spelling, a list allowed)",
    ]

    /// What replaced a retired `name`, or the known name closest to it when one is close.
    static func suggestion(for name: String, in known: Set<String>) -> SettingSuggestion? {
        if let replacement = retired[name] { return .retired(replacement: replacement) }
        let scored = known.map { ($0, editDistance(Array(name.utf8), Array($0.utf8))) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let (best, distance) = scored, distance <= max(2, name.count / 4) else { return nil }
        return .closest(best)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The setting names a makefile defines with `NAME ?= default`: the settings a user may override.
    public static func definedSettings(inMakefile text: String) -> Set<String> {
        var names = Set<String>()
        for raw in text.split(separator: "\n") {
            let line = Substring(raw)
            guard let name = assignedName(line), line.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("?=") else { continue }
            names.insert(name)
        }
        return names
    }

    static func assignedName(_ line: Substring) -> String? {
        var rest = line
        if rest.hasPrefix("export ") || rest.hasPrefix("export\t") { rest = trimBlanks(rest.dropFirst(7)) }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" || $0 == "/" }
        guard let first = name.first, first.isLetter || first == "_" else { return nil }
        let after = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard ["=", "?=", ":=", "::=", "+="].contains(where: { after.hasPrefix($0) }) else { return nil }
        return String(name)
    }
}

/// A setting made for one symbol: `TIMEFRAMES_<SYM>`, `DECIMALS_<SYM>`, `ALIGNMENT_<SYM>`,
/// `START_DATE_<SYM>` or `SIDES_<SYM>`, where SYM is any spelling of a listed instrument.
public struct PerSymbolSetting: Equatable {
    public static let kinds = ["TIMEFRAMES", "DECIMALS", "ALIGNMENT", "START_DATE", "SIDES"]
    public var kind: String
    public var spelling: String

    public init?(name: String) {
        guard let kind = PerSymbolSetting.kinds.first(where: { name.hasPrefix($0 + "_") }) else { return nil }
        let spelling = String(name.dropFirst(kind.count + 1))
        guard !spelling.isEmpty else { return nil }
        self.kind = kind
        self.spelling = spelling
    }
}
