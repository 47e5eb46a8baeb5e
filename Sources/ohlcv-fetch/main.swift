import OHLCVCore
ToolMain.run(FetchStage.self)
