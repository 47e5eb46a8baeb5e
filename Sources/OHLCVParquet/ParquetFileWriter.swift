// Placeholder: the Parquet writer lands here (issue #4).
public enum OHLCVParquetPlaceholder {}
