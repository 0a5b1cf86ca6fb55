// Prints an Arrow IPC file or stream as JSON, read with the reference apache-arrow package:
// { "schema": [{ "name", "type", "nullable" }], "batches": n, "rows": [{ column: value }] }.
// Int64 and timestamp values print as exact decimal strings of the raw stored integer, so that
// microsecond timestamps and values beyond 2^53 compare exactly; nulls print as null; floats that
// JSON cannot hold (-0, infinities, NaN) print as strings.
// Run: node dump-arrow.mjs <file.arrow|file.arrows>
import { readFileSync } from 'node:fs';
import { tableFromIPC, Type } from 'apache-arrow';

export function dumpTable(table) {
  const schema = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
  const rows = Array.from({ length: table.numRows }, () => ({}));
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    let row = 0;
    for (const data of vector.data) {
      for (let i = 0; i < data.length; i++, row++) {
        rows[row][field.name] = cell(data, i, field.type.typeId);
      }
    }
  }
  return { schema, batches: table.batches.length, rows };
}

function cell(data, i, typeId) {
  if (!data.getValid(i)) return null;
  switch (typeId) {
    case Type.Int:
    case Type.Timestamp: {
      const raw = data.values[data.offset + i];
      return data.type.bitWidth === 64 || typeof raw === 'bigint' ? BigInt(raw).toString() : raw;
    }
    case Type.Float: {
      // JSON has no -0, infinities or NaN; those print as the strings .NET's "R" format gives.
      const v = data.values[data.offset + i];
      if (Object.is(v, -0)) return '-0';
      if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      return v;
    }
    case Type.Bool: {
      const bit = data.offset + i;
      return (data.values[bit >> 3] & (1 << (bit & 7))) !== 0;
    }
    case Type.Utf8:
    case Type.LargeUtf8: {
      const offsets = data.valueOffsets;
      const from = Number(offsets[data.offset + i]);
      const to = Number(offsets[data.offset + i + 1]);
      return new TextDecoder('utf-8', { fatal: true }).decode(data.values.subarray(from, to));
    }
    case Type.Date:
      return data.values[data.offset + i];
    default:
      throw new Error(`dump-arrow does not print type ${data.type}`);
  }
}

if (process.argv[1] && process.argv[1].endsWith('dump-arrow.mjs')) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node dump-arrow.mjs <file.arrow|file.arrows>');
    process.exit(2);
  }
  const table = tableFromIPC(readFileSync(path));
  process.stdout.write(JSON.stringify(dumpTable(table)) + '\n');
}
