import Link from 'next/link';
import type { ComponentProps } from 'react';

/** The in-text link's look: brand colour, underline on hover (the focus ring is global CSS). */
export const TEXT_LINK_CLASS = 'text-brand-700 underline-offset-2 hover:underline';

/** An in-text link in the app's style: brand colour, underline on hover, visible focus (global CSS). */
export function TextLink({ className = '', ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} className={`${TEXT_LINK_CLASS} ${className}`} />;
}

/**
 * A TextLink to a document that is no App Router page (the council report's print view, a route
 * handler): a plain anchor, so the browser loads it whole. Next's Link would prefetch it (building
 * the whole report for a link in view) and ask it for a React payload it does not have.
 */
export function DocumentLink({ className = '', ...props }: ComponentProps<'a'>) {
  return <a {...props} className={`${TEXT_LINK_CLASS} ${className}`} />;
}
