// Times DuckDB and nodejs-polars reading and writing the same 2M-tick CSV file the C# benchmark reads
// (CsvBenchmarks writes it to $TMPDIR/otters-csv-bench/ticks-2000000.csv), in the same session.
//   (cd Otters.Tests/Fixtures/parquet/tools && npm ci)     # @duckdb/node-api 1.5.5-r.5, nodejs-polars 0.24.1
//   node Otters.Benchmarks/Csv/bench.mjs [file] [runs]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'Otters.Tests', 'Fixtures', 'parquet', 'tools', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const pl = require('nodejs-polars');

const file = process.argv[2] || join(tmpdir(), 'otters-csv-bench', 'ticks-2000000.csv');
const runs = Number(process.argv[3] ?? 5);
const bytes = statSync(file).size;
const time = async (name, fn) => {
  await fn(); // warm up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(runs / 2)], minMs: times[0] };
};

// The same schema the C# side declares: no type sniffing, timestamps parsed to microseconds.
const duckColumns = "{'symbol': 'VARCHAR', 'price': 'DOUBLE', 'volume': 'BIGINT', 'timestamp': 'TIMESTAMPTZ'}";
const readDuck = `read_csv('${file}', header = true, delim = ',', columns = ${duckColumns})`;
const polarsOptions = { hasHeader: true, dtypes: { symbol: pl.Utf8, price: pl.Float64, volume: pl.Int64, timestamp: pl.Datetime('us', 'UTC') } };
const readPolars = () => pl.readCSV(file, polarsOptions);

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET TimeZone = 'UTC'");
const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${readDuck}`)).getRows()[0][0]);
const out = join(dirname(file), 'node-written.csv');
const results = [];
results.push(await time('duckdb read (count rows)', async () => {
  await con.runAndReadAll(`SELECT count(*), max(timestamp) FROM ${readDuck}`);
}));
results.push(await time('duckdb read (materialize table)', async () => {
  await con.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM ${readDuck}`);
}));
results.push(await time('polars read (readCSV)', async () => { readPolars(); }));
results.push(await time('polars read (readCSV, timestamp kept as text)', async () => {
  pl.readCSV(file, { hasHeader: true, dtypes: { ...polarsOptions.dtypes, timestamp: pl.Utf8 } });
}));
await con.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM ${readDuck}`);
const df = readPolars();
if (df.height !== rows) {
  throw new Error(`Polars read ${df.height} rows but DuckDB counted ${rows}.`);
}

results.push(await time('duckdb write (COPY to CSV)', async () => {
  await con.run(`COPY t TO '${out}' (FORMAT csv, HEADER)`);
}));
const duckOut = statSync(out).size;
results.push(await time('polars write (writeCSV)', async () => { df.writeCSV(out); }));
const polarsOut = statSync(out).size;
rmSync(out, { force: true });

const threads = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
console.log(`file ${file}: ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB; DuckDB threads: ${threads}; median of ${runs} after a warm-up`);
console.log(`written sizes: duckdb ${(duckOut / 1e6).toFixed(1)} MB, polars ${(polarsOut / 1e6).toFixed(1)} MB (MB/s below is of the input file's size)`);
for (const r of results) {
  console.log(`${r.name.padEnd(42)} ${r.medianMs.toFixed(1).padStart(8)} ms (min ${r.minMs.toFixed(1).padStart(7)})  ${(rows / r.medianMs / 1000).toFixed(2).padStart(6)} M rows/s  ${(bytes / 1e6 / (r.medianMs / 1000)).toFixed(1).padStart(7)} MB/s`);
}
