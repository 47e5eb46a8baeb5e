/// Binary search over a sorted CSV file by time, with pread: finds where rows at or after a time begin
/// without reading the file from the start.
public enum CandleCSVSeek {
    /// Offset of the first row whose time is ≥ `time`, searching rows in `[lower, upper)`; `lower` must be a
    /// row start (or the header end) and `upper` a row end. Returns `upper` when every row is earlier.
    public static func firstRow(atOrAfter time: Int64, in fd: FileDescriptor, lower: Int64, upper: Int64) throws -> Int64 {
        // Invariant: every row starting before `lo` is earlier than `time`; the answer is a row start in [lo, hi].
        var lo = lower, hi = upper
        var window = [UInt8](repeating: 0, count: 4096)
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let row = try nextRowStart(from: mid, lower: lo, fd: fd, upper: hi, window: &window)
            if row >= hi {
                // No row starts in [mid, hi): step forward from lo instead.
                if try rowTime(at: lo, fd: fd, window: &window) >= time { return lo }
                lo = try nextRowStart(from: lo + 1, lower: lo, fd: fd, upper: hi, window: &window)
            } else if try rowTime(at: row, fd: fd, window: &window) >= time {
                hi = row
            } else {
                lo = try nextRowStart(from: row + 1, lower: row, fd: fd, upper: hi, window: &window)
            }
        }
        return lo
    }

    /// The smallest row start ≥ `position` (a row starts after a newline, or at `lower`).
    static func nextRowStart(from position: Int64, lower: Int64, fd: FileDescriptor, upper: Int64,
                             window: inout [UInt8]) throws -> Int64 {
        if position <= lower { return lower }
        var at = position - 1                      // the byte before a row start must be '\n'
        while at < upper {
            let want = Int(min(Int64(window.count), upper - at))
            let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: want, at: at) }
            if n <= 0 { return upper }
            for i in 0..<n where window[i] == ASCII.newline { return at + Int64(i) + 1 }
            at += Int64(n)
        }
        return upper
    }

    static func rowTime(at offset: Int64, fd: FileDescriptor, window: inout [UInt8]) throws -> Int64 {
        let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: TimestampText.length, at: offset) }
        guard n == TimestampText.length, let t = window.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }) else {
            throw OHLCVError(.badCSV("no timestamp at the start of the row"), byteOffset: offset)
        }
        return t
    }

    /// The complete row that ends just before `offset` (offset must be a row start), or nil if there is none
    /// after `lower`.
    public static func rowBefore(_ offset: Int64, in fd: FileDescriptor, lower: Int64) throws -> (offset: Int64, bytes: [UInt8])? {
        if offset <= lower { return nil }
        let span = min(offset - lower, 4096)
        var window = [UInt8](repeating: 0, count: Int(span))
        let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: Int(span), at: offset - span) }
        guard n == Int(span), window.last == ASCII.newline else {
            throw OHLCVError(.badCSV("the byte before offset \(offset) is not a line end"), byteOffset: offset)
        }
        var start = Int(span) - 1
        while start > 0 && window[start - 1] != ASCII.newline { start -= 1 }
        if start == 0 && offset - span > lower {
            throw OHLCVError(.badCSV("row longer than 4096 bytes"), byteOffset: offset - span)
        }
        return (offset - span + Int64(start), Array(window[start..<(Int(span) - 1)]))
    }
}
