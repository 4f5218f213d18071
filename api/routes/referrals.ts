/** `POST /referrals` and `GET /referrals/:id`. */
import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { CaseInput, CaseView } from '../../domain/case';
import { referralSchema } from '../../domain/schemas/referral';
import type { Role } from '../../domain/types';
import { getCaseQuery } from '../../workflows/messages';
import type { ApiDeps } from '../app';
import { requireRole, type User } from '../auth';
import { CASE_ID_PATTERN, idempotentCaseId, newCaseId } from '../case-ids';
import { ProblemError, validationProblem } from '../problem';

/** Roles that need to see who the person is to do their part. */
const PERSONAL_ROLES: Role[] = ['caseworker', 'assessment-team', 'hf-team', 'team-lead'];

export function redactFor(user: User, view: CaseView): CaseView {
  if (user.roles.some((r) => PERSONAL_ROLES.includes(r))) return view;
  const { person: _p, notes: _n, housingWishes: _h, followUpWorker: _f, criteria: _c, ...rest } = view;
  return rest;
}

function links(id: string) {
  return { self: `/referrals/${id}` };
}

export function referralRoutes(deps: ApiDeps) {
  const router = Router();

  router.post('/', requireRole('caseworker'), async (req, res) => {
    const parsed = referralSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const referral = parsed.data;
    const user = req.user!;
    if (referral.office !== user.office) {
      throw new ProblemError(
        403,
        'Not your office',
        `a caseworker at ${user.office} cannot refer on behalf of ${referral.office}`,
      );
    }
    const municipality = deps.municipalities.forOffice(referral.office);
    if (!municipality) {
      throw new ProblemError(400, 'The request is not valid', 'unknown office', {
        errors: [{ path: 'office', message: `unknown office "${referral.office}"` }],
      });
    }
    const key = req.header('Idempotency-Key');
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ProblemError(400, 'The request is not valid', 'bad Idempotency-Key header', {
        errors: [{ path: 'header.Idempotency-Key', message: '1–200 visible ASCII characters' }],
      });
    }
    const caseId = key
      ? idempotentCaseId(municipality.id, deps.idempotencySecret, user.id, key)
      : newCaseId(municipality.id);
    const now = new Date();
    const input: CaseInput = {
      caseId,
      municipality: municipality.id,
      office: referral.office,
      referredAt: now.toISOString().slice(0, 10),
      caseworker: { id: user.id, role: 'caseworker' },
      person: referral.person,
      criteria: referral.criteria,
      consent: referral.consent,
      notes: referral.notes,
      policy: municipality.policy,
    };
    let created = true;
    try {
      await deps.client.workflow.start('caseWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: caseId,
        args: [input],
        workflowIdConflictPolicy: key ? 'USE_EXISTING' : 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(key && err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      created = false; // the same key after the case closed: still the same case
    }
    deps.log.info(
      { caseId, municipality: municipality.id, office: referral.office, idempotent: !!key },
      'referral received',
    );
    const view = await deps.client.workflow.getHandle(caseId).query(getCaseQuery);
    res
      .status(created ? 201 : 200)
      .location(`/referrals/${caseId}`)
      .json({ id: caseId, stage: view.stage, links: links(caseId) });
  });

  router.get('/:id', async (req: Request<{ id: string }>, res) => {
    const view = await loadCase(deps, req.params.id, req.user!);
    res.json({ ...redactFor(req.user!, view), links: links(view.caseId) });
  });

  return router;
}

/** Reads a case through its query; unknown and not-yours are the same 404. */
export async function loadCase(deps: ApiDeps, id: string, user: User): Promise<CaseView> {
  const notFound = new ProblemError(404, 'Case not found', `no case ${id} that you may see`);
  if (!CASE_ID_PATTERN.test(id)) throw notFound;
  let view: CaseView;
  try {
    view = await deps.client.workflow.getHandle(id).query(getCaseQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound;
    throw err;
  }
  const onlyCaseworker = user.roles.every((r) => r === 'caseworker');
  if (onlyCaseworker && view.office !== user.office) throw notFound;
  return view;
}
