import OHLCVCore
ToolMain.run(ParquetStage.self, arguments: ParquetStage.expandingShortOptions(CommandLine.arguments))
