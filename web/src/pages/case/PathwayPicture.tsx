/**
 * Where the case is, drawn from the domain's stage model (domain/stages.ts): the stages in the
 * model's order, those before the current one marked done, the current one highlighted, and the
 * next deadline. Stages that branch off the main line (closing after a "no") appear only when the
 * case is in one.
 */
import { Paragraph } from '@digdir/designsystemet-react';
import { STAGES, TERMINAL_STAGES, type Stage } from '../../../../domain/stages';
import { date } from '../../format';
import { useTexts } from '../../texts';

/** Side exits of the model: a case reaches them instead of the next stage on the line. */
const BRANCHES: readonly Stage[] = [
  'not-relevant',
  'no-place',
  ...TERMINAL_STAGES.filter((s) => s !== 'exited'),
];

export function pathwayFor(current: Stage): { stage: Stage; state: 'passed' | 'current' | 'ahead' }[] {
  const line = STAGES.filter((s) => s === current || !BRANCHES.includes(s));
  const at = line.indexOf(current);
  return line.map((stage, i) => ({ stage, state: i < at ? 'passed' : i === at ? 'current' : 'ahead' }));
}

export function PathwayPicture({ stage, nextDueAt }: { stage: Stage; nextDueAt?: string }) {
  const t = useTexts();
  const states = { passed: t.case.passed, current: t.case.current, ahead: t.case.ahead };
  return (
    <section aria-labelledby="where">
      <h2 id="where" className="ds-heading" data-size="sm">
        {t.case.where}
      </h2>
      <ol className="bf-pathway">
        {pathwayFor(stage).map((s) => (
          <li key={s.stage} data-state={s.state} aria-current={s.state === 'current' ? 'step' : undefined}>
            {t.stages[s.stage]} <span className="bf-skip">({states[s.state]})</span>
          </li>
        ))}
      </ol>
      <Paragraph>
        {t.case.nextDue}: {date(nextDueAt, t.lang)}
      </Paragraph>
    </section>
  );
}
