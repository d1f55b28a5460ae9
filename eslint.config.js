// Lint: typescript-eslint's recommended rules plus the project's layering (see ../shared/design.md):
// shared/ imports neither side; main/ and renderer/ never import each other; raw Electron IPC only in carrier files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];
const CARRIER_FILES = ['main/preload.ts', 'main/shell/carrier-handover.ts'];

const IPC_PATHS = [
  { name: 'electron', importNames: ['ipcRenderer', 'ipcMain'], message: 'Raw Electron IPC lives only in the carrier files; use the contract client.' },
];
const WEBCONTENTS_SEND = [
  { selector: "MemberExpression[property.name='send'][object.property.name='webContents']", message: 'webContents.send bypasses the contract; use the carrier.' },
  { selector: "MemberExpression[property.name='send'][object.name=/[cC]ontents$/]", message: 'webContents.send bypasses the contract; use the carrier.' },
  { selector: "MemberExpression[property.name=/^(ipcMain|ipcRenderer)$/]", message: 'Raw Electron IPC lives only in the carrier files; use the contract client.' },
];
const MAIN_MESSAGE_PLAIN = 'the engine runs under plain Node: no Electron, no renderer.';
// The drivers' raw write capability is named UNSAFE_*; only the command service (and the drivers that define it) may
// touch it, so no write can go around the gate and the audit.
const UNSAFE_WRITES = [
  { selector: 'MemberExpression[property.name=/^UNSAFE_/]', message: 'Raw driver writes go through the command service (main/engine/safety) only.' },
  { selector: 'MemberExpression[computed=true][property.value=/^UNSAFE_/]', message: 'Raw driver writes go through the command service (main/engine/safety) only.' },
  { selector: 'Property[key.name=/^UNSAFE_/] > ObjectPattern, ObjectPattern > Property[key.name=/^UNSAFE_/]', message: 'Raw driver writes go through the command service (main/engine/safety) only.' },
];
const MAY_WRITE_RAW = ['main/engine/safety/**/*.ts', 'main/engine/drivers/**/*.ts'];
// Every visible string comes from the message catalog (English and Simplified Chinese): no words written into JSX,
// nor into the attributes a user reads (title, aria-label, placeholder, alt). Words = Latin letters or CJK.
const WORDS = '/[A-Za-z\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af]/';
// Language-neutral tokens a JSX text may be on its own: SI unit symbols and percentiles ("{x} m", "p95").
const TEXT_WORDS = '/^(?!\\s*(?:[kMmµ]?m|[kMm]?s|t|kN|bar|rpm|Hz|°C?|p\\d{1,2})\\s*$)[\\s\\S]*[A-Za-z\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af]/';
const READ_ATTRIBUTES = '/^(title|aria-label|aria-description|placeholder|alt)$/';
const CATALOG_MESSAGE = 'Visible text comes from the message catalog: use t(\'key\') (renderer/i18n/areas/<area>.ts, en and zh-CN).';
const CHILD = ':matches(JSXElement, JSXFragment) > JSXExpressionContainer';
const READ_ATTRIBUTE = `JSXAttribute[name.name=${READ_ATTRIBUTES}]`;
// A string reaches the screen directly, through `cond && '…'` / `cond ? '…' : …`, or as a template literal's text.
const shown = (parent) => [
  `${parent} > Literal[value=${WORDS}]`,
  `${parent} > :matches(LogicalExpression, ConditionalExpression) > Literal[value=${WORDS}]`,
  `${parent} > TemplateLiteral > TemplateElement[value.raw=${WORDS}]`,
];
const CATALOG_BYPASS = [`JSXText[value=${TEXT_WORDS}]`, ...shown(CHILD), `${READ_ATTRIBUTE} > Literal[value=${WORDS}]`, ...shown(`${READ_ATTRIBUTE} > JSXExpressionContainer`)].map(
  (selector) => ({ selector, message: CATALOG_MESSAGE }),
);
// Handlers see the engine through its services interface only: an allow-list of what they may import.
const HANDLER_IMPORTS = {
  patterns: [
    {
      regex: '^\\.\\./(?!services$|version$|session/client-session$|\\.\\./\\.\\./shared/)',
      message: 'Handlers get { services, session }: they import the contract, ../services and their own folder — never drivers, supervisors or the engine.',
    },
    { group: ['**/renderer/**', 'electron'], message: MAIN_MESSAGE_PLAIN },
  ],
};
const PLAIN_NODE = ['main/engine/**/*.ts', 'main/sim/**/*.ts', 'main/cli/**/*.ts', 'main/serve/**/*.ts', 'main/engine-host.ts'];

/** Import rule of one layer: forbidden path patterns, plus (outside carrier files) raw Electron IPC. */
function imports(patterns, message, { ipc = true } = {}) {
  const rule = { paths: ipc ? IPC_PATHS : [], patterns: patterns.length > 0 ? [{ group: patterns, message }] : [] };
  return { 'no-restricted-imports': ['error', rule] };
}

const MAIN_MESSAGE = 'main/ never imports renderer/; share code through shared/.';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/.artifacts/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], rules: { 'no-restricted-syntax': ['error', ...UNSAFE_WRITES] } },
  { files: ['renderer/**/*.tsx'], rules: { 'no-restricted-syntax': ['error', ...UNSAFE_WRITES, ...CATALOG_BYPASS] } },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  { files: ['test/**/*.ts'], rules: { ...imports([], ''), 'no-restricted-syntax': ['error', ...WEBCONTENTS_SEND] } },
  {
    files: ['shared/**/*.ts'],
    rules: imports(['**/main/**', '**/renderer/**', 'electron', ...NODE_BUILTINS], 'shared/ runs on both sides: it imports nothing from main/, renderer/, Electron or Node.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: imports(['**/main/**', 'electron', ...NODE_BUILTINS], 'renderer/ talks to the engine only through the contract client (shared/contract).'),
  },
  {
    files: ['main/**/*.ts'],
    ignores: CARRIER_FILES,
    rules: { ...imports(['**/renderer/**'], MAIN_MESSAGE), 'no-restricted-syntax': ['error', ...WEBCONTENTS_SEND, ...UNSAFE_WRITES] },
  },
  { files: MAY_WRITE_RAW, rules: { 'no-restricted-syntax': ['error', ...WEBCONTENTS_SEND] } },
  { files: CARRIER_FILES, rules: imports(['**/renderer/**'], MAIN_MESSAGE, { ipc: false }) },
  {
    // The engine and everything around it runs under plain Node (serve mode, CLI, tests): no Electron at all.
    files: PLAIN_NODE,
    rules: imports(['**/renderer/**', 'electron'], 'engine, simulators, CLI and serve mode run under plain Node: no Electron, no renderer.'),
  },
  { files: ['main/engine/handlers/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: IPC_PATHS, ...HANDLER_IMPORTS }] } },
);
