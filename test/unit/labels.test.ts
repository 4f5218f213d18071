/**
 * Staff read the subject line first: every task a case can open, every alert it can raise and
 * every system an incident can name reads as Norwegian (and English) words, never a code.
 */
import { JOURNAL_KINDS } from '../../activities/archive';
import { TOPIC_KEYS, topicLabel } from '../../activities/email-templates/labels';
import { OUTBOX_SYSTEMS, TASK_KINDS } from '../../domain/pathway/state';
import { EVICTION_RISK_KINDS } from '../../domain/types';

const topics = [
  ...Object.keys(TASK_KINDS),
  ...OUTBOX_SYSTEMS,
  ...EVICTION_RISK_KINDS,
  'incident',
  'housing-lost',
];

test.each(topics)('"%s" has a label in bokmål and English', (topic) => {
  expect(TOPIC_KEYS()).toContain(topic);
  expect(topicLabel(topic, 'nb')).not.toBe(topic);
  expect(topicLabel(topic, 'en')).toMatch(/[a-z]/);
});

test('the action plan for an eviction risk has one name: on the task, in the archive and in the email', () => {
  const task = TASK_KINDS['action-plan'].title;
  expect(JOURNAL_KINDS['action-plan'].label).toBe(task);
  expect(topicLabel('action-plan', 'nb')).toBe(task.toLocaleLowerCase('nb'));
});
