import OHLCVCore
ToolMain.run(ResampleStage.self)
