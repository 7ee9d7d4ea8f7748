import createNextIntlPlugin from 'next-intl/plugin';

// The message files are precompiled by the build (ICU → a compact form): pages and the browser then
// format with use-intl's format-only formatter, and the browser gets no ICU parser (issue 28). Code
// must format messages through next-intl's translator (createTranslator, getTranslations, …), never
// read a message as text; tests/unit/precompiled-messages.test.ts checks that both forms read alike.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './i18n/request.ts',
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite must stay a plain Node module: bundled, its wasm files break at run time and
  // get copied into publicly served static media (see STACK.md). resvg (charts as PNG in the
  // council's .docx) is a native addon: loaded by Node, never bundled. drizzle-orm: one copy for
  // the whole process. Bundled, each of the build's chunks had its own, while the database (cached
  // on globalThis, lib/db.ts) is opened by one of them or by scripts/serve.ts: the result mapper's
  // `is(field, Column)` then missed `instanceof` on every field of every row and walked the class
  // chain instead, ~50 ms of the council report's print view (issue 28).
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-pg18',
    '@node-rs/argon2',
    '@resvg/resvg-js',
    'drizzle-orm',
  ],
  poweredByHeader: false,
  // Server actions keep Next's defaults (the Origin's host must be the X-Forwarded-Host or Host, a
  // body of at most 1 MB): the production server's edge (scripts/lib/edge.ts) applies these rules
  // before Next, with their statuses (403, 413), so a change belongs there, not in
  // experimental.serverActions here.
  // `forbidden()` from next/navigation: a refused page answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  // Pages, API routes and redirects get their headers (and a per-request CSP nonce) in proxy.ts;
  // the build's static files skip the proxy and get fixed ones here. They are scripts, styles and
  // fonts, never documents, so their policy allows nothing at all.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          {
            key: 'Content-Security-Policy',
            value:
              "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
