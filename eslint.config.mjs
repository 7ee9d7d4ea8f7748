import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/*
 * The layers (README, "Architecture"): imports only point down,
 *   app → actions → components → lib → db
 * with server/ (the request's side: who is asking, page and route guards) beside actions, and
 * scripts/ on top of everything (never imported by the app). Each folder below lists what it may
 * not import; `npm run lint` fails on an upward import.
 */

/** An import path that names a top-level folder through the `@/` alias. */
const folder = (...names) => `^@/(${names.join('|')})(/|$)`;

/** A relative import that leaves its folder would slip past the alias patterns: `@/` is required. */
const parentRelative = {
  regex: '^\\.\\./',
  message: 'Import from another folder with `@/…`, so that the layer rule can see it.',
};

const layerRule = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns: [...patterns, parentRelative] }],
});

const layers = [
  {
    files: ['db/**/*.{ts,tsx}'],
    rules: layerRule([
      {
        regex: folder('lib', 'server', 'actions', 'components', 'app', 'scripts'),
        message: 'db/ is the bottom layer: the tables and the connection know nothing above them.',
      },
    ]),
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: layerRule(
      [
        {
          regex: folder('server', 'actions', 'components', 'app', 'scripts'),
          message: 'lib/ is the domain: it may import db/ only (the request side lives in server/).',
        },
        {
          regex: '^(react|react-dom|next|next-auth|next-intl/server)(/|$)|^@/i18n/request$',
          message:
            'lib/ is plain TypeScript: no React, no Next, no next-auth, no request-bound next-intl/server (put such glue in server/).',
        },
      ],
      [
        {
          // next-intl's core translator is a plain function (the command line and the tests use it
          // where no request says the language); its React hooks are not for lib/.
          name: 'next-intl',
          allowImportNames: ['createTranslator'],
          message: 'lib/ may use only createTranslator from next-intl (no hooks).',
        },
      ],
    ),
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: layerRule([
      {
        regex: folder('server', 'actions', 'app', 'scripts', 'db'),
        message:
          'components/ may import lib/ only: a server action comes in as a prop from the page, a type from lib/ (lib/enums.ts, lib/actions/result.ts).',
      },
    ]),
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: layerRule([
      {
        regex: folder('actions', 'components', 'app', 'scripts'),
        message: 'server/ (who is asking, page and route guards) may import lib/ and db/ only.',
      },
    ]),
  },
  {
    files: ['actions/**/*.{ts,tsx}'],
    rules: layerRule([
      {
        regex: folder('app', 'components', 'scripts'),
        message: 'actions/ may import server/, lib/ and db/ only.',
      },
    ]),
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: layerRule(
      [
        {
          regex: '^(drizzle-orm(/|$)|@/db/schema(/|$))',
          message: 'Routes do not query: call a lib/ function (types come from lib/enums.ts).',
        },
        {
          regex: folder('scripts'),
          message: 'scripts/ (the command line, the seed, the bench) are never part of the app.',
        },
      ],
      [
        {
          // A screen asks the permission map what it may show (can) or refuse (assertCan); it never
          // looks at roles itself.
          name: '@/lib/auth/permissions',
          allowImportNames: ['can', 'assertCan'],
          message: 'Routes ask the permission map with can()/assertCan(), never a role predicate.',
        },
      ],
    ),
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  ...layers,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      'db/migrations/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
];

export default config;
