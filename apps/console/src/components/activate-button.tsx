// Activate (or roll back to) a model version.
import { activateModelAction } from '../app/actions.ts';
import { ActionForm } from './action-form.tsx';

export function ActivateButton({
  shopId,
  modelVersionId,
  rollback,
}: {
  readonly shopId: string;
  readonly modelVersionId: string;
  readonly rollback: boolean;
}) {
  return (
    <ActionForm
      action={activateModelAction.bind(null, shopId, modelVersionId)}
      submitLabel={rollback ? 'Roll back to this' : 'Activate'}
      pendingLabel="Activating…"
      buttonClass="secondary"
      testId={`activate-${modelVersionId}`}
    />
  );
}
