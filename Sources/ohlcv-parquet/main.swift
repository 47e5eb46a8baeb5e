import OHLCVCore
import OHLCVParquetExport
ToolMain.run(ParquetStage.self)
