// What a server action hands back to the form that called it.

export interface ActionState {
  readonly ok: boolean;
  readonly message?: string;
  readonly error?: string;
  /** Values to show once (a new key's secret); never stored anywhere by the console. */
  readonly secrets?: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** Set on every answer, so a form can tell a new answer from the previous one. */
  readonly at?: number;
}

export const idle: ActionState = { ok: true };

export const failed = (error: { message: string } | string): ActionState => ({
  ok: false,
  error: typeof error === 'string' ? error : error.message,
  at: Date.now(),
});

export const succeeded = (message: string, secrets?: ActionState['secrets']): ActionState => ({
  ok: true,
  message,
  ...(secrets ? { secrets } : {}),
  at: Date.now(),
});
