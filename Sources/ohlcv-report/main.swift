import OHLCVCore
ToolMain.run(ReportStage.self)
