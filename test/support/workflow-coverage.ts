/**
 * Branch coverage of the workflow code while the recorded histories replay: which branch of
 * `workflows/*.ts` no history reaches. A branch no history covers can be changed without the
 * replay test noticing, so the replay test asserts that every branch is covered.
 *
 * How: the workflow bundle is built with istanbul's instrumenter (the loader of
 * `@temporalio/nyc-test-coverage`) after swc, and an internals interceptor (from the same
 * package) hands the sandbox's counters out through a sink at the end of every activation. The
 * package's own sink is not called on replay; ours is (`callDuringReplay`), since replay is all
 * we run. swc targets ES2022 here so `??` and `?.` stay what they are in the source instead of
 * becoming ternaries with branches the source does not have.
 *
 * A branch that no history can reach (an update validator, which replay never runs; a guard
 * against input the API never sends) is marked in the workflow source with
 * `/* istanbul ignore next: <reason> *\/` (or `ignore if` / `ignore else`), where a reviewer sees it.
 */
import path from 'node:path';
import { bundleWorkflowCode, type InjectedSinks } from '@temporalio/worker';
import libCoverage, { type CoverageMapData, type FileCoverage } from 'istanbul-lib-coverage';
import { createSourceMapStore } from 'istanbul-lib-source-maps';

const ROOT = path.resolve(__dirname, '..', '..');
export const WORKFLOWS_DIR = path.join(ROOT, 'workflows');

interface WebpackRule {
  test?: RegExp;
  use?: { loader?: string; options?: { jsc?: { target?: string } } } | unknown;
  enforce?: string;
  include?: string;
}
interface WebpackConfig {
  module?: { rules?: WebpackRule[] };
}

/** The workflow bundle with every workflow and domain module instrumented for coverage. */
export async function coverageBundle(): Promise<{ code: string }> {
  const pkg = path.dirname(require.resolve('@temporalio/nyc-test-coverage'));
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(WORKFLOWS_DIR, 'index.ts'),
    failureConverterPath: path.join(ROOT, 'platform', 'failure-converter.ts'),
    workflowInterceptorModules: [path.join(pkg, 'interceptors.js')],
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    webpackConfigHook: (config) => {
      const c = config as WebpackConfig;
      const rules = c.module?.rules ?? [];
      for (const rule of rules) {
        const use = rule.use as { loader?: string; options?: { jsc?: { target?: string } } } | undefined;
        if (use?.loader?.includes('swc-loader') && use.options?.jsc) use.options.jsc.target = 'es2022';
      }
      rules.push({
        use: { loader: path.join(pkg, 'loader.js') },
        enforce: 'post',
        // Only the workflow files: the rules in domain/ are tested on their own, and counters for
        // them would be copied out at every activation (the replay ran 4× slower with them).
        test: /\.ts$/,
        include: WORKFLOWS_DIR,
      });
      return { ...c, module: { ...c.module, rules } } as typeof config;
    },
  });
  return { code };
}

/**
 * A collector of the counters the sandbox sends, and the sink that feeds it during replay. The
 * counters are added up in place (istanbul's own merge builds objects for every call, and the
 * sink is called at the end of every activation).
 */
export function coverageCollector() {
  const data: CoverageMapData = {};
  const sinks: InjectedSinks<{ coverage: { merge(data: CoverageMapData): void } }> = {
    coverage: {
      merge: {
        fn: (_info, incoming) => {
          for (const [file, fc] of Object.entries(incoming)) {
            const have = data[file];
            if (!have) {
              data[file] = fc;
              continue;
            }
            for (const k of Object.keys(fc.s)) have.s[k] += fc.s[k];
            for (const k of Object.keys(fc.f)) have.f[k] += fc.f[k];
            for (const k of Object.keys(fc.b)) fc.b[k].forEach((n, i) => (have.b[k][i] += n));
          }
        },
        callDuringReplay: true,
      },
    },
  };
  return { map: () => libCoverage.createCoverageMap(data), sinks };
}

export interface UncoveredBranch {
  file: string;
  line: number;
  kind: string;
  /** Which of the branch's paths (0 = then / left / first case) never ran. */
  paths: number[];
}

export interface FileSummary {
  file: string;
  branches: { covered: number; total: number };
  statements: { covered: number; total: number };
}

/**
 * Branch and statement figures for each file under `workflows/`, and every branch path not
 * taken, in source lines (the counters are taken on swc's output; its source maps lead back).
 */
export async function workflowCoverage(raw: libCoverage.CoverageMap): Promise<{
  files: FileSummary[];
  uncovered: UncoveredBranch[];
}> {
  const map = await createSourceMapStore().transformCoverage(raw);
  const files: FileSummary[] = [];
  const uncovered: UncoveredBranch[] = [];
  for (const file of map.files().sort()) {
    if (path.dirname(file) !== WORKFLOWS_DIR) continue;
    const fc: FileCoverage = map.fileCoverageFor(file);
    const s = fc.toSummary();
    const rel = path.relative(ROOT, file);
    files.push({
      file: rel,
      branches: { covered: s.branches.covered, total: s.branches.total },
      statements: { covered: s.statements.covered, total: s.statements.total },
    });
    for (const [id, counts] of Object.entries(fc.b)) {
      const paths = counts.flatMap((n, i) => (n === 0 ? [i] : []));
      if (paths.length === 0) continue;
      const meta = fc.branchMap[id];
      uncovered.push({ file: rel, line: meta.loc.start.line, kind: meta.type, paths });
    }
  }
  return { files, uncovered };
}
