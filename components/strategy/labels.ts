import { toRoman } from '@/lib/numbers';
import { type PostName, executorText } from '@/lib/strategy/labels';

/** "Cel I", "3.", "1." — the numbering the strategy documents use. */
export const goalNumber = (number: number) => toRoman(number);

export function postLabel(post: { postName: string } | null): string {
  return post?.postName ?? '—';
}

/** The executor as the card writes it: "Wydział Promocji i Rozwoju – Naczelnik". */
export function executorLabel(post: PostName | null): string {
  return post ? executorText(post) : '—';
}
