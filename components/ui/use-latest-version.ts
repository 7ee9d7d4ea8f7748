'use client';

import { useState } from 'react';

/**
 * The version a form sends with its change: the one the page was rendered with, or the one this
 * form's own last save returned, whichever is newer (versions only grow). Another admin's change
 * meanwhile is not in either, so the server answers with a conflict.
 */
export function useLatestVersion(rendered: number): [number, (saved: number) => void] {
  const [saved, setSaved] = useState(0);
  return [Math.max(rendered, saved), setSaved];
}
