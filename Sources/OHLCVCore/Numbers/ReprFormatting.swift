/// Writes a fixed-scale integer the way Python's `repr` writes the same double (SPEC §3.1): shortest digits,
/// trailing zeros dropped, at least one digit after the point, exponent form below 1e-4 and from 1e16 up.
/// The only code that knows these rules.
public enum ReprFormatting {
    /// Longest possible output: sign, 19 digits, point, "e+XX" and slack.
    public static let maximumLength = 32

    /// Writes `value × 10^-scale` at `out`; returns the byte count.
    @inlinable
    public static func write(_ value: Int64, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if value == 0 {
            out[0] = ASCII.zero; out[1] = ASCII.dot; out[2] = ASCII.zero
            return 3
        }
        var n = 0
        if value < 0 { out[0] = ASCII.minus; n = 1 }
        var magnitude = value.magnitude
        // Strip trailing zeros into the exponent: value = digits × 10^exp10.
        var exp10 = -scale
        while magnitude % 10 == 0 { magnitude /= 10; exp10 += 1 }
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            let d = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var count = 0
            var m = magnitude
            repeat { d[19 - count] = UInt8(truncatingIfNeeded: m % 10) &+ ASCII.zero; m /= 10; count += 1 } while m != 0
            let first = d + 20 - count                     // digits, most significant first
            let scientific = count - 1 + exp10             // exponent of the leading digit
            if scientific < -4 || scientific >= 16 {
                out[n] = first[0]; n += 1
                if count > 1 {
                    out[n] = ASCII.dot; n += 1
                    for k in 1..<count { out[n] = first[k]; n += 1 }
                }
                out[n] = ASCII.lowerE; n += 1
                out[n] = scientific < 0 ? ASCII.minus : ASCII.plus; n += 1
                let e = abs(scientific)
                if e >= 100 { out[n] = ASCII.zero &+ UInt8(e / 100); n += 1 }
                out[n] = ASCII.zero &+ UInt8(e / 10 % 10); n += 1
                out[n] = ASCII.zero &+ UInt8(e % 10); n += 1
                return n
            }
            if exp10 >= 0 {
                for k in 0..<count { out[n] = first[k]; n += 1 }
                for _ in 0..<exp10 { out[n] = ASCII.zero; n += 1 }
                out[n] = ASCII.dot; out[n + 1] = ASCII.zero
                return n + 2
            }
            let fraction = -exp10
            if fraction >= count {
                out[n] = ASCII.zero; out[n + 1] = ASCII.dot; n += 2
                for _ in 0..<(fraction - count) { out[n] = ASCII.zero; n += 1 }
                for k in 0..<count { out[n] = first[k]; n += 1 }
                return n
            }
            for k in 0..<(count - fraction) { out[n] = first[k]; n += 1 }
            out[n] = ASCII.dot; n += 1
            for k in (count - fraction)..<count { out[n] = first[k]; n += 1 }
            return n
        }
    }

    public static func string(_ value: Int64, scale: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: maximumLength)
        let n = bytes.withUnsafeMutableBufferPointer { write(value, scale: scale, to: $0.baseAddress!) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }
}
