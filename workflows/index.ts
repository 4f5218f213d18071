/** Every workflow the worker runs. The worker bundles this file (webpack) for the sandbox. */
export { caseWorkflow } from './case';
export { digestWorkflow } from './digest';
export { placesWorkflow } from './places';
export { programmeWorkflow } from './programme';
export { taskAlertWorkflow } from './task-alert';
