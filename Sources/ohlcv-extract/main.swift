import OHLCVCore
ToolMain.run(ExtractStage.self)
