import type { Messages } from 'next-intl';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

export type Namespace = keyof Messages;

/**
 * Hands the browser the messages of the given namespaces (and `common`, which the header's client
 * components use), for the client components below it. Pages name what their forms need instead
 * of every page carrying the whole catalogue (≈40 kB of JSON in each HTML response).
 * tests/unit/client-messages.test.ts checks every page names what its client components use.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly Namespace[];
  children: React.ReactNode;
}) {
  const messages = await getMessages();
  const picked: Partial<Messages> = {};
  for (const namespace of ['common', ...namespaces] as const) {
    Object.assign(picked, { [namespace]: messages[namespace] });
  }
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}
