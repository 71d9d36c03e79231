// Sign-in with the operator token or a tenant's secret key. The key goes to a server action and from there
// into an encrypted httpOnly cookie; the page's JavaScript never holds it after submitting.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ActionForm } from '../../components/action-form.tsx';
import { currentSession } from '../../lib/session.ts';
import { signIn } from '../actions.ts';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { readonly searchParams: Promise<{ expired?: string }> }) {
  const { expired } = await searchParams;
  // With ?expired the cookie may still open but its key no longer works: stay here to sign in again.
  if (!expired && (await currentSession())) redirect('/');
  return (
    <div className="sign-in panel">
      <h1>Shopspace console</h1>
      <p className="muted">Sign in with the operator token to manage tenants, or with a tenant’s secret key.</p>
      {expired ? <div className="notice warning">The key of your session no longer works. Sign in again.</div> : null}
      <ActionForm action={signIn} submitLabel="Sign in" pendingLabel="Checking…" className="stack" testId="sign-in">
        <label>
          Operator token or secret key
          <input name="key" type="password" autoComplete="off" required placeholder="sk_live_… or op_…" />
        </label>
      </ActionForm>
    </div>
  );
}
