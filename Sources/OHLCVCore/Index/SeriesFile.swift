/// A stage's output CSV together with its index: the one place that knows how to rewind, append and commit
/// so that a crash at any instant leaves a state the next run recovers from.
///
/// The contract: rows before `index.openOffset` are final and intact; everything from there on is rebuilt
/// by the next run. Cutting back into that region is allowed at any time. Cutting below it first commits an
/// index that says so, then truncates.
public final class SeriesFile {
    public let csvPath: String
    public let indexPath: String
    public let config: String
    /// The committed index; nil for a file that has never been committed (it is then rebuilt whole).
    public private(set) var index: StageIndex?
    public let fd: FileDescriptor
    let symbol: String?

    public init(csv: String, config: String, symbol: String?) throws {
        csvPath = csv
        indexPath = IndexStore.path(forCSV: csv)
        self.config = config
        self.symbol = symbol
        try FileSystem.makeDirectories(FileSystem.directoryName(indexPath))
        try AtomicFile.removeStaleTemporary(for: indexPath)
        index = try IndexStore.load(indexPath)
        fd = try withErrorContext(file: csv) { try FileDescriptor.open(csv, .createReadWrite) }
        if let index {
            try withErrorContext(symbol: symbol, file: indexPath) {
                if index.config != config {
                    throw OHLCVError(.alignmentMismatch(configured: config, onDisk: index.config))
                }
                let size = try fd.size()
                if size < index.openOffset {
                    throw OHLCVError(.corruptIndex("it points past the end of \(csv): open-offset \(index.openOffset), file has \(size) bytes"))
                }
                if index.openOffset < CandleCSVFormat.headerLength {
                    throw OHLCVError(.corruptIndex("open-offset \(index.openOffset) is inside the CSV header"))
                }
            }
            try withErrorContext(symbol: symbol, file: csv) { try checkFinalRegion(index) }
        }
    }

    deinit { fd.close() }

    /// The header must be there and the final region must end with a whole line.
    func checkFinalRegion(_ index: StageIndex) throws {
        var head = [UInt8](repeating: 0, count: CandleCSVFormat.headerBytes.count)
        let n = try head.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: 0) }
        guard n == head.count, head == CandleCSVFormat.headerBytes else {
            throw OHLCVError(.badCSV("the header is missing or damaged"), line: 1)
        }
        var last: UInt8 = 0
        _ = try fd.read(into: &last, count: 1, at: index.openOffset - 1)
        if last != ASCII.newline {
            throw OHLCVError(.corruptIndex("open-offset \(index.openOffset) is not at the start of a row"))
        }
    }

    /// Size of the CSV on disk now.
    public func size() throws -> Int64 { try fd.size() }

    /// Cuts the CSV back to `offset` and returns a buffer that appends from there. `pending` is the index to
    /// commit first when `offset` lies inside the final region (its fields describe the cut-back state).
    public func rewind(to offset: Int64, pendingIndex pending: StageIndex?) throws -> OutputBuffer {
        try withErrorContext(symbol: symbol, file: csvPath) {
            if let index, offset < index.openOffset {
                guard let pending else { preconditionFailure("cutting into the final region needs a pending index") }
                try fd.sync()
                try IndexStore.store(pending, at: indexPath, previous: index)
                self.index = pending
            }
            try fd.truncate(to: offset)
            try fd.seek(to: offset)
            let out = OutputBuffer(fd: fd, startingAt: offset)
            if offset == 0 { try out.write(CandleCSVFormat.headerBytes) }
            return out
        }
    }

    /// Makes the appended data durable, then the index that describes it.
    public func commit(_ out: OutputBuffer, index newIndex: StageIndex) throws {
        try withErrorContext(symbol: symbol, file: csvPath) {
            try out.flush()
            if try fd.size() != out.position { try fd.truncate(to: out.position) }
            try fd.sync()
        }
        try IndexStore.store(newIndex, at: indexPath, previous: index)
        index = newIndex
    }
}
