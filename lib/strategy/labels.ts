/** A post as the strategy's documents name it. */
export interface PostName {
  postName: string;
  department: string | null;
  function: string | null;
}

/**
 * The executor as a task card writes it: "Wydział Promocji i Rozwoju – Naczelnik" (the department,
 * then the function), or the post's full name when the post has no department or function.
 */
export function executorText(post: PostName): string {
  return post.department && post.function ? `${post.department} – ${post.function}` : post.postName;
}
