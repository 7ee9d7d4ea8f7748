import schema from '@/lib/open-data/schema.json';

export const dynamic = 'force-static';

/** The JSON Schema (draft 2020-12) of every open data JSON file, kept in lib/open-data/schema.json. */
export function GET() {
  return new Response(JSON.stringify(schema, null, 2), {
    headers: {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Content-Disposition': 'inline; filename="schema.json"',
      'Access-Control-Allow-Origin': '*',
    },
  });
}
