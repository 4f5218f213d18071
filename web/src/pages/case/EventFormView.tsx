/** One event's form: fields from its definition, the API's field errors at each field, a 409 as the API's sentence. */
import {
  Alert,
  Button,
  Checkbox,
  Details,
  Fieldset,
  Paragraph,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type FieldError } from '../../api';
import { ErrorList, fieldId } from '../../components/Errors';
import { useDraft } from '../../draft';
import { today } from '../../format';
import { useTexts } from '../../texts';
import type { EventForm } from './events';

export function EventFormView({
  caseId,
  form,
  onDone,
}: {
  caseId: string;
  form: EventForm;
  /** Called once the API took the event; the form stays busy until the page shows the change. */
  onDone: () => Promise<void>;
}) {
  const t = useTexts();
  const initial = Object.fromEntries(
    form.fields.map((f) => [
      f.name,
      f.initial !== undefined
        ? f.initial
        : f.type === 'checkbox'
          ? false
          : f.type === 'date' && !f.optional
            ? today()
            : f.type === 'select'
              ? f.options![0][0]
              : '',
    ]),
  );
  const [values, setValues, clear] = useDraft<Record<string, string | boolean>>(
    `${caseId}:${form.key}`,
    initial,
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflict, setConflict] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = (name: string) => fieldId(`${form.key}.${name}`);
  const errorAt = (name: string) => errors.find((e) => e.path === `${form.key}.${name}`)?.message;
  /** The field an error of the API names: the one whose path in the body it names most closely, else by its last part. */
  const fieldOf = (path: string) =>
    form.fields
      .filter((f) => f.apiPath !== undefined && (path === f.apiPath || path.startsWith(`${f.apiPath}.`)))
      .sort((a, b) => b.apiPath!.length - a.apiPath!.length)[0] ??
    form.fields.find((f) => path === f.name || path.endsWith(`.${f.name}`));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setConflict(undefined);
    try {
      await api.event(caseId, form.path, form.body(values));
      clear();
      setErrors([]);
      await onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err.detail ?? err.title);
      else if (err instanceof ApiError && err.errors.length)
        setErrors(
          err.errors.map((fe) => {
            const field = fieldOf(fe.path);
            return {
              path: `${form.key}.${field?.name ?? fe.path}`,
              message: `${field?.label ?? fe.path}: ${fe.message}`,
            };
          }),
        );
      else setConflict(err instanceof Error ? err.message : t.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Details>
      <Details.Summary>{form.title}</Details.Summary>
      <Details.Content>
        <form onSubmit={submit} noValidate className="bf-stack">
          {conflict && (
            <Alert data-color="warning">
              <Paragraph>
                {t.case.conflict}: {conflict}
              </Paragraph>
            </Alert>
          )}
          <ErrorList heading={t.referral.errorSummary} errors={errors} />
          {form.fields.map((f) => {
            if (f.showIf && !f.showIf(values)) return null;
            const v = values[f.name];
            const error = errorAt(f.name);
            if (f.type === 'checkbox')
              return (
                <Checkbox
                  key={f.name}
                  id={id(f.name)}
                  label={f.label}
                  checked={v === true}
                  error={error}
                  onChange={(e) => setValues({ ...values, [f.name]: e.target.checked })}
                />
              );
            if (f.type === 'select')
              return (
                <div key={f.name} className="ds-field">
                  <label htmlFor={id(f.name)} className="ds-label">
                    {f.label}
                  </label>
                  <Select
                    id={id(f.name)}
                    value={String(v)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id(f.name)}-error` : undefined}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  >
                    {f.options!.map(([ov, ol]) => (
                      <Select.Option key={ov} value={ov}>
                        {ol}
                      </Select.Option>
                    ))}
                  </Select>
                  {error && <ValidationMessage id={`${id(f.name)}-error`}>{error}</ValidationMessage>}
                </div>
              );
            if (f.type === 'checkboxes') {
              const chosen = String(v).split(',').filter(Boolean);
              return (
                <Fieldset key={f.name} id={id(f.name)} tabIndex={-1}>
                  <Fieldset.Legend>{f.label}</Fieldset.Legend>
                  {f.options!.map(([ov, ol]) => (
                    <Checkbox
                      key={ov}
                      label={ol}
                      value={ov}
                      checked={chosen.includes(ov)}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) =>
                        setValues({
                          ...values,
                          [f.name]: f
                            .options!.map(([o]) => o)
                            .filter((o) => (o === ov ? e.target.checked : chosen.includes(o)))
                            .join(','),
                        })
                      }
                    />
                  ))}
                  {error && <ValidationMessage>{error}</ValidationMessage>}
                </Fieldset>
              );
            }
            const common = {
              id: id(f.name),
              label: f.label,
              value: String(v ?? ''),
              error,
            };
            if (f.type === 'textarea')
              return (
                <Textfield
                  key={f.name}
                  {...common}
                  multiline
                  onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                />
              );
            return (
              <Textfield
                key={f.name}
                {...common}
                type={f.type}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            );
          })}
          <div>
            <Button type="submit" disabled={busy}>
              {t.events.submit}
            </Button>
          </div>
        </form>
      </Details.Content>
    </Details>
  );
}
