import OHLCVCore
ToolMain.run(ConfigStage.self)
