import OHLCVCore
import OHLCVNetwork
HTTPClients.make = HTTPFetcher.init
ToolMain.run(VerifyStage.self)
