import OHLCVCore
ToolMain.run(VerifyStage.self)
