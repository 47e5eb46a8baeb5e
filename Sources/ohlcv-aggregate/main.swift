import OHLCVCore
ToolMain.run(AggregateStage.self)
