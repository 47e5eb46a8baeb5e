/// A stage's output CSV together with its index: the one place that knows how to rewind, append and commit
/// so that a crash at any instant leaves a state the next run recovers from.
///
/// The contract: rows before `index.openOffset` are final and intact; everything from there on is rebuilt
/// by the next run. Cutting back into that region is allowed at any time. Cutting below it first commits an
/// index that says so, then truncates.
public final class SeriesFile {
    public let csvPath: String
    public let indexPath: String
    public let settings: String
    /// The committed index; nil for a file that has never been committed (it is then rebuilt whole).
    public private(set) var index: StageIndex?
    public let fd: FileDescriptor
    let symbol: String?

    public init(csv: String, settings: String, symbol: String?) throws {
        csvPath = csv
        indexPath = IndexStore.path(forCSV: csv)
        self.settings = settings
        self.symbol = symbol
        try FileSystem.makeDirectories(FileSystem.directoryName(indexPath))
        try AtomicFile.removeStaleTemporary(for: indexPath)
        let path = indexPath
        var loaded = try withErrorContext(symbol: symbol) { try IndexStore.load(path) }
        if let recorded = loaded?.settings, recorded != settings, SeriesFile.differOnlyInSource(recorded, settings) {
            // The cascade changed (a timeframe was added or removed): the same candles now come from another
            // file. Nothing about them differs, so the file is rebuilt whole from its new source, as a clean
            // build would write it, instead of being refused like a change of decimals or alignment. The old
            // index goes first, so that no crash can leave it describing bytes that are being rewritten.
            try withErrorContext(symbol: symbol, file: path) {
                try FileSystem.remove(path)
                try FileSystem.syncDirectory(FileSystem.directoryName(path))
            }
            loaded = nil
        }
        index = loaded
        fd = try withErrorContext(file: csv) { try FileDescriptor.open(csv, .createReadWrite) }
        if let index {
            try withErrorContext(symbol: symbol, file: indexPath) {
                if index.settings != settings {
                    throw OHLCVError.settingsMismatch(configured: settings, onDisk: index.settings)
                }
                let size = try fd.size()
                if size < index.openOffset {
                    throw OHLCVError(.corruptIndex(.pointsPastEnd(csv: csv, openOffset: index.openOffset, size: size)))
                }
                if index.openOffset < CandleCSVFormat.headerLength {
                    throw OHLCVError(.corruptIndex(.openOffsetInHeader(openOffset: index.openOffset)))
                }
            }
            try withErrorContext(symbol: symbol, file: csv) { try checkFinalRegion(index) }
        }
    }

    deinit { fd.close() }

    /// True when two recorded settings (`key=value` words) differ in `source=` and nowhere else.
    static func differOnlyInSource(_ a: String, _ b: String) -> Bool {
        func rest(_ s: String) -> [Substring] { s.split(separator: " ").filter { !$0.hasPrefix("source=") } }
        return rest(a) == rest(b)
    }

