/**
 * Writes the pathway diagram drawn from the code: docs/pathway.bpmn (BPMN 2.0, opens in bpmn.io
 * and Camunda Modeler) and docs/pathway.svg (shown in the README). `npm run diagram`;
 * test/unit/diagram.test.ts fails when the files in docs/ no longer match the code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathwayBpmn } from '../diagram/bpmn';
import { pathwaySvg } from '../diagram/svg';

const docs = path.resolve(__dirname, '..', 'docs');
writeFileSync(path.join(docs, 'pathway.bpmn'), pathwayBpmn());
writeFileSync(path.join(docs, 'pathway.svg'), pathwaySvg());
console.log(`wrote ${path.join(docs, 'pathway.bpmn')} and pathway.svg`);
