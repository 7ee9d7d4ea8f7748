import type { ComponentProps } from 'react';

/**
 * A link in the app's style as a plain `<a>`: no client-side navigation, so no JavaScript. The public
 * pages use it (served from a cache to everyone, with no client code beyond the root layout's).
 */
export function PlainLink({ className = '', ...props }: ComponentProps<'a'> & { href: string }) {
  return <a {...props} className={`text-brand-700 underline-offset-2 hover:underline ${className}`} />;
}

/** A link component a shared table or breadcrumb trail renders its links with. */
export type LinkComponent = (props: {
  href: string;
  className?: string;
  children: React.ReactNode;
}) => React.ReactNode;
