/// The one line a run prints when the run before it did not finish (killed, or failed): when that run
/// started, what of it was removed, and which symbols it left mid-pipeline (their files are cut back to their
/// last commit by the stages and rebuilt by this run). Pure.
public struct RecoveryNote: Equatable {
    public var unfinishedSince: String?
    public var removedTemporaryFiles: Int
    public var symbolsMidPipeline: [String]
    /// False for a run that builds nothing (make csv): the symbols are rebuilt by the next run that builds.
    public var rebuildsNow: Bool

    public init(unfinishedSince: String?, removedTemporaryFiles: Int, symbolsMidPipeline: [String], rebuildsNow: Bool = true) {
        self.unfinishedSince = unfinishedSince
        self.removedTemporaryFiles = removedTemporaryFiles
        self.symbolsMidPipeline = symbolsMidPipeline
        self.rebuildsNow = rebuildsNow
    }

    public var line: String {
        var text = "recovery: the last run" + (unfinishedSince.map { " (started \($0) UTC)" } ?? "") + " did not finish"
        let n = removedTemporaryFiles
        text += n == 0 ? "; it left no temporary file" : "; removed the \(plural(n, "temporary file")) it left"
        if !symbolsMidPipeline.isEmpty {
            let one = symbolsMidPipeline.count == 1
            text += "; \(RunSummary.names(symbolsMidPipeline)) \(one ? "was" : "were") mid-pipeline: "
                + (rebuildsNow ? "this run" : "the next make all") + " cuts \(one ? "its" : "their") files back to the last"
                + " commit and rebuilds from there"
        } else if rebuildsNow {
            text += "; this run redoes its work from the last commit"
        }
        return text
    }
}
