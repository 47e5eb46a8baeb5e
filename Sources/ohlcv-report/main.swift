import OHLCVCore
// Trading schedules name their time zones (America/New_York); FoundationEssentials resolves such names only
// when FoundationInternationalization (ICU's zone data) is in the process, so this tool links it.
import FoundationInternationalization
ToolMain.run(ReportStage.self)
