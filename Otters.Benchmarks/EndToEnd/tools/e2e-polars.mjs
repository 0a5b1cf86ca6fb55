// The end-to-end reference: the same work as Otters' e2e benchmark, in nodejs-polars.
// usage: node e2e-polars.mjs input.csv output.csv [typed|text]   -> prints {"seconds":..,"rows":..,"peakMB":..}
// typed parses the timestamp column into a Datetime (as Otters' typed schema does); text (the default) keeps it a string.
import pl from "nodejs-polars";

const [input, output, timestamps = "text"] = process.argv.slice(2);
const started = process.hrtime.bigint();
const df = pl.readCSV(input, { tryParseDates: timestamps === "typed" });
const price = pl.col("price");
const result = df.withColumns(
  price.rollingMean(20).over("symbol").alias("rolling_mean"),
  price.rollingStd({ windowSize: 20, ddof: 1 }).over("symbol").alias("rolling_std"),
  price.sub(price.rollingMean(100)).div(price.rollingStd({ windowSize: 100, ddof: 1 })).over("symbol").alias("zscore"),
  price.ewmMean({ alpha: 2 / 21, adjust: false, ignoreNulls: true }).over("symbol").alias("ema"),
);
result.writeCSV(output);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, rows: result.height, peakMB: process.resourceUsage().maxRSS / 1024 }));
