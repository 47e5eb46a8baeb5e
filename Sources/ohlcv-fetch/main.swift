import OHLCVCore
import OHLCVNetwork
HTTPClients.make = HTTPFetcher.init
ToolMain.run(FetchStage.self)
