// TEST-ONLY fault injection for test/faults: never set KURIL_FAULT otherwise.
//
// KURIL_FAULT=POINT:ACTION makes a build fail when it reaches POINT, so the tests can check what a
// failure at that moment leaves behind. POINT is a build step as it starts (`read`, `analyse`,
// `tables`, `charts`, `notebooks`, `report`, `manifest`, `commit`) or `renamed`: inside the commit,
// after the old folder became the backup and before the new folder took its name. ACTION is
// `throw` (an Error), `kill` (SIGKILL: no handler runs, like a power cut), or `int`, `term`, `hup`
// (that signal sent to this process, delivered as a real one would be).

/** Where a build can be made to fail (see above). */
export type FaultPoint = 'read' | 'analyse' | 'tables' | 'charts' | 'notebooks' | 'report' | 'manifest' | 'commit' | 'renamed';

const SIGNALS: Record<string, NodeJS.Signals> = { kill: 'SIGKILL', int: 'SIGINT', term: 'SIGTERM', hup: 'SIGHUP' };

/**
 * Fails here when `KURIL_FAULT` names this point (test-only; a no-op when it is unset).
 * @throws Error `injected fault at POINT` when the action is `throw`.
 */
export function faultPoint(point: FaultPoint): void {
  const spec = process.env.KURIL_FAULT;
  if (!spec) return;
  const [at, action = 'throw'] = spec.split(':');
  if (at !== point) return;
  const signal = SIGNALS[action];
  if (signal) process.kill(process.pid, signal);
  else throw new Error(`injected fault at ${point} (KURIL_FAULT, test-only)`);
}
