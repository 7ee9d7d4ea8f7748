import Link from 'next/link';
import type { ComponentProps } from 'react';

/** An in-text link in the app's style: brand colour, underline on hover, visible focus (global CSS). */
export function TextLink({ className = '', ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} className={`text-brand-700 underline-offset-2 hover:underline ${className}`} />;
}
