import OHLCVCore
ToolMain.run(ExtractStage.self, arguments: ExtractStage.expandingShortOptions(CommandLine.arguments))
