#if canImport(Glibc)
import Glibc
#endif

/// Where instrument metadata comes from, in order: the cache (CACHE_DIR/instruments/), the server, then the
/// shipped snapshot (catalogue/instruments.tsv; codes, descriptions, pip values and first days only).
///
/// Refresh rule: a cached answer younger than `maxAgeSeconds` (7 days) is used as it is; an older one, or any
/// with `refresh`, is asked again and replaced once the new answer parses. When the server cannot answer
/// (network down, 404, 5xx after the retries) the cached copy is used whatever its age, then the snapshot.
/// An answer that does not parse is never written and stops the run (exit 65).
public final class InstrumentSource {
    public static let maxAgeSeconds: Int64 = 7 * 86_400

    let client: JettaClient
    let urls: JettaURL
    /// CACHE_DIR/instruments, or nil: nothing is cached.
    let directory: String?
    let snapshot: String?
    let refresh: Bool
    let nowSeconds: Int64

    public init(client: JettaClient, urls: JettaURL, cacheDirectory: String?, snapshot: String?, refresh: Bool,
                nowSeconds: Int64 = Int64(time(nil))) {
        self.client = client; self.urls = urls
        self.directory = cacheDirectory.map { $0 + "/instruments" }
        self.snapshot = snapshot; self.refresh = refresh; self.nowSeconds = nowSeconds
    }

    var cataloguePath: String? { directory.map { $0 + "/catalogue.tsv" } }
    func infoPath(_ code: String) -> String? { directory.map { "\($0)/\(code).json" } }

    func isFresh(_ path: String) -> Bool {
        guard !refresh, let ns = FileSystem.modificationTime(path) else { return false }
        return nowSeconds - ns / 1_000_000_000 < InstrumentSource.maxAgeSeconds
    }

    func store(_ path: String?, _ bytes: [UInt8]) throws {
        guard let path else { return }
        try withErrorContext(file: path) {
            try FileSystem.makeDirectories(FileSystem.directoryName(path))
            try AtomicFile.replace(path, with: bytes)
        }
    }

    /// The catalogue and a few words on where it came from. Throws `.malformedJSON` when the list answer has
    /// another shape than assumed, `.noInput` when there is no server, no cache and no snapshot.
    public func catalogue() throws -> (catalogue: Catalogue, source: String) {
        if let path = cataloguePath, isFresh(path), let c = try readTSV(path) { return (c, "\(path), fetched less than 7 days ago") }
        switch client.fetchDocument(url: urls.instrumentList) {
        case .body(let bytes):
            var error: OHLCVError
            do {
                let c = try Catalogue(listAnswer: bytes)
                try store(cataloguePath, Array(c.tsv.utf8))
                return (c, "\(urls.instrumentList), now" + (cataloguePath.map { "; cached in \($0)" } ?? ""))
            } catch let e as OHLCVError { error = e }
            error.file = error.file ?? urls.instrumentList
            throw error
        case .unknownInstrument:
            return try offline(because: "the server has no instrument list (400)")
        case .unavailable(let why):
            return try offline(because: "\(urls.instrumentList): \(why)")
        }
    }

    func offline(because why: String) throws -> (catalogue: Catalogue, source: String) {
        if let path = cataloguePath, FileSystem.exists(path), let c = try readTSV(path) {
            return (c, "\(path), an older copy (\(why))")
        }
        if let snapshot, FileSystem.exists(snapshot), let c = try readTSV(snapshot) {
            return (c, "the shipped snapshot \(snapshot) (\(why))")
        }
        throw OHLCVError(.noInput(path: snapshot ?? "catalogue/instruments.tsv"), file: nil)
    }

    func readTSV(_ path: String) throws -> Catalogue? {
        let bytes = try withErrorContext(file: path) { try FileSystem.readAll(path) }
        return try Catalogue(tsv: String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// The catalogue without asking anyone: the cached copy, else the snapshot, else nil.
    public func offlineCatalogue() -> Catalogue? {
        for path in [cataloguePath, snapshot].compactMap({ $0 }) where FileSystem.exists(path) {
            if let c = try? readTSV(path) { return c }
        }
        return nil
    }

    public enum Metadata {
        case info(InstrumentInfo, source: String)
        /// The server says there is no such instrument (or it cannot answer and the catalogue lacks it).
        case unknown(String)
        /// No metadata to be had: fetch falls back to START_DATE and the weekday heuristic.
        case missing(String)
    }

    /// One instrument's details for a batch run (cached for 7 days). Throws `.malformedJSON` (65) for an
    /// answer of another shape, or one about another instrument.
    public func metadata(_ code: String) throws -> Metadata {
        let path = infoPath(code)
        if let path, isFresh(path) {
            let bytes = try withErrorContext(file: path) { try FileSystem.readAll(path) }
            if let info = try? InstrumentInfo(parsing: bytes), info.code == code { return .info(info, source: path) }
        }
        let url = urls.instrument(code)
        switch client.fetchDocument(url: url) {
        case .body(let bytes):
            let info: InstrumentInfo
            do { info = try InstrumentInfo(parsing: bytes) } catch var e as OHLCVError {
                e.file = e.file ?? url
                throw e
            }
            guard info.code == code else {
                throw OHLCVError(.malformedJSON(.otherInstrument(asked: code, answered: info.code)), file: url)
            }
            try store(path, bytes)
            return .info(info, source: url)
        case .unknownInstrument:
            return .unknown("the server answers \"Instrument not found\" for \(url)")
        case .unavailable(let why):
            if let path, FileSystem.exists(path), let bytes = try? FileSystem.readAll(path),
               let info = try? InstrumentInfo(parsing: bytes), info.code == code {
                return .info(info, source: "\(path), an older copy (\(url): \(why))")
            }
            if let catalogue = offlineCatalogue(), catalogue.entry(code: code) == nil {
                return .unknown("\(url): \(why), and the catalogue has no \(code)")
            }
            return .missing("\(url): \(why)")
        }
    }
}
