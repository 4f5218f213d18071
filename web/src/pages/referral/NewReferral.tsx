/**
 * A caseworker's referral: consent first (no consent, no form), the national ID's check digits
 * checked as it is typed, and the API's `errors[]` shown at each field and in a summary on top.
 */
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Heading,
  Paragraph,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { nationalIdProblem } from '../../../../domain/national-id';
import { HOMELESS_SITUATIONS, type HomelessSituation } from '../../../../domain/target-group';
import { CONSENT_PARTIES, type ConsentParty } from '../../../../domain/types';
import { api, ApiError, type FieldError, type Session } from '../../api';
import { ErrorList, fieldId } from '../../components/Errors';
import { useDraft } from '../../draft';
import { today } from '../../format';
import { Link, paths } from '../../router';
import { useTexts } from '../../texts';
import type { Texts } from '../../texts/nb';

interface Draft {
  key: string;
  consentGiven: boolean;
  consentDate: string;
  scope: ConsentParty[];
  name: string;
  nationalId: string;
  pseudonym: string;
  phone: string;
  homeless: boolean;
  substanceUse: boolean;
  mentalHealth: boolean;
  homelessSituation: HomelessSituation | '';
  exceptionReason: string;
  additional: string;
  notes: string;
}

const empty = (): Draft => ({
  key: crypto.randomUUID(),
  consentGiven: false,
  consentDate: today(),
  scope: ['assessment-team', 'hf-team'],
  name: '',
  nationalId: '',
  pseudonym: '',
  phone: '',
  homeless: false,
  substanceUse: false,
  mentalHealth: false,
  homelessSituation: '',
  exceptionReason: '',
  additional: '',
  notes: '',
});

/** The browser's own checks, in the person's words; the API checks everything again. */
export function localErrors(d: Draft, t: Texts): FieldError[] {
  const errors: FieldError[] = [];
  if (!d.consentDate) errors.push({ path: 'consent.date', message: t.referral.dateRequired });
  if (d.scope.length === 0) errors.push({ path: 'consent.scope', message: t.referral.scopeRequired });
  if (!d.name.trim()) errors.push({ path: 'person.name', message: t.referral.nameRequired });
  const idError = nationalIdMessage(d.nationalId, t);
  if (idError) errors.push({ path: 'person.nationalId', message: idError });
  else if (!d.nationalId && !d.pseudonym.trim())
    errors.push({ path: 'person.nationalId', message: t.referral.idOrPseudonym });
  return errors;
}

function nationalIdMessage(value: string, t: Texts): string | undefined {
  if (!value) return undefined;
  const problem = nationalIdProblem(value.replace(/\s/g, ''));
  if (!problem) return undefined;
  if (problem.includes('11 digits')) return t.referral.nationalIdDigits;
  if (problem.includes('control')) return t.referral.nationalIdControl;
  return t.referral.nationalIdDate;
}

