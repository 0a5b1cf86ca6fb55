// Reads a Parquet file with DuckDB and with nodejs-polars and prints, as one JSON object, each engine's
// column types and every cell as a string (null for null), so a test can compare them exactly.
//   node read-back.mjs file.parquet
// Timestamps are printed as their raw integer in the file's unit, dates as days since the epoch,
// doubles in a round-trippable decimal form.
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read-back.mjs file.parquet');
  process.exit(2);
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const quoted = file.replaceAll("'", "''");
const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${quoted}')`);
const duckTypes = Object.fromEntries(described.getRows().map(r => [r[0], String(r[1])]));
const rawExpr = (name, type) => {
  const c = `"${name.replaceAll('"', '""')}"`;
  if (type.startsWith('TIMESTAMP_NS')) return `epoch_ns(${c})::VARCHAR`;
  if (type.startsWith('TIMESTAMP_MS')) return `epoch_ms(${c})::VARCHAR`;
  if (type.startsWith('TIMESTAMP_S')) return `epoch(${c})::BIGINT::VARCHAR`;
  if (type.startsWith('TIMESTAMP')) return `epoch_us(${c})::VARCHAR`;
  if (type === 'DATE') return `(${c} - DATE '1970-01-01')::VARCHAR`;
  return `${c}::VARCHAR`;
};
const select = Object.entries(duckTypes).map(([n, t]) => rawExpr(n, t)).join(', ');
const duckRows = (await con.runAndReadAll(`SELECT ${select} FROM read_parquet('${quoted}')`)).getRows();

const df = pl.readParquet(file);
const polarsTypes = Object.fromEntries(Object.entries(df.schema).map(([n, t]) => [n, String(t)]));
const polarsColumns = df.columns.map(name => {
  const type = polarsTypes[name];
  let series = df.getColumn(name);
  if (type.includes('Datetime') || type.includes('Date')) series = series.cast(pl.Int64);
  if (type.includes('Bool')) return series.toArray().map(v => (v === null ? null : String(v)));
  return series.cast(pl.Utf8).toArray();
});
const polarsRows = Array.from({ length: df.height }, (_, i) => polarsColumns.map(c => c[i]));

console.log(JSON.stringify({
  duckdb: { types: duckTypes, rows: duckRows },
  polars: { types: polarsTypes, rows: polarsRows },
}));
