// Makes the Arrow IPC fixtures in ../ from ../ticks.csv with the reference apache-arrow package,
// so that Otters' reader is checked against an independent writer.
// Run: npm ci && node make-fixtures.mjs   (in this folder)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Bool, DateDay, Field, Float32, Float64, Int8, Int16, Int32, Int64, LargeUtf8, Uint8, Uint16, Uint32, Schema, Table, TimeUnit, Timestamp, Utf8,
  makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray, RecordBatch, Struct,
} from 'apache-arrow';
import { dumpTable } from './dump-arrow.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..');

// A small CSV reader: quoted fields may hold commas; an empty unquoted cell is null, "" is ''.
function parseCsv(text) {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const rows = lines.map((line) => {
    const cells = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1; let s = '';
        while (line[j] !== '"') { s += line[j]; j++; }
        cells.push(s); i = j + 2;
      } else {
        let j = line.indexOf(',', i); if (j < 0) j = line.length;
        const cell = line.slice(i, j);
        cells.push(cell === '' ? null : cell); i = j + 1;
      }
    }
    return cells;
  });
  return { header: rows[0], rows: rows.slice(1) };
}

// Microseconds since the epoch from an ISO 8601 UTC string, exact beyond 2^53.
function isoToMicros(iso) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  const seconds = BigInt(Date.parse(m[1] + 'Z')) / 1000n;
  const fraction = BigInt((m[2] ?? '').padEnd(6, '0'));
  return seconds * 1000000n + fraction;
}

function validity(values) {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8) || 1);
  values.forEach((v, i) => { if (v !== null) bitmap[i >> 3] |= 1 << (i & 7); });
  return bitmap;
}

function nullCount(values) { return values.filter((v) => v === null).length; }

function int64Vector(type, values) {
  const data = new BigInt64Array(values.length);
  values.forEach((v, i) => { data[i] = v ?? 0n; });
  return makeVector(makeData({ type, length: values.length, nullCount: nullCount(values), nullBitmap: validity(values), data }));
}

const { rows } = parseCsv(readFileSync(join(here, '..', 'ticks.csv'), 'utf8'));
const col = (i, f) => rows.map((r) => (r[i] === null ? null : f(r[i])));
const columns = {
  symbol: col(0, (s) => s),
  price: col(1, Number),
  volume: col(2, BigInt),
  ts: col(3, isoToMicros),
  level: col(4, Number),
  buy: col(5, (s) => s === 'true'),
};

function makeBatches(variant) {
  const tsType = variant === 'legacy' ? new Timestamp(TimeUnit.MILLISECOND) : new Timestamp(TimeUnit.MICROSECOND, 'UTC');
  const priceType = variant === 'legacy' ? new Float32() : new Float64();
  const fields = [
    new Field('symbol', new Utf8(), true),
    new Field('price', priceType, true),
    new Field('volume', new Int64(), true),
    new Field('ts', tsType, true),
    new Field('level', new Int32(), true),
    new Field('buy', new Bool(), true),
  ];
  const schema = new Schema(fields);
  // Two batches (rows 0-5 and 6-9) so that readers must carry state across batches.
  const cuts = [[0, 6], [6, rows.length]];
  return cuts.map(([from, to]) => {
    const part = (values) => values.slice(from, to);
    const ts = variant === 'legacy' ? part(columns.ts).map((v) => (v === null ? null : v / 1000n)) : part(columns.ts);
    const children = [
      vectorFromArray(part(columns.symbol), new Utf8()),
      vectorFromArray(part(columns.price), priceType),
      int64Vector(new Int64(), part(columns.volume)),
      int64Vector(tsType, ts),
      vectorFromArray(part(columns.level), new Int32()),
      vectorFromArray(part(columns.buy), new Bool()),
    ].map((v) => v.data[0]);
    const data = makeData({ type: new Struct(fields), length: to - from, nullCount: 0, children });
    return new RecordBatch(schema, data);
  });
}

// Each fixture gets <name>.expected.json: the cells as apache-arrow itself reads the bytes back.
function write(name, table, format) {
  const bytes = tableToIPC(table, format);
  writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, name + '.expected.json'), JSON.stringify(dumpTable(tableFromIPC(bytes)), null, 1) + '\n');
}

const table = new Table(makeBatches('utc'));
write('ticks.arrow', table, 'file');
write('ticks.arrows', table, 'stream');
write('ticks_float32_naive_ms.arrows', new Table(makeBatches('legacy')), 'stream');
write('empty.arrows', new Table(table.schema), 'stream');

// Types Otters widens on read: large_utf8 to string, narrow and unsigned ints to int32/int64.
const widening = [
  ['large', new LargeUtf8(), ['a', null, '', 'ünï ✓', 'z']],
  ['i8', new Int8(), [-128, 127, null, 0, -1]],
  ['i16', new Int16(), [-32768, 32767, 5, null, -1]],
  ['u8', new Uint8(), [0, 255, null, 1, 128]],
  ['u16', new Uint16(), [65535, 0, 1, 2, null]],
  ['u32', new Uint32(), [4294967295, 0, null, 2147483648, 7]],
];
const wideFields = widening.map(([name, type]) => new Field(name, type, true));
const wideData = makeData({
  type: new Struct(wideFields), length: 5, nullCount: 0,
  children: widening.map(([, type, values]) => vectorFromArray(values, type).data[0]),
});
write('widening.arrows', new Table([new RecordBatch(new Schema(wideFields), wideData)]), 'stream');

// A type Otters does not read, to check the error names the column and type.
write('unsupported_date.arrow', new Table({ day: vectorFromArray([1, 2], new DateDay()) }), 'file');
console.log(`wrote ${rows.length} rows in ${table.batches.length} batches`);
