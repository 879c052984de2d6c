import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvShape } from './csv';

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
