// Type-checked linting for the whole workspace. The import restriction keeps domain code free of
// infrastructure: packages/domain talks to Prisma, Redis and Apollo only through its ports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', '**/dist/**', '**/.next/**', 'apps/console/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain and every numerics package (docs/architecture.md, "Layers").
    files: [
      'packages/domain/src/**/*.ts',
      'packages/item2vec/src/**/*.ts',
      'packages/experiments/src/**/*.ts',
      'packages/serving/src/**/*.ts',
      'packages/alignment/src/**/*.ts',
      'packages/autocomplete/src/**/*.ts',
      'packages/vector-index/src/**/*.ts',
      'packages/ranking/src/**/*.ts',
      'packages/feature-tower/src/**/*.ts',
      'packages/users/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@prisma/*',
                '**/generated/prisma/**',
                'pg',
                'bullmq',
                'ioredis',
                '@apollo/*',
                'next',
                'next/*',
                'graphql',
              ],
              message: 'Domain code reaches infrastructure only through its ports.',
            },
            {
              group: ['@shopspace/db', '@shopspace/redis', '@shopspace/artifacts', '@shopspace/ops'],
              message: 'Domain and numerics code must not import adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON answers and pin them down with exact assertions; typing every shape adds nothing.
    files: ['test/**/*.ts', '**/*.test.ts', 'packages/testing/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
);
