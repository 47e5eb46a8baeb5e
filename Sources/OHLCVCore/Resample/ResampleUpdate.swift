/// ohlcv-resample's file mode (behaviour §5, §6): builds every timeframe of a cascade for one symbol, each
/// incrementally from its source's index.
public struct ResampleUpdate {
    /// The symbol, in file-name form (EUR-USD).
    public var symbol: String
    /// The 1-minute CSV, with its index.
    public var input: String
    /// Root of the resampled files: DIR/TF/SYM.csv, indexes in DIR/TF/index/SYM.idx.
    public var outputDirectory: String
    public var plan: CascadePlan
    public var decimals: Int
    public var alignment: TimeAlignment

    /// The CSV of a timeframe: the input for 1 minute.
    public func path(_ tf: Timeframe) -> String {
        tf == Timeframe.oneMinute ? input : "\(outputDirectory.trimmingTrailingSlash)/\(tf)/\(symbol).csv"
    }

    /// The settings recorded in a timeframe's index and checked on every run.
    public func settings(_ step: CascadePlan.Step) -> String {
        "stage=resample tf=\(step.timeframe) source=\(step.source) decimals=\(decimals) align=\(alignment)"
    }

    /// The index a rebuilt file starts from: a new lineage, nothing written yet.
    func freshIndex(_ series: SeriesFile) -> StageIndex {
        StageIndex(settings: series.settings, lineage: IndexStore.newLineage(), length: 0, openOffset: 0, openTime: nil)
    }

    /// Every step of the cascade, in build order, in as few reads as the plans allow (`CascadePass`). On a
    /// terminal: `resample: EUR-USD 5m…1Y 45%` while a pass runs, then one summary line.
    public func run() throws {
        let progress = Progress(stage: ResampleStage.name)
        var rows = 0
        var built: Set<Timeframe> = []
        for (i, step) in plan.steps.enumerated() where !built.contains(step.timeframe) {
            built.insert(step.timeframe)
            guard let pass = try CascadePass.open(step, later: plan.steps[(i + 1)...], update: self) else { continue }
            built.formUnion(pass.levels.map(\.step.timeframe))
            rows += try pass.run(symbol: symbol, progress: progress)
        }
        progress.finish("\(symbol): \(plural(plan.steps.count, "timeframe")), \(plural(rows, "row")) written")
    }
}
