import { publicLocale } from '@/server/public-page';

/** The public pages: no session, no sign-out; the language comes from the URL (proxy.ts, i18n/request.ts). */
export default async function PublicLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ lang: string }>;
}) {
  publicLocale((await params).lang);
  return children;
}
