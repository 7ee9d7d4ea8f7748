/** Hidden until focused: the first stop of the keyboard, past the header to the main content (WCAG 2.4.1). */
export const SKIP_LINK_CLASS =
  'no-print sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-brand-700';

/** The skip link of every page (app/layout.tsx); the print view's document writes the same markup. */
export function SkipLink({ label }: { label: string }) {
  return (
    <a href="#main" className={SKIP_LINK_CLASS}>
      {label}
    </a>
  );
}