export function NewReferral({ session }: { session: Session }) {
  const t = useTexts();
  const [draft, setDraft, clearDraft] = useDraft<Draft>('new-referral', empty());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [created, setCreated] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const errorAt = (path: string) => errors.find((e) => e.path === path)?.message;
  // Check digits as you type: shown once 11 digits are there, or at once for a non-digit.
  const typedId = draft.nationalId.replace(/\s/g, '');
  const liveIdError = typedId.length >= 11 || /\D/.test(typedId) ? nationalIdMessage(typedId, t) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = localErrors(draft, t);
    setErrors(local);
    if (local.length) return;
    setBusy(true);
    try {
      const body = {
        person: {
          name: draft.name.trim(),
          ...(draft.nationalId ? { nationalId: typedId } : {}),
          ...(draft.pseudonym.trim() ? { pseudonym: draft.pseudonym.trim() } : {}),
          ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
        },
        office: session.user.office,
        criteria: {
          homeless: draft.homeless,
          substanceUse: draft.substanceUse,
          mentalHealth: draft.mentalHealth,
          ...(draft.homeless && draft.homelessSituation
            ? { homelessSituation: draft.homelessSituation }
            : {}),
          ...(draft.exceptionReason.trim() ? { exceptionReason: draft.exceptionReason.trim() } : {}),
          additional: draft.additional
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        },
        consent: { given: true, date: draft.consentDate, scope: draft.scope },
        ...(draft.notes.trim() ? { notes: draft.notes.trim() } : {}),
      };
      const res = await api.createReferral(body, draft.key);
      clearDraft();
      setDraft(empty());
      setCreated(res.id);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setErrors([{ path: '(body)', message: err instanceof Error ? err.message : t.error }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Heading level={1}>{t.referral.title}</Heading>
      {created && (
        <Alert data-color="success">
          <Paragraph>{t.referral.created}</Paragraph>
          <Link href={paths.case(created)} className="ds-link">
            {t.referral.openCase}: {created}
          </Link>
        </Alert>
      )}
      <ErrorList heading={t.referral.errorSummary} errors={errors} />
      <form onSubmit={submit} noValidate className="bf-stack">
        <Fieldset>
          <Fieldset.Legend>
            <Heading level={2} data-size="sm">
              {t.referral.consentTitle}
            </Heading>
          </Fieldset.Legend>
          <Fieldset.Description>{t.referral.consentLead}</Fieldset.Description>
          <Checkbox
            id="f-consent-given"
            label={t.referral.consentGiven}
            checked={draft.consentGiven}
            onChange={(e) => set('consentGiven', e.target.checked)}
          />
        </Fieldset>
        {draft.consentGiven && (
          <>
            <Textfield
              id={fieldId('consent.date')}
              type="date"
              label={t.referral.consentDate}
              value={draft.consentDate}
              error={errorAt('consent.date')}
              onChange={(e) => set('consentDate', e.target.value)}
            />
            <Fieldset id={fieldId('consent.scope')} tabIndex={-1}>
              <Fieldset.Legend>{t.referral.consentScope}</Fieldset.Legend>
              <Fieldset.Description>{t.referral.consentScopeHelp}</Fieldset.Description>
              {CONSENT_PARTIES.map((p) => (
                <Checkbox
                  key={p}
                  label={t.parties[p]}
                  value={p}
                  checked={draft.scope.includes(p)}
                  onChange={(e) =>
                    set('scope', e.target.checked ? [...draft.scope, p] : draft.scope.filter((s) => s !== p))
                  }
                />
              ))}
              {errorAt('consent.scope') && (
                <Paragraph data-color="danger">{errorAt('consent.scope')}</Paragraph>
              )}
            </Fieldset>
            <Heading level={2} data-size="sm">
              {t.referral.person}
            </Heading>
            <Textfield
              id={fieldId('person.name')}
              label={t.referral.name}
              value={draft.name}
              autoComplete="off"
              error={errorAt('person.name')}
              onChange={(e) => set('name', e.target.value)}
            />
            <Textfield
              id={fieldId('person.nationalId')}
              label={t.referral.nationalId}
              description={t.referral.nationalIdHelp}
              inputMode="numeric"
              autoComplete="off"
              value={draft.nationalId}
              error={liveIdError ?? errorAt('person.nationalId')}
              onChange={(e) => set('nationalId', e.target.value)}
            />
            <Textfield
              id={fieldId('person.pseudonym')}
              label={t.referral.pseudonym}
              value={draft.pseudonym}
              error={errorAt('person.pseudonym')}
              onChange={(e) => set('pseudonym', e.target.value)}
            />
            <Textfield
              id={fieldId('person.phone')}
              label={t.referral.phone}
              type="tel"
              value={draft.phone}
              error={errorAt('person.phone')}
              onChange={(e) => set('phone', e.target.value)}
            />
            <Fieldset id={fieldId('criteria')} tabIndex={-1}>
              <Fieldset.Legend>{t.referral.criteria}</Fieldset.Legend>
              <Fieldset.Description>{t.referral.criteriaLead}</Fieldset.Description>
              <Checkbox
                label={t.referral.homeless}
                checked={draft.homeless}
                onChange={(e) => set('homeless', e.target.checked)}
              />
              <Checkbox
                label={t.referral.substanceUse}
                checked={draft.substanceUse}
                onChange={(e) => set('substanceUse', e.target.checked)}
              />
              <Checkbox
                label={t.referral.mentalHealth}
                checked={draft.mentalHealth}
                onChange={(e) => set('mentalHealth', e.target.checked)}
              />
              {errorAt('criteria') && <ValidationMessage>{errorAt('criteria')}</ValidationMessage>}
            </Fieldset>
            {draft.homeless && (
              <div className="ds-field">
                <label htmlFor={fieldId('criteria.homelessSituation')} className="ds-label">
                  {t.referral.homelessSituation}
                </label>
                <Select
                  id={fieldId('criteria.homelessSituation')}
                  value={draft.homelessSituation}
                  onChange={(e) => set('homelessSituation', e.target.value as HomelessSituation | '')}
                >
                  <Select.Option value="">{t.referral.homelessSituationNone}</Select.Option>
                  {HOMELESS_SITUATIONS.map((s) => (
                    <Select.Option key={s} value={s}>
                      {t.referral.homelessSituations[s]}
                    </Select.Option>
                  ))}
                </Select>
              </div>
            )}
            <Textfield
              id={fieldId('criteria.exceptionReason')}
              multiline
              rows={2}
              label={t.referral.exceptionReason}
              description={t.referral.exceptionReasonHelp}
              value={draft.exceptionReason}
              error={errorAt('criteria.exceptionReason')}
              onChange={(e) => set('exceptionReason', e.target.value)}
            />
            <Textfield
              id={fieldId('criteria.additional')}
              multiline
              rows={3}
              label={t.referral.additional}
              value={draft.additional}
              error={errorAt('criteria.additional')}
              onChange={(e) => set('additional', e.target.value)}
            />
            <Textfield
              id={fieldId('notes')}
              multiline
              rows={4}
              label={t.referral.notes}
              value={draft.notes}
              error={errorAt('notes')}
              onChange={(e) => set('notes', e.target.value)}
            />
            <div>
              <Button type="submit" disabled={busy}>
                {busy ? t.referral.submitting : t.referral.submit}
              </Button>
            </div>
          </>
        )}
      </form>
    </>
  );
}
