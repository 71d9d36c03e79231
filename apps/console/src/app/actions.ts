'use server';
// Server actions: every change the console makes, each one GraphQL mutation with the session's key.
// Next checks the Origin of action requests, and the session cookie is SameSite=Lax.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { failed, succeeded, type ActionState } from '../lib/action-state.ts';
import { query } from '../lib/api.ts';
import { ApiError, request } from '../lib/graphql-client.ts';
import * as ops from '../lib/operations.ts';
import * as scheduleOps from '../lib/schedule-operations.ts';
import * as responseOps from '../lib/response-operations.ts';
import { endSession, requireSession, startSession } from '../lib/session.ts';
import { parseExperimentForm, parseTrainingForm } from '../lib/forms.ts';

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

export async function signIn(_state: ActionState, form: FormData): Promise<ActionState> {
  const key = text(form, 'key');
  if (!key) return failed('Enter the operator token or a secret key.');
  let tenants: ReadonlyArray<{ id: string; name: string }>;
  try {
    tenants = (await request(key, ops.whoAmI, {})).tenants;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'UNAUTHENTICATED') return failed('This key is not valid: it is unknown or has been revoked.');
    if (error.code === 'FORBIDDEN')
      return failed('A publishable key cannot sign in: use a secret key (sk_…) or the operator token.');
    return failed(error);
  }
  let role: 'operator' | 'tenant';
  try {
    await request(key, ops.probeSecretKey, {});
    role = 'tenant';
  } catch (error) {
    if (error instanceof ApiError && error.code === 'FORBIDDEN') role = 'operator';
    else if (error instanceof ApiError) return failed(error);
    else throw error;
  }
  if (role === 'tenant') {
    const tenant = tenants[0];
    if (!tenant) return failed('This key belongs to no tenant.');
    await startSession({ role, key, tenantId: tenant.id, tenantName: tenant.name });
    redirect('/shops');
  }
  await startSession({ role, key });
  redirect('/tenants');
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect('/sign-in');
}

export async function createTenantAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const name = text(form, 'name');
  if (!name) return failed('Give the tenant a name.');
  const r = await query(ops.createTenant, { name });
  if (!r.ok) return failed(r.error);
  revalidatePath('/tenants');
  const p = r.data.createTenant;
  return succeeded(`Tenant “${p.tenant.name}” created.`, [
    { label: 'Secret key', value: p.secretKey },
    { label: 'Publishable key', value: p.publishableKey },
  ]);
}

export async function createShopAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const handle = text(form, 'handle');
  const name = text(form, 'name') || handle;
  const currency = text(form, 'currency').toUpperCase() || 'EUR';
  if (!handle) return failed('A shop needs a handle, such as "uk".');
  const r = await query(ops.createShop, { input: { handle, name, currency } });
  if (!r.ok) return failed(r.error);
  revalidatePath('/shops');
  return succeeded(`Shop “${r.data.createShop.handle}” created.`);
}

export async function createApiKeyAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const kind = text(form, 'kind') === 'PUBLISHABLE' ? 'PUBLISHABLE' : 'SECRET';
  const label = text(form, 'label') || null;
  const r = await query(ops.createApiKey, { kind, label });
  if (!r.ok) return failed(r.error);
  revalidatePath('/keys');
  return succeeded(
    `${kind === 'SECRET' ? 'Secret' : 'Publishable'} key ${r.data.createApiKey.apiKey.prefix}… created.`,
    [{ label: kind === 'SECRET' ? 'Secret key' : 'Publishable key', value: r.data.createApiKey.secret }],
  );
}

export async function revokeApiKeyAction(id: string): Promise<ActionState> {
  const r = await query(ops.revokeApiKey, { id });
  if (!r.ok) return failed(r.error);
  revalidatePath('/keys');
  return succeeded('Key revoked.');
}

