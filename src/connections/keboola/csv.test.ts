import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTally, csvHead, csvShape } from './csv';

/** What csvShape answered when it parsed the whole file: the reference it must keep agreeing with. */
function parsedShape(csv: string) {
  const [header = [], ...rows] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
  return { columns: header.map((c) => String(c).trim()), rows: rows.length };
}

describe('csvShape', () => {
  it('counts the rows a parse finds: quoted line breaks, blank lines, CRLF, no final newline, quoted header', () => {
    const cases = [
      'a,b\n1,2\n3,4\n',
      'a,b\n1,2\n3,4',
      'a,b\r\n1,2\r\n\r\n3,4\r\n',
      '\n\na,b\n\n1,"x\ny"\n2,"say ""hi""\n\nthere"\n\n',
      '"id","full name"\n"1","Ann, Lee"\n',
      ' a , b \n1,2\n',
      'a,b\n',
      'a,b',
      '',
      '\n\n',
    ];
    for (const csv of cases) expect(csvShape(csv), JSON.stringify(csv)).toEqual(parsedShape(csv));
  });
});

describe('CsvTally (a CSV counted while it streams past)', () => {
  it('agrees with csvShape and csvHead however the text is cut into chunks, and passes every byte through', async () => {
    const csv = '"id","note"\r\n1,"two\nlines"\n\n2,"a ""quoted"" word"\n3,é\n4,last';
    const bytes = new TextEncoder().encode(csv);
    for (const size of [1, 2, 3, 7, bytes.length]) {
      const tally = new CsvTally();
      const chunks = (async function* () {
        for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
      })();
      const out: number[] = [];
      for await (const chunk of tally.through(chunks)) out.push(...chunk);
      expect(new TextDecoder().decode(new Uint8Array(out)), `chunks of ${size}`).toBe(csv);
      const shape = tally.shape(3);
      expect({ columns: shape.columns, rows: shape.rows }, `chunks of ${size}`).toEqual(csvShape(csv));
      expect(shape.head).toBe(csvHead(csv, 3));
    }
  });
});
