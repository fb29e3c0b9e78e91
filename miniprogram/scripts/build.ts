import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildNpmComponents } from './npm-components';
import { formatBytes, MAIN_PACKAGE_LIMIT, MP_ROOT, packageSize } from './package-files';

// npm run mp:build: the mini-program's TypeScript compiled in place by tsc,
// then the TDesign components it uses copied into miniprogram_npm. Run by
// `npm test` (pretest) and by WeChat DevTools before it compiles.

const repoRoot = join(MP_ROOT, '..');
const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(MP_ROOT, 'tsconfig.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('mini-program: tsc failed');
  process.exit(tsc.status ?? 1);
}
const { folders, packages } = buildNpmComponents(MP_ROOT, repoRoot);
const size = packageSize();
console.log(
  `mini-program built: ${folders.length} TDesign folders (${folders.join(', ')}), packages ${packages.join(', ') || 'none'}; ` +
    `main package ${formatBytes(size)} of ${formatBytes(MAIN_PACKAGE_LIMIT)}`,
);
