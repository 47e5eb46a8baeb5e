/// A small, valid Jetta day payload whose keys and values a test can remove, replace or repeat.
struct PayloadBuilder {
    var entries: [(key: String, value: String)] = [
        ("timestamp", "1783641600000"), ("multiplier", "1.0E-5"),
        ("open", "1.14331"), ("high", "1.14334"), ("low", "1.14322"), ("close", "1.14324"),
        ("shift", "60000"),
        ("times", "[0,1,3]"), ("opens", "[0,-8,2]"), ("highs", "[0,1,0]"), ("lows", "[0,-4,1]"), ("closes", "[0,9,-3]"),
        ("volumes", "[197.1,104.85,0.5]"),
    ]
    var trailer = ""

    static let keys = ["timestamp", "multiplier", "open", "high", "low", "close", "shift",
                       "times", "opens", "highs", "lows", "closes", "volumes"]

    subscript(key: String) -> String? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let newValue {
                if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = newValue }
                else { entries.append((key, newValue)) }
            } else {
                entries.removeAll { $0.key == key }
            }
        }
    }

    func with(_ key: String, _ value: String?) -> PayloadBuilder {
        var copy = self
        copy[key] = value
        return copy
    }

    func appending(_ key: String, _ value: String) -> PayloadBuilder {
        var copy = self
        copy.entries.append((key, value))
        return copy
    }

    var text: String { "{" + entries.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}" + trailer }
    var bytes: [UInt8] { Array(text.utf8) }
}
