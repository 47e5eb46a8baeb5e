import OHLCVCore
import OHLCVParquetExport
ToolMain.run(ParquetStage.self, arguments: ParquetStage.expandingShortOptions(CommandLine.arguments))
