import 'server-only';
/*
 * Keeping the strategy true: coordinators (and goal owners, and the strategy office) create tasks,
 * edit every section of a card, set weights and assign executors. Every function re-checks the
 * user's posts against the program (./program-scope.ts), validates with the form's own schema and
 * writes one transaction with a version check and an audit row. One module per feature; this file
 * only gathers them for the callers that import them from here.
 */
export { assignExecutor } from './executor';
export { createTask } from './new-task';
export { type PostOption, listPostOptions } from './post-options';
export { saveTaskCard } from './task-card-save';
export { getTaskEditor } from './task-editor';
export { type TaskHistoryEntry, getTaskHistory } from './task-history';
export { getProgramWeights, saveWeights } from './weights';
