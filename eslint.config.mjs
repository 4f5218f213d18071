// House rules: floating promises are errors (a forgotten await loses a timer or a message),
// and workflow code never touches Node built-ins or heavy libraries (determinism, bundle size).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'util',
  'stream',
  'events',
  'worker_threads',
  'dns',
  'tls',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'web/dist/**',
      'test-results/**',
      '.data-cluster/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'jest.cluster.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON bodies as a client would: loosely typed.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    ignores: ['domain/schemas/**', 'domain/policy-profiles.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((m) => [
              { name: m, message: 'Workflow and domain code must not use Node built-ins.' },
              { name: `node:${m}`, message: 'Workflow and domain code must not use Node built-ins.' },
            ]),
            {
              name: 'zod',
              message: 'Keep zod out of the workflow bundle; validate at the API and the worker.',
              allowTypeImports: true,
            },
            { name: 'nodemailer', message: 'Workflows call activities; they never send mail.' },
            { name: 'express', message: 'Workflows know nothing of HTTP.' },
          ],
          patterns: [
            {
              group: ['**/domain/schemas', '**/domain/schemas/*', '**/activities/*', '!**/activities/types'],
              message: 'Workflows import only types from activities, and no zod schemas.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