    /// The header must be there and the final region must end with a whole line.
    func checkFinalRegion(_ index: StageIndex) throws {
        var head = [UInt8](repeating: 0, count: CandleCSVFormat.headerBytes.count)
        let n = try head.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: 0) }
        guard n == head.count, head == CandleCSVFormat.headerBytes else {
            throw OHLCVError(.badCSV(.damagedHeader), line: 1)
        }
        var last: UInt8 = 0
        _ = try fd.read(into: &last, count: 1, at: index.openOffset - 1)
        if last != ASCII.newline {
            throw OHLCVError(.corruptIndex(.openOffsetNotAtRowStart(openOffset: index.openOffset)))
        }
    }

    /// Size of the CSV on disk now.
    public func size() throws -> Int64 { try fd.size() }

    /// Bytes from the cut to the old end of file, kept when the cut is inside the open region, so that a
    /// failed run can put them back (`rollBack`). Bounded by the open region: one day, or one candle.
    var savedTail: (offset: Int64, bytes: [UInt8])?

    /// Cuts the CSV back to `offset` and returns a buffer that appends from there. `pending` is the index to
    /// commit first when `offset` lies inside the final region (its fields describe the cut-back state).
    public func rewind(to offset: Int64, pendingIndex pending: StageIndex?) throws -> OutputBuffer {
        try withErrorContext(symbol: symbol, file: csvPath) {
            savedTail = nil
            if index != nil && offset == 0 {
                // A full rebuild: retire the old index first, so that a crash leaves a file known to be
                // uncommitted (rebuilt whole by the next run), never an index describing other bytes.
                try FileSystem.remove(indexPath)
                try FileSystem.syncDirectory(FileSystem.directoryName(indexPath))
                self.index = nil
            } else if let index, offset < index.openOffset {
                guard var pending else { preconditionFailure("cutting into the final region needs a pending index") }
                pending.openChecksum = StageIndex.checksum([])
                try fd.sync()
                try IndexStore.store(pending, at: indexPath, previous: index)
                self.index = pending
            } else if let index, offset == index.openOffset, try fd.size() >= index.length {
                // Keep the committed open rows, if the bytes on disk are them (a killed run may have left
                // others): failed runs put them back, and the rewrite is compared with them.
                var bytes = [UInt8](repeating: 0, count: Int(index.length - offset))
                let n = try bytes.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: offset) }
                if n == bytes.count && StageIndex.checksum(bytes) == index.openChecksum { savedTail = (offset, bytes) }
            }
            try fd.truncate(to: offset)
            try fd.seek(to: offset)
            let out = OutputBuffer(fd: fd, startingAt: offset)
            if offset == 0 { try out.write(CandleCSVFormat.headerBytes) }
            return out
        }
    }

    /// After a failed run: puts the file back to what its committed index describes, so that no reader finds
    /// half-appended rows. A file that was never committed is removed.
    public func rollBack(to offset: Int64) {
        guard index != nil else {
            try? fd.truncate(to: 0)
            try? FileSystem.remove(csvPath)
            return
        }
        try? fd.truncate(to: offset)
        if let savedTail, savedTail.offset == offset {
            try? fd.seek(to: offset)
            try? fd.writeAll(savedTail.bytes)
        }
        try? fd.sync()
    }

    /// Runs `body` (which appends to the buffer from `rewind`), and rolls back if it throws.
    public func appending(from offset: Int64, _ body: () throws -> Void) throws {
        do { try body() } catch {
            rollBack(to: offset)
            throw error
        }
    }

    /// What the run changed, for downstream stages: `.from(time)` of the first row that differs from what
    /// the file held before the cut, `.unchanged` when the rewritten bytes are identical, or `.unknown` when
    /// the old bytes were not kept (a cut into the final region, or a new file).
    public func firstChangedTime(newLength: Int64) throws -> StageIndex.ChangeSince {
        guard let savedTail else { return .unknown }
        let newCount = Int(newLength - savedTail.offset)
        var fresh = [UInt8](repeating: 0, count: newCount)
        let n = try fresh.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: newCount, at: savedTail.offset) }
        guard n == newCount else { return .unknown }
        let old = savedTail.bytes
        var i = 0
        while i < min(old.count, fresh.count) && old[i] == fresh[i] { i += 1 }
        if i == old.count && i == fresh.count { return .unchanged }
        // The row holding the first differing byte starts after the last newline before it.
        var rowStart = i
        while rowStart > 0 && fresh[rowStart - 1] != ASCII.newline { rowStart -= 1 }
        func time(_ bytes: [UInt8]) -> Int64? {
            guard rowStart + TimestampText.length <= bytes.count else { return nil }
            return bytes.withUnsafeBufferPointer { TimestampText.parse($0.baseAddress! + rowStart) }
        }
        switch (time(old), time(fresh)) {
        case let (a?, b?): return .from(min(a, b))
        case let (a?, nil): return .from(a)
        case let (nil, b?): return .from(b)
        default: return .unknown
        }
    }

    /// Commits `index` after `plan` records in it what the run changed (`firstChangedTime`), for downstream
    /// stages: the tail every incremental stage ends with.
    public func commit(_ out: OutputBuffer, index: StageIndex, changesOf plan: RewindPlan) throws {
        var next = index
        plan.recordChange(try firstChangedTime(newLength: out.position), in: &next)
        try commit(out, index: next)
    }

    /// Makes the appended data durable, then the index that describes it (with the checksum of its open rows).
    public func commit(_ out: OutputBuffer, index committed: StageIndex) throws {
        var newIndex = committed
        try withErrorContext(symbol: symbol, file: csvPath) {
            try out.flush()
            if try fd.size() != out.position { try fd.truncate(to: out.position) }
            var open = [UInt8](repeating: 0, count: Int(newIndex.length - newIndex.openOffset))
            let n = try open.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: newIndex.openOffset) }
            newIndex.openChecksum = StageIndex.checksum(Array(open[0..<n]))
            try fd.sync()
        }
        try IndexStore.store(newIndex, at: indexPath, previous: self.index)
        self.index = newIndex
    }
}
