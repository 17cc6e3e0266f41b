// Lint the kit's TypeScript with the recommended rules; generated and third-party output is ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      '.stryker-tmp/**',
      'reports/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
      'examples/**',
      'test/fixtures/submissions/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Generated stubs keep the reference's signatures and imports, which the stub's throw leaves unused.
    files: ['exercises/0*/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
