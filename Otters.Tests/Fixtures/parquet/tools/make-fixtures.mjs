// Makes the Parquet fixtures Otters' reader is tested against, with engines independent of Otters.
//   cd Otters.Tests/Fixtures/parquet/tools && npm ci && node make-fixtures.mjs
// Writes ../ticks.csv (the expected values) and ../*.parquet (the same rows as other engines store them).
// CSV columns: symbol (string), price (double), volume (int64), timestamp (int64 microseconds since the
// Unix epoch, always whole milliseconds so that the millisecond files are exact), day (date, yyyy-mm-dd),
// size (int32), bid (float32-exact double), active (boolean). An empty field is null.
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import * as arrow from 'apache-arrow';
import * as wasm from 'parquet-wasm';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..');
const ROWS = 300;

// A small deterministic generator, so the fixtures are the same on every run.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'MÜNCHEN-RÜCK', '日本株'];
const base = Date.UTC(2024, 0, 2, 14, 30, 0); // ms
const rows = [];
for (let i = 0; i < ROWS; i++) {
  rows.push({
    symbol: i % 37 === 5 ? null : symbols[Math.floor(rand() * symbols.length)],
    price: i % 23 === 7 ? null : Math.round((100 + rand() * 400) * 10000) / 10000 * (i === 11 ? -1 : 1),
    volume: i % 29 === 3 ? null : BigInt(Math.floor(rand() * 1e6)) * (i === 13 ? 1000000n : 1n),
    timestamp: i % 41 === 9 ? null : BigInt(base + i * 137 + Math.floor(rand() * 100)) * 1000n,
    day: i % 43 === 1 ? null : new Date(Date.UTC(2023, 11, 28) + Math.floor(i / 20) * 86400000).toISOString().slice(0, 10),
    size: i % 31 === 2 ? null : Math.floor(rand() * 5000) - 100,
    bid: i % 19 === 4 ? null : Math.round(rand() * 4000) / 8,
    active: i % 17 === 6 ? null : rand() < 0.5,
  });
}
const csvCell = v => (v === null ? '' : String(v));
const header = 'symbol,price,volume,timestamp,day,size,bid,active';
const csv = [header, ...rows.map(r => [r.symbol, r.price, r.volume, r.timestamp, r.day, r.size, r.bid, r.active].map(csvCell).join(','))].join('\n') + '\n';
const csvPath = join(out, 'ticks.csv');
writeFileSync(csvPath, csv);

// DuckDB: dictionary pages, several row groups (a UNION ALL hands the writer 100-row chunks, which
// ROW_GROUP_SIZE 100 then cuts), each codec, each timestamp unit.
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('SET threads = 1');
await con.run(`CREATE TABLE ticks AS SELECT * FROM read_csv('${csvPath}', header = true, columns = {
  'symbol': 'VARCHAR', 'price': 'DOUBLE', 'volume': 'BIGINT', 'timestamp': 'BIGINT', 'day': 'DATE',
  'size': 'INTEGER', 'bid': 'FLOAT', 'active': 'BOOLEAN'})`);
const chunks = `(SELECT * FROM (SELECT *, row_number() OVER () AS rn FROM ticks) WHERE rn <= 100 ORDER BY rn)
  UNION ALL (SELECT * FROM (SELECT *, row_number() OVER () AS rn FROM ticks) WHERE rn > 100 AND rn <= 200 ORDER BY rn)
  UNION ALL (SELECT * FROM (SELECT *, row_number() OVER () AS rn FROM ticks) WHERE rn > 200 ORDER BY rn)`;
const duck = async (file, tsExpr, options) => {
  await con.run(`COPY (SELECT symbol, price, volume, ${tsExpr} AS timestamp, day, size, bid, active FROM (${chunks}))
    TO '${join(out, file)}' (FORMAT parquet, ROW_GROUP_SIZE 100, ${options})`);
};
await duck('duckdb_snappy_us.parquet', 'make_timestamp(timestamp)', 'COMPRESSION snappy');
await duck('duckdb_zstd_us_utc.parquet', "make_timestamp(timestamp)::TIMESTAMPTZ", 'COMPRESSION zstd');
await duck('duckdb_gzip_ms.parquet', 'make_timestamp(timestamp)::TIMESTAMP_MS', 'COMPRESSION gzip');
await duck('duckdb_none_ns.parquet', 'make_timestamp(timestamp)::TIMESTAMP_NS', 'COMPRESSION uncompressed');
await duck('duckdb_v2_us.parquet', 'make_timestamp(timestamp)', 'COMPRESSION snappy, PARQUET_VERSION v2');

