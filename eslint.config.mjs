// ESLint flat config: typescript-eslint's recommended type-aware rules, Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'scratch/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/artifacts/**', '*.mjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest controllers and guards implement interfaces whose methods may be synchronous.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Suites and benchmarks read HTTP answers (supertest's `body` is `any`) and assert with jest's
    // asymmetric matchers (`expect.any(…)` is typed `any`); typing every answer again in the tests
    // would restate the OpenAPI document, so reading `any` is allowed there.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain scripts (the pages' browser scripts, a lockfile helper) are outside the TypeScript
    // project: the non-type-aware rules apply, and no-undef is left to the browser and Node they run in.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
