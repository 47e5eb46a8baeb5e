public enum OHLCVTestSupportPlaceholder {}
