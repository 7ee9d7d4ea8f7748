import { stringify } from 'csv-stringify/sync';

/*
 * The one CSV writer of the app (the indicator export and the open data files): CSV as Polish Excel
 * opens it and RFC 4180 describes it — UTF-8 with a byte order mark (Polish letters open right),
 * semicolons between fields, a decimal comma, CRLF after every record, and a field quoted when it
 * holds a semicolon, a quote or a line break (quotes doubled). csv-stringify does the quoting.
 */

/** A field: text as it is, a number with a decimal comma, an empty field for null. */
export type CsvField = string | number | null;

export function toCsv(records: readonly (readonly CsvField[])[]): string {
  return stringify(
    records.map((record) => [...record]),
    {
      bom: true,
      delimiter: ';',
      record_delimiter: 'windows',
      // csv-stringify quotes the delimiter and quotes itself; a line break in a field needs quotes too.
      quoted_match: /[\r\n]/,
      cast: { number: (value) => String(value).replace('.', ',') },
    },
  );
}
