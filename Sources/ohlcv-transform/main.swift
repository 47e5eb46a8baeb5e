import OHLCVCore
ToolMain.run(TransformStage.self)
