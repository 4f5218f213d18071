import { Alert, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useTexts } from '../texts';

export function Loading() {
  const t = useTexts();
  return <Spinner aria-label={t.loading} />;
}

export function Failure({ error }: { error: Error }) {
  const t = useTexts();
  return (
    <Alert data-color="danger">
      <Paragraph>{error.message || t.error}</Paragraph>
    </Alert>
  );
}
