import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../er/csv';
import { afterRecords, csvPieces, mapInSlices, pagesInSlices, parseCsvInSlices, stepsInSlices, toCsvInSlices } from './slices';
import { decodedSlices } from '../workspace/utf8-slices';
import { letRequestsIn } from '../turns';
import { csvChunks, csvRowSlices } from './csv-stream';

const whole = (text: string) => {
  const parsed = Papa.parse<Record<string, string | undefined>>(text, { header: true, skipEmptyLines: 'greedy' });
  return { fields: parsed.meta.fields ?? [], data: parsed.data, errors: parsed.errors };
};

/** A seeded generator of awkward CSV: quoted commas, quotes and newlines, CRLF, blank lines, short and long rows. */
function awkwardCsv(seed: number): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pieces = ['a', 'b c', '', ' ', 'x,y', 'say "hi"', 'two\nlines', 'crlf\r\nin', '""', 'é ü', '1.5'];
  const field = () => {
    const value = pieces[Math.floor(random() * pieces.length)]!;
    return /[",\r\n]/.test(value) || random() < 0.2 ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const eol = random() < 0.5 ? '\n' : '\r\n';
  const lines = ['id,name,name,note'];
  for (let r = 0; r < 40; r++) {
    const roll = random();
    if (roll < 0.08) lines.push('');
    else if (roll < 0.12) lines.push(',,,');
    else lines.push(Array.from({ length: roll < 0.16 ? 2 : roll < 0.2 ? 5 : 4 }, field).join(','));
  }
  return lines.join(eol) + (random() < 0.5 ? eol : '');
}

describe('parseCsvInSlices', () => {
  it('gives what one Papa parse gives, rows and row errors, at every slice size (200 generated files)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = awkwardCsv(seed);
      for (const perSlice of [1, 2, 3, 7, 1000]) expect(await parseCsvInSlices(text, perSlice), `seed ${seed}, ${perSlice} per slice`).toEqual(whole(text));
    }
  });

  it('gives the same from pieces of the text, however they are cut: inside quotes, CRLFs and characters', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = awkwardCsv(seed);
      for (let at = 0; at <= text.length; at += 13) {
        expect(await parseCsvInSlices([text.slice(0, at), text.slice(at)], 3), `seed ${seed}, cut at ${at}`).toEqual(whole(text));
      }
      expect(await parseCsvInSlices(text.split(''), 2), `seed ${seed}, a character a piece`).toEqual(whole(text));
    }
  });

  it('gives the same from the bytes decoded a slice at a time, multi-byte characters split across chunks and slices', async () => {
    const text = `id,name,note\n${Array.from({ length: 30 }, (_, i) => `${i},"Zoë ${'€'.repeat(i % 4)}\u{1F600}","a ""q"", b\nline 2"`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    for (const chunk of [1, 2, 3, 5, 64]) {
      for (const slice of [1, 4, 1 << 20]) {
        const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.slice(i * chunk, (i + 1) * chunk));
        const body = new ReadableStream<Uint8Array>({ pull: (c) => void (chunks.length > 0 ? c.enqueue(chunks.shift()!) : c.close()) });
        expect(await parseCsvInSlices(decodedSlices(body, slice), 4), `chunks of ${chunk}, slices of ${slice}`).toEqual(whole(text));
      }
    }
  });

  it('reads the rest of the pieces for the one-parse fallback', async () => {
    const text = 'id,note\n1,he said "no\n2,"multi\nline"\n3,ok\n4,fine\n';
    expect(await parseCsvInSlices((async function* () { yield* text.match(/[^]{1,5}/g)!; })(), 1)).toEqual(whole(text));
  });

  it('cuts only at a newline outside quotes, so well-formed files never need the fallback', () => {
    const text = 'id,note\n1,"a\nb"\n2,"say ""x""\n"\n3,c';
    expect(afterRecords(text, 0, 1)).toBe('id,note\n'.length);
    expect(afterRecords(text, 8, 1)).toBe('id,note\n1,"a\nb"\n'.length);
    expect(afterRecords(text, 8, 2)).toBe('id,note\n1,"a\nb"\n2,"say ""x""\n"\n'.length);
    expect(afterRecords(text, 8, 5)).toBe(text.length);
  });

  it('handles a header only, with or without its newline, and an empty file', async () => {
    for (const text of ['id,name', 'id,name\n', '', '\uFEFFid,name\n1,a\n']) expect(await parseCsvInSlices(text, 1)).toEqual(whole(text));
  });

  it('falls back to one parse when a stray quote would put a cut inside a quoted field', async () => {
    const text = 'id,note\n1,he said "no\n2,"multi\nline"\n3,ok\n4,fine\n';
    expect(await parseCsvInSlices(text, 1)).toEqual(whole(text));
  });
});

describe('csvPieces', () => {
  /** What the whole-text count gave: line ends outside quotes after the header, a last record without one counted. */
  const reference = (text: string, rows: number) => {
    const headerEnd = afterRecords(text, 0, 1);
    let total = 0;
    for (let from = headerEnd; from < text.length; total++) from = afterRecords(text, from, 1);
    return { head: text.slice(0, afterRecords(text, headerEnd, rows)), rows: total };
  };

  it('counts the records and keeps the head, from one string or pieces, without joining the text', async () => {
    const texts = [...Array.from({ length: 60 }, (_, i) => awkwardCsv(i + 1)), 'id,name', 'id,name\n', '', 'id\n1\n2', 'id\n1\n\n\n', 'id\n"a\nb"\n2\n'];
    for (const text of texts) {
      for (const rows of [1, 2, 5, 1000]) {
        const expected = reference(text, rows);
        for (const source of [text, [text.slice(0, 11), text.slice(11)], text.split('')]) {
          const got = await csvPieces(source, rows);
          expect({ head: got.head.join(''), rows: got.rows }, JSON.stringify(text)).toEqual(expected);
          expect(got.pieces.join('')).toBe(text);
        }
      }
    }
  });
});

describe('slices let queued work run between them', () => {
  it('mapInSlices and parseCsvInSlices end the event-loop turn between slices, and not within one', async () => {
    let turns = 0;
    const tick = () => void turns++;
    const queue = (n: number) => Array.from({ length: n }, () => setTimeout(tick, 0));
    queue(10);
    expect(await mapInSlices([1, 2, 3, 4, 5, 6], (x) => x * 2, 2)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(turns).toBeGreaterThan(0); // two waits between three slices: the queued timers ran
    turns = 0;
    queue(10);
    await mapInSlices([1, 2, 3], (x) => x, 10);
    expect(turns).toBe(0); // one slice: nothing waited
    await letRequestsIn();
    turns = 0;
    queue(10);
    await parseCsvInSlices('id\n1\n2\n3\n4\n', 2);
    expect(turns).toBeGreaterThan(0);
  });
});

describe('stepsInSlices', () => {
  it("returns the steps' result and ends the event-loop turn at each yield", async () => {
    const order: string[] = [];
    function* steps() {
      order.push('step 1');
      yield;
      order.push('step 2');
      yield;
      order.push('step 3');
      return 42;
    }
    setTimeout(() => order.push('queued'), 0);
    expect(await stepsInSlices(steps())).toBe(42);
    expect(order.indexOf('queued')).toBeGreaterThan(0);
    expect(order.indexOf('queued')).toBeLessThan(order.indexOf('step 3'));
  });
});

describe('pagesInSlices', () => {
  it('reads every page once, in order, up to the total', async () => {
    const items = Array.from({ length: 11 }, (_, i) => i);
    const reads: [number, number][] = [];
    const read = (offset: number, limit: number) => (reads.push([offset, limit]), items.slice(offset, offset + limit));
    expect(await pagesInSlices(read, items.length, 4)).toEqual(items);
    expect(reads).toEqual([[0, 4], [4, 4], [8, 4]]);
    expect(await pagesInSlices(read, 0, 4)).toEqual([]);
  });
});

describe('toCsvInSlices', () => {
  it('writes what toCsv writes', async () => {
    const rows = [['1', 'a,b'], ['2', 'say "x"'], ['3', null], ['4', 'two\nlines']];
    expect(await toCsvInSlices(['id', 'v'], rows, 1)).toBe(toCsv(['id', 'v'], rows));
    expect(await toCsvInSlices(['id'], [], 1)).toBe(toCsv(['id'], []));
  });
});

/** Bytes in chunks of `size`, cutting records and characters anywhere, as a download may. */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let from = 0; from < bytes.byteLength; from += size) yield bytes.subarray(from, from + size);
}

async function streamed(text: string, perSlice: number, chunk: number): Promise<{ fields: string[]; data: unknown[]; slices: number }> {
  const table = { fields: [] as string[], data: [] as unknown[], slices: 0 };
  for await (const slice of csvRowSlices(chunked(text, chunk), perSlice)) {
    expect(slice.firstRow).toBe(table.data.length);
    table.fields = slice.fields;
    table.data.push(...slice.rows);
    table.slices++;
  }
  return table;
}

describe('csvRowSlices', () => {
  it('gives the rows one Papa parse gives, at every slice and chunk size (100 generated files)', async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const text = awkwardCsv(seed);
      const { fields, data } = whole(text);
      for (const [perSlice, chunk] of [[1, 1], [3, 7], [7, 64], [1000, 1 << 20]] as const) {
        expect(await streamed(text, perSlice, chunk), `seed ${seed}, ${perSlice} per slice, ${chunk}-byte chunks`).toMatchObject({ fields, data });
      }
    }
  });

  it('holds one slice: a file of 10 records comes as slices of at most 3', async () => {
    const text = toCsv(['id', 'name'], Array.from({ length: 10 }, (_, i) => [i, `n${i}`]));
    const sizes: number[] = [];
    for await (const slice of csvRowSlices(chunked(text, 5), 3)) sizes.push(slice.rows.length);
    expect(sizes).toEqual([3, 3, 3, 1]);
  });

  it('handles a header only, an empty file and a leading BOM', async () => {
    for (const text of ['id,name', 'id,name\n', '', '\uFEFFid,name\n1,a\n']) expect(await streamed(text, 1, 2)).toMatchObject({ fields: whole(text).fields, data: whole(text).data });
  });

  it('refuses a stray quote rather than guess where a record ends', async () => {
    await expect(streamed('id,note\n1,he said "no\n2,"multi\nline"\n3,ok\n4,fine\n', 1, 4)).rejects.toThrow(/Unbalanced quotes/);
  });
});

describe('csvChunks', () => {
  it('writes the bytes toCsvInSlices writes, whatever the slices', async () => {
    const rows = [['1', 'a,b'], ['2', 'say "x"'], ['3', 'two\nlines'], ['4', '']];
    for (const cuts of [[4], [1, 3], [0, 2, 0, 2], []]) {
      async function* slices() {
        let from = 0;
        for (const n of cuts) yield rows.slice(from, (from += n));
      }
      const parts: Uint8Array[] = [];
      for await (const part of csvChunks(['id', 'note'], slices())) parts.push(part);
      const expected = await toCsvInSlices(['id', 'note'], rows.slice(0, cuts.reduce((a, b) => a + b, 0)));
      expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(expected);
    }
  });
});