// hyparquet-writer: data pages v2, strings labelled with the UTF8 converted type only, or the STRING
// logical type only; timestamps as TIMESTAMP_MILLIS (converted type) or the TIMESTAMP logical type.
const col = name => rows.map(r => r[name]);
const days = rows.map(r => (r.day === null ? null : Math.round(Date.parse(r.day) / 86400000)));
const hyparquet = (file, symbolElement, tsElement, tsData, codec) => {
  const columnData = [
    { name: 'symbol', data: col('symbol') },
    { name: 'price', data: col('price') },
    { name: 'volume', data: col('volume') },
    { name: 'timestamp', data: tsData },
    { name: 'day', data: days },
    { name: 'size', data: col('size') },
    { name: 'bid', data: col('bid') },
    { name: 'active', data: col('active') },
  ];
  const schema = [
    { name: 'root', num_children: 8 },
    { name: 'symbol', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', ...symbolElement },
    { name: 'price', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
    { name: 'volume', type: 'INT64', repetition_type: 'OPTIONAL' },
    { name: 'timestamp', type: 'INT64', repetition_type: 'OPTIONAL', ...tsElement },
    { name: 'day', type: 'INT32', repetition_type: 'OPTIONAL', converted_type: 'DATE' },
    { name: 'size', type: 'INT32', repetition_type: 'OPTIONAL' },
    { name: 'bid', type: 'FLOAT', repetition_type: 'OPTIONAL' },
    { name: 'active', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  ];
  writeFileSync(join(out, file), Buffer.from(parquetWriteBuffer({ columnData, schema, codec, rowGroupSize: 120 })));
};
hyparquet('hyparquet_utf8_ms.parquet', { converted_type: 'UTF8' }, { converted_type: 'TIMESTAMP_MILLIS' },
  rows.map(r => (r.timestamp === null ? null : r.timestamp / 1000n)), 'SNAPPY');
hyparquet('hyparquet_string_us.parquet', { logical_type: { type: 'STRING' } },
  { logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }, col('timestamp'), 'UNCOMPRESSED');

// parquet-wasm (arrow-rs): an Arrow table with nanosecond timestamps and date32 days, written as v1 and v2.
// Timestamps and days are built from typed arrays: Arrow's builders take milliseconds as doubles, which
// would round nanoseconds.
const raw = (type, values, data) => {
  const bitmap = new Uint8Array(Math.ceil(ROWS / 8));
  let nulls = 0;
  data.forEach((v, i) => { if (v === null) nulls++; else { bitmap[i >> 3] |= 1 << (i & 7); values[i] = v; } });
  return arrow.makeVector(arrow.makeData({ type, length: ROWS, nullCount: nulls, nullBitmap: bitmap, data: values }));
};
const withDay = new arrow.Table({
  symbol: arrow.vectorFromArray(col('symbol'), new arrow.Utf8()),
  price: arrow.vectorFromArray(col('price'), new arrow.Float64()),
  volume: arrow.vectorFromArray(col('volume'), new arrow.Int64()),
  timestamp: raw(new arrow.TimestampNanosecond(), new BigInt64Array(ROWS),
    rows.map(r => (r.timestamp === null ? null : r.timestamp * 1000n))),
  day: raw(new arrow.DateDay(), new Int32Array(ROWS), days),
  size: arrow.vectorFromArray(col('size'), new arrow.Int32()),
  bid: arrow.vectorFromArray(col('bid'), new arrow.Float32()),
  active: arrow.vectorFromArray(col('active'), new arrow.Bool()),
});
const wasmFile = (file, version, compression) => {
  const props = new wasm.WriterPropertiesBuilder()
    .setWriterVersion(version).setCompression(compression).setMaxRowGroupSize(128).build();
  const ipc = arrow.tableToIPC(withDay, 'stream');
  const bytes = wasm.writeParquet(wasm.Table.fromIPCStream(ipc), props);
  writeFileSync(join(out, file), Buffer.from(bytes));
};
wasmFile('parquetwasm_v1_ns.parquet', wasm.WriterVersion.V1, wasm.Compression.SNAPPY);
wasmFile('parquetwasm_v2_ns.parquet', wasm.WriterVersion.V2, wasm.Compression.ZSTD);

// A summary of what each file holds, for the commit log and for whoever reads the fixtures.
for (const f of ['duckdb_snappy_us', 'duckdb_zstd_us_utc', 'duckdb_gzip_ms', 'duckdb_none_ns', 'duckdb_v2_us',
  'hyparquet_utf8_ms', 'hyparquet_string_us', 'parquetwasm_v1_ns', 'parquetwasm_v2_ns']) {
  const path = join(out, `${f}.parquet`);
  const meta = await con.runAndReadAll(`SELECT row_group_id, path_in_schema, type, encodings, compression
    FROM parquet_metadata('${path}') ORDER BY row_group_id`);
  const check = await con.runAndReadAll(`SELECT count(*) FROM '${path}'`);
  console.log(f, readFileSync(path).length, 'bytes,', check.getRows()[0][0], 'rows,',
    new Set(meta.getRows().map(r => r[0])).size, 'row groups,',
    [...new Set(meta.getRows().map(r => `${r[1]}:${r[3]}/${r[4]}`))].join(' '));
}
