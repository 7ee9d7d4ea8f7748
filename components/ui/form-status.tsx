'use client';

/**
 * The live region of a form: success is announced politely, errors assertively. Rendered always,
 * so that screen readers notice when its text changes.
 */
export function FormStatus({ status }: { status: { kind: 'success' | 'error'; text: string } | null }) {
  return (
    <div role="status" aria-live="polite" className="min-h-0">
      {status?.kind === 'success' && (
        <p className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {status.text}
        </p>
      )}
      {status?.kind === 'error' && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {status.text}
        </p>
      )}
    </div>
  );
}
