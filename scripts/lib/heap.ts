/**
 * The serving processes' heap limit (scripts/serve.ts, APP_HEAP_MIB; README, "Memory"): none by
 * default. With Node's own limit (about 4 GiB on this kind of machine) V8 lets the heap grow up to
 * four times what survived the last full collection; below a 2 GiB limit, between 1.3 and 2 times
 * (V8's heap controller). A process that only serves pages then holds much less (369 against
 * 571–583 MiB RSS after a minute of the bench's mixed load, with 1000 MiB), but after a burst of
 * large exports it sits near its limit and stays there under load, its collector working hard
 * (issue 28, BENCHMARKS.md): so a limit is the operator's choice, not the default.
 */
export function servingHeapArgs(heapMib: number): string[] {
  return heapMib > 0 ? [`--max-old-space-size=${heapMib}`] : [];
}
