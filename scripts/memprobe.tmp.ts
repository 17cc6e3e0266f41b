import { readFileSync } from 'node:fs';
const st = (label: string) => { const s = readFileSync('/proc/self/status', 'utf8'); const g = (k: string) => (s.match(new RegExp(k + ':\\s+(\\d+)')) ?? [])[1]; console.log(label, 'rss', (+g('VmRSS')/1024)|0, 'anon', (+g('RssAnon')/1024)|0, 'hwm', (+g('VmHWM')/1024)|0); };
(async () => {
  const { SuiteRunner } = await import('/work/wt/lead/grader/grade/run-suites');
  const r = await SuiteRunner.start({ kitRoot: '/work/wt/lead', testTimeoutMs: 60000 });
  st('vitest started');
  const { grade } = await import('/work/wt/lead/grader/grade');
  await grade({ kitRoot: '/work/wt/lead', submission: '/work/wt/lead/examples/class/s01-perfect', out: '/tmp/hp3', student: 'x', seed: 'x', limits: { callMs: 2000, totalMs: 20000 }, allowWeak: [], runner: r } as any);
  st('graded');
  await grade({ kitRoot: '/work/wt/lead', submission: '/work/wt/lead/examples/class/s01-perfect', out: '/tmp/hp4', student: 'y', seed: 'y', limits: { callMs: 2000, totalMs: 20000 }, allowWeak: [], runner: r } as any);
  st('graded twice');
  await r.close();
})();
