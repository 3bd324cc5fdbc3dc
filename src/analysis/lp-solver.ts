import highsModule from 'highs';

// The package's types describe its CommonJS build (a module whose `default` is the loader); imported as
// ES module, the default export is the loader itself. Take whichever this runtime gives.
type Loader = typeof highsModule.default;
const highsLoader: Loader = typeof highsModule === 'function' ? highsModule : (highsModule as unknown as { default: Loader }).default;

/** The outcome of one linear or mixed-integer program. */
export interface LpResult {
  /** `optimal`, or `infeasible` when no point meets every constraint. */
  status: 'optimal' | 'infeasible';
  /** The objective at the optimum (0 when infeasible). */
  objective: number;
  /** Value of each variable at the optimum, by name. */
  values: Map<string, number>;
  /** Dual value of each constraint at the optimum, by row name (linear programs only; empty for a MIP). */
  duals: Map<string, number>;
}

/** Solves a model written in CPLEX LP format. */
export type LpSolve = (lpText: string) => LpResult;

const LP_OPTIONS = { output_flag: false, presolve: 'off', solver: 'simplex' } as const;
const MIP_OPTIONS = { output_flag: false, mip_detect_symmetry: false, mip_heuristic_effort: 0 } as const;

let loading: Promise<LpSolve> | null = null;

/**
 * The HiGHS solver (compiled to WebAssembly, the `highs` npm package), loaded once: a function that
 * solves CPLEX LP text synchronously and returns the status, objective, variable values and duals.
 * @throws Error when HiGHS reports a status other than optimal or infeasible (an internal error: every
 * model this package writes is bounded).
 * @example
 * const solve = await lpSolver();
 * solve('Minimize\n obj: x\nSubject To\n c: x >= 3\nEnd').objective // => 3
 */
export function lpSolver(): Promise<LpSolve> {
  loading ??= highsLoader().then((highs) => (text: string): LpResult => {
    // Tiny problems: presolve and MIP heuristics cost more than they save.
    const r = highs.solve(text, text.includes('\nBinaries\n') ? MIP_OPTIONS : LP_OPTIONS);
    if (r.Status === 'Infeasible') return { status: 'infeasible', objective: 0, values: new Map(), duals: new Map() };
    if (r.Status !== 'Optimal') throw new Error(`HiGHS: ${r.Status}`);
    const values = new Map<string, number>();
    for (const [name, c] of Object.entries(r.Columns)) values.set(name, (c as { Primal: number }).Primal);
    const duals = new Map<string, number>();
    for (const row of r.Rows as { Name: string; Dual?: number }[]) if (typeof row.Dual === 'number') duals.set(row.Name, row.Dual);
    return { status: 'optimal', objective: r.ObjectiveValue, values, duals };
  });
  return loading;
}