export async function startTrainingAction(shopId: string, _state: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseTrainingForm(form);
  if (!parsed.ok) return failed(parsed.error);
  const r = await query(ops.startTraining, { shopId, config: parsed.value });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  redirect(`/shops/${encodeURIComponent(shopId)}/training/${encodeURIComponent(r.data.startTraining.id)}`);
}

export async function cancelTrainingAction(shopId: string, id: string): Promise<ActionState> {
  const r = await query(ops.cancelTraining, { id });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  return succeeded('Cancellation requested.');
}

export async function activateModelAction(shopId: string, modelVersionId: string): Promise<ActionState> {
  const r = await query(ops.activateModel, { id: modelVersionId });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}`, 'layout');
  return succeeded('Model version activated: the API serves it within a few seconds.');
}

export async function createExperimentAction(
  shopId: string,
  _state: ActionState,
  form: FormData,
): Promise<ActionState> {
  const parsed = parseExperimentForm(form);
  if (!parsed.ok) return failed(parsed.error);
  const r = await query(ops.createExperiment, { input: { shopId, ...parsed.value } });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/experiments`);
  redirect(`/shops/${encodeURIComponent(shopId)}/experiments/${encodeURIComponent(r.data.createExperiment.id)}`);
}

export async function startExperimentAction(shopId: string, id: string): Promise<ActionState> {
  const r = await query(ops.startExperiment, { id });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/experiments`, 'layout');
  return succeeded('Experiment started: traffic on its placement is now split between the variants.');
}

export async function stopExperimentAction(shopId: string, id: string): Promise<ActionState> {
  const r = await query(ops.stopExperiment, { id });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/experiments`, 'layout');
  return succeeded('Experiment stopped: the placement serves its default again.');
}

export async function startAlignmentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const shopIds = form.getAll('shopId').filter((v): v is string => typeof v === 'string' && v !== '');
  if (shopIds.length < 2) return failed('Pick at least two shops to align.');
  const r = await query(ops.startAlignment, { shopIds });
  if (!r.ok)
    return failed(r.error.code === 'NOT_SUPPORTED' ? 'Alignment is not available in this API yet.' : r.error.message);
  revalidatePath('/alignment');
  redirect(`/alignment?run=${encodeURIComponent(r.data.startAlignment.id)}`);
}

/** Used by pages that need to know the role before rendering actions. */
export async function sessionRole(): Promise<'operator' | 'tenant'> {
  return (await requireSession()).role;
}

export async function setTrainingScheduleAction(
  shopId: string,
  _state: ActionState,
  form: FormData,
): Promise<ActionState> {
  const hour = Number(text(form, 'hour') || '3');
  const minute = Number(text(form, 'minute') || '0');
  const days = text(form, 'days') || '*';
  const cron = text(form, 'cron') || `${minute} ${hour} * * ${days}`;
  const timeZone = text(form, 'timeZone') || 'UTC';
  const r = await query(scheduleOps.setTrainingSchedule, { shopId, schedule: { cron, timeZone } });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  return succeeded(`Scheduled: “${r.data.setTrainingSchedule.cron}” in ${r.data.setTrainingSchedule.timeZone}.`);
}

export async function removeTrainingScheduleAction(shopId: string): Promise<ActionState> {
  const r = await query(scheduleOps.removeTrainingSchedule, { shopId });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  return succeeded(r.data.removeTrainingSchedule ? 'Schedule removed.' : 'The shop had no schedule.');
}

export async function refitResponseAction(shopId: string): Promise<ActionState> {
  const r = await query(responseOps.refitResponseModel, { shopId });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  return succeeded('Refit queued: it appears here when the worker has run it.');
}

export async function scheduleResponseAction(shopId: string): Promise<ActionState> {
  const r = await query(responseOps.setResponseSchedule, { shopId });
  if (!r.ok) return failed(r.error);
  revalidatePath(`/shops/${shopId}/training`);
  return succeeded('The response model is refit every day at 03:30 UTC.');
}
