// The start page: where a session belongs.
import { redirect } from 'next/navigation';
import { currentSession } from '../lib/session.ts';

export default async function Home() {
  const session = await currentSession();
  redirect(!session ? '/sign-in' : session.role === 'operator' ? '/tenants' : '/shops');
}
