// The training page's schedule panel: when the shop retrains by itself, when it runs next, and what the last
// check did (a run started, or nothing new to learn from), with a form to set or remove the schedule.
import Link from 'next/link';
import { ActionForm } from '../../../../components/action-form.tsx';
import { LocalTime } from '../../../../components/local-time.tsx';
import { ErrorMessage } from '../../../../components/messages.tsx';
import { load } from '../../../../lib/api.ts';
import { trainingSchedule } from '../../../../lib/schedule-operations.ts';
import { removeTrainingScheduleAction, setTrainingScheduleAction } from '../../../actions.ts';

export async function SchedulePanel({ shopId }: { readonly shopId: string }) {
  const r = await load(trainingSchedule, { shopId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The schedule could not be loaded" />;
  const s = r.data.shop?.trainingSchedule ?? null;
  return (
    <div className="panel" data-testid="schedule">
      <h3 style={{ marginTop: 0 }}>Scheduled retraining</h3>
      {s ? (
        <p>
          Retrains at <span className="mono">{s.cron}</span> ({s.timeZone}).{' '}
          {s.nextRunAt ? (
            <>
              Next check <LocalTime iso={s.nextRunAt} />.
            </>
          ) : null}{' '}
          {s.lastCheckedAt ? (
            <>
              Last check <LocalTime iso={s.lastCheckedAt} />: {s.lastOutcome}
              {s.lastRun ? (
                <>
                  {' '}
                  (<Link href={`/shops/${shopId}/training/${s.lastRun.id}`}>run {s.lastRun.status.toLowerCase()}</Link>)
                </>
              ) : null}
              .
            </>
          ) : (
            'Not checked yet.'
          )}
        </p>
      ) : (
        <p className="muted">No schedule: the shop retrains only when asked.</p>
      )}
      <ActionForm
        action={setTrainingScheduleAction.bind(null, shopId)}
        submitLabel={s ? 'Change schedule' : 'Schedule'}
        pendingLabel="Saving…"
        testId="set-schedule"
      >
        <label>
          Days
          <select name="days" defaultValue="*">
            <option value="*">every day</option>
            <option value="1-5">Monday to Friday</option>
            <option value="0">Sundays</option>
          </select>
        </label>
        <label>
          At
          <input name="hour" type="number" min={0} max={23} placeholder="3" style={{ width: 60 }} />
          :
          <input name="minute" type="number" min={0} max={59} placeholder="00" style={{ width: 60 }} />
        </label>
        <label>
          Time zone
          <input
            name="timeZone"
            placeholder="Europe/London"
            defaultValue={s?.timeZone ?? 'UTC'}
            style={{ width: 150 }}
          />
        </label>
        <label>
          or a cron pattern
          <input name="cron" placeholder="0 3 * * *" style={{ width: 110 }} />
        </label>
      </ActionForm>
      {s ? (
        <ActionForm
          action={removeTrainingScheduleAction.bind(null, shopId)}
          submitLabel="Remove schedule"
          buttonClass="secondary"
          testId="remove-schedule"
        />
      ) : null}
      <p className="small muted" style={{ marginBottom: 0 }}>
        A scheduled check that finds no event ingested since the last successful run records that and does not retrain.
      </p>
    </div>
  );
}
