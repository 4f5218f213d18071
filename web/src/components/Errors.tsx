/** The error summary at the top of a form: each entry links to its field (WCAG 3.3.1). */
import { ErrorSummary } from '@digdir/designsystemet-react';
import { useEffect, useRef } from 'react';
import type { FieldError } from '../api';

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function ErrorList({ heading, errors }: { heading: string; errors: FieldError[] }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <ErrorSummary ref={ref as never} tabIndex={-1}>
      <ErrorSummary.Heading>{heading}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {errors.map((e) => (
          <ErrorSummary.Item key={e.path}>
            <ErrorSummary.Link href={`#${fieldId(e.path)}`}>{e.message}</ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
