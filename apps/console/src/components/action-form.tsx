'use client';
// A form bound to a server action: pending state on the button, the action's error or message below it,
// and secrets (a new key) shown once with a warning that they will not be shown again.
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { idle, type ActionState } from '../lib/action-state.ts';

export interface ActionFormProps {
  readonly action: (state: ActionState, form: FormData) => Promise<ActionState>;
  readonly submitLabel: string;
  readonly pendingLabel?: string;
  readonly children?: ReactNode;
  readonly className?: string;
  readonly buttonClass?: string;
  readonly confirm?: string;
  readonly resetOnSuccess?: boolean;
  readonly testId?: string;
}

export function ActionForm(props: ActionFormProps) {
  const [state, formAction, pending] = useActionState(props.action, idle);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (props.resetOnSuccess && state.ok && state.at) formRef.current?.reset();
  }, [state, props.resetOnSuccess]);
  return (
    <div>
      <form
        ref={formRef}
        action={formAction}
        className={props.className ?? 'inline'}
        data-testid={props.testId}
        onSubmit={(e) => {
          if (props.confirm && !window.confirm(props.confirm)) e.preventDefault();
        }}
      >
        {props.children}
        <button type="submit" disabled={pending} className={props.buttonClass}>
          {pending ? (props.pendingLabel ?? 'Working…') : props.submitLabel}
        </button>
      </form>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
      {state.message ? (
        <div className="notice ok" role="status">
          {state.message}
          {state.secrets?.map((s) => (
            <div className="secret" key={s.label}>
              <strong>{s.label}</strong>
              <code data-secret={s.label}>{s.value}</code>
            </div>
          ))}
          {state.secrets?.length ? (
            <div className="small">Copy these now: they are stored hashed and will not be shown again.</div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
