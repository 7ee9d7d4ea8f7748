import { redirect } from 'next/navigation';

/** The public pages start in Polish. */
export default function PublicRoot() {
  redirect('/public/pl');
}
