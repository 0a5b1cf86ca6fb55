// Reads a CSV file Otters wrote with DuckDB and with nodejs-polars, each told the column types, and prints as one
// JSON object every cell as a string (null for null), so a test can compare them exactly.
//   node read-back-csv.mjs file.csv '{"name":"string|float64|int64|boolean|timestamp", ...}'
// Timestamps are printed as microseconds since the epoch, doubles as each engine's round-trippable text.
// DuckDB needs allow_quoted_nulls=false to tell an empty string ("") from a null (an empty field).
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';

const [file, typesJson] = process.argv.slice(2);
if (!file || !typesJson) {
  console.error("usage: node read-back-csv.mjs file.csv '{\"column\":\"type\"}'");
  process.exit(2);
}

const types = JSON.parse(typesJson);
const duckType = { string: 'VARCHAR', float64: 'DOUBLE', int64: 'BIGINT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' };
const polarsType = { string: pl.Utf8, float64: pl.Float64, int64: pl.Int64, boolean: pl.Bool, timestamp: pl.Utf8 };

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const quote = s => `'${s.replaceAll("'", "''")}'`;
const columns = Object.entries(types).map(([n, t]) => `${quote(n)}: ${quote(duckType[t])}`).join(', ');
const select = Object.entries(types).map(([n, t]) => {
  const c = `"${n.replaceAll('"', '""')}"`;
  return t === 'timestamp' ? `epoch_us(${c})::VARCHAR` : `${c}::VARCHAR`;
}).join(', ');
const duckRows = (await con.runAndReadAll(
  `SELECT ${select} FROM read_csv(${quote(file)}, header = true, allow_quoted_nulls = false, columns = {${columns}})`)).getRows();

const df = pl.readCSV(file, { dtypes: Object.fromEntries(Object.entries(types).map(([n, t]) => [n, polarsType[t]])) });
const polarsColumns = Object.entries(types).map(([name, type]) => {
  let series = df.getColumn(name);
  if (type === 'timestamp') series = series.str.strptime(pl.Datetime, '%Y-%m-%dT%H:%M:%S%.fZ').cast(pl.Int64);
  if (type === 'boolean') return series.toArray().map(v => (v === null ? null : String(v)));
  return series.cast(pl.Utf8).toArray();
});
const polarsRows = Array.from({ length: df.height }, (_, i) => polarsColumns.map(c => c[i]));

console.log(JSON.stringify({ duckdb: { rows: duckRows }, polars: { rows: polarsRows } }));
