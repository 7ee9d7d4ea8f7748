/**
 * The serving processes' heap limit (scripts/serve.ts, APP_HEAP_MIB; README, "Memory").
 *
 * Node's default limit on this kind of machine is about 4 GiB, and with a limit of 2 GiB or more V8
 * lets the heap grow up to four times what survived the last full collection before it collects
 * again; below that it allows between 1.3 and 2 times (V8's heap controller). Under the bench's mixed load (issue 28) a serving
 * process kept ~80 MiB alive yet held 570–590 MiB RSS with Node's default, 370 MiB with a limit of
 * 1000 MiB, at the same throughput. The council's .docx of a 600-task strategy, the largest thing a
 * process builds, needs about 450 MiB of heap: well within 1 GiB.
 */
export function servingHeapArgs(heapMib: number): string[] {
  return heapMib > 0 ? [`--max-old-space-size=${heapMib}`] : [];
}
