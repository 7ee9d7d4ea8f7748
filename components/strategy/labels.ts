import { toRoman } from '@/lib/numbers';

/** "Cel I", "3.", "1." — the numbering the strategy documents use. */
export const goalNumber = (number: number) => toRoman(number);

export function postLabel(post: { postName: string } | null): string {
  return post?.postName ?? '—';
}

/** The executor as the card writes it: "Wydział Promocji i Rozwoju – Naczelnik". */
export function executorLabel(
  post: { postName: string; department: string | null; function: string | null } | null,
): string {
  if (!post) return '—';
  return post.department && post.function ? `${post.department} – ${post.function}` : post.postName;
}
