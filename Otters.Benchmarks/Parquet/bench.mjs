// Times DuckDB and nodejs-polars reading and writing the same 2M-tick Parquet file the C# benchmark
// reads (ParquetBenchmarks writes it to $TMPDIR/otters-parquet-bench/ticks.parquet), in the same run.
//   (cd Otters.Tests/Fixtures/parquet/tools && npm ci)
//   node Otters.Benchmarks/Parquet/bench.mjs [file]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'Otters.Tests', 'Fixtures', 'parquet', 'tools', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const pl = require('nodejs-polars');

const file = process.argv[2] ?? join(tmpdir(), 'otters-parquet-bench', 'ticks.parquet');
const bytes = statSync(file).size;
const time = async (name, fn, runs = 5) => {
  await fn(); // warm up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(runs / 2)] };
};

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM '${file}'`)).getRows()[0][0]);
const out = join(dirname(file), 'node-written.parquet');
const results = [];
results.push(await time('duckdb read (materialize table)', async () => {
  await con.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM read_parquet('${file}')`);
}));
results.push(await time('polars read (readParquet)', async () => { pl.readParquet(file); }));
await con.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM read_parquet('${file}')`);
const df = pl.readParquet(file);
results.push(await time('duckdb write (COPY, snappy)', async () => {
  await con.run(`COPY t TO '${out}' (FORMAT parquet, COMPRESSION snappy)`);
}));
results.push(await time('polars write (writeParquet, snappy)', async () => { df.writeParquet(out, { compression: 'snappy' }); }));
rmSync(out, { force: true });

const threads = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
console.log(`file ${file}: ${rows} rows, ${(bytes / 1048576).toFixed(1)} MiB; DuckDB threads: ${threads}`);
for (const r of results) {
  console.log(`${r.name.padEnd(38)} ${r.medianMs.toFixed(1).padStart(8)} ms  ${(rows / r.medianMs / 1000).toFixed(2).padStart(7)} M rows/s  ${(bytes / 1048576 / (r.medianMs / 1000)).toFixed(1).padStart(7)} MiB/s`);
}
